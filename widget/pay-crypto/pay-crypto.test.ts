import { expect, waitUntil } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { PayApiError } from '../shared/api.js'
import { PayElement } from '../shared/pay-element.js'
import { FakePayApi, makeCheckout } from '../test-helpers/fake-pay-api.js'
import { mount, part, settled } from '../test-helpers/mount.js'
import { runPayElementSuite } from '../test-helpers/pay-element-suite.js'
import type { CoinOption, CryptoApi, DepositView } from './crypto-api.js'
import type { ClientFirstScreens } from '../shared/types.js'
import './define.js'
import { PayCrypto } from './pay-crypto.js'

const COINS: CoinOption[] = [
  {
    symbol: 'USDT',
    name: 'Tether USD',
    networks: [
      { token_id: 'usdt-trc20', network: 'TRC20', chain: 'TRX', name: 'Tron', memo: false, amount: '19.99' },
      { token_id: 'usdt-erc20', network: 'ERC20', chain: 'ETH', name: 'Ethereum', memo: false, amount: '19.99' },
    ],
  },
  {
    symbol: 'XRP',
    name: 'XRP',
    networks: [{ token_id: 'xrp', network: 'XRP', chain: 'XRP', name: 'XRP Ledger', memo: true, amount: '9.155445' }],
  },
]

/** A 21×21 QR matrix with only the first module dark. */
const QR = { size: 21, modules: btoa(String.fromCharCode(0x80, ...new Array(55).fill(0))) }

function makeDeposit(overrides: Partial<DepositView> = {}): DepositView {
  return {
    id: 'pay_1',
    kind: 'native',
    status: 'Awaiting payment',
    token_id: 'usdt-trc20',
    crypto: 'USDT',
    network: 'TRC20',
    address: 'TXYZabc123',
    memo: null,
    amount: '19.99',
    amount_paid: '0',
    amount_due: '19.99',
    expires_at: new Date(Date.now() + 600_000).toISOString(),
    payment_uri: 'TXYZabc123',
    qr: QR,
    url: null,
    ...overrides,
  }
}

/** The crypto routes in memory: remembers what was asked and answers like the server. */
class FakeCryptoApi implements CryptoApi {
  current: DepositView | null = null
  starts: string[] = []
  failNext?: PayApiError

  async options() {
    return COINS
  }
  async startDeposit(_secret: string, tokenId: string) {
    this.starts.push(tokenId)
    if (this.failNext) {
      const error = this.failNext
      this.failNext = undefined
      throw error
    }
    const memo = tokenId === 'xrp' ? '104857' : null
    this.current = makeDeposit({
      token_id: tokenId,
      memo,
      crypto: tokenId === 'xrp' ? 'XRP' : 'USDT',
      network: tokenId === 'xrp' ? 'XRP' : 'TRC20',
    })
    return this.current
  }
  async startHosted() {
    this.current = makeDeposit({ kind: 'hosted', url: 'http://pay.test/hosted', address: null, qr: null, payment_uri: null })
    return this.current
  }
  /** The crypto part of the server's reads: the deposit, and while there is none the coins. */
  screen(): ClientFirstScreens {
    return { crypto: { deposit: this.current, coins: this.current ? null : COINS } }
  }
}

const shadow = (el: PayCrypto) => el.shadowRoot!
const text = (el: PayCrypto) => shadow(el).textContent?.replace(/\s+/g, ' ') ?? ''

async function mountCrypto(crypto = new FakeCryptoApi(), api = new FakePayApi(), attributes: Record<string, string> = {}) {
  api.screens = () => crypto.screen()
  const mounted = await mount<PayCrypto>(
    'pay-crypto',
    api,
    { server: 'http://pay.test', 'client-secret': 'cs_test', ...attributes },
    (el) => {
      el.cryptoApi = crypto
    },
  )
  await settled(mounted)
  return { ...mounted, crypto, api }
}

