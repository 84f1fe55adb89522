import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing'
import { html } from 'lit'
import '../pay-crypto/define.js'
import { PayCrypto } from '../pay-crypto/pay-crypto.js'
import { FakePayApi, makeCheckout, makeInitialState, networkError, notFoundError } from '../test-helpers/fake-pay-api.js'
import { mount, part, partText, settled } from '../test-helpers/mount.js'
import { definePayElement, PayElement } from './pay-element.js'
import type { ClientCheckout, ClientFirstScreens } from './types.js'
import { PayApiError } from './api.js'
import type { PayErrorEvent } from './events/pay-error.js'

/** A subclass with its own payment UI, to check the renderPayment() hook. */
class PaymentProbe extends PayElement {
  protected override renderPayment(checkout: ClientCheckout) {
    return html`<button part="pay-button" type="button">${this.localize.term('pay', checkout.amount)}</button>`
  }
}
definePayElement('payment-probe', PaymentProbe)

describe('definePayElement', () => {
  it('does nothing when the same class is defined again', () => {
    const warnings = captureWarnings(() => definePayElement('pay-crypto', PayCrypto))
    expect(warnings).to.deep.equal([])
    expect(customElements.get('pay-crypto')).to.equal(PayCrypto)
  })

  it('keeps the first class and warns when another copy defines the tag', () => {
    class SecondCopy extends PayElement {}
    const warnings = captureWarnings(() => definePayElement('pay-crypto', SecondCopy))
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.contain('<pay-crypto>')
    expect(customElements.get('pay-crypto')).to.equal(PayCrypto)
  })

  it('survives the element module being evaluated twice', async () => {
    // A query string makes the browser load a second, independent copy of the class, which the
    // second copy's entry then registers.
    const secondCopy = new URL('../pay-crypto/pay-crypto.ts?copy=2', import.meta.url).href
    const warnings: unknown[] = []
    const warn = console.warn
    console.warn = (message: unknown) => warnings.push(message)
    try {
      const copy = (await import(/* @vite-ignore */ secondCopy)) as { PayCrypto: CustomElementConstructor }
      expect(copy.PayCrypto).not.to.equal(PayCrypto)
      definePayElement('pay-crypto', copy.PayCrypto)
    } finally {
      console.warn = warn
    }
    expect(warnings, 'the second copy ran and was turned away').to.have.length(1)
    expect(customElements.get('pay-crypto')).to.equal(PayCrypto)
  })
})

