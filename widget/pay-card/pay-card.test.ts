import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { PayApiError, type RequestOptions } from '../shared/api.js'
import { PayElement } from '../shared/pay-element.js'
import { FakePayApi, makeCheckout, makeInitialState } from '../test-helpers/fake-pay-api.js'
import { mount, part, partText, settled } from '../test-helpers/mount.js'
import { runPayElementSuite } from '../test-helpers/pay-element-suite.js'
import type { CardApi, CardCharge, CardChargeRequest, CardSession } from './card-api.js'
import { brandOf, formatCardNumber, formatExpiry, latinName, luhnValid, nameOnCardValid, parseExpiry, splitName } from './card-input.js'
import { countries } from './countries.js'
import { loadCcbill, scaRequired, type CcbillGlobal, type CcbillViolation } from './ccbill.js'
import './define.js'
import { PayCard } from './pay-card.js'

const SESSION: CardSession = {
  application_id: 'frontend-app',
  auth_token: 'frontend-token',
  auth_token_expires_at: new Date(Date.now() + 3600_000).toISOString(),
  client_accnum: 900000,
  client_subacc: 0,
  client_subacc_3ds: 1,
  script_url: 'https://js.ccbill.test/ccbill-advanced-widget.js',
  currency_code: '840',
  amount: '19.99',
  ip_address: '203.0.113.7',
}

const charge = (status: CardCharge['status'], overrides: Partial<CardCharge> = {}): CardCharge => ({
  status,
  decline_reason: null,
  decline_code: null,
  decline_text: null,
  created_at: new Date().toISOString(),
  ...overrides,
})

/** An in-memory `/v1/client/card`: hands out sessions, records charges, answers as told. */
class FakeCardApi implements CardApi {
  sessions = 0
  readonly charges: CardChargeRequest[] = []
  gets = 0
  /** What `POST /session` answers. */
  sessionReply: CardSession = SESSION
  /** What `POST /charge` answers. */
  chargeReply: CardCharge | PayApiError = charge('approved')
  /** What each `GET /charge` answers, in order; the last one repeats. */
  latest: (CardCharge | null)[] = [null]
  /** Keeps charges pending while set. */
  hold?: Promise<void>

  async session(_secret: string, { signal }: RequestOptions): Promise<CardSession> {
    signal.throwIfAborted()
    this.sessions++
    return this.sessionReply
  }

  async charge(_secret: string, request: CardChargeRequest, { signal }: RequestOptions) {
    this.charges.push(request)
    await this.hold
    signal.throwIfAborted()
    if (this.chargeReply instanceof PayApiError) throw this.chargeReply
    return this.chargeReply
  }

  async latestCharge(_secret: string, { signal }: RequestOptions) {
    signal.throwIfAborted()
    this.gets++
    return this.latest.length > 1 ? this.latest.shift()! : this.latest[0]!
  }
}

/** A passed authentication as CCBill's newest guide shows `authenticateCustomer`'s result. */
const PASSED = {
  eci: '05',
  status: 'Y',
  success: true,
  protocolVersion: '2.2.0',
  amount: 19.99,
  clientTransactionId: 'id-wl9r6duc5zj',
  currency: '840',
  sdkTransId: 'd535b6d1-19f9-11f0-92b9-0242ac110005',
  acsTransId: 'ca5f9649-b865-47ce-be6f-54422a0fce47',
  dsTransId: 'e3693b86-8217-48c6-9628-2e8852dc60d4',
  authenticationType: '',
  authenticationValue: 'Pes4aJnpT+1mjhUoBynC92iQbeg=',
}

interface WidgetCall {
  name: string
  args: unknown[]
  /** Every `data-ccbill` field in the document when the widget was called. */
  fields: Record<string, string>
}

/** A stand-in for CCBill's Advanced Widget, defined before any element loads (so no script is fetched). */
const widget = {
  calls: [] as WidgetCall[],
  tokens: 0,
  /** Thrown synchronously by createPaymentToken when set. */
  violations: undefined as CcbillViolation[] | undefined,
  /** createPaymentToken rejects with this when set. */
  reject: undefined as Response | undefined,
  sca: false as unknown,
  /** What authenticateCustomer resolves with (CCBill's threedsInformation); a Response rejects. */
  auth: PASSED as unknown,
  /** Keeps authenticateCustomer pending while set. */
  challenge: undefined as Promise<void> | undefined,
  reset() {
    Object.assign(this, { calls: [], tokens: 0, violations: undefined, reject: undefined, sca: false, challenge: undefined })
    this.auth = PASSED
  },
  record(name: string, args: unknown[]) {
    const fields = Object.fromEntries(
      [...document.querySelectorAll<HTMLInputElement>('[data-ccbill]')].map((input) => [input.dataset['ccbill'], input.value]),
    )
    this.calls.push({ name, args, fields })
  },
  called(name: string) {
    return this.calls.filter((call) => call.name === name)
  },
}

