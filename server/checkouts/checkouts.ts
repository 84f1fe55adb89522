import Big from 'big.js'
import { sql, type Selectable } from 'kysely'
import type { Config } from '../config.js'
import { runTransaction } from '../db/group-commit.js'
import type { CheckoutsTable, Db, DbOrTrx, Dialect, PaymentsTable } from '../db/schema.js'
import type { ChangeFeed } from '../live/changes.js'
import { randomId } from '../lib/crypto.js'
import type { Logger } from '../log.js'
import { amountDue, currencyDigits } from './money.js'
import { canExpire, canTransition, eventTypeFor } from './state.js'
import { FINAL_STATUSES, type CheckoutStatus, type ClientCheckout, type PaymentMethod } from '@pay-elements/contract'
import type {
  Customer,
  MerchantCheckout,
  MerchantEventType,
  PaymentAfterCancelEventType,
  Subscription,
  WebhookEvent,
} from '../merchant-api.js'

export type { Customer, MerchantCheckout, Subscription } from '../merchant-api.js'

export type CheckoutRow = Selectable<CheckoutsTable>
export type PaymentRow = Selectable<PaymentsTable>
export type Clock = () => number

/** What checkout functions need; built once per app. */
export interface CheckoutContext {
  db: Db
  dialect: Dialect
  clock: Clock
  changes: ChangeFeed
  log: Logger
  config: Pick<Config, 'mode' | 'merchantWebhook'>
  /** Called after a commit that wrote outbox rows (wakes the sender). */
  onOutbox?: () => void
  /** Called after a commit that moved a checkout, with the checkout as it now is (metrics). */
  onChanged?: (checkout: CheckoutRow) => void
}

/** A checkout to create, already validated and normalised. */
export interface NewCheckout {
  amount: string
  currency: string
  description: string | null
  reference: string | null
  methods: PaymentMethod[]
  customer: Customer | null
  metadata: Record<string, string>
  subscription: Subscription | null
  productId: string | null
  expiresInSeconds: number
}

/** Why a checkout changed, kept on its event row. */
export type Cause =
  { by: 'provider'; provider: string; evidence: string; [key: string]: unknown } | { by: 'clock' } | { by: 'merchant'; action: string }

export async function insertCheckout(trx: DbOrTrx, now: number, input: NewCheckout): Promise<CheckoutRow> {
  const row: CheckoutRow = {
    id: randomId('co'),
    // 256 bits: the only thing standing between a stranger and this checkout's payment page.
    client_secret: randomId('cs', 43),
    status: 'open',
    amount: input.amount,
    currency: input.currency,
    description: input.description,
    reference: input.reference,
    methods: JSON.stringify(input.methods),
    customer: input.customer ? JSON.stringify(input.customer) : null,
    metadata: JSON.stringify(input.metadata),
    subscription: input.subscription ? JSON.stringify(input.subscription) : null,
    product_id: input.productId,
    amount_paid: (0).toFixed(currencyDigits(input.currency)),
    version: 1,
    created_at: now,
    updated_at: now,
    expires_at: now + input.expiresInSeconds * 1000,
  }
  await trx.insertInto('checkouts').values(row).execute()
  await trx
    .insertInto('checkout_events')
    .values({
      id: randomId('ev'),
      checkout_id: row.id,
      version: 1,
      type: 'checkout.created',
      from_status: null,
      to_status: 'open',
      cause: JSON.stringify({ by: 'merchant', action: input.productId ? 'catalog' : 'create' }),
      created_at: now,
    })
    .execute()
  return row
}

/**
 * Takes the checkout's row lock for the rest of the transaction (PostgreSQL `FOR UPDATE`), so that
 * whatever the transaction reads of the checkout and its payments stays true until it commits: a
 * cancel and the start of a payment, two settlements, are decided one after the other. On SQLite
 * every change already runs alone (one connection, `runTransaction`), so there is nothing to take.
 */
