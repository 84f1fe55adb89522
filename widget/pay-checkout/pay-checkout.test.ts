import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { emulateMedia, sendKeys } from '@web/test-runner-commands'
import type { CardCharge, CoinOption, CvsPayment, DepositView } from '@pay-elements/contract'
import type { ClientCheckout, ClientFirstScreens, PaymentMethod } from '../shared/types.js'
import { makeCheckout, makeInitialState } from '../test-helpers/fake-pay-api.js'
import { part, partText, PAY_EVENTS } from '../test-helpers/mount.js'
import './define.js'
import { PayCheckout } from './pay-checkout.js'

const SERVER = 'http://pay.test'

/**
 * The companion server's browser API in memory, behind `fetch`: `<pay-checkout>` and the method
 * elements it loads all build their clients from `server`, so they are served here together. The
 * live stream is "not offered" (404), so the elements follow by long-poll, answered as soon as a
 * test changes the checkout.
 */
class FakeServer {
  checkout: ClientCheckout
  deposit: DepositView | null = null
  charge: CardCharge | null = null
  payment: CvsPayment | null = null
  /** Each request as "METHOD /path" (under /v1/client). */
  readonly requests: string[] = []
  failCheckout = false
  /** While set, the first read waits for it (a read on its way). */
  held?: Promise<void>
  private readonly waiters = new Set<() => void>()
  private readonly realFetch = window.fetch

  constructor(checkout: Partial<ClientCheckout> = {}) {
    this.checkout = makeCheckout({ methods: ['crypto', 'card'], ...checkout })
  }

  install(): this {
    window.fetch = (input, init) => this.answer(new URL(String(input)), init ?? {})
    return this
  }

  uninstall(): void {
    window.fetch = this.realFetch
    for (const wake of [...this.waiters]) wake()
  }

  /** Changes the checkout as the server would (version + 1) and wakes the long-polls. */
  update(changes: Partial<ClientCheckout>): void {
    this.checkout = { ...this.checkout, ...changes, version: this.checkout.version + 1 }
    for (const wake of [...this.waiters]) wake()
  }

  count(request: string): number {
    return this.requests.filter((each) => each === request).length
  }

  private async answer(url: URL, init: RequestInit): Promise<Response> {
    const path = url.pathname.replace(/^\/v1\/client/, '')
    this.requests.push(`${init.method ?? 'GET'} ${path}`)
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    switch (`${init.method ?? 'GET'} ${path}`) {
      case 'GET /checkout': {
        if (this.failCheckout) throw new TypeError('Failed to fetch')
        const after = url.searchParams.get('after')
        while (after !== null && this.checkout.version <= Number(after)) await this.nextChange(init.signal!)
        return json(this.checkout)
      }
      case 'GET /checkout/events':
        return json({ error: { code: 'not_found', message: 'No stream here' } }, 404)
      case 'POST /bootstrap': {
        await this.held
        if (this.failCheckout) throw new TypeError('Failed to fetch')
        const { methods } = JSON.parse(init.body as string) as { methods: PaymentMethod[] }
        return json({ checkout: this.checkout, ...this.firstScreens(methods) })
      }
      case 'POST /checkouts': {
        const { methods } = JSON.parse(init.body as string) as { methods: PaymentMethod[] }
        return json({ client_secret: 'cs_from_product', checkout: this.checkout, ...this.firstScreens(methods) }, 201)
      }
      case 'GET /crypto/options':
        return json({ coins: COINS })
      case 'GET /crypto/deposit':
        return json(this.deposit)
      case 'GET /card/charge':
        return json({ charge: this.charge })
      case 'GET /cvs/payment':
        return json({ payment: this.payment })
      default:
        return json({ error: { code: 'not_found', message: `No route ${path}` } }, 404)
    }
  }