const fakeCcbill: CcbillGlobal = {
  CCBillAdvancedWidget: class {
    constructor(readonly applicationId: string) {}
    createPaymentToken(...args: [string, number, number]) {
      widget.record('createPaymentToken', args)
      if (widget.violations) throw widget.violations
      if (widget.reject) return Promise.reject(widget.reject)
      return Promise.resolve(Response.json({ paymentTokenId: `tok${++widget.tokens}`, clientAccnum: args[1] }))
    }
    isScaRequired(...args: [string, number, number]) {
      widget.record('isScaRequired', args)
      return Promise.resolve(Response.json(widget.sca))
    }
    async authenticateCustomer(...args: [string, number, number, HTMLFormElement?, string?, string?]) {
      widget.record('authenticateCustomer', args)
      // The bank's page (an iframe from the real widget; a plain element here, which the accessibility audit can read).
      const challenge = document.createElement('p')
      challenge.className = 'challenge'
      challenge.textContent = 'Approve this payment in your banking app.'
      document.getElementById(args[4]!)?.append(challenge)
      await widget.challenge
      if (widget.auth instanceof Response) throw widget.auth
      return widget.auth
    }
  },
}
window.ccbill = fakeCcbill

const CARD = {
  number: '4242424242424242',
  expiry: '12/34',
  cvv: '123',
  name: 'Tyler Thomas',
  email: 'tyler@example.com',
  country: 'US',
  postal: '85281',
}

async function mountCard(options: { api?: FakePayApi; card?: FakeCardApi; lang?: string } = {}) {
  const api = options.api ?? new FakePayApi(makeCheckout())
  const card = options.card ?? new FakeCardApi()
  const attributes: Record<string, string> = { server: 'http://pay.test', 'client-secret': 'cs_test' }
  if (options.lang) attributes['lang'] = options.lang
  const mounted = await mount<PayCard>('pay-card', api, attributes, (el) => (el.cardApi = card))
  await settled(mounted)
  await waitUntil(() => mounted.el.querySelector('form') || part(mounted.el, 'receipt') || mounted.el.shadowRoot!.querySelector('.note'))
  return { ...mounted, api, card }
}

/** A field of the card form (light DOM), by the end of its id. */
const field = <T extends HTMLElement = HTMLInputElement>(el: HTMLElement, name: string) => el.querySelector<T>(`[id$="-${name}"]`)!
const submitButton = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('button[type="submit"]')!

async function fill(el: PayCard, values: Partial<typeof CARD>) {
  for (const [name, value] of Object.entries(values)) {
    const input = field(el, name)
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }
  await el.updateComplete
}

async function pay(el: PayCard, values: Partial<typeof CARD> = CARD) {
  await fill(el, values)
  submitButton(el).click()
  await el.updateComplete
}

/** A short name for an element: failed focus assertions print it (chai need not inspect DOM nodes). */
const nameOf = (node: Element | null) => (node ? `${node.localName}#${node.id}` : 'nothing')
const focused = () => nameOf(document.activeElement)

const ccbillAttributes = () => [...document.querySelectorAll('[data-ccbill]')]

