import Big from 'big.js'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-types.js'
import {
  applyTransition,
  changeCheckout,
  ConcurrentChange,
  findCheckout,
  listPayments,
  type CheckoutContext,
  type TransitionResult,
} from '../../checkouts/checkouts.js'
import { canTransition } from '../../checkouts/state.js'
import type { CheckoutStatus } from '@pay-elements/contract'
import type { CcpaymentConfig } from '../../config.js'
import { ApiError } from '../../errors.js'
import { storable } from '../../http/body.js'
import { recordProviderEvent } from '../events.js'
import type { DepositDetails } from './deposits.js'
import { totalPaid } from './deposit-status.js'
import { checkCcpaymentSignature } from './sign.js'

const decimal = z.string().regex(/^\d+(\.\d+)?$/)

/** The fields we rely on; CCPayment sends more, which are kept in the raw payload. */
const depositWebhook = z.object({
  pay_status: z.string(),
  record_id: z.string().min(1).max(128).refine(storable),
  order_id: z.string(),
  paid_amount: decimal,
  order_amount: decimal,
  extend: z.object({ merchant_order_id: z.string().min(1).refine(storable) }).loose(),
  // In the docs' example though not in every SDK model; it lets a payment learnt from bill/info be recognised.
  txid: z.string().max(200).optional(),
})

/** A payment as the order's details keep it; `txid` since reconciliation matches on it. */
type StoredDeposit = DepositDetails['records'][number] & { txid?: string }

/** One on-chain payment into an order, as a webhook or bill/info tells of it. */
export interface IncomingDeposit {
  /** CCPayment's record_id; `bill-info:…` for a payment first learnt from bill/info (a later webhook adopts it). */
  record_id: string
  /** Empty for internal (Cwallet) transfers. */
  txid: string
  amount: string
  at: number
  /** What told us, kept in provider_events. */
  payload: string
}

const LEARNT_BY_INQUIRY = 'bill-info:'

/**
 * The stored payment `incoming` is, if any. A webhook is known by its record_id, or is one that
 * bill/info told of first (that entry's txid, or without txids its amount). A bill/info entry is
 * known by its txid, or by its amount among payments stored without one (a webhook may carry none).
 */
function sameDeposit(stored: StoredDeposit[], incoming: IncomingDeposit, claimed: Set<StoredDeposit>): StoredDeposit | undefined {
  const free = stored.filter((r) => !claimed.has(r))
  const byTxid = (r: StoredDeposit) => Boolean(incoming.txid) && r.txid === incoming.txid
  if (!incoming.record_id.startsWith(LEARNT_BY_INQUIRY)) {
    return (
      free.find((r) => r.record_id === incoming.record_id) ??
      free.find((r) => r.record_id.startsWith(LEARNT_BY_INQUIRY) && (incoming.txid ? byTxid(r) : !r.txid && r.amount === incoming.amount))
    )
  }
  return free.find(byTxid) ?? free.find((r) => !r.txid && r.amount === incoming.amount)
}

/**
 * Takes payments into one CCPayment order and moves its checkout accordingly, in one transaction:
 * the webhook and reconciliation (bill/info) both come through here, so a payment is counted once
 * however it is learnt of. Each new payment is recorded once as a provider event (the primary key
 * decides between concurrent copies); a webhook for a payment bill/info already told of adopts
 * that record instead of adding money. Resolves with how many payments were new.
 */
