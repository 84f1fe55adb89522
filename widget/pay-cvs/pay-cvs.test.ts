import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { emulateMedia, sendKeys } from '@web/test-runner-commands'
import { PayApiError, type RequestOptions } from '../shared/api.js'
import { PayElement } from '../shared/pay-element.js'
import { FakePayApi, makeCheckout } from '../test-helpers/fake-pay-api.js'
import { part, partText } from '../test-helpers/mount.js'
import { runPayElementSuite } from '../test-helpers/pay-element-suite.js'
import type { CvsApi, CvsHostedReply, CvsHostedRequest, CvsPayment, CvsPaymentRequest } from './cvs-api.js'
import './define.js'
import { groupCode, PayCvs } from './pay-cvs.js'

/** An in-memory `/v1/client/cvs`: issues one code per checkout, records requests, can fail. */
class FakeCvsApi implements CvsApi {
  current: CvsPayment | null = null
  readonly requests: CvsPaymentRequest[] = []
  checks = 0
  failWith: PayApiError | undefined

  constructor(readonly code = '504100002557') {}

  async createPayment(_secret: string, request: CvsPaymentRequest, { signal }: RequestOptions) {
    signal.throwIfAborted()
    this.requests.push(request)
    if (this.failWith) throw this.failWith
    this.current ??= {
      store: request.store,
      pay_no: request.store === 'alfamart' ? this.code : '8123456789012345',
      amount: '150000',
      currency: 'IDR',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      status: 'issued',
    }
    return this.current
  }

  async checkPayment(_secret: string, { signal }: RequestOptions) {
    signal.throwIfAborted()
    this.checks++
    return this.current
  }

  /** Hosted mode: what the element asked for, and NICEPAY's page (the payer then has no code until `pickedAtNicepay`). */
  readonly hosted: CvsHostedRequest[] = []
  async startHosted(_secret: string, request: CvsHostedRequest, { signal }: RequestOptions): Promise<CvsHostedReply> {
    signal.throwIfAborted()
    this.hosted.push(request)
    if (this.failWith) throw this.failWith
    return { payment: this.current, payment_url: this.current ? null : 'http://nicepay.test/nicepay/redirect/v2/payment?tXid=T1' }
  }

  /** The payer picked a store on NICEPAY's page: the server now knows the code. */
  pickedAtNicepay() {
    this.current = {
      store: 'alfamart',
      pay_no: this.code,
      amount: '150000',
      currency: 'IDR',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      status: 'issued',
    }
  }
}

const idrCheckout = (overrides = {}) =>
  makeCheckout({ amount: '150000', currency: 'IDR', amount_paid: '0', amount_due: '150000', methods: ['cvs'], ...overrides })

async function mountCvs(options: { api?: FakePayApi; cvs?: FakeCvsApi; lang?: string; attributes?: Record<string, string> } = {}) {
  const api = options.api ?? new FakePayApi(idrCheckout())
  const cvs = options.cvs ?? new FakeCvsApi()
  const el = document.createElement('pay-cvs')
  el.setAttribute('server', 'http://pay.test')
  for (const [name, value] of Object.entries(options.attributes ?? { 'client-secret': 'cs_test' })) el.setAttribute(name, value)
  if (options.lang) el.setAttribute('lang', options.lang)
  // The code comes with the server's reads of the checkout.
  api.screens = () => ({ cvs: { payment: cvs.current } })
  el.api = api
  el.cvsApi = cvs
  const events: Event[] = []
  for (const type of ['pay-ready', 'pay-complete', 'pay-error']) el.addEventListener(type, (e) => events.push(e))
  const container = await fixture<HTMLDivElement>(html`<div></div>`)
  container.append(el)
  await waitUntil(() => events.some((e) => e.type === 'pay-ready'), 'never loaded')
  await waitUntil(() => el.shadowRoot?.querySelector('form, [part~="payment"], [part~="result"], [part~="hosted"], .note'), 'no payment UI')
  await el.updateComplete
  return { el, api, cvs, events }
}

const $ = <T extends Element = HTMLElement>(el: HTMLElement, selector: string) => el.shadowRoot!.querySelector<T>(selector)!

async function fill(el: PayCvs, values: { store?: string; name?: string; phone?: string; email?: string }) {
  if (values.store) $<HTMLInputElement>(el, `input[value="${values.store}"]`).click()
  for (const field of ['name', 'phone', 'email'] as const) {
    const value = values[field]
    if (value === undefined) continue
    const input = $<HTMLInputElement>(el, `#${field}`)
    input.value = value
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('blur'))
  }
  await el.updateComplete
}

