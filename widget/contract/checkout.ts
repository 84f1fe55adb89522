/**
 * The shapes a checkout takes on the wire. The elements and the server both import these, so the
 * browser and the server agree on one definition.
 */

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

/** Reply of `POST /v1/client/checkouts` (catalog mode). */
export interface ClientCheckoutCreated {
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