export async function takeDeposits(
  ctx: CheckoutContext,
  payment: { id: string; checkout_id: string },
  news: { evidence: string; orderAmount: string | null; deposits: IncomingDeposit[] },
): Promise<{ result: TransitionResult; taken: number }> {
  let taken = 0
  const result = await changeCheckout(ctx, payment.checkout_id, async (trx) => {
    taken = 0
    const now = ctx.clock()
    const checkout = (await findCheckout(trx, payment.checkout_id))!
    // Every payment of the checkout, as listPayments orders them: the merchant webhook lists them all.
    const payments = await listPayments(trx, checkout.id)
    const orders = payments
      .filter((p) => p.provider === 'ccpayment')
      .map((p) => ({ row: p, details: JSON.parse(p.details) as DepositDetails }))
    const mine = orders.find((o) => o.row.id === payment.id)!
    const records = mine.details.records as StoredDeposit[]
    const claimed = new Set<StoredDeposit>()
    let adopted = false
    for (const deposit of news.deposits) {
      const known = sameDeposit(records, deposit, claimed)
      if (known) {
        claimed.add(known)
        // The webhook of a payment bill/info told of first: it takes the record over, no money moves.
        if (known.record_id.startsWith(LEARNT_BY_INQUIRY) && !deposit.record_id.startsWith(LEARNT_BY_INQUIRY)) {
          await recordProviderEvent(trx, {
            provider: 'ccpayment',
            key: deposit.record_id,
            checkoutId: checkout.id,
            payload: deposit.payload,
            now,
          })
          known.record_id = deposit.record_id
          adopted = true
        }
        continue
      }
      const fresh = await recordProviderEvent(trx, {
        provider: 'ccpayment',
        key: deposit.record_id,
        checkoutId: checkout.id,
        payload: deposit.payload,
        now,
      })
      if (!fresh) continue
      const record: StoredDeposit = { record_id: deposit.record_id, amount: deposit.amount, at: deposit.at, txid: deposit.txid }
      records.push(record)
      claimed.add(record)
      taken++
    }
    if (!taken && !adopted) return { checkout, changed: false }
    // Hosted: the coin was chosen on CCPayment's page, so the order amount comes with the first payment.
    if (!mine.details.order_amount && news.orderAmount) mine.details.order_amount = news.orderAmount
    const details = JSON.stringify(mine.details)
    // Compare-and-set: a concurrent webhook for the same order must not overwrite this record, nor this one it.
    const updated = await trx
      .updateTable('payments')
      .set({ details, updated_at: now })
      .where('id', '=', payment.id)
      .where('details', '=', mine.row.details)
      .executeTakeFirst()
    if (updated.numUpdatedRows === 0n) throw new ConcurrentChange()
    if (!taken) return { checkout, changed: false }

    const { paid, status } = checkoutPaid(
      checkout.amount,
      orders.map((o) => o.details),
    )
    // Money that arrives after the checkout expired still counts (as paid, or on the record).
    const to = status && canTransition(checkout.status, status) ? status : checkout.status
    return applyTransition(
      trx,
      ctx,
      checkout.id,
      to,
      { by: 'provider', provider: 'ccpayment', evidence: news.evidence, record_ids: news.deposits.map((d) => d.record_id) },
      // The checkout read above: the move fails and all of this is redone if a concurrent webhook changed it meanwhile.
      {
        amountPaid: paid,
        current: checkout,
        payments: payments.map((p) => (p.id === payment.id ? { ...p, details, updated_at: now } : p)),
      },
    )
  })
  return { result, taken }
}

/**
 * What the whole checkout has received, in its own currency: each order contributes its share of
 * the checkout amount in proportion to the crypto paid against the crypto ordered, rounded down to
 * the cent, so an exact payment counts exactly and rounding never creates money.
 */
function checkoutPaid(amount: string, orders: DepositDetails[]): { paid: string; status: CheckoutStatus | null } {
  let paid = new Big(0)
  for (const order of orders) {
    if (!order.order_amount || !order.records.length) continue
    paid = paid.plus(new Big(amount).times(totalPaid(order.records)).div(order.order_amount))
  }
  const rounded = paid.round(2, Big.roundDown)
  const status = paid.eq(0) ? null : paid.lt(amount) ? 'underpaid' : paid.eq(amount) ? 'paid' : 'overpaid'
  return { paid: rounded.gt(amount) && status === 'paid' ? amount : rounded.toFixed(2), status }
}

/**
 * `POST /webhooks/ccpayment`: verifies the signature over the raw body in constant time, takes
 * each on-chain payment (`record_id`) once by database constraint, moves the checkout, and
 * answers `success` (CCPayment retries anything else up to 6 times).
 */
export function ccpaymentWebhookRoutes(deps: { ctx: CheckoutContext; config: { ccpayment: CcpaymentConfig } }) {
  const { ctx, config } = deps
  return new Hono<AppEnv>().post('/', async (c) => {
    const raw = await c.req.text()
    const problem = await checkCcpaymentSignature(config.ccpayment, c.req.raw.headers, raw, ctx.clock())
    if (problem) {
      c.var.log.warn({ problem }, 'ccpayment webhook refused')
      throw new ApiError(problem === 'stale_timestamp' ? 400 : 401, `webhook_${problem}`, 'The webhook signature does not check out')
    }
    let event: z.infer<typeof depositWebhook>
    try {
      event = depositWebhook.parse(JSON.parse(raw))
    } catch {
      throw new ApiError(400, 'invalid_webhook', 'The webhook body is not a CCPayment deposit notification')
    }
    // Only "success" confirms money; "pending"/"processing" are progress reports.
    if (event.pay_status !== 'success') return c.text('success')

    const reference = event.extend.merchant_order_id
    const payment = await ctx.db
      .selectFrom('payments')
      .select(['id', 'checkout_id'])
      .where('provider', '=', 'ccpayment')
      .where('provider_reference', '=', reference)
      .executeTakeFirst()
    if (!payment) {
      // Signed by our app but not one of our orders (another integration on the same app?): nothing to do here.
      c.var.log.warn({ reference }, 'ccpayment webhook for an unknown order')
      return c.text('success')
    }

    const { result, taken } = await takeDeposits(ctx, payment, {
      evidence: 'signed webhook',
      orderAmount: event.order_amount,
      deposits: [{ record_id: event.record_id, txid: event.txid ?? '', amount: event.paid_amount, at: ctx.clock(), payload: raw }],
    })
    if (!taken) c.set('webhookOutcome', 'duplicate')
    c.var.log.info(
      { checkoutId: payment.checkout_id, recordId: event.record_id, taken, changed: result.changed, status: result.checkout.status },
      'ccpayment webhook taken',
    )
    return c.text('success')
  })
}