describe('<pay-crypto>', () => {
  it('is a PayElement registered under its tag', () => {
    expect(customElements.get('pay-crypto')).to.equal(PayCrypto)
    expect(new PayCrypto()).to.be.instanceOf(PayElement)
  })

  it('offers coins and networks with the amount for each, and passes the accessibility audit', async () => {
    const { el } = await mountCrypto()
    await waitUntil(() => part(el, 'coin-picker'), 'no coin picker')
    expect(text(el)).to.contain('Choose a coin').and.contain('TRC20').and.contain('19.99 USDT')
    await expect(el).to.be.accessible()
  })

  it('can be used with the keyboard alone: arrows pick, Enter starts the deposit', async () => {
    const { el, crypto } = await mountCrypto()
    await waitUntil(() => part(el, 'coin-picker'))
    const first = shadow(el).querySelector<HTMLInputElement>('input[name="network"]')!
    first.focus()
    await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    expect(shadow(el).querySelector<HTMLInputElement>('input[name="network"]:checked')!.value).to.equal('usdt-erc20')
    await sendKeys({ press: 'Enter' })
    await waitUntil(() => crypto.starts.length === 1, 'Enter did not submit')
    expect(crypto.starts).to.deep.equal(['usdt-erc20'])
  })

  it('shows amount, address, QR code and the exact deposit status with copy buttons', async () => {
    const { el } = await mountCrypto()
    await waitUntil(() => part(el, 'continue-button'))
    ;(part(el, 'continue-button') as HTMLButtonElement).click()
    await waitUntil(() => part(el, 'deposit'), 'no deposit shown')
    expect(part(el, 'address')!.textContent).to.contain('TXYZabc123')
    expect(part(el, 'deposit-status')!.textContent!.trim()).to.equal('Awaiting payment')
    const qr = part(el, 'qr-code') as unknown as SVGElement
    expect(qr.getAttribute('role')).to.equal('img')
    expect(qr.querySelector('path')!.getAttribute('d')).to.equal('M0 0h1v1h-1z')
    expect(shadow(el).querySelectorAll('[part="copy-button"]').length).to.equal(2)
    expect(part(el, 'memo-warning')).to.equal(null)
    await expect(el).to.be.accessible()
  })

  it('warns loudly about the memo on memo chains and lets it be copied', async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit({ token_id: 'xrp', crypto: 'XRP', network: 'XRP', memo: '104857', address: 'rAbc' })
    const { el } = await mountCrypto(crypto)
    await waitUntil(() => part(el, 'memo-warning'))
    expect(part(el, 'memo-warning')!.textContent).to.contain('Without it your payment cannot be matched')
    expect([...shadow(el).querySelectorAll<HTMLButtonElement>('[part="copy-button"]')].map((b) => b.value)).to.deep.equal([
      '19.99',
      'rAbc',
      '104857',
    ])
    await expect(el).to.be.accessible()
  })

  it('copies a value and says so', async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit()
    const { el } = await mountCrypto(crypto)
    await waitUntil(() => part(el, 'deposit'))
    let written = ''
    const original = navigator.clipboard.writeText
    navigator.clipboard.writeText = async (value: string) => void (written = value)
    try {
      shadow(el).querySelectorAll<HTMLButtonElement>('[part="copy-button"]')[1]!.click()
      await waitUntil(() => written === 'TXYZabc123', 'not copied')
      await el.updateComplete
      expect(text(el)).to.contain('Copied')
    } finally {
      navigator.clipboard.writeText = original
    }
  })

  it('follows the deposit live: Underpayment with what is still due, then Paid', async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit()
    const { el, api } = await mountCrypto(crypto)
    await waitUntil(() => part(el, 'deposit'))

    crypto.current = makeDeposit({ status: 'Underpayment', amount_paid: '10', amount_due: '9.99' })
    api.update({ status: 'underpaid', amount_paid: '10.00', amount_due: '9.99' })
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('Underpayment'), 'no underpayment')
    expect(text(el)).to.contain('Send 9.99 USDT more to complete the payment')
    expect(part(el, 'amount-due')!.textContent).to.contain('$9.99')

    crypto.current = makeDeposit({ status: 'Paid', amount_paid: '19.99', amount_due: '0' })
    api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('Paid'), 'not paid')
    expect(part(el, 'status')!.textContent).to.contain('Payment received')
    expect(part(el, 'address')).to.equal(null) // nothing more to send
  })

  it("keeps following an expired checkout that may still be paid, shows the late payment with CCPayment's word and its meaning, and completes", async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit()
    const api = new FakePayApi(makeCheckout({ status: 'pending' }))
    const { el, events } = await mountCrypto(crypto, api, { lang: 'id' })
    await waitUntil(() => part(el, 'deposit'))
    expect(part(el, 'status')!.textContent).to.contain('Menunggu transfer Anda')

    crypto.current = makeDeposit({ status: 'Expired' })
    api.update({ status: 'expired', final: false })
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('Expired'), 'not expired')
    crypto.current = makeDeposit({ status: 'Paid(Overdue)', amount_paid: '19.99', amount_due: '0' })
    api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('Paid(Overdue)'), 'late payment not shown')
    expect(part(el, 'deposit-status')!.textContent!.replace(/\s+/g, ' ')).to.contain('Paid(Overdue) (lunas, dibayar setelah batas waktu)')
    expect(part(el, 'deposit-status')!.querySelector('strong')!.lang).to.equal('en')
    expect(part(el, 'status')!.textContent).to.contain('Pembayaran diterima')
    expect(events.filter((e) => e.type === 'pay-complete')).to.have.length(1)
    await expect(el).to.be.accessible()
  })

  it("reads the deposit again at the order's own deadline, after the checkout has expired", async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit({ expires_at: new Date(Date.now() + 300).toISOString() })
    const { el, api } = await mountCrypto(crypto)
    await waitUntil(() => part(el, 'deposit'))
    // The checkout expires first and its stream closes; CCPayment's order is still in its period.
    api.update({ status: 'expired' })
    await waitUntil(() => part(el, 'status')?.textContent?.includes('This checkout has expired'), 'not expired')
    expect(part(el, 'deposit-status')!.textContent).to.contain('Awaiting payment')
    crypto.current = makeDeposit({ status: 'Expired', expires_at: crypto.current.expires_at })
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('Expired'), 'deposit not read again at its deadline', {
      timeout: 3000,
    })
  })

  it('shows a retryable error when the provider is busy and creates the deposit on the next try', async () => {
    const crypto = new FakeCryptoApi()
    crypto.failNext = new PayApiError({ status: 503, code: 'provider_unavailable', message: 'busy', retryable: true })
    const { el } = await mountCrypto(crypto)
    await waitUntil(() => part(el, 'continue-button'))
    ;(part(el, 'continue-button') as HTMLButtonElement).click()
    await waitUntil(() => part(el, 'error'), 'no error shown')
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert')
    expect(part(el, 'error')!.textContent).to.contain('try again')
    ;(part(el, 'continue-button') as HTMLButtonElement).click()
    await waitUntil(() => part(el, 'deposit'), 'no deposit after retry')
    expect(crypto.starts).to.have.length(2)
    expect(part(el, 'error')).to.equal(null)
  })

  it('opens the hosted page in hosted mode and keeps following the status', async () => {
    const { el, crypto, api } = await mountCrypto(new FakeCryptoApi(), new FakePayApi(), { mode: 'hosted' })
    const opened: string[] = []
    const original = window.open
    window.open = (() =>
      ({
        location: {
          set href(url: string) {
            opened.push(url)
          },
        },
        close() {},
      }) as unknown as Window) as typeof window.open
    try {
      await waitUntil(() => !(part(el, 'hosted-button') as HTMLButtonElement | null)?.disabled, 'hosted button not ready')
      await expect(el).to.be.accessible()
      ;(part(el, 'hosted-button') as HTMLButtonElement).click()
      await waitUntil(() => opened.length === 1, 'hosted page not opened')
      expect(opened).to.deep.equal(['http://pay.test/hosted'])
      expect(crypto.current?.kind).to.equal('hosted')
      api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
      await waitUntil(() => part(el, 'status')?.textContent?.includes('Payment received'), 'status not followed')
    } finally {
      window.open = original
    }
  })

  it('speaks Indonesian and Chinese', async () => {
    const { el } = await mountCrypto(new FakeCryptoApi(), new FakePayApi(makeCheckout()), { lang: 'id' })
    await waitUntil(() => part(el, 'coin-picker'))
    expect(text(el)).to.contain('Pilih koin')
    el.setAttribute('lang', 'zh-CN')
    await waitUntil(() => text(el).includes('选择币种'), 'did not switch to Chinese')
  })
})