  /** What the server's first read carries for each of `methods` that the checkout offers. */
  private firstScreens(methods: PaymentMethod[]): ClientFirstScreens {
    const offered = methods.filter((method) => this.checkout.methods.includes(method))
    return {
      ...(offered.includes('crypto') && { crypto: { deposit: this.deposit, coins: this.deposit ? null : COINS } }),
      ...(offered.includes('card') && { card: { charge: this.charge } }),
      ...(offered.includes('cvs') && { cvs: { payment: this.payment } }),
    }
  }

  private nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const wake = () => {
        this.waiters.delete(wake)
        resolve()
      }
      this.waiters.add(wake)
      signal.addEventListener('abort', () => (this.waiters.delete(wake), reject(signal.reason)), { once: true })
    })
  }
}

const COINS: CoinOption[] = [
  {
    symbol: 'USDT',
    name: 'Tether USD',
    networks: [{ token_id: 'usdt-trc20', network: 'TRC20', chain: 'TRX', name: 'Tron', memo: false, amount: '19.99' }],
  },
  {
    symbol: 'BTC',
    name: 'Bitcoin',
    networks: [{ token_id: 'btc', network: 'BTC', chain: 'BTC', name: 'Bitcoin', memo: false, amount: '0.000213' }],
  },
]

const DEPOSIT: DepositView = {
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
  payment_uri: null,
  qr: null,
  url: null,
}

interface Mounted {
  el: PayCheckout
  events: Event[]
  count: (type: (typeof PAY_EVENTS)[number]) => number
}

let server: FakeServer

async function mount(attributes: Record<string, string> = {}): Promise<Mounted> {
  const el = document.createElement('pay-checkout')
  for (const [name, value] of Object.entries({ server: SERVER, 'client-secret': 'cs_test', ...attributes })) el.setAttribute(name, value)
  const events: Event[] = []
  for (const type of PAY_EVENTS) el.addEventListener(type, (event) => events.push(event))
  const container = await fixture<HTMLDivElement>(html`<div></div>`)
  container.append(el)
  await el.updateComplete
  return { el, events, count: (type) => events.filter((event) => event.type === type).length }
}

/** The method element shown (a light-DOM child), once it has drawn its checkout. */
async function shown(el: PayCheckout, tag: string): Promise<HTMLElement & { updateComplete: Promise<boolean> }> {
  // Drawn: its checkout's amount is there, and it is not loading it again.
  const drawn = () => {
    const child = el.querySelector<HTMLElement>(tag)
    return !!child && !!part(child, 'amount') && partText(child, 'status') !== 'Loading…'
  }
  await waitUntil(drawn, `<${tag}> not shown`, { timeout: 4000 })
  const child = el.querySelector(tag) as HTMLElement & { updateComplete: Promise<boolean> }
  await child.updateComplete
  return child
}

