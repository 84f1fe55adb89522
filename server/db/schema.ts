import type { Kysely, Transaction } from 'kysely'
import type { CheckoutStatus, PaymentMethod } from '@pay-elements/contract'

/**
 * Table types for Kysely. Both databases store the same things the same way: times as integer
 * milliseconds since the epoch, money as decimal strings, structured values as JSON text.
 */

export interface CheckoutsTable {
  id: string
  client_secret: string
  status: CheckoutStatus
  amount: string
  currency: string
  description: string | null
  reference: string | null
  /** JSON array of PaymentMethod. */
  methods: string
  /** JSON object or null. */
  customer: string | null
  /** JSON object of strings. */
  metadata: string
  /** JSON object or null (cards only). */
  subscription: string | null
  product_id: string | null
  amount_paid: string
  /** Bumped on every change; compare-and-set guard and the live stream's cursor. */
  version: number
  created_at: number
  updated_at: number
  expires_at: number
}

export interface CheckoutEventsTable {
  id: string
  checkout_id: string
  /** The checkout's version after this change; unique per checkout. */
  version: number
  type: string
  from_status: CheckoutStatus | null
  to_status: CheckoutStatus
  /** JSON: what caused the change (provider evidence, clock, merchant). */
  cause: string
  created_at: number
}

export interface PaymentsTable {
  id: string
  checkout_id: string
  method: PaymentMethod
  provider: string
  /** The provider's id for this payment (order id, tXid, payment token…); unique per provider. */
  provider_reference: string
  status: string
  amount: string
  currency: string
  /** JSON: what the element shows (address, payment code…) and provider facts. */
  details: string
  created_at: number
  updated_at: number
}

export interface OutboxTable {
  /** Also the `webhook-id` the merchant de-duplicates on. */
  id: string
  checkout_id: string
  type: string
  /** The exact JSON body sent, fixed when the event is written. */
  payload: string
  created_at: number
  attempts: number
  next_attempt_at: number
  /** A sender holds a row until then; another instance may take it over afterwards. */
  lease_until: number | null
  delivered_at: number | null
  last_error: string | null
}

export interface IdempotencyKeysTable {
  /** The caller (merchant) and route the key belongs to, e.g. "merchant:POST /v1/checkouts". */
  scope: string
  key: string
  /** SHA-256 of the request body. */
  fingerprint: string
  state: 'running' | 'done'
  response_status: number | null
  response_body: string | null
  created_at: number
  updated_at: number
}

export interface ProviderEventsTable {
  provider: string
  /** The provider's own id for the event (CCPayment record_id, NICEPAY tXid + status…). */
  event_key: string
  checkout_id: string | null
  /** The raw body as received, for audit and replay by hand. */
  payload: string
  received_at: number
}

/**
 * A card charge attempt at CCBill. `charging`: the request is in flight; `processing`: its answer
 * was lost (found out by reading the token's charges, never by charging again); `approved`,
 * `declined`; `failed`: CCBill refused the request itself, so nothing was charged; `duplicate`:
 * CCBill charged it although another attempt had already paid the checkout (money to give back).
 */
export interface CcbillChargesTable {
  id: string
  checkout_id: string
  payment_token_id: string
  status: 'charging' | 'processing' | 'approved' | 'declined' | 'failed' | 'duplicate'
  /** 1 when charged through the 3DS endpoint. */
  threeds: number
  /** CCBill's subscriptionId (a 19–20 digit string) once approved. */
  subscription_id: string | null
  decline_code: string | null
  decline_text: string | null
  /** `declined`, `authentication_failed` or `try_again` (CardDeclineReason). */
  decline_reason: string | null
  created_at: number
  updated_at: number
}

/** Which checkout a CCBill payment token belongs to: the first to claim a charge with it. */
export interface CcbillPaymentTokensTable {
  payment_token_id: string
  checkout_id: string
  created_at: number
}

/** Request counts of the rate limits shared by every instance (PostgreSQL). */
export interface RateLimitsTable {
  /** The limit's name and the caller's key, e.g. "card-session-checkout:<hash>". */
  key: string
  /** Start of the key's current window (its first request in it), ms. */
  window_start: number
  hits: number
}

/** Reconciliation's bookkeeping for a checkout with a payment in flight (see `reconcile/reconciler.ts`). */
export interface ReconciliationsTable {
  checkout_id: string
  /** Provider checks made so far; the backoff doubles with each. */
  checks: number
  /** Not asked about again before this time, ms. */
  next_check_at: number
  /** The instance that leased the row asks the provider until then; nobody else does. */
  lease_until: number | null
  last_checked_at: number | null
  /** What the last check found: `changed`, `unchanged`, `skipped` or `error: …`. */
  last_outcome: string | null
}

/**
 * When a provider was last asked about a checkout's payment because a payer was watching it
 * (`LiveHooks.watch`): of all the streams and instances watching one checkout, one asks per interval.
 */
export interface ProviderWatchesTable {
  checkout_id: string
  asked_at: number
}

export interface Database {
  checkouts: CheckoutsTable
  checkout_events: CheckoutEventsTable
  payments: PaymentsTable
  outbox: OutboxTable
  idempotency_keys: IdempotencyKeysTable
  provider_events: ProviderEventsTable
  ccbill_charges: CcbillChargesTable
  ccbill_payment_tokens: CcbillPaymentTokensTable
  rate_limits: RateLimitsTable
  reconciliations: ReconciliationsTable
  provider_watches: ProviderWatchesTable
}

export type Db = Kysely<Database>
export type DbOrTrx = Kysely<Database> | Transaction<Database>
export type Dialect = 'sqlite' | 'postgres'
