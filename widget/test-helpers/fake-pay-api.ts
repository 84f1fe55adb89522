import type { CheckoutEvent, PayApi, RequestOptions } from '../shared/api.js'
import { PayApiError } from '../shared/api.js'
import {
  isFinalStatus,
  type ClientBootstrap,
  type ClientCheckout,
  type ClientCheckoutCreated,
  type ClientFirstScreens,
  type InitialState,
} from '../shared/types.js'

/** A checkout as the server would send it; open, $19.99, expiring in 15 minutes. */
export function makeCheckout(overrides: Partial<ClientCheckout> = {}): ClientCheckout {
  return {
    id: 'co_test_1',
    status: 'open',
    amount: '19.99',
    currency: 'USD',
    description: 'Blue T-shirt',
    methods: ['crypto', 'card', 'cvs'],
    amount_paid: '0.00',
    amount_due: '19.99',
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
    version: 1,
    mode: 'sandbox',
    subscription: null,
    country: null,
    ...overrides,
    final: overrides.final ?? isFinalStatus(overrides.status ?? 'open'),
  }
}

/**
 * An `initial-state` as the server writes it (`<base64url of ASCII JSON>.<signature>`, anything beyond
 * ASCII as `\u` escapes); the element cannot check the signature, so any will do here.
 */
export function makeInitialState(checkout: ClientCheckout, screens: ClientFirstScreens = {}): string {
  const state: InitialState = { checkout, ...screens, issued_at: new Date().toISOString() }
  const json = JSON.stringify(state).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `${btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.c2lnbmF0dXJl`
}

export const networkError = () => new PayApiError({ status: 0, code: 'network_error', message: 'Failed to fetch', retryable: true })

export const notFoundError = () =>
  new PayApiError({ status: 404, code: 'checkout_not_found', message: 'No such checkout', retryable: false })

type MethodName = keyof PayApi

/**
 * An in-memory companion server for element tests: holds one checkout, serves it through every
 * PayApi method, and lets a test change it (`update`) and fail or hold requests.
 */
export class FakePayApi implements PayApi {
  checkout: ClientCheckout
  readonly calls: MethodName[] = []
  /** Thrown by bootstrap / createFromProduct while set. */
  failWith: PayApiError | undefined
  /** The methods' first screens each read carries; a function answers from a test's own fakes (the deposit, the code). */
  screens: ClientFirstScreens | (() => ClientFirstScreens) = {}
  /** What each first read asked for: its methods and initial state. */
  readonly firstReads: { methods: string[]; initialState: string | undefined }[] = []
  private hold: Promise<void> | undefined
  private releaseHold: (() => void) | undefined
  private readonly waiters = new Set<() => void>()

  constructor(checkout: ClientCheckout = makeCheckout()) {
    this.checkout = checkout
  }

  count(method: MethodName): number {
    return this.calls.filter((call) => call === method).length
  }

  /** Keeps bootstrap / createFromProduct pending until `release()`: the loading state. */
  holdRequests(): void {
    this.hold = new Promise((resolve) => (this.releaseHold = resolve))
  }

  release(): void {
    this.releaseHold?.()
    this.hold = undefined
  }

  /** Changes the checkout as the server would (version + 1) and wakes every listener. */
  update(changes: Partial<ClientCheckout>): ClientCheckout {
    const status = changes.status ?? this.checkout.status
    this.checkout = { ...this.checkout, ...changes, version: this.checkout.version + 1, final: changes.final ?? isFinalStatus(status) }
    for (const wake of [...this.waiters]) wake()
    return this.checkout
  }

  async bootstrap(
    _secret: string,
    methods: string[],
    initialState: string | undefined,
    { signal }: RequestOptions,
  ): Promise<ClientBootstrap> {
    this.calls.push('bootstrap')
    this.firstReads.push({ methods, initialState })
    await this.hold
    signal.throwIfAborted()
    if (this.failWith) throw this.failWith
    return { checkout: { ...this.checkout }, ...this.screensNow() }
  }

  private screensNow(): ClientFirstScreens {
    return typeof this.screens === 'function' ? this.screens() : this.screens
  }

  async waitForChange(_secret: string, after: number, _wait: number, { signal }: RequestOptions) {
    this.calls.push('waitForChange')
    while (this.checkout.version <= after) await this.nextChange(signal)
    return { ...this.checkout }
  }

  async *openEvents(_secret: string, _lastEventId: string | null, { signal }: RequestOptions) {
    this.calls.push('openEvents')
    let sent = 0
    for (;;) {
      if (this.checkout.version > sent) {
        sent = this.checkout.version
        const event: CheckoutEvent = { id: String(sent), checkout: { ...this.checkout } }
        yield event
        if (this.checkout.final) return
      }
      await this.nextChange(signal)
    }
  }

  async createFromProduct(product: string, _methods: string[], { signal }: RequestOptions): Promise<ClientCheckoutCreated> {
    this.calls.push('createFromProduct')
    await this.hold
    signal.throwIfAborted()
    if (this.failWith) throw this.failWith
    return { client_secret: `cs_for_${product}`, checkout: { ...this.checkout }, ...this.screensNow() }
  }

  private nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const wake = () => {
        this.waiters.delete(wake)
        signal.removeEventListener('abort', abort)
        resolve()
      }
      const abort = () => {
        this.waiters.delete(wake)
        reject(signal.reason)
      }
      this.waiters.add(wake)
      signal.addEventListener('abort', abort, { once: true })
    })
  }
}
