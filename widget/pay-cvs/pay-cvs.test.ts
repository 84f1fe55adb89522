import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { emulateMedia, sendKeys } from '@web/test-runner-commands'
import { PayApiError, type RequestOptions } from '../shared/api.js'
import { PayElement } from '../shared/pay-element.js'
import { FakePayApi, makeCheckout } from '../test-helpers/fake-pay-api.js'
import { part, partText } from '../test-helpers/mount.js'
import { runPayElementSuite } from '../test-helpers/pay-element-suite.js'
import type { CvsApi, CvsPayment, CvsPaymentRequest } from './cvs-api.js'
import './define.js'
import { groupCode, PayCvs } from './pay-cvs.js'

/** An in-memory `/v1/client/cvs`: issues one code per checkout, records requests, can fail. */
class FakeCvsApi implements CvsApi {
  current: CvsPayment | null = null
  readonly requests: CvsPaymentRequest[] = []
  checks = 0
  failWith: PayApiError | undefined

  constructor(readonly code = '504100002557') {}

  async payment(_secret: string, { signal }: RequestOptions) {
    signal.throwIfAborted()
    return this.current
  }

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
}

const idrCheckout = (overrides = {}) =>
  makeCheckout({ amount: '150000', currency: 'IDR', amount_paid: '0', amount_due: '150000', methods: ['cvs'], ...overrides })

async function mountCvs(options: { api?: FakePayApi; cvs?: FakeCvsApi; lang?: string } = {}) {
  const api = options.api ?? new FakePayApi(idrCheckout())
  const cvs = options.cvs ?? new FakeCvsApi()
  const el = document.createElement('pay-cvs')
  el.setAttribute('server', 'http://pay.test')
  el.setAttribute('client-secret', 'cs_test')
  if (options.lang) el.setAttribute('lang', options.lang)
  el.api = api
  el.cvsApi = cvs
  const events: Event[] = []
  for (const type of ['pay-ready', 'pay-complete', 'pay-error']) el.addEventListener(type, (e) => events.push(e))
  const container = await fixture<HTMLDivElement>(html`<div></div>`)
  container.append(el)
  await waitUntil(() => events.some((e) => e.type === 'pay-ready'), 'never loaded')
  await waitUntil(() => el.shadowRoot?.querySelector('form, [part~="payment"], [part~="result"], .note'), 'no payment UI')
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

  it('speaks Indonesian and Simplified Chinese, what to fix and instructions included', async () => {
    const cases: [string, string, string, string, string][] = [
      ['id', 'Di mana Anda akan membayar?', 'Pilih Indomaret atau Alfamart.', 'Bayar di Indomaret', 'Rp 150.000'],
      ['zh-CN', '您想在哪里付款？', '请选择 Indomaret 或 Alfamart。', '在 Indomaret 付款', 'IDR'],
    ]
    for (const [lang, legend, storeError, store, amount] of cases) {
      const { el } = await mountCvs({ lang })
      expect($(el, 'legend').textContent, lang).to.equal(legend)
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

  it('says so when the checkout cannot be paid at a store', async () => {
    const { el, cvs } = await mountCvs({ api: new FakePayApi(makeCheckout()) })
    expect($(el, '.note').textContent).to.contain('not available')
    expect(cvs.requests).to.have.length(0)
  })
})

runPayElementSuite('pay-cvs')