describe('PayElement', () => {
  it('has sensible defaults', () => {
    const el = new PayCrypto()
    expect(el.server).to.equal('')
    expect(el.clientSecret).to.equal('')
    expect(el.product).to.equal('')
    expect(el.theme).to.equal(undefined)
    expect(el.api).to.equal(undefined)
  })

  it('loads the checkout by client secret and fires pay-ready once it is shown', async () => {
    const api = new FakePayApi()
    const el = document.createElement('pay-crypto')
    el.setAttribute('server', 'http://pay.test')
    el.setAttribute('client-secret', 'cs_test')
    el.api = api
    const ready = oneEvent(el, 'pay-ready')
    document.body.append(el)
    try {
      const event = await ready
      expect(event.detail.checkout.id).to.equal('co_test_1')
      expect(event.bubbles && event.composed).to.equal(true)
      expect(partText(el, 'amount'), 'rendered before pay-ready').to.equal('$19.99')
      expect(partText(el, 'description')).to.equal('Blue T-shirt')
      expect(partText(el, 'status')).to.equal('Awaiting payment')
      expect(partText(el, 'countdown')).to.match(/^Expires in 1[45]:\d\d$/)
    } finally {
      el.remove()
    }
  })

  it('does nothing without a server or api, or without a secret or product', async () => {
    const api = new FakePayApi()
    const { el, events } = await mount('pay-crypto', api, { server: 'http://pay.test' })
    await aTimeout(10)
    expect(api.calls).to.deep.equal([])
    expect(events).to.deep.equal([])
    expect(partText(el, 'status')).to.equal('')
  })

  it('fires pay-status-change on live changes, and pay-complete exactly once', async () => {
    const api = new FakePayApi()
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    const { el } = mounted

    const underpaid = oneEvent(el, 'pay-status-change')
    api.update({ status: 'underpaid', amount_paid: '15.00', amount_due: '4.99' })
    const change = await underpaid
    expect(change.detail.previousStatus).to.equal('open')
    expect(change.detail.checkout.status).to.equal('underpaid')
    await el.updateComplete
    expect(partText(el, 'amount-due')).to.equal('$4.99 still due')
    expect(part(el, 'countdown'), 'still payable').to.exist

    const complete = oneEvent(el, 'pay-complete')
    api.update({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    expect((await complete).detail.checkout.status).to.equal('paid')
    await el.updateComplete
    expect(partText(el, 'status')).to.equal('Payment received')
    expect(part(el, 'countdown'), 'no countdown once paid').to.equal(null)

    await aTimeout(30)
    expect(mounted.count('pay-complete')).to.equal(1)
    expect(mounted.count('pay-status-change')).to.equal(2)
  })

  it('fires pay-complete for a checkout paid before it loaded, and not again on reload', async () => {
    const api = new FakePayApi(makeCheckout({ status: 'overpaid', amount_paid: '25.00', amount_due: '0.00' }))
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    expect(mounted.count('pay-complete')).to.equal(1)

    // Same checkout, loaded again (the page swapped the secret for an equivalent one).
    mounted.el.clientSecret = 'cs_test_again'
    await waitUntil(() => mounted.count('pay-ready') === 2)
    expect(mounted.count('pay-complete')).to.equal(1)
    expect(api.count('openEvents'), 'nothing to follow').to.equal(0)
  })

  it('shows a retryable error with a Retry button that loads again', async () => {
    const api = new FakePayApi()
    api.failWith = networkError()
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    const { el } = mounted
    await settled(mounted)

    const error = mounted.events.find((event) => event.type === 'pay-error')
    expect(error && (error as GlobalEventHandlersEventMap['pay-error']).detail).to.deep.equal({
      code: 'network_error',
      message: 'Failed to fetch',
      retryable: true,
    })
    expect(part(el, 'error')?.getAttribute('role')).to.equal('alert')
    expect(partText(el, 'error')).to.contain('We could not reach the payment server')

    api.failWith = undefined
    const ready = oneEvent(el, 'pay-ready')
    part(el, 'retry-button')?.click()
    await ready
    await el.updateComplete
    expect(part(el, 'error')).to.equal(null)
    expect(partText(el, 'amount')).to.equal('$19.99')
  })

  it('offers no Retry for an error that will not pass', async () => {
    const api = new FakePayApi()
    api.failWith = notFoundError()
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    expect(part(mounted.el, 'error')).to.exist
    expect(partText(mounted.el, 'error')).to.contain('This checkout could not be found')
    expect(part(mounted.el, 'retry-button')).to.equal(null)
  })

  it('names an unknown client secret as a checkout not found', async () => {
    const api = new FakePayApi()
    api.failWith = new PayApiError({
      status: 401,
      code: 'invalid_client_secret',
      message: 'X-Client-Secret does not name a checkout',
      retryable: false,
    })
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    expect(mounted.events.filter((event) => event.type === 'pay-error').map((event) => (event as PayErrorEvent).detail.code)).to.deep.equal(
      ['checkout_not_found'],
    )
    expect(partText(mounted.el, 'error')).to.contain('could not be found')
  })

  it("says when to try again after a 429, in the payer's language, and keeps Retry", async () => {
    const api = new FakePayApi()
    api.failWith = new PayApiError({ status: 429, code: 'rate_limited', message: 'Slow down', retryable: true, retryAfterMs: 45_000 })
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    const error = mounted.events.find((event) => event.type === 'pay-error') as PayErrorEvent
    expect(error.detail).to.deep.equal({ code: 'rate_limited', message: 'Slow down', retryable: true })
    expect(partText(mounted.el, 'error')).to.contain('Too many attempts just now. Please try again in 45 seconds.')
    expect(partText(mounted.el, 'error')).not.to.contain('connection')
    expect(part(mounted.el, 'retry-button')).to.exist
    await expect(mounted.el).to.be.accessible()

    mounted.el.lang = 'id'
    await waitUntil(() => partText(mounted.el, 'error')?.includes('45 detik'))
    mounted.el.lang = 'zh-CN'
    await waitUntil(() => partText(mounted.el, 'error')?.includes('45秒'))
  })

  it('tells a server in trouble (5xx) from one out of reach', async () => {
    const api = new FakePayApi()
    api.failWith = new PayApiError({ status: 503, code: 'http_503', message: 'Request failed with status 503.', retryable: true })
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    expect(partText(mounted.el, 'error')).to.contain('could not answer just now')
  })

  it('creates a catalog checkout once, across a reconnect and a Retry', async () => {
    const api = new FakePayApi()
    const secrets: string[] = []
    const bootstrap = api.bootstrap.bind(api)
    let failuresLeft = 1
    api.bootstrap = async (secret, methods, initialState, options) => {
      secrets.push(secret)
      if (failuresLeft-- > 0) {
        api.calls.push('bootstrap')
        throw networkError()
      }
      return bootstrap(secret, methods, initialState, options)
    }
    api.holdRequests()
    const mounted = await mount<PayCrypto>('pay-crypto', api, { server: 'http://pay.test', product: 'sku-1' })
    const { el } = mounted

    // Moved in the page while the server is still creating the checkout.
    const parent = el.parentElement as HTMLElement
    el.remove()
    parent.append(el)
    api.release()
    await settled(mounted)
    expect(mounted.count('pay-error'), 'the read after the reconnect failed').to.equal(1)

    const ready = oneEvent(el, 'pay-ready')
    part(el, 'retry-button')?.click()
    await ready

    expect(api.count('createFromProduct')).to.equal(1)
    expect(secrets).to.deep.equal(['cs_for_sku-1', 'cs_for_sku-1'])
    expect(partText(el, 'amount')).to.equal('$19.99')
  })

  it('makes no request once removed from the page', async () => {
    const api = new FakePayApi()
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    await waitUntil(() => api.count('openEvents') === 1)

    mounted.el.remove()
    const calls = api.calls.length
    api.update({ status: 'pending' })
    await aTimeout(50)
    expect(api.calls.length).to.equal(calls)
    expect(mounted.count('pay-status-change'), 'no events from a removed element').to.equal(0)
  })

  it('lets a subclass render its payment UI below the summary', async () => {
    const mounted = await mount('payment-probe', new FakePayApi())
    await settled(mounted)
    expect(partText(mounted.el, 'pay-button')).to.equal('Pay 19.99')
    await expect(mounted.el).to.be.accessible()
  })

  it('reflects theme', async () => {
    const mounted = await mount<PayCrypto>('pay-crypto', new FakePayApi())
    mounted.el.theme = 'dark'
    await mounted.el.updateComplete
    expect(mounted.el.getAttribute('theme')).to.equal('dark')
  })
})

/** The crypto element's first screen: no deposit yet, one coin to pick. */
const CRYPTO_SCREEN: ClientFirstScreens = {
  crypto: {
    deposit: null,
    coins: [
      {
        symbol: 'USDT',
        name: 'Tether USD',
        networks: [{ token_id: 'usdt-trc20', network: 'TRC20', chain: 'TRX', name: 'Tron', memo: false, amount: '19.99' }],
      },
    ],
  },
}

/** The page's initial state of a crypto checkout (`<pay-crypto>` draws the coins from it). */
const cryptoState = (checkout: ClientCheckout) => makeInitialState(checkout, CRYPTO_SCREEN)

describe('first read and initial state', () => {
  const attributes = (state: string) => ({ server: 'http://pay.test', 'client-secret': 'cs_test', 'initial-state': state })

  it('reads the checkout and its first screen in one request, and draws from it without reading again', async () => {
    const api = new FakePayApi()
    api.screens = CRYPTO_SCREEN
    const mounted = await mount<PayCrypto>('pay-crypto', api)
    await settled(mounted)
    expect(part(mounted.el, 'coin-picker'), 'coins from the first read').to.not.equal(null)
    expect(api.calls).to.deep.equal(['bootstrap', 'openEvents'])
    expect(api.firstReads).to.deep.equal([{ methods: ['crypto'], initialState: undefined }])
  })

  it('draws an open checkout from the page at once, fires nothing until the server has answered, then shows the answer', async () => {
    const api = new FakePayApi()
    api.screens = CRYPTO_SCREEN
    api.holdRequests()
    const state = cryptoState(makeCheckout({ description: 'Kaus biru – ukuran M' }))
    // Whether the page's state was on screen when the server was asked (the ask waits for that frame).
    let drawnWhenAsked: boolean | undefined
    let element: PayCrypto | undefined
    const bootstrap = api.bootstrap.bind(api)
    api.bootstrap = (...args) => {
      drawnWhenAsked ??= !!element && part(element, 'amount') !== null
      return bootstrap(...args)
    }
    const mounted = await mount<PayCrypto>('pay-crypto', api, attributes(state), (el) => (element = el))
    const { el } = mounted
    await waitUntil(() => part(el, 'coin-picker'), 'not drawn from the initial state')
    expect(partText(el, 'description'), 'beyond ASCII in the state').to.equal('Kaus biru – ukuran M')
    expect(partText(el, 'amount')).to.equal('$19.99')
    expect(mounted.events).to.deep.equal([])
    // The server is asked once what the page drew has been painted.
    await waitUntil(() => api.firstReads.length, 'the server never asked')
    expect(drawnWhenAsked, "the page's state was drawn before the server was asked").to.equal(true)
    expect(api.firstReads).to.deep.equal([{ methods: ['crypto'], initialState: state }])
    api.release()
    await settled(mounted)
    expect(partText(el, 'description'), "the server's word replaces the page's").to.equal('Blue T-shirt')
    expect(mounted.count('pay-ready')).to.equal(1)
  })

  it('never shows from the page a status the server has not given: a paid, expired or unreadable state waits for the server', async () => {
    const states = [
      cryptoState(makeCheckout({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })),
      cryptoState(makeCheckout({ expires_at: new Date(Date.now() - 1000).toISOString() })),
      'not-a-state',
    ]
    for (const state of states) {
      const api = new FakePayApi()
      api.holdRequests()
      const mounted = await mount<PayCrypto>('pay-crypto', api, attributes(state))
      await aTimeout(30)
      expect(part(mounted.el, 'amount'), state).to.equal(null)
      expect(partText(mounted.el, 'status')).to.equal('Loading…')
      expect(mounted.events).to.deep.equal([])
      api.release()
      await settled(mounted)
      expect(partText(mounted.el, 'status')).to.equal('Awaiting payment')
      expect(mounted.count('pay-complete')).to.equal(0)
    }
  })

  it('takes back what the page showed when the server cannot confirm it', async () => {
    const api = new FakePayApi()
    api.holdRequests()
    api.failWith = networkError()
    const mounted = await mount<PayCrypto>('pay-crypto', api, attributes(cryptoState(makeCheckout())))
    await waitUntil(() => part(mounted.el, 'amount'), 'not drawn from the initial state')
    api.release()
    await settled(mounted)
    expect(part(mounted.el, 'amount')).to.equal(null)
    expect(part(mounted.el, 'coin-picker')).to.equal(null)
    expect(part(mounted.el, 'retry-button')).to.not.equal(null)
  })

  it('draws from a first read another element made, with no request of its own', async () => {
    const api = new FakePayApi()
    const mounted = await mount<PayCrypto>('pay-crypto', api, undefined, (el) => {
      el.firstRead = { checkout: makeCheckout({ description: 'Read by the checkout element' }), ...CRYPTO_SCREEN }
    })
    await settled(mounted)
    expect(partText(mounted.el, 'description')).to.equal('Read by the checkout element')
    expect(part(mounted.el, 'coin-picker')).to.not.equal(null)
    expect(api.count('bootstrap')).to.equal(0)
  })
})

function captureWarnings(run: () => void): string[] {
  const warnings: string[] = []
  const warn = console.warn
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '))
  try {
    run()
  } finally {
    console.warn = warn
  }
  return warnings
}