export async function lockCheckout(trx: DbOrTrx, dialect: Dialect, id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select 1 from checkouts where id = ${id} for update`.execute(trx)
}

export function findCheckout(db: DbOrTrx, id: string): Promise<CheckoutRow | undefined> {
  return db.selectFrom('checkouts').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findCheckoutBySecret(db: DbOrTrx, clientSecret: string): Promise<CheckoutRow | undefined> {
  return db.selectFrom('checkouts').selectAll().where('client_secret', '=', clientSecret).executeTakeFirst()
}

export function listPayments(db: DbOrTrx, checkoutId: string): Promise<PaymentRow[]> {
  return db.selectFrom('payments').selectAll().where('checkout_id', '=', checkoutId).orderBy('created_at').execute()
}

export interface TransitionResult {
  checkout: CheckoutRow
  changed: boolean
  /** The change moved neither status nor money (`notePaymentChange`). */
  noted?: boolean
}

export interface TransitionUpdate {
  amountPaid?: string
  /** Move only from one of these statuses (the merchant's cancel: only from open). */
  onlyFrom?: readonly CheckoutStatus[]
  /**
   * The checkout as the caller read it earlier in this transaction, instead of reading it again.
   * The move then also fails (and `changeCheckout` retries) if anyone changed the checkout since
   * that read, so whatever the caller based on it is current.
   */
  current?: CheckoutRow
  /** All of the checkout's payments as this transaction leaves them, if the caller has them (for the merchant webhook). */
  payments?: PaymentRow[]
}

/**
 * Thrown inside `changeCheckout`'s work when another writer changed what it read (the checkout, or
 * a row the work compares and sets itself): the work is rolled back and run again.
 */
export class ConcurrentChange extends Error {}

/** The merchant event for money that reached a canceled checkout: it is theirs to give back. */
export const PAYMENT_AFTER_CANCEL: PaymentAfterCancelEventType = 'checkout.payment_after_cancel'

/**
 * Moves a checkout to `to` inside `trx`, writing the event row and (when the merchant has a
 * webhook) the outbox row in the same transaction. A move the state machine does not allow, or
 * one that changes nothing, is ignored and reported as `changed: false`: providers deliver late
 * and out of order. Money is never ignored, though: money that reaches a canceled checkout is
 * recorded on it (it stays canceled) as a `checkout.payment_after_cancel` event. Use it inside
 * `changeCheckout`, which retries on a concurrent change.
 */
export async function applyTransition(
  trx: DbOrTrx,
  ctx: CheckoutContext,
  id: string,
  to: CheckoutStatus,
  cause: Cause,
  update: TransitionUpdate = {},
): Promise<TransitionResult> {
  const current = update.current ?? (await findCheckout(trx, id))
  if (!current) throw new Error(`checkout ${id} does not exist`)
  const amountPaid = update.amountPaid ?? current.amount_paid
  // A provider order can outlive the cancel (CCPayment has no cancel call; a store may take a code
  // in the moment it is withdrawn): the checkout stays canceled and says what it received.
  const paidAfterCancel = current.status === 'canceled' && new Big(amountPaid).gt(current.amount_paid)
  const status = paidAfterCancel ? 'canceled' : to
  const sameStatus = current.status === status
  const unchanged = sameStatus && amountPaid === current.amount_paid
  const refused = !sameStatus && (!canTransition(current.status, status) || (update.onlyFrom && !update.onlyFrom.includes(current.status)))
  if (unchanged || refused) return { checkout: current, changed: false }

  const now = ctx.clock()
  const next: CheckoutRow = { ...current, status, amount_paid: amountPaid, version: current.version + 1, updated_at: now }
  // Compare-and-set on the version: of two concurrent movers exactly one wins.
  const updated = await trx
    .updateTable('checkouts')
    .set({ status: next.status, amount_paid: next.amount_paid, version: next.version, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (updated.numUpdatedRows === 0n) throw new ConcurrentChange()
  const type = paidAfterCancel ? PAYMENT_AFTER_CANCEL : eventTypeFor(status)
  await trx
    .insertInto('checkout_events')
    .values({
      id: randomId('ev'),
      checkout_id: id,
      version: next.version,
      type,
      from_status: current.status,
      to_status: status,
      cause: JSON.stringify(cause),
      created_at: now,
    })
    .execute()
  if (ctx.config.merchantWebhook) {
    const payments = update.payments ?? (await listPayments(trx, id))
    await enqueueMerchantEvent(trx, now, type, toMerchantCheckout(next, payments, ctx.config.mode))
  }
  return { checkout: next, changed: true }
}

/** The event row of a change the payer sees at a provider that moves neither status nor money. */
export const PAYMENT_UPDATED = 'checkout.payment_updated'

/**
 * Records, inside `trx`, a change of a payment that the payer should see although the checkout's
 * status and money stay as they are (a store's cashier has found the code): the version goes up,
 * so live streams and long-polls carry it at once, with an event row saying why. The merchant is
 * not told: nothing they act on changed. Use it inside `changeCheckout`.
 */
export async function notePaymentChange(trx: DbOrTrx, ctx: CheckoutContext, current: CheckoutRow, cause: Cause): Promise<TransitionResult> {
  const now = ctx.clock()
  const next: CheckoutRow = { ...current, version: current.version + 1, updated_at: now }
  const updated = await trx
    .updateTable('checkouts')
    .set({ version: next.version, updated_at: now })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (updated.numUpdatedRows === 0n) throw new ConcurrentChange()
  await trx
    .insertInto('checkout_events')
    .values({
      id: randomId('ev'),
      checkout_id: current.id,
      version: next.version,
      type: PAYMENT_UPDATED,
      from_status: current.status,
      to_status: current.status,
      cause: JSON.stringify(cause),
      created_at: now,
    })
    .execute()
  return { checkout: next, changed: true, noted: true }
}

/**
 * Runs `work` in one transaction that may move checkout `id` (with `applyTransition`), under the
 * checkout's row lock (`lockCheckout`), retrying it whole when another writer moved the checkout
 * first, and tells live streams and the webhook sender after the commit. Anything else `work` writes (a provider receipt, a payment row) commits
 * or rolls back with the move. On SQLite concurrent calls share a COMMIT (`runTransaction`), so
 * `work` must touch the database through `trx` only.
 */
export async function changeCheckout(
  ctx: CheckoutContext,
  id: string,
  work: (trx: DbOrTrx) => Promise<TransitionResult>,
): Promise<TransitionResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await runTransaction(ctx.db, async (trx) => {
        await lockCheckout(trx, ctx.dialect, id)
        return work(trx)
      })
      if (result.changed) {
        if (!result.noted) ctx.onChanged?.(result.checkout)
        if (ctx.config.merchantWebhook) ctx.onOutbox?.()
        await publishChange(ctx, id)
      }
      return result
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= 10) throw error
    }
  }
}

/** Moves a checkout in a transaction of its own; see `applyTransition`. */
export function transitionCheckout(
  ctx: CheckoutContext,
  id: string,
  to: CheckoutStatus,
  cause: Cause,
  update: TransitionUpdate = {},
): Promise<TransitionResult> {
  return changeCheckout(ctx, id, (trx) => applyTransition(trx, ctx, id, to, cause, update))
}

async function publishChange(ctx: CheckoutContext, id: string): Promise<void> {
  // The change is committed; a lost notice only delays live streams until their next re-read.
  await ctx.changes.publish(id).catch((error: unknown) => ctx.log.warn({ err: error, checkoutId: id }, 'could not publish change'))
}

async function enqueueMerchantEvent(trx: DbOrTrx, now: number, type: MerchantEventType, checkout: MerchantCheckout) {
  // The client secret stays out of webhook bodies: the merchant has it, and bodies end up in logs.
  const { client_secret: _secret, ...data } = checkout
  await trx
    .insertInto('outbox')
    .values({
      id: randomId('msg'),
      checkout_id: data.id,
      type,
      payload: JSON.stringify({ type, timestamp: new Date(now).toISOString(), data } satisfies WebhookEvent),
      created_at: now,
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      delivered_at: null,
      last_error: null,
    })
    .execute()
}

/** Expires checkouts whose time is up; returns how many moved. */
export async function expireDueCheckouts(ctx: CheckoutContext, limit = 100): Promise<number> {
  const due = await ctx.db
    .selectFrom('checkouts')
    .select('id')
    .where('status', 'in', ['open', 'pending', 'underpaid'])
    .where('expires_at', '<=', ctx.clock())
    .orderBy('expires_at')
    .limit(limit)
    .execute()
  let moved = 0
  for (const { id } of due) {
    if ((await transitionCheckout(ctx, id, 'expired', { by: 'clock' })).changed) moved++
  }
  return moved
}

/** Reads may land between the deadline and the next sweep: expire on the spot so no one sees a stale "open". */
export async function expireIfDue(ctx: CheckoutContext, row: CheckoutRow): Promise<CheckoutRow> {
  if (!canExpire(row.status) || row.expires_at > ctx.clock()) return row
  return (await transitionCheckout(ctx, row.id, 'expired', { by: 'clock' })).checkout
}

const iso = (ms: number) => new Date(ms).toISOString()

/** `final`: whether anything can still change the checkout (see `ClientCheckout.final`); by default, whether its status is final. */
export function toClientCheckout(row: CheckoutRow, mode: Config['mode'], final = FINAL_STATUSES.includes(row.status)): ClientCheckout {
  return {
    id: row.id,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    methods: JSON.parse(row.methods) as PaymentMethod[],
    amount_paid: row.amount_paid,
    amount_due: amountDue(row.amount, row.amount_paid, row.currency),
    expires_at: iso(row.expires_at),
    version: row.version,
    mode,
    final,
    subscription: row.subscription ? (JSON.parse(row.subscription) as Subscription) : null,
    country: row.customer ? ((JSON.parse(row.customer) as Customer).country ?? null) : null,
  }
}

export function toMerchantCheckout(row: CheckoutRow, payments: PaymentRow[], mode: Config['mode']): MerchantCheckout {
  return {
    id: row.id,
    client_secret: row.client_secret,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    amount_paid: row.amount_paid,
    amount_due: amountDue(row.amount, row.amount_paid, row.currency),
    description: row.description,
    reference: row.reference,
    methods: JSON.parse(row.methods) as PaymentMethod[],
    customer: row.customer ? (JSON.parse(row.customer) as Customer) : null,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    subscription: row.subscription ? (JSON.parse(row.subscription) as Subscription) : null,
    product: row.product_id,
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      provider: p.provider,
      provider_reference: p.provider_reference,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      created_at: iso(p.created_at),
      updated_at: iso(p.updated_at),
    })),
    version: row.version,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    expires_at: iso(row.expires_at),
    mode,
  }
}
