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
} from '../../checkouts/checkouts.js'
import { canTransition } from '../../checkouts/state.js'
import type { CheckoutStatus } from '@pay-elements/contract'
import type { CcpaymentConfig } from '../../config.js'
import { ApiError } from '../../errors.js'
import { recordProviderEvent } from '../events.js'
import type { DepositDetails } from './deposits.js'
import { totalPaid } from './deposit-status.js'
import { checkCcpaymentSignature } from './sign.js'

const decimal = z.string().regex(/^\d+(\.\d+)?$/)

/** The fields we rely on; CCPayment sends more, which are kept in the raw payload. */
const depositWebhook = z.object({
  pay_status: z.string(),
  record_id: z.string().min(1).max(128),
  order_id: z.string(),
  paid_amount: decimal,
  order_amount: decimal,
  extend: z.object({ merchant_order_id: z.string().min(1) }).loose(),
})

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

    const result = await changeCheckout(ctx, payment.checkout_id, async (trx) => {
      const now = ctx.clock()
      const checkout = (await findCheckout(trx, payment.checkout_id))!
      const fresh = await recordProviderEvent(trx, {
        provider: 'ccpayment',
        key: event.record_id,
        checkoutId: checkout.id,
        payload: raw,
        now,
      })
      if (!fresh) return { checkout, changed: false }

      // Every payment of the checkout, as listPayments orders them: the merchant webhook lists them all.
      const payments = await listPayments(trx, checkout.id)
      const orders = payments
        .filter((p) => p.provider === 'ccpayment')
        .map((p) => ({ row: p, details: JSON.parse(p.details) as DepositDetails }))
      const mine = orders.find((o) => o.row.id === payment.id)!
      mine.details.records.push({ record_id: event.record_id, amount: event.paid_amount, at: now })
      if (!mine.details.order_amount) mine.details.order_amount = event.order_amount // hosted: the coin was chosen on CCPayment's page
      const details = JSON.stringify(mine.details)
      // Compare-and-set: a concurrent webhook for the same order must not overwrite this record, nor this one it.
      const updated = await trx
        .updateTable('payments')
        .set({ details, updated_at: now })
        .where('id', '=', payment.id)
        .where('details', '=', mine.row.details)
        .executeTakeFirst()
      if (updated.numUpdatedRows === 0n) throw new ConcurrentChange()

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
        { by: 'provider', provider: 'ccpayment', evidence: 'signed webhook', record_id: event.record_id },
        // The checkout read above: the move fails and all of this is redone if a concurrent webhook changed it meanwhile.
        {
          amountPaid: paid,
          current: checkout,
          payments: payments.map((p) => (p.id === payment.id ? { ...p, details, updated_at: now } : p)),
        },
      )
    })
    c.var.log.info(
      { checkoutId: payment.checkout_id, recordId: event.record_id, changed: result.changed, status: result.checkout.status },
      'ccpayment webhook taken',
    )
    return c.text('success')
  })
}