describe('card input helpers', () => {
  it('checks the Luhn digit and the length', () => {
    expect(luhnValid('4242424242424242')).to.be.true
    expect(luhnValid('378282246310005')).to.be.true
    expect(luhnValid('4242424242424241')).to.be.false
    expect(luhnValid('0000000000')).to.be.false
  })

  it('names the brand from the first digits', () => {
    expect(brandOf('4')).to.equal('Visa')
    expect(brandOf('5555')).to.equal('Mastercard')
    expect(brandOf('2221')).to.equal('Mastercard')
    expect(brandOf('3782')).to.equal('American Express')
    expect(brandOf('6011')).to.equal('Discover')
    expect(brandOf('3530')).to.equal('JCB')
    expect(brandOf('3056')).to.equal('Diners Club')
    expect(brandOf('9')).to.be.undefined
  })

  it('spaces the number and formats typed or autofilled expiry dates', () => {
    expect(formatCardNumber('4242-4242 42424242')).to.equal('4242 4242 4242 4242')
    expect(formatExpiry('4')).to.equal('04')
    expect(formatExpiry('122')).to.equal('12 / 2')
    expect(formatExpiry('12/2034')).to.equal('12 / 34')
    expect(formatExpiry('12 / 34')).to.equal('12 / 34')
    expect(formatExpiry('12 / ')).to.equal('12')
  })

  it('reads the expiry as CCBill wants it and refuses the past', () => {
    const now = new Date(2026, 10, 21)
    expect(parseExpiry('11 / 26', now)).to.deep.equal({ expMonth: '11', expYear: '2026' })
    expect(parseExpiry('10 / 26', now)).to.be.undefined
    expect(parseExpiry('13 / 30', now)).to.be.undefined
    expect(parseExpiry('01 / 60', now)).to.be.undefined
  })

  it('spells names in the ASCII letters CCBill takes, where Latin letters allow it', () => {
    expect(latinName(' José  Müller ')).to.equal('Jose Muller')
    expect(latinName('Łukasz Żółć')).to.equal('Lukasz Zolc')
    expect(latinName('Søren Straße-Æbelø')).to.equal('Soren Strasse-AEbelo')
    expect(latinName("Zoë O'Brien")).to.equal("Zoe O'Brien")
    // Other scripts have no safe spelling: they stay, and the check below refuses them.
    expect(latinName('张伟')).to.equal('张伟')
    expect(nameOnCardValid('Jose Muller')).to.be.true
    expect(nameOnCardValid('张伟')).to.be.false
    expect(nameOnCardValid('Иван Петров')).to.be.false
    // CCBill's widget: between 2 and 45 characters.
    expect(nameOnCardValid('J')).to.be.false
    expect(nameOnCardValid('J'.repeat(45))).to.be.true
    expect(nameOnCardValid('J'.repeat(46))).to.be.false
  })

  it('splits the name on the card into first and last names', () => {
    expect(splitName(' Mary Ann  Smith ')).to.deep.equal({ firstName: 'Mary Ann', lastName: 'Smith' })
    expect(splitName('Cher')).to.deep.equal({ firstName: 'Cher', lastName: 'Cher' })
  })

  it('lists every ISO country, named in the language shown', () => {
    const list = countries('id')
    expect(list).to.have.length(249)
    expect(list.find(([code]) => code === 'DE')?.[1]).to.equal('Jerman')
  })

  it('understands both answers of the SCA check', () => {
    expect(scaRequired(true)).to.be.true
    expect(scaRequired({ required: true, amount: 1 })).to.be.true
    expect(scaRequired(false)).to.be.false
    expect(scaRequired({ required: false })).to.be.false
  })

  it('loads the CCBill script once per document, reusing a tag already on the page', async () => {
    delete window.ccbill
    const script = (source: string) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    ;(window as unknown as { fakeCcbill: CcbillGlobal }).fakeCcbill = fakeCcbill
    try {
      const url = script('window.ccbill = window.fakeCcbill')
      const [first, second] = await Promise.all([loadCcbill(url), loadCcbill(url)])
      expect(first).to.equal(fakeCcbill).and.equal(second)
      expect(document.querySelectorAll(`script[src="${url}"]`)).to.have.length(1)

      delete window.ccbill
      const merchants = document.createElement('script')
      merchants.src = script('window.ccbill = window.fakeCcbill')
      document.head.append(merchants)
      expect(await loadCcbill(merchants.src)).to.equal(fakeCcbill)
      expect(document.querySelectorAll(`script[src="${merchants.src}"]`)).to.have.length(1)

      delete window.ccbill
      const failing = script('void 0')
      let error: unknown
      await loadCcbill(failing).catch((caught: unknown) => (error = caught))
      expect(error).to.be.instanceOf(PayApiError)
      expect((error as PayApiError).retryable).to.be.true
    } finally {
      window.ccbill = fakeCcbill
    }
  })
})

