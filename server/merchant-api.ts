import type { CheckoutStatus, PaymentMethod } from '@pay-elements/contract'

/**
 * The merchant API's shapes, as a merchant's backend reads and writes them: the create request,
 * the checkout, the webhook bodies and the events list. The server builds its answers from these
 * types (`toMerchantCheckout`, the outbox), so they cannot drift from what is sent. Amounts are
 * decimal strings in the currency's precision ("19.99", "150000" for IDR), never numbers.
 */

export interface Customer {
  email?: string
  name?: string
  /** Required by NICEPAY for a convenience-store code; digits with an optional leading "+". */
  phone?: string
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string
}

/** Recurring card terms (cards only): CCBill charges `recurring_amount` every period after the first. */
export interface Subscription {
  initial_period_days: number
  recurring_amount: string
  recurring_period_days: number
  /** Renewals after the first period, 0–99 (CCBill reads 99 as "until cancelled"). */
  rebills: number
}

/** `POST /v1/checkouts`. */
export interface CreateCheckoutRequest {
  /** A decimal string such as "19.99" (a JSON number is refused). */
  amount: string
  /** ISO 4217, such as "USD" or "IDR". */
  currency: string
  description?: string | null
  /** Your order id; `GET /v1/checkouts?reference=` finds it. */
  reference?: string | null
  /** Defaults to every enabled method that takes the currency (card only with a subscription). */
  methods?: PaymentMethod[]
  customer?: Customer | null
  /** Up to 50 string pairs, returned as given. */
  metadata?: Record<string, string>
  /** Seconds the checkout stays payable, 60–864000 (`PAY_CHECKOUT_TTL_SECONDS` by default). */
  expires_in?: number
  subscription?: Subscription | null
}

/** One attempt at a provider: a crypto deposit, a card charge, a store payment code. */
export interface MerchantPayment {
  id: string
  method: PaymentMethod
  provider: string
  /** The provider's own id: CCPayment order id, CCBill subscription id, NICEPAY tXid. */
  provider_reference: string
  /** The provider's status word for it. */
  status: string
  amount: string
  currency: string
  created_at: string
  updated_at: string
}

/** A checkout as the merchant API returns it. */
export interface MerchantCheckout {
  id: string
  /** Hand it to the page's element; absent from webhook bodies and events. */
  client_secret: string
  /**
   * In the create and read replies only: the checkout and its methods' first screens as they are
   * now, signed by the server. Put it in the page beside the client secret (the element's
   * `initial-state` attribute) and the element draws at once, without waiting for the server.
   */
  initial_state?: string
  status: CheckoutStatus
  amount: string
  currency: string
  amount_paid: string
  amount_due: string
  description: string | null
  reference: string | null
  methods: PaymentMethod[]
  customer: Customer | null
  metadata: Record<string, string>
  subscription: Subscription | null
  /** The catalog product it was created from, if any. */
  product: string | null
  payments: MerchantPayment[]
  /** Increases with every change. */
  version: number
  created_at: string
  updated_at: string
  expires_at: string
  mode: 'sandbox' | 'live'
}

/** `checkout.<status>` for each status the checkout moves into. */
export type CheckoutStatusEventType = `checkout.${CheckoutStatus}`

/** Money reached a checkout that was canceled: it stays canceled and the money is yours to refund. */
export type PaymentAfterCancelEventType = 'checkout.payment_after_cancel'

export type MerchantEventType = CheckoutStatusEventType | PaymentAfterCancelEventType

/**
 * The body posted to `PAY_MERCHANT_WEBHOOK_URL`, signed by the Standard Webhooks scheme. Verify
 * the raw bytes before parsing, and drop a `webhook-id` already processed (delivery is at least once).
 */
export interface WebhookEvent<T extends MerchantEventType = MerchantEventType> {
  type: T
  /** When the change was committed, ISO 8601. */
  timestamp: string
  /** The checkout right after the change. */
  data: Omit<MerchantCheckout, 'client_secret' | 'initial_state'>
}

/** An item of `GET /v1/events`: a webhook body and how its delivery stands. */
export interface MerchantEvent {
  /** Also the `webhook-id` header of each of its deliveries. */
  id: string
  object: 'event'
  type: MerchantEventType
  checkout_id: string
  created_at: string
  data: Omit<MerchantCheckout, 'client_secret' | 'initial_state'>
  delivery: {
    status: 'delivered' | 'pending' | 'retrying'
    attempts: number
    delivered_at: string | null
    next_attempt_at: string | null
    last_error: string | null
  }
}

/** `GET /v1/checkouts` and `GET /v1/events`: newest first; ask again with `starting_after` = the last id. */
export interface ListPage<T> {
  object: 'list'
  data: T[]
  has_more: boolean
}