describe("<pay-crypto> numbers in the payer's language", () => {
  it('writes every amount with the separators of the language shown, and copies the plain digits', async () => {
    const crypto = new FakeCryptoApi()
    crypto.current = makeDeposit({ status: 'Underpayment', amount: '1234.5', amount_paid: '10', amount_due: '1224.5' })
    const { el } = await mountCrypto(
      crypto,
      new FakePayApi(makeCheckout({ status: 'underpaid', amount: '1234.50', amount_paid: '10.00', amount_due: '1224.50' })),
      { lang: 'id' },
    )
    await waitUntil(() => part(el, 'deposit'))
    await el.updateComplete
    // One set of separators everywhere: the money line and the coin amounts agree.
    expect(part(el, 'amount-due')!.textContent).to.contain('US$1.224,50')
    expect(text(el)).to.contain('Kirim 1.224,5 USDT lagi')
    const [amountButton] = shadow(el).querySelectorAll<HTMLButtonElement>('[part="copy-button"]')
    expect(amountButton!.value).to.equal('1224.5')
    expect(amountButton!.getAttribute('aria-label')).to.equal('Salin: 1.224,5 USDT')
    // CCPayment's word, exactly, with the same in Indonesian beside it.
    expect(part(el, 'deposit-status')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Underpayment (kurang bayar)')
    await expect(el).to.be.accessible()

    el.setAttribute('lang', 'zh-CN')
    await waitUntil(() => part(el, 'deposit-status')?.textContent?.includes('付款不足'), 'no Chinese deposit status')
    expect(text(el)).to.contain('1,224.5 USDT')
    el.setAttribute('lang', 'en')
    // In English too the word is CCPayment's, and what it means follows it.
    await waitUntil(
      () => part(el, 'deposit-status')?.textContent?.replace(/\s+/g, ' ').trim() === 'Underpayment (less than the amount due arrived)',
      'English shows the word and its meaning',
    )
  })

  it("shows each network's amount in the language's number format", async () => {
    const { el } = await mountCrypto(new FakeCryptoApi(), new FakePayApi(makeCheckout()), { lang: 'id' })
    await waitUntil(() => part(el, 'coin-picker'))
    const xrp = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="coin"]')].find((input) => input.value === 'XRP')!
    xrp.click()
    await el.updateComplete
    expect(shadow(el).querySelector('.option-amount')!.textContent).to.equal('9,155445 XRP')
  })
})

runPayElementSuite('pay-crypto', (el) => {
  ;(el as PayCrypto).cryptoApi = new FakeCryptoApi()
})