describe('<pay-card>', () => {
  beforeEach(() => widget.reset())

  it('draws its form from the page’s initial state before the server answers, as a card not yet paid', async () => {
    const api = new FakePayApi(makeCheckout())
    api.holdRequests()
    const attributes = { server: 'http://pay.test', 'client-secret': 'cs_test', 'initial-state': makeInitialState(makeCheckout()) }
    const mounted = await mount<PayCard>('pay-card', api, attributes, (el) => (el.cardApi = new FakeCardApi()))
    await waitUntil(() => field(mounted.el, 'number'), 'no card form from the initial state')
    expect(part(mounted.el, 'receipt')).to.equal(null)
    expect(mounted.events).to.deep.equal([])
    api.release()
    await settled(mounted)
    expect(mounted.count('pay-ready')).to.equal(1)
    expect(field(mounted.el, 'number')).to.not.equal(null)
  })

  it('is a PayElement registered under its tag', () => {
    expect(customElements.get('pay-card')).to.equal(PayCard)
    expect(new PayCard()).to.be.instanceOf(PayElement)
  })

  it('renders its fields in the light DOM, slotted, labelled and with autocomplete, styled without style elements', async () => {
    const { el } = await mountCard()
    const form = el.querySelector('form')!
    expect(el.shadowRoot!.querySelector('form, input')).to.be.null
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="card-form"]')!
    expect(slot.assignedElements()[0]!.contains(form)).to.be.true
    const autocomplete = Object.fromEntries(
      [...form.querySelectorAll<HTMLInputElement>('input, select')].map((input) => [
        input.id.replace(/^pay-card-\d+-/, ''),
        input.autocomplete,
      ]),
    )
    expect(autocomplete).to.deep.equal({
      number: 'cc-number',
      expiry: 'cc-exp',
      cvv: 'cc-csc',
      name: 'cc-name',
      email: 'email',
      country: 'country',
      postal: 'postal-code',
    })
    for (const name of ['number', 'expiry', 'cvv']) expect(field(el, name).inputMode, name).to.equal('numeric')
    for (const input of form.querySelectorAll('input, select')) expect(form.querySelector(`label[for="${input.id}"]`), input.id).to.exist
    // Nothing carries data-ccbill until this element pays.
    expect(ccbillAttributes()).to.have.length(0)
    expect(el.querySelectorAll('style, [style]')).to.have.length(0)
    expect(document.adoptedStyleSheets.length).to.be.greaterThan(0)
    expect(getComputedStyle(submitButton(el)).backgroundColor).to.equal('rgb(29, 78, 216)')
    expect(submitButton(el).textContent!.trim()).to.equal('Pay $19.99')
    // Nothing the payer or the merchant said: no country is chosen for the payer (not one guessed from the language).
    expect(field<HTMLSelectElement>(el, 'country').value).to.equal('')
    await expect(el).to.be.accessible()
  })

  it('hands CCBill every field it reads, in its format, only while paying', async () => {
    const { el, card } = await mountCard()
    await pay(el, { ...CARD, number: '4242 4242 4242 4242', name: 'Mary Ann Smith' })
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    const [call] = widget.called('createPaymentToken')
    expect(call!.args).to.deep.equal(['frontend-token', 900000, 0])
    expect(call!.fields).to.deep.equal({
      cardNumber: '4242424242424242',
      expMonth: '12',
      expYear: '2034',
      cvv2: '123',
      nameOnCard: 'Mary Ann Smith',
      firstName: 'Mary Ann',
      lastName: 'Smith',
      email: 'tyler@example.com',
      country: 'US',
      postalCode: '85281',
      amount: '19.99',
      currencyCode: '840',
      ipAddress: '203.0.113.7',
      browserHttpUserAgent: navigator.userAgent,
      browserHttpAcceptLanguage: navigator.languages.join(','),
    })
    // Whether 3-D Secure is needed is asked on the 3DS sub-account; without it the token is made on the other one.
    expect(widget.called('isScaRequired')[0]!.args).to.deep.equal(['frontend-token', 900000, 1])
    expect(card.charges).to.deep.equal([{ payment_token_id: 'tok1' }])
    expect(ccbillAttributes()).to.have.length(0)
  })

  it('hands CCBill an accented name in ASCII, and asks for Latin letters where there is no safe spelling', async () => {
    const { el, card } = await mountCard()
    await pay(el, { ...CARD, name: 'José Müller' })
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(widget.called('createPaymentToken')[0]!.fields).to.include({ nameOnCard: 'Jose Muller', firstName: 'Jose', lastName: 'Muller' })
    expect(card.charges).to.have.length(1)

    const second = await mountCard()
    await pay(second.el, { ...CARD, name: '张伟' })
    await waitUntil(() => second.el.querySelector('.pay-card-error'), 'no error')
    expect(second.el.querySelector('.pay-card-error')!.textContent).to.equal(
      'Enter the name as printed on the card, in Latin letters (2 to 45).',
    )
    expect(field(second.el, 'name').getAttribute('aria-invalid')).to.equal('true')
    expect(second.card.charges).to.have.length(0)
    expect(widget.called('createPaymentToken')).to.have.length(1)
  })

  it('spaces the card number as typed, shows the brand and checks the Luhn digit', async () => {
    const { el, card } = await mountCard()
    field(el, 'number').focus()
    await sendKeys({ type: '4242424242424241' })
    await el.updateComplete
    expect(field(el, 'number').value).to.equal('4242 4242 4242 4241')
    expect(field(el, 'brand').textContent).to.equal('Visa')
    expect(field(el, 'number').getAttribute('aria-describedby')).to.equal(field(el, 'brand').id)
    await pay(el, { ...CARD, number: '4242 4242 4242 4241' })
    expect(field(el, 'number').getAttribute('aria-invalid')).to.equal('true')
    expect(field(el, 'number').getAttribute('aria-describedby')).to.equal(`${field(el, 'brand').id} ${field(el, 'number-error').id}`)
    expect(field(el, 'number-error').textContent).to.equal('Enter the card number as printed on the card.')
    expect(card.charges).to.have.length(0)
    await fill(el, { number: '378282246310005' })
    expect(field(el, 'number').value).to.equal('3782 8224 6310 005')
    expect(field(el, 'brand').textContent).to.equal('American Express')
    expect(field(el, 'number').getAttribute('aria-invalid')).to.equal('false')
  })

  it('ties expiry and security code errors to their fields, focuses the first, and sends nothing', async () => {
    const { el, card } = await mountCard()
    await pay(el, { ...CARD, expiry: '13/30', cvv: '12' })
    await el.updateComplete
    for (const name of ['expiry', 'cvv']) {
      expect(field(el, name).getAttribute('aria-invalid'), name).to.equal('true')
      expect(field(el, name).getAttribute('aria-describedby'), name).to.equal(field(el, `${name}-error`).id)
    }
    expect(field(el, 'expiry-error').textContent).to.contain('MM / YY')
    expect(focused()).to.equal(nameOf(field(el, 'expiry')))
    expect(field(el, 'name').hasAttribute('aria-describedby')).to.be.false
    expect(card.sessions + card.charges.length + widget.calls.length).to.equal(0)
    await expect(el).to.be.accessible()

    // An American Express card has a four-digit code.
    await pay(el, { ...CARD, number: '378282246310005', cvv: '123' })
    await el.updateComplete
    expect(field(el, 'cvv').getAttribute('aria-invalid')).to.equal('true')
    expect(focused()).to.equal(nameOf(field(el, 'cvv')))
  })

  it('puts the violations CCBill throws on the fields they name', async () => {
    const { el, card } = await mountCard()
    widget.violations = [
      { propertyName: 'customerInfo.email', message: 'email.Must be a valid email address' },
      { target: null, propertyName: 'postalCode', message: 'postalCode.Must be a valid postal code' },
    ]
    await pay(el)
    await waitUntil(() => field(el, 'email-error'), 'no email error')
    expect(field(el, 'postal').getAttribute('aria-invalid')).to.equal('true')
    expect(focused()).to.equal(nameOf(field(el, 'email')))
    expect(card.charges).to.have.length(0)
    expect(submitButton(el).disabled).to.be.false
    expect(ccbillAttributes()).to.have.length(0)
  })

  it('explains a refused token and lets the payer try again', async () => {
    const { el, card, count } = await mountCard()
    widget.reject = Response.json({ errors: [], generalMessage: 'Validation failed!', errorCode: 200000 }, { status: 400 })
    await pay(el)
    await waitUntil(() => part(el, 'notice'), 'no notice')
    expect(partText(el, 'notice')).to.equal('These card details were not accepted. Check them and try again.')
    expect(part(el, 'notice')!.getAttribute('role')).to.equal('alert')
    widget.reject = Response.json({ errors: [{ field: 'paymentInfo.creditCardPaymentInfo.cardNum', message: 'Invalid' }] }, { status: 400 })
    await pay(el)
    await waitUntil(() => field(el, 'number-error'), 'no number error')
    widget.reject = Response.json({ errorCode: 100105 }, { status: 500 })
    await pay(el)
    await waitUntil(() => partText(el, 'notice').includes('just now'), 'no retryable notice')
    expect(card.charges).to.have.length(0)
    expect(count('pay-error')).to.equal(0)
  })

  it('approves: shows a receipt with amount, card ending and reference, and drops the form', async () => {
    const { el, api, card, count } = await mountCard()
    await pay(el)
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(partText(el, 'receipt')).to.equal('Payment approved. Thank you! $19.99 · Card ending 4242 Reference: co_test_1')
    expect(el.querySelector('form')).to.be.null
    expect(card.sessions).to.equal(1)
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'receipt'), 'receipt not focused')
    api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    await waitUntil(() => count('pay-complete') === 1)
    expect(partText(el, 'status')).to.equal('Payment received')
    await expect(el).to.be.accessible()
  })

  it('declines in plain words, keeps the form without the security code, and takes another card', async () => {
    const { el, card, count, api } = await mountCard()
    card.chargeReply = charge('declined', { decline_reason: 'declined', decline_code: '51', decline_text: 'Insufficient funds' })
    await pay(el)
    await waitUntil(() => part(el, 'notice'), 'no notice')
    expect(partText(el, 'notice')).to.equal(
      'Your bank declined this card. Nothing was charged. Try another card, or ask your bank why. Message from the bank: Insufficient funds',
    )
    expect(field(el, 'cvv').value).to.equal('')
    expect(field(el, 'number').value).to.equal('4242 4242 4242 4242')
    expect(field(el, 'name').value).to.equal('Tyler Thomas')
    expect(focused()).to.equal(nameOf(field(el, 'number')))
    expect(submitButton(el).disabled).to.be.false
    expect(count('pay-error')).to.equal(0)
    // The server keeps the checkout pending (a charge was tried), but nothing is in progress any more.
    api.update({ status: 'pending' })
    await waitUntil(() => partText(el, 'status') === 'Awaiting payment', 'status line still says a payment is in progress')
    await expect(el).to.be.accessible()

    card.chargeReply = charge('approved')
    await pay(el, { number: '5555555555554444', cvv: '321' })
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(partText(el, 'receipt')).to.contain('Card ending 4444')
    expect(card.charges).to.deep.equal([{ payment_token_id: 'tok1' }, { payment_token_id: 'tok2' }])
    expect(card.sessions).to.equal(1)
  })

  it('runs the 3-D Secure challenge in its own container, then charges with the result', async () => {
    const { el, card } = await mountCard()
    widget.sca = true
    let pass!: () => void
    widget.challenge = new Promise((resolve) => (pass = resolve))
    await pay(el)
    await waitUntil(() => widget.called('authenticateCustomer').length === 1, 'no challenge')
    const [call] = widget.called('authenticateCustomer')
    const container = document.getElementById(call!.args[4] as string)!
    expect(call!.args).to.deep.equal(['frontend-token', 900000, 1, el.querySelector('form'), container.id])
    expect(widget.called('createPaymentToken')).to.have.length(0)
    expect(el.contains(container)).to.be.true
    expect(container.querySelector('.challenge')!.checkVisibility()).to.be.true
    expect(partText(el, 'progress')).to.equal('Your bank wants to confirm it is you. Follow the steps below.')
    expect(call!.fields).to.include({ nameOnCard: 'Tyler Thomas', email: 'tyler@example.com', currencyCode: '840' })
    expect(focused()).to.equal(nameOf(container))
    expect(submitButton(el).disabled).to.be.true
    await expect(el).to.be.accessible()
    pass()
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    // Then the token, on the 3DS sub-account, charged with the result as CCBill's widget gave it.
    expect(widget.called('createPaymentToken')[0]!.args).to.deep.equal(['frontend-token', 900000, 1])
    expect(card.charges).to.deep.equal([{ payment_token_id: 'tok1', threeds: PASSED }])
  })

  it('says plainly when 3-D Secure fails', async () => {
    const { el, card } = await mountCard()
    widget.sca = { required: true }
    widget.auth = { ...PASSED, success: false, status: 'N', eci: '07', authenticationValue: '' }
    card.chargeReply = charge('declined', { decline_reason: 'authentication_failed' })
    await pay(el)
    await waitUntil(() => part(el, 'notice'), 'no notice')
    expect(partText(el, 'notice')).to.equal(
      'Your bank could not confirm it was you, so nothing was charged. Try again or use another card.',
    )
    expect(card.charges[0]!.threeds).to.deep.equal(widget.auth)
    expect(field(el, '3ds').hidden).to.be.true
    expect(field(el, '3ds').childElementCount).to.equal(0)

    // A challenge that cannot run at all charges nothing.
    widget.auth = Response.json({ errorCode: 200500 }, { status: 500 })
    await pay(el, { cvv: '123' })
    await waitUntil(() => widget.called('authenticateCustomer').length === 2)
    await waitUntil(() => !submitButton(el).disabled)
    expect(partText(el, 'notice')).to.contain('could not confirm it was you')
    expect(card.charges).to.have.length(1)
  })

  it('never sends two charges for a double click or Enter pressed twice', async () => {
    const { el, card } = await mountCard()
    let release!: () => void
    card.hold = new Promise((resolve) => (release = resolve))
    await fill(el, CARD)
    submitButton(el).click()
    submitButton(el).click()
    field(el, 'postal').focus()
    await sendKeys({ press: 'Enter' })
    await sendKeys({ press: 'Enter' })
    await waitUntil(() => card.charges.length === 1, 'no charge')
    expect(submitButton(el).disabled).to.be.true
    expect(partText(el, 'progress')).to.equal('Paying…')
    release()
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(card.charges).to.have.length(1)
    expect(card.sessions).to.equal(1)
    expect(widget.called('createPaymentToken')).to.have.length(1)
  })

  it('follows a charge already in progress for this checkout', async () => {
    const { el, card } = await mountCard()
    card.chargeReply = new PayApiError({ status: 409, code: 'charge_in_progress', message: 'busy', retryable: false })
    card.latest = [charge('approved')]
    await pay(el)
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(card.gets).to.equal(1)
    expect(card.charges).to.have.length(1)
  })

  it('says it is checking with the bank while the outcome is unknown, and asks again', async () => {
    const { el, card } = await mountCard()
    card.chargeReply = charge('processing')
    card.latest = [charge('approved')]
    await pay(el)
    await waitUntil(() => partText(el, 'progress') === 'Checking the payment with your bank…', 'not checking')
    expect(submitButton(el).disabled).to.be.true
    await waitUntil(() => part(el, 'receipt'), 'no receipt', { timeout: 4000 })
    expect(card.gets).to.equal(1)
    expect(card.charges).to.have.length(1)
  })

  it('stops asking once the live status says paid', async () => {
    const { el, api, card } = await mountCard()
    card.chargeReply = charge('processing')
    card.latest = [charge('processing')]
    await pay(el)
    await waitUntil(() => partText(el, 'progress').startsWith('Checking'), 'not checking')
    api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(partText(el, 'receipt')).to.not.contain('Card ending')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(card.gets).to.equal(0)
  })

  it('renews the session only when its token is about to expire', async () => {
    const card = new FakeCardApi()
    card.chargeReply = charge('declined', { decline_reason: 'try_again' })
    const { el } = await mountCard({ card })
    await pay(el)
    await waitUntil(() => part(el, 'notice'))
    await pay(el, { cvv: '123' })
    await waitUntil(() => card.charges.length === 2 && !submitButton(el).disabled)
    expect(card.sessions).to.equal(1)
    expect(partText(el, 'notice')).to.contain('could not be reached')

    card.sessionReply = { ...SESSION, auth_token: 'short-lived', auth_token_expires_at: new Date(Date.now() + 30_000).toISOString() }
    card.sessions = 0
    const { el: second } = await mountCard({ card, api: new FakePayApi(makeCheckout({ id: 'co_test_2' })) })
    for (const attempt of [1, 2]) {
      await pay(second, { ...CARD, cvv: '123' })
      await waitUntil(() => card.charges.length === 2 + attempt && !submitButton(second).disabled)
    }
    expect(card.sessions).to.equal(2)
  })

  it('keeps two card forms apart on one page', async () => {
    const { el: first } = await mountCard()
    const { el: second } = await mountCard({ api: new FakePayApi(makeCheckout({ id: 'co_test_2' })) })
    const ids = [...document.querySelectorAll('pay-card [id]')].map((node) => node.id)
    expect(new Set(ids).size).to.equal(ids.length)
    await fill(second, CARD)
    await pay(first)
    await waitUntil(() => part(first, 'receipt'))
    const [call] = widget.called('createPaymentToken')
    expect(call!.fields['cardNumber']).to.equal('4242424242424242')
    // Only the paying element's fields were visible to CCBill.
    expect(Object.keys(call!.fields)).to.have.length(15)
    expect(second.querySelectorAll('[data-ccbill]')).to.have.length(0)
  })

  it("starts on the country the merchant gave for the payer, or the page's country attribute", async () => {
    const { el } = await mountCard({ api: new FakePayApi(makeCheckout({ country: 'DE' })) })
    await waitUntil(() => field<HTMLSelectElement>(el, 'country').selectedOptions[0]?.textContent === 'Germany', 'not on Germany')
    expect(field<HTMLSelectElement>(el, 'country').value).to.equal('DE')
    el.country = 'FR'
    await el.updateComplete
    expect(field<HTMLSelectElement>(el, 'country').value).to.equal('FR')
  })

  it('shows the subscription terms before the Pay button and on the receipt, in every language', async () => {
    const subscription = { initial_period_days: 30, recurring_amount: '19.99', recurring_period_days: 30, rebills: 99 }
    const { el, api } = await mountCard({ api: new FakePayApi(makeCheckout({ amount: '49.00', currency: 'EUR', subscription })) })
    const terms = () => el.shadowRoot!.querySelector('[part~="subscription-terms"]')?.textContent?.replace(/\s+/g, ' ').trim()
    await waitUntil(() => terms(), 'no terms')
    expect(terms()).to.equal('Subscription€49.00 today for the first 30 days, then €19.99 every 30 days until you cancel.')
    expect(submitButton(el).disabled).to.equal(false)
    // Above the form, so above its Pay button.
    const termsBox = el.shadowRoot!.querySelector('[part~="subscription-terms"]')!
    const slot = el.shadowRoot!.querySelector('slot[name="card-form"]')!
    expect(termsBox.compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0)
    await expect(el).to.be.accessible()

    api.update({ subscription: { ...subscription, rebills: 5, recurring_period_days: 7 } })
    el.lang = 'id'
    await waitUntil(() => terms()?.startsWith('Langganan'), `no Indonesian terms: ${terms()}`)
    expect(terms()).to.equal('Langganan€49,00 hari ini untuk 30 hari pertama, lalu €19,99 setiap 7 hari, sebanyak 5 kali.')
    el.lang = 'zh-CN'
    await waitUntil(() => terms()?.startsWith('订阅'), 'no Chinese terms')
    expect(terms()).to.contain('€19.99')
    expect(terms()).to.contain('共5次')
    el.lang = 'en'

    await pay(el)
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    await waitUntil(() => part(el, 'receipt')!.textContent!.includes('every 7 days, 5 times'), 'no terms on the receipt')
    await expect(el).to.be.accessible()
  })

  it('speaks Indonesian, country names included', async () => {
    const { el } = await mountCard({
      lang: 'id',
      api: new FakePayApi(makeCheckout({ amount: '150000', currency: 'IDR', country: 'ID' })),
    })
    expect(el.querySelector(`label[for="${field(el, 'number').id}"]`)!.textContent).to.equal('Nomor kartu')
    expect(submitButton(el).textContent!.trim().replace(/\s/g, ' ')).to.equal('Bayar Rp 150.000')
    const country = field<HTMLSelectElement>(el, 'country')
    expect(country.value).to.equal('ID')
    expect(country.selectedOptions[0]!.textContent).to.equal('Indonesia')
    await pay(el, { ...CARD, country: 'ID', expiry: '01/20' })
    await el.updateComplete
    expect(field(el, 'expiry-error').textContent).to.equal('Masukkan masa berlaku sebagai BB / TT. Kartu tidak boleh kedaluwarsa.')
    await expect(el).to.be.accessible()
  })

  it('can be used with the keyboard alone, every field in order to the pay button', async () => {
    const { el, card } = await mountCard()
    field(el, 'number').focus()
    const typed: Record<string, string> = {
      number: '4242424242424242',
      expiry: '1234',
      cvv: '123',
      name: 'Tyler Thomas',
      email: 'tyler@example.com',
      // A closed select takes typed letters as a search, as keyboard users choose there.
      country: 'Germany',
    }
    const order = ['number', 'expiry', 'cvv', 'name', 'email', 'country', 'postal']
    for (const name of order) {
      expect(focused(), name).to.equal(nameOf(field(el, name)))
      if (typed[name]) await sendKeys({ type: typed[name] })
      if (name === 'postal') await sendKeys({ type: '85281' })
      await sendKeys({ press: 'Tab' })
    }
    expect(focused()).to.equal(nameOf(submitButton(el)))
    await sendKeys({ press: 'Enter' })
    await waitUntil(() => part(el, 'receipt'), 'no receipt')
    expect(card.charges).to.have.length(1)
    expect(widget.called('createPaymentToken')[0]!.fields).to.include({
      expMonth: '12',
      expYear: '2034',
      cardNumber: '4242424242424242',
      country: 'DE',
    })
  })

  it('says so when the checkout cannot be paid by card', async () => {
    const { el } = await mountCard({ api: new FakePayApi(makeCheckout({ methods: ['crypto'] })) })
    expect(el.shadowRoot!.querySelector('.note')!.textContent).to.equal('Card payment is not available for this order.')
    expect(el.querySelector('form')).to.be.null
  })
})

runPayElementSuite('pay-card', (el) => ((el as PayCard).cardApi = new FakeCardApi()))

describe('<pay-card> outside a test page', () => {
  it('is created without children, as custom elements must be', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`)
    const el = document.createElement('pay-card')
    expect(el.childElementCount).to.equal(0)
    container.append(el)
    expect(el.querySelector('[slot="card-form"]')).to.exist
  })
})