const radio = (el: PayCheckout, name: RegExp) =>
  [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((input) =>
    name.test(input.closest('label')!.textContent!.replace(/\s+/g, ' ').trim()),
  )!

const methodTags = (el: PayCheckout) => [...el.children].map((child) => child.localName)

describe('<pay-checkout>', () => {
  beforeEach(() => {
    server = new FakeServer().install()
  })
  afterEach(() => server.uninstall())

  // First in the file: no method's code has been loaded by an earlier test yet.
  it("loads only the chosen method's element, and the other's only when the payer picks it; from the page's initial state, draws nothing before both", async () => {
    expect(customElements.get('pay-checkout')).to.equal(PayCheckout)
    expect(customElements.get('pay-crypto')).to.equal(undefined)
    expect(customElements.get('pay-card')).to.equal(undefined)
    const el = document.createElement('pay-checkout')
    const state = makeInitialState(server.checkout, { crypto: { deposit: null, coins: COINS }, card: { charge: null } })
    for (const [name, value] of Object.entries({ server: SERVER, 'client-secret': 'cs_test', 'initial-state': state }))
      el.setAttribute(name, value)
    const container = await fixture<HTMLDivElement>(html`<div></div>`)
    container.append(el)
    // What the status line said at each change drawn before the choice (while `<pay-crypto>`'s code arrives).
    const beforeChoice: string[] = []
    new MutationObserver(() => void (part(el, 'methods') || beforeChoice.push(partText(el, 'status')))).observe(el.shadowRoot!, {
      subtree: true,
      childList: true,
      characterData: true,
    })
    await shown(el, 'pay-crypto')
    expect(part(el, 'methods'), 'the choice is drawn with the element').to.not.equal(null)
    expect(
      beforeChoice.filter((status) => status.includes('Loading')),
      'a "Loading…" flashed before the choice',
    ).to.deep.equal([])
    expect(customElements.get('pay-card')).to.equal(undefined)
    expect(methodTags(el)).to.deep.equal(['pay-crypto'])

    radio(el, /^Card/).click()
    await shown(el, 'pay-card')
    expect(customElements.get('pay-card')).to.be.a('function')
    expect(methodTags(el)).to.deep.equal(['pay-card'])
    expect(customElements.get('pay-cvs')).to.equal(undefined)
  })

  // Second: `<pay-cvs>` has not been loaded yet.
  it('loads the element `method` names while the first read is on its way, and draws the choice with it', async () => {
    server.checkout = makeCheckout({ methods: ['card', 'cvs'], currency: 'IDR', amount: '150000' })
    let answer!: () => void
    server.held = new Promise((resolve) => (answer = resolve))
    const { el } = await mount({ method: 'cvs' })
    await waitUntil(() => customElements.get('pay-cvs'), '<pay-cvs> not loaded during the read')
    expect(part(el, 'methods')).to.equal(null)
    answer()
    await shown(el, 'pay-cvs')
    expect(radio(el, /^Cash/).checked).to.equal(true)
    expect(methodTags(el)).to.deep.equal(['pay-cvs'])
  })

  it('offers each allowed method with what the payer would pay that way, and passes the audit', async () => {
    const { el } = await mount()
    await shown(el, 'pay-crypto')
    await waitUntil(() => partText(el, 'methods').includes('BTC'), 'no crypto estimate')
    const options = [...el.shadowRoot!.querySelectorAll('[part~="method-option"]')].map((option) =>
      option
        .textContent!.replace(/\s+/g, ' ')
        .replace(/[\u00a0\u202f]/g, ' ')
        .trim(),
    )
    expect(options).to.deep.equal(['Crypto About 19.99 USDT or 0.000213 BTC', 'Card $19.99'])
    expect(el.shadowRoot!.querySelector('legend')!.textContent!.trim()).to.equal('Pay with')
    expect(radio(el, /^Crypto/).checked).to.equal(true)
    // The method's element sits in the light DOM (CCBill's script must find the card fields in the document).
    expect(el.querySelector('pay-crypto')!.getAttribute('slot')).to.equal('method')
    expect(el.querySelector('pay-crypto')!.getAttribute('client-secret')).to.equal('cs_test')
    await expect(el).to.be.accessible()
  })

  it('starts with the method named by `method` when the checkout allows it', async () => {
    const { el } = await mount({ method: 'card' })
    await shown(el, 'pay-card')
    expect(radio(el, /^Card/).checked).to.equal(true)
    const other = await mount({ method: 'cvs' })
    await shown(other.el, 'pay-crypto')
  })

  it('switching by click moves focus to the new method and says so; arrow keys keep focus in the choice', async () => {
    const { el } = await mount()
    await shown(el, 'pay-crypto')
    const live = () => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim()

    radio(el, /^Card/).click()
    await shown(el, 'pay-card')
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'method'), 'focus did not move to the method')
    expect(part(el, 'method')!.getAttribute('aria-label')).to.equal('Card')
    expect(live()).to.equal('Card selected')

    radio(el, /^Card/).focus()
    await sendKeys({ press: 'ArrowUp' })
    await shown(el, 'pay-crypto')
    expect(methodTags(el)).to.deep.equal(['pay-crypto'])
    expect(el.shadowRoot!.activeElement).to.equal(radio(el, /^Crypto/))
    expect(live()).to.equal('Crypto selected')
  })

  it('keeps what the payer chose in a method when they switch away and back', async () => {
    const { el } = await mount()
    await shown(el, 'pay-crypto')
    const crypto = el.querySelector('pay-crypto')
    radio(el, /^Card/).click()
    await shown(el, 'pay-card')
    radio(el, /^Crypto/).click()
    await shown(el, 'pay-crypto')
    expect(el.querySelector('pay-crypto')).to.equal(crypto)
  })

  it('fires each event once to a listener on it, whatever the switches', async () => {
    const mounted = await mount()
    const { el } = mounted
    const atDocument: string[] = []
    const record = (event: Event) => atDocument.push(`${event.type}@${(event.target as Element).localName}`)
    for (const type of PAY_EVENTS) document.addEventListener(type, record)
    try {
      await shown(el, 'pay-crypto')
      await waitUntil(() => mounted.count('pay-ready') === 1, 'no pay-ready')
      radio(el, /^Card/).click()
      await shown(el, 'pay-card')
      radio(el, /^Crypto/).click()
      await shown(el, 'pay-crypto')
      expect(mounted.count('pay-ready')).to.equal(1)

      server.deposit = DEPOSIT
      server.update({ status: 'pending' })
      await waitUntil(() => mounted.count('pay-status-change') === 1, 'no pay-status-change')
      server.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
      await waitUntil(() => mounted.count('pay-complete') === 1, 'no pay-complete')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(mounted.events.map((event) => event.type)).to.deep.equal([
        'pay-ready',
        'pay-status-change',
        'pay-status-change',
        'pay-complete',
      ])
      const [ready, pending, paid] = mounted.events as CustomEvent[]
      expect(ready!.detail.checkout.status).to.equal('open')
      expect(pending!.detail).to.deep.include({ previousStatus: 'open' })
      expect(paid!.detail.previousStatus).to.equal('pending')
      // Above it, too, each event arrives once, from <pay-checkout>.
      expect(atDocument).to.deep.equal([
        'pay-ready@pay-checkout',
        'pay-status-change@pay-checkout',
        'pay-status-change@pay-checkout',
        'pay-complete@pay-checkout',
      ])
    } finally {
      for (const type of PAY_EVENTS) document.removeEventListener(type, record)
    }
  })

  it('once a payment starts, only that method shows, with a note, and the payer cannot switch', async () => {
    const { el } = await mount()
    await shown(el, 'pay-crypto')
    server.deposit = DEPOSIT
    server.update({ status: 'pending' })
    await waitUntil(() => part(el, 'started-note'), 'no note')
    expect(partText(el, 'started-note')).to.equal('A crypto deposit has started, so this checkout can now only be paid in crypto.')
    expect(part(el, 'methods')).to.equal(null)
    expect(methodTags(el)).to.deep.equal(['pay-crypto'])
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.contain('A crypto deposit has started')
    await expect(el).to.be.accessible()
  })

  it('a payment started with another method (another tab) brings that method back, focus following', async () => {
    const { el } = await mount()
    await shown(el, 'pay-crypto')
    radio(el, /^Card/).click()
    const card = await shown(el, 'pay-card')
    const number = card.querySelector<HTMLInputElement>('input[autocomplete="cc-number"]')!
    number.focus()
    server.deposit = DEPOSIT
    server.update({ status: 'pending' })
    await shown(el, 'pay-crypto')
    await waitUntil(() => methodTags(el).join() === 'pay-crypto', 'card still shown')
    expect(partText(el, 'started-note')).to.contain('crypto deposit')
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'method'), 'focus was lost with the card form')
  })

  it('opens straight on the method that started when the checkout is no longer open', async () => {
    server.checkout = { ...server.checkout, status: 'pending' }
    server.charge = {
      status: 'declined',
      decline_reason: 'declined',
      decline_code: '5',
      decline_text: 'Insufficient funds',
      created_at: new Date().toISOString(),
    }
    const mounted = await mount()
    await shown(mounted.el, 'pay-card')
    expect(methodTags(mounted.el)).to.deep.equal(['pay-card'])
    expect(part(mounted.el, 'methods')).to.equal(null)
    expect(partText(mounted.el, 'started-note')).to.contain('card payment has started')
    expect(server.count('GET /crypto/options')).to.equal(0)
    await waitUntil(() => mounted.count('pay-ready') === 1)
    expect(mounted.count('pay-status-change')).to.equal(0)
  })

  it('goes straight to the element when the checkout allows one method', async () => {
    server.checkout = makeCheckout({ methods: ['cvs'], amount: '150000', currency: 'IDR', amount_due: '150000', amount_paid: '0' })
    const { el } = await mount()
    await shown(el, 'pay-cvs')
    expect(part(el, 'methods')).to.equal(null)
    expect(part(el, 'started-note')).to.equal(null)
    expect(server.requests.filter((request) => /crypto|card/.test(request))).to.deep.equal([])
  })

  it('creates a catalog checkout once and gives its secret to the element', async () => {
    const { el } = await mount({ 'client-secret': '', product: 'tee' })
    const crypto = await shown(el, 'pay-crypto')
    expect(crypto.getAttribute('client-secret')).to.equal('cs_from_product')
    expect(crypto.hasAttribute('product')).to.equal(false)
    expect(server.count('POST /checkouts')).to.equal(1)
  })

  it('shows a failure to load the checkout with Retry, fires pay-error once, and recovers', async () => {
    server.failCheckout = true
    const mounted = await mount()
    const { el } = mounted
    await waitUntil(() => part(el, 'retry-button'), 'no retry button')
    // Fired once the failure's kind is known (error-view.ts may ask the server).
    await waitUntil(() => mounted.count('pay-error') > 0, 'no pay-error')
    await el.updateComplete
    expect(mounted.count('pay-error')).to.equal(1)
    expect((mounted.events[0] as CustomEvent).detail).to.deep.include({ code: 'network_error', retryable: true })
    await expect(el).to.be.accessible()
    server.failCheckout = false
    part(el, 'retry-button')!.click()
    await shown(el, 'pay-crypto')
    expect(part(el, 'error')).to.equal(null)
  })

  it('speaks English, Indonesian and Simplified Chinese', async () => {
    const expected: Record<string, [string, string]> = {
      en: ['Pay with', 'Card'],
      'id-ID': ['Bayar dengan', 'Kartu'],
      'zh-CN': ['付款方式', '银行卡'],
    }
    for (const [lang, [legend, card]] of Object.entries(expected)) {
      const { el } = await mount({ lang })
      await shown(el, 'pay-crypto')
      expect(el.shadowRoot!.querySelector('legend')!.textContent!.trim(), lang).to.equal(legend)
      expect(radio(el, /./) && partText(el, 'methods'), lang).to.contain(card)
    }
  })

  it('passes its theme on and takes --pay-* tokens from above', async () => {
    const { el } = await mount({ theme: 'dark' })
    const crypto = await shown(el, 'pay-crypto')
    expect(crypto.getAttribute('theme')).to.equal('dark')
    const box = () => getComputedStyle(part(el, 'methods')!).backgroundColor
    try {
      await emulateMedia({ colorScheme: 'light' })
      expect(box()).to.equal('rgb(22, 26, 34)')
      el.theme = 'light'
      await el.updateComplete
      expect(crypto.getAttribute('theme')).to.equal('light')
      expect(box()).to.equal('rgb(255, 255, 255)')
      el.parentElement!.style.setProperty('--pay-color-surface', 'rgb(1, 2, 3)')
      expect(box()).to.equal('rgb(1, 2, 3)')
    } finally {
      await emulateMedia({ colorScheme: 'light' })
    }
  })
})
