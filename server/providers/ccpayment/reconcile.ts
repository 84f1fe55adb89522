import type { CheckoutContext } from '../../checkouts/checkouts.js'
import type { ProviderReconcile } from '../types.js'
import type { CcpaymentClient } from './client.js'
import { takeDeposits, type IncomingDeposit } from './webhook.js'

/**
 * Reconciliation for CCPayment: one `bill/info` call for all of a checkout's active orders, and
 * every payment it lists goes through `takeDeposits`, as a webhook's does. A payment is counted
 * once however it is learnt of: bill/info's entries match stored ones by txid (or amount), and a
 * webhook arriving later adopts the entry bill/info made.
 */
export function ccpaymentReconcile(ctx: CheckoutContext, client: CcpaymentClient): ProviderReconcile {
  return async (checkoutId, permit) => {
    const orders = await ctx.db
      .selectFrom('payments')
      .select(['id', 'checkout_id', 'provider_reference'])
      .where('checkout_id', '=', checkoutId)
      .where('provider', '=', 'ccpayment')
      .where('status', '=', 'active')
      .orderBy('created_at')
      .limit(100) // bill/info takes at most 100 ids
      .execute()
    if (!orders.length) return 'nothing'
    if (!permit()) return 'deferred'
    const info = await client.billInfo(orders.map((o) => o.provider_reference))
    for (const order of orders) {
      const found = info.find((i) => i.order_detail.merchant_order_id === order.provider_reference)
      if (!found?.trade_list.length) continue
      const seen = new Map<string, number>()
      const deposits = found.trade_list.map((trade): IncomingDeposit => {
        // Internal transfers have no txid: such an entry is named by time and amount (and its rank among equals).
        const base = trade.txid || `${order.provider_reference}:${trade.pay_time}:${trade.amount}`
        const n = (seen.get(base) ?? 0) + 1
        seen.set(base, n)
        return {
          record_id: `bill-info:${base}${trade.txid || n === 1 ? '' : `:${n}`}`,
          txid: trade.txid,
          amount: trade.amount,
          at: trade.pay_time * 1000,
          payload: JSON.stringify({ source: 'bill/info', merchant_order_id: order.provider_reference, trade }),
        }
      })
      await takeDeposits(ctx, order, {
        evidence: 'bill/info (reconciliation)',
        orderAmount: found.order_detail.order_amount || null,
        deposits,
      })
    }
    return 'asked'
  }
}
