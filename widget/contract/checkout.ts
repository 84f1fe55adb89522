/**
 * The shapes a checkout takes on the wire. The elements and the server both import these, so the
 * browser and the server agree on one definition.
 */
import type { CardCharge } from './card.js'
import type { CoinOption, DepositView } from './crypto.js'
import type { CvsPayment } from './cvs.js'

export const CHECKOUT_STATUSES = ['open', 'pending', 'underpaid', 'paid', 'overpaid', 'failed', 'expired', 'canceled', 'refunded'] as const
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number]

export const PAYMENT_METHODS = ['crypto', 'card', 'cvs'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** What the browser may see of a checkout, by its client secret. */
export interface ClientCheckout {
  id: string
  status: CheckoutStatus
  /** Decimal string in the currency's precision, e.g. "19.99", "150000". */
  amount: string
  /** ISO 4217 alphabetic code. */
  currency: string
  description: string | null
  methods: PaymentMethod[]
  /** What the providers have confirmed as received, same precision as `amount`. */
  amount_paid: string
  /** `amount - amount_paid`, never negative. */
  amount_due: string
  /** ISO 8601 UTC. */
  expires_at: string
  /** Increases by one with every change; the live stream and long-poll use it as a cursor. */
  version: number
  /**
   * Nothing can change this checkout any more (a refund aside), so following it may stop. A final
   * status usually means final, except where money can still arrive: an expired checkout whose
   * crypto deposit address was shown stays `false` while CCPayment still credits late payments.
   */
  final: boolean
  /** `sandbox` when the providers are the built-in simulators. */
  mode: 'sandbox' | 'live'
  /** Recurring terms the card payment agrees to (cards only), shown to the payer before paying; null for a one-off payment. */
  subscription: CheckoutSubscription | null
  /** The payer's country as the merchant gave it (`customer.country`, ISO 3166-1 alpha-2), or null. */
  country: string | null
}

/** A card checkout's subscription: the amount paid now covers the first period; CCBill then rebills. */
export interface CheckoutSubscription {
  /** Days the first payment (the checkout's `amount`) covers. */
  initial_period_days: number
  /** What each renewal costs, a decimal string in the checkout's currency. */
  recurring_amount: string
  /** Days between renewals. */
  recurring_period_days: number
  /** How many renewals: 0 none, 99 until the payer cancels. */
  rebills: number
}

/**
 * What each method's element draws first, read with the checkout in one request: a section for
 * each method asked for that the checkout offers.
 */
export interface ClientFirstScreens {
  /** The deposit in progress (null before one), and the coins to choose from while there is none (null if CCPayment could not list them: ask `/crypto/options`). */
  crypto?: { deposit: DepositView | null; coins: CoinOption[] | null }
  /** The code issued for this checkout, null before one. */
  cvs?: { payment: CvsPayment | null }
  /** The latest charge attempt, null before any. */
  card?: { charge: CardCharge | null }
}

/**
 * Body of `POST /v1/client/bootstrap`. Sent as `text/plain` so that the browser needs no CORS
 * preflight: the client secret travels in the body (never in the URL), and the route only reads.
 */
export interface ClientBootstrapRequest {
  client_secret: string
  /** Whose first screen to include; the checkout's own methods when left out. */
  methods?: PaymentMethod[]
  /** The `initial_state` the page was given, for the server to check it issued it (see the reply's `initial_state`). */
  initial_state?: string
}

/** Reply of `POST /v1/client/bootstrap`: the checkout and its methods' first screens, as they are now. */
export interface ClientBootstrap extends ClientFirstScreens {
  checkout: ClientCheckout
  /** Present when the request carried an initial state: `valid` if this server signed it for this checkout. */
  initial_state?: 'valid' | 'invalid'
}

/**
 * What an `initial_state` string carries (`<payload>.<signature>`, the payload base64url JSON): the
 * create-checkout reply's view of the checkout and every method's first screen, signed by the
 * server. A page hands it to the element, which draws from it at once and confirms with the server.
 */
export interface InitialState extends ClientFirstScreens {
  checkout: ClientCheckout
  /** ISO 8601 UTC, when the server issued it. */
  issued_at: string
}

/** Reply of `POST /v1/client/checkouts` (catalog mode), with the first screens of the methods asked for. */
export interface ClientCheckoutCreated extends ClientFirstScreens {
  client_secret: string
  checkout: ClientCheckout
}

/** Every error body: `{ error: { code, message, field? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string }
}

/**
 * Statuses after which nothing more happens to a checkout on its own (a refund aside). Late money
 * can still move an expired one (see `ClientCheckout.final`, which is what streams close on).
 */
export const FINAL_STATUSES: readonly CheckoutStatus[] = ['paid', 'overpaid', 'failed', 'expired', 'canceled', 'refunded']

/** Statuses in which the payer has paid what was asked (or more). */
export const COMPLETE_STATUSES: readonly CheckoutStatus[] = ['paid', 'overpaid']
