import type { CheckoutContext } from '../../checkouts/checkouts.js'
import type { ProviderReconcile } from '../types.js'
import { latestCharge, type CardCharges } from './charges.js'

/**
 * Reconciliation for CCBill: a charge attempt whose answer was lost is settled the one way it
 * ever is, by reading the token's charges (`current`, as the browser's status read and the
 * webhook do), never by charging again.
 */
export function ccbillReconcile(ctx: CheckoutContext, charges: CardCharges): ProviderReconcile {
  return async (checkoutId, permit) => {
    const latest = await latestCharge(ctx.db, checkoutId)
    if (!latest || !charges.answerLost(latest)) return 'nothing'
    if (!permit()) return 'deferred'
    await charges.current(checkoutId)
    return 'asked'
  }
}