async function submit(el: PayCvs) {
  $<HTMLButtonElement>(el, '[part~="submit-button"]').click()
  await el.updateComplete
  await new Promise((resolve) => setTimeout(resolve, 0))
  await el.updateComplete
}

const PAYER = { store: 'alfamart', name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi@example.id' }

describe('<pay-cvs>', () => {
  it('is a PayElement registered under its tag', () => {
    expect(customElements.get('pay-cvs')).to.equal(PayCvs)
    expect(new PayCvs()).to.be.instanceOf(PayElement)
  })

  it('groups a code in fours for reading aloud', () => {
    expect(groupCode('504100002557')).to.deep.equal(['5041', '0000', '2557'])
    expect(groupCode('8123456789012345')).to.deep.equal(['8123', '4567', '8901', '2345'])
  })

  it('passes the accessibility audit with the store and payer form, inputs in a native form in its shadow root', async () => {
    const { el } = await mountCvs()
    const form = $(el, 'form')
    expect(form).to.exist
    for (const field of ['name', 'phone', 'email']) expect(form.querySelector(`#${field}`), field).to.exist
    expect(form.querySelectorAll('input[type="radio"][name="store"]')).to.have.length(2)
    expect(partText(el, 'form')).to.contain('Indomaret').and.contain('Alfamart')
    expect(form.querySelectorAll('svg.mark')).to.have.length(2)
    await expect(el).to.be.accessible()
  })

  it('shows inline errors tied to their fields, focuses the first one, and sends nothing', async () => {
    const { el, cvs } = await mountCvs()
    await fill(el, { name: 'R2-D2', phone: '12345', email: 'nope' })
    await submit(el)
    expect(cvs.requests).to.have.length(0)
    expect($(el, '#store-error').textContent).to.equal('Choose Indomaret or Alfamart.')
    expect($(el, 'fieldset').getAttribute('aria-describedby')).to.equal('store-error')
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('store')
    for (const field of ['name', 'phone', 'email']) {
      const input = $(el, `#${field}`)
      expect(input.getAttribute('aria-invalid'), field).to.equal('true')
      expect(input.getAttribute('aria-describedby'), field).to.contain(`${field}-error`)
      expect($(el, `#${field}-error`).textContent, field).to.not.equal('')
    }
    expect($(el, '#phone').getAttribute('aria-describedby')).to.equal('phone-hint phone-error')
    // Their styles came with the checks: the danger colour, not the text's.
    expect(getComputedStyle($(el, '#name-error')).color).to.not.equal(getComputedStyle($(el, 'legend')).color)
    expect(getComputedStyle($(el, '#name')).borderColor).to.equal(getComputedStyle($(el, '#name-error')).color)
    await expect(el).to.be.accessible()
  })

  it('waits on the busy button for its actions when submitted before they arrived, and sends once', async () => {
    // No idle time: the actions are not prefetched, so the submit is what asks for them.
    const idle = window.requestIdleCallback
    window.requestIdleCallback = () => 0
    try {
      const { el, cvs } = await mountCvs()
      $<HTMLInputElement>(el, 'input[value="alfamart"]').click()
      for (const field of ['name', 'phone', 'email'] as const) {
        const input = $<HTMLInputElement>(el, `#${field}`)
        input.value = PAYER[field]
        input.dispatchEvent(new Event('input'))
      }
      await el.updateComplete
      const button = $<HTMLButtonElement>(el, '[part~="submit-button"]')
      const busy: number[] = []
      const observer = new MutationObserver(() => {
        if (button.disabled && button.textContent === 'Getting your payment code…') busy.push(cvs.requests.length)
      })
      observer.observe(button, { attributes: true, childList: true, characterData: true, subtree: true })
      button.click()
      button.click()
      await waitUntil(() => part(el, 'payment-code'), 'no code')
      observer.disconnect()
      expect(busy[0], 'busy before the request').to.equal(0)
      expect(cvs.requests).to.deep.equal([{ store: 'alfamart', name: 'Budi Santoso', phone: '081234567890', email: 'budi@example.id' }])
    } finally {
      window.requestIdleCallback = idle
    }
  })

  it('accepts Indonesian phone formats and normalises them', async () => {
    const { el, cvs } = await mountCvs()
    for (const [typed, normalised] of [
      ['+62 812-3456-7890', '081234567890'],
      ['62 857 1234 5678', '085712345678'],
      ['0812.3456.789', '08123456789'],
    ]) {
      await fill(el, { phone: typed })
      expect($<HTMLInputElement>(el, '#phone').value).to.equal(normalised)
    }
    await fill(el, PAYER)
    await submit(el)
    expect(cvs.requests).to.deep.equal([{ store: 'alfamart', name: 'Budi Santoso', phone: '081234567890', email: 'budi@example.id' }])
  })

  it('can be used with the keyboard alone, from the store choice to copying the code', async () => {
    const { el, cvs } = await mountCvs()
    let copied = ''
    const clipboard = navigator.clipboard
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    })
    try {
      $<HTMLInputElement>(el, 'input[value="indomaret"]').focus()
      await sendKeys({ press: 'ArrowDown' })
      expect($<HTMLInputElement>(el, 'input[value="alfamart"]').checked).to.be.true
      await sendKeys({ press: 'Tab' })
      await sendKeys({ type: 'Siti Aminah' })
      await sendKeys({ press: 'Tab' })
      await sendKeys({ type: '0812 3456 7890' })
      await sendKeys({ press: 'Tab' })
      await sendKeys({ type: 'siti@example.id' })
      await sendKeys({ press: 'Enter' })
      await waitUntil(() => part(el, 'payment-code'), 'no code')
      expect(cvs.requests[0]).to.deep.equal({ store: 'alfamart', name: 'Siti Aminah', phone: '081234567890', email: 'siti@example.id' })
      // Focus lands on the copy button; Enter copies and a polite region says so.
      await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'copy-button', 'focus not on copy')
      await sendKeys({ press: 'Enter' })
      await waitUntil(() => copied === '504100002557', 'not copied')
      await el.updateComplete
      expect($(el, '[aria-live="polite"]:last-of-type').textContent).to.equal('Payment code copied')
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard })
    }
  })

  it('shows the code large and grouped, the store, the amount in rupiah, the deadline and the steps', async () => {
    const { el } = await mountCvs()
    await fill(el, PAYER)
    await submit(el)
    await waitUntil(() => part(el, 'payment-code'))
    const groups = [...el.shadowRoot!.querySelectorAll('[part~="payment-code"] [aria-hidden="true"] .code-group')]
    expect(groups.map((g) => g.textContent)).to.deep.equal(['5041', '0000', '2557'])
    // Apart on screen, one number when selected and copied by hand.
    expect(groups[1]!.getBoundingClientRect().left - groups[0]!.getBoundingClientRect().right).to.be.greaterThan(4)
    expect($(el, '[part~="payment-code"] .visually-hidden').textContent).to.equal('Payment code 5 0 4 1 0 0 0 0 2 5 5 7')
    expect(partText(el, 'store')).to.equal('Pay at Alfamart')
    expect(partText(el, 'payment-amount')).to.equal('IDR 150,000')
    expect(partText(el, 'deadline')).to.match(/\d{2}:\d{2}/)
    expect(part(el, 'countdown')).to.exist
    const steps = [...el.shadowRoot!.querySelectorAll('[part~="instructions"] li')].map((li) => li.textContent)
    expect(steps).to.have.length(6)
    expect(steps[0]).to.contain('Alfamart, Alfamidi, Lawson or Dan+Dan')
    expect(steps[2]).to.contain('5041 0000 2557')
    await expect(el).to.be.accessible()
  })

  it('prints the code and the steps without buttons or the live timer', async () => {
    const { el } = await mountCvs()
    await fill(el, PAYER)
    await submit(el)
    await waitUntil(() => part(el, 'print-button'))
    let printed = 0
    const print = window.print
    window.print = () => void printed++
    try {
      part(el, 'print-button')!.click()
      expect(printed).to.equal(1)
    } finally {
      window.print = print
    }
    const visible = (name: string) => part(el, name)!.checkVisibility()
    expect(visible('copy-button')).to.be.true
    try {
      await emulateMedia({ media: 'print' })
      for (const hidden of ['copy-button', 'print-button', 'check-button', 'countdown']) expect(visible(hidden), hidden).to.be.false
      for (const shown of ['payment-code', 'store', 'payment-amount', 'deadline', 'instructions']) expect(visible(shown), shown).to.be.true
      expect(getComputedStyle(part(el, 'payment-code')!).color).to.equal('rgb(0, 0, 0)')
    } finally {
      await emulateMedia({ media: 'screen' })
    }
    expect(visible('print-button')).to.be.true
  })

  it('speaks Indonesian and Simplified Chinese, what to fix and instructions included, each from one file of its words', async () => {
    const cases: [string, string, string, string, string, string][] = [
      ['id', 'Di mana Anda akan membayar?', 'Berakhir dalam', 'Pilih Indomaret atau Alfamart.', 'Bayar di Indomaret', 'Rp 150.000'],
      ['zh-CN', '您想在哪里付款？', '后过期', '请选择 Indomaret 或 Alfamart。', '在 Indomaret 付款', 'IDR'],
    ]
    for (const [lang, legend, countdown, storeError, store, amount] of cases) {
      const { el } = await mountCvs({ lang })
      expect($(el, 'legend').textContent, lang).to.equal(legend)
      expect(partText(el, 'countdown'), lang).to.contain(countdown)
      await submit(el)
      expect($(el, '#store-error').textContent, lang).to.equal(storeError)
      await fill(el, { ...PAYER, store: 'indomaret' })
      await submit(el)
      await waitUntil(() => part(el, 'payment-code'))
      expect(partText(el, 'store'), lang).to.equal(store)
      expect(partText(el, 'payment-amount'), lang).to.contain(amount)
      const steps = [...el.shadowRoot!.querySelectorAll('[part~="instructions"] li')].map((li) => li.textContent ?? '')
      expect(steps[0], lang).to.contain('Indomaret')
      expect(steps[2], lang).to.contain('8123 4567 8901 2345')
      if (lang === 'id') expect(partText(el, 'deadline')).to.contain('WIB')
      await expect(el).to.be.accessible()
    }
    // Each language came in two files, whatever was shown: the element's words and the shared ones.
    const languageFiles = performance
      .getEntriesByType('resource')
      .map(({ name }) => new URL(name).pathname)
      .filter((path) => /[/-](?:id|zh-CN)\.ts$/.test(path))
    expect(languageFiles.sort()).to.deep.equal([
      '/widget/i18n/id.ts',
      '/widget/i18n/zh-CN.ts',
      '/widget/pay-cvs/i18n-id.ts',
      '/widget/pay-cvs/i18n-zh-CN.ts',
    ])
  })

  it('shows a code issued earlier straight away, and a clear paid state when the checkout is paid', async () => {
    const cvs = new FakeCvsApi()
    await cvs.createPayment(
      'cs_test',
      { store: 'indomaret', name: 'B', phone: '0812', email: 'b@x.id' },
      { signal: new AbortController().signal },
    )
    const api = new FakePayApi(idrCheckout({ status: 'pending' }))
    const { el, events } = await mountCvs({ api, cvs })
    expect(part(el, 'payment-code')).to.exist
    expect(part(el, 'form')).to.not.exist

    part(el, 'check-button')!.click()
    await waitUntil(() => cvs.checks === 1)

    cvs.current = { ...cvs.current!, status: 'paid' }
    api.update({ status: 'paid', amount_paid: '150000', amount_due: '0' })
    await waitUntil(() => part(el, 'result'), 'no result')
    expect(partText(el, 'result')).to.equal('Paid. Thank you! Your payment at Indomaret has been received.')
    expect(partText(el, 'status')).to.equal('Payment received')
    expect(part(el, 'payment-code')).to.not.exist
    expect(events.filter((e) => e.type === 'pay-complete')).to.have.length(1)
    await expect(el).to.be.accessible()
  })

  it('shows a clear expired state, without the code', async () => {
    const cvs = new FakeCvsApi()
    cvs.current = {
      store: 'alfamart',
      pay_no: '504100002557',
      amount: '150000',
      currency: 'IDR',
      expires_at: new Date(Date.now() - 1000).toISOString(),
      status: 'expired',
    }
    const { el } = await mountCvs({ api: new FakePayApi(idrCheckout({ status: 'expired' })), cvs })
    expect(partText(el, 'result')).to.contain('This payment code has expired')
    expect(part(el, 'payment-code')).to.not.exist
    await expect(el).to.be.accessible()
  })

  it('puts a field the server refused inline, and other failures in an alert', async () => {
    const { el, cvs } = await mountCvs()
    cvs.failWith = new PayApiError({ status: 400, code: 'invalid_request', message: 'email: bad', field: 'email', retryable: false })
    await fill(el, PAYER)
    await submit(el)
    await waitUntil(() => $(el, '#email-error'))
    expect($(el, '#email').getAttribute('aria-invalid')).to.equal('true')

    cvs.failWith = new PayApiError({ status: 504, code: 'provider_timeout', message: 'slow', retryable: true })
    await submit(el)
    await waitUntil(() => part(el, 'action-error'))
    expect(partText(el, 'action-error')).to.equal('We could not get a payment code just now. Please try again.')
    expect(part(el, 'action-error')!.getAttribute('role')).to.equal('alert')
    cvs.failWith = undefined
    await submit(el)
    await waitUntil(() => part(el, 'payment-code'))
    expect(part(el, 'action-error')).to.not.exist
  })

  describe('hosted mode', () => {
    /** `window.open` as the element uses it, recorded: '_self' is this tab, anything else a popup. */
    function stubOpen() {
      const calls: { url: string | undefined; target: string | undefined }[] = []
      const popup = {
        closed: false,
        location: { href: '' },
        close() {
          this.closed = true
        },
      }
      const original = window.open
      window.open = ((url?: string, target?: string) => {
        calls.push({ url, target })
        return target === '_self' ? null : popup
      }) as typeof window.open
      return { calls, popup, restore: () => (window.open = original) }
    }

    it('asks for the payer only (the store is picked at NICEPAY) and goes to NICEPAY’s page in this tab, coming back here', async () => {
      const { el, cvs } = await mountCvs({ attributes: { 'client-secret': 'cs_test', mode: 'hosted' } })
      // The store is NICEPAY's question: its choice is hidden (out of the accessibility tree too).
      expect($(el, 'fieldset.stores').hidden).to.equal(true)
      expect($(el, 'input[name="store"]').getClientRects()).to.have.length(0)
      expect(partText(el, 'submit-button')).to.equal('Choose a store on NICEPAY')
      await expect(el).to.be.accessible()
      const open = stubOpen()
      try {
        await fill(el, { name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi@example.id' })
        await submit(el)
        await waitUntil(() => open.calls.length === 1, 'NICEPAY page not opened')
        expect(cvs.hosted).to.deep.equal([
          { name: 'Budi Santoso', phone: '081234567890', email: 'budi@example.id', return_url: location.href },
        ])
        expect(open.calls).to.deep.equal([{ url: 'http://nicepay.test/nicepay/redirect/v2/payment?tXid=T1', target: '_self' }])
        expect(cvs.requests).to.have.length(0)
      } finally {
        open.restore()
      }
    })

    it('sends return-url when given, and puts a detail the server refused under its field', async () => {
      const { el, cvs } = await mountCvs({
        attributes: { 'client-secret': 'cs_test', mode: 'hosted', 'return-url': 'https://shop.example/order/42' },
      })
      cvs.failWith = new PayApiError({ status: 400, code: 'invalid_request', message: 'phone: bad', field: 'phone', retryable: false })
      const open = stubOpen()
      try {
        await fill(el, { name: 'Budi Santoso', phone: '0812 3456 7890', email: 'budi@example.id' })
        await submit(el)
        await waitUntil(() => $(el, '#phone-error'), 'no field error')
        expect($(el, '#phone').getAttribute('aria-invalid')).to.equal('true')
        expect(cvs.hosted[0]!.return_url).to.equal('https://shop.example/order/42')
        expect(open.calls).to.have.length(0)
      } finally {
        open.restore()
      }
    })

    it('shows the way back to NICEPAY while the payer has no code there, and the code once they have', async () => {
      const cvs = new FakeCvsApi()
      const { el } = await mountCvs({
        api: new FakePayApi(idrCheckout({ status: 'pending' })),
        cvs,
        attributes: { 'client-secret': 'cs_test', mode: 'hosted' },
      })
      await waitUntil(() => part(el, 'hosted-button'), 'no way back to NICEPAY')
      // Arriving here (back from NICEPAY) asks whether the payer has a code yet.
      await waitUntil(() => cvs.checks === 1, 'did not look for the code')
      expect(partText(el, 'hosted')).to.contain('Pick Indomaret or Alfamart on NICEPAY’s secure page')
      expect(el.shadowRoot!.querySelector('form')).to.not.exist
      await expect(el).to.be.accessible()
      const open = stubOpen()
      try {
        ;(part(el, 'hosted-button') as HTMLButtonElement).click()
        await waitUntil(() => open.calls.length === 1, 'NICEPAY page not opened')
        expect(cvs.hosted).to.deep.equal([{ return_url: location.href }])
        expect(open.calls[0]!.target).to.equal('_self')
      } finally {
        open.restore()
      }
      // The payer comes back to this window having picked a store.
      cvs.pickedAtNicepay()
      window.dispatchEvent(new Event('focus'))
      await waitUntil(() => part(el, 'payment-code'), 'code not shown')
      expect(cvs.checks).to.equal(2)
      expect(partText(el, 'payment-code')).to.contain('5041')
      expect(part(el, 'hosted')).to.not.exist
      await expect(el).to.be.accessible()
    })

    it('stops looking when the server has no NICEPAY payment (the checkout is pending at another provider)', async () => {
      const cvs = new FakeCvsApi()
      cvs.checkPayment = async () => {
        cvs.checks++
        throw new PayApiError({ status: 404, code: 'payment_not_found', message: 'none', retryable: false })
      }
      const { el } = await mountCvs({
        api: new FakePayApi(idrCheckout({ status: 'pending' })),
        cvs,
        attributes: { 'client-secret': 'cs_test', mode: 'hosted' },
      })
      await waitUntil(() => cvs.checks === 1, 'did not look for the code')
      window.dispatchEvent(new Event('focus'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(cvs.checks).to.equal(1)
      expect(part(el, 'hosted-button')).to.exist
    })

    it('opens NICEPAY’s page in a popup for a catalog checkout, and looks for the code when the payer returns', async () => {
      const cvs = new FakeCvsApi()
      const { el, api } = await mountCvs({ cvs, attributes: { product: 'voucher', mode: 'hosted' } })
      const open = stubOpen()
      try {
        await fill(el, { name: 'Budi Santoso', phone: '081234567890', email: 'budi@example.id' })
        await submit(el)
        await waitUntil(() => open.popup.location.href !== '', 'popup not sent to NICEPAY')
        // Opened blank in the click's own task (so no blocker stops it), then sent on; no return URL: nothing to come back to.
        expect(open.calls).to.deep.equal([{ url: '', target: 'nicepay' }])
        expect(open.popup.location.href).to.equal('http://nicepay.test/nicepay/redirect/v2/payment?tXid=T1')
        expect(cvs.hosted[0]).to.not.have.property('return_url')
        // Registered: the server says pending, and the element waits for the payer at NICEPAY.
        api.update({ status: 'pending' })
        await waitUntil(() => part(el, 'hosted-button'), 'not waiting for the payer')
        cvs.pickedAtNicepay()
        window.dispatchEvent(new Event('focus'))
        await waitUntil(() => part(el, 'payment-code'), 'code not shown when the payer came back')
      } finally {
        open.restore()
      }
    })
  })

  it('says a checkout ending too soon cannot get a code, without leaving the form behind', async () => {
    const { el, cvs } = await mountCvs()
    cvs.failWith = new PayApiError({ status: 409, code: 'checkout_expiring', message: 'too soon', retryable: false })
    await fill(el, PAYER)
    await submit(el)
    await waitUntil(() => part(el, 'action-error'))
    expect(partText(el, 'action-error')).to.contain('too soon to be paid at a store')
    expect(part(el, 'form')).to.not.exist
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'action-error'), 'focus not on the message')
    await expect(el).to.be.accessible()
  })

  it('at expiry with no code issued, does not speak of an expired code', async () => {
    const { el } = await mountCvs({ api: new FakePayApi(idrCheckout({ status: 'expired' })) })
    await waitUntil(() => part(el, 'result'))
    expect(partText(el, 'result')).to.contain('This order has expired')
    expect(partText(el, 'result')).to.not.contain('payment code has expired')
  })

  it("says in the status line, a live region, what the code is waiting for: the store, or the cashier's bill found", async () => {
    const cvs = new FakeCvsApi()
    cvs.current = {
      store: 'alfamart',
      pay_no: '504100002557',
      amount: '150000',
      currency: 'IDR',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      status: 'issued',
    }
    const api = new FakePayApi(idrCheckout({ status: 'pending' }))
    const { el } = await mountCvs({ api, cvs })
    await waitUntil(() => partText(el, 'status').includes('Awaiting payment at the store'))
    cvs.current = { ...cvs.current, status: 'ready' }
    api.update({}) // the server's new version after it learnt of the lookup
    await waitUntil(() => partText(el, 'status').includes('The cashier has found your bill'), 'ready not said')
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status')
    await expect(el).to.be.accessible()
  })

  it('says so when the checkout cannot be paid at a store', async () => {
    const { el, cvs } = await mountCvs({ api: new FakePayApi(makeCheckout()) })
    expect($(el, '.note').textContent).to.contain('not available')
    expect(cvs.requests).to.have.length(0)
  })
})

runPayElementSuite('pay-cvs')
