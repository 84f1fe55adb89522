import type { ProviderReconcile } from '../types.js'
import { checkWithProvider, findCvsPayment, type NicepayService } from './payments.js'

/**
 * Reconciliation for NICEPAY: an issued code is looked up by inquiry, exactly as a notification
 * is confirmed (`checkWithProvider`): status 0 makes the checkout paid (once per tXid), 4 expired.
 */
export function nicepayReconcile(svc: NicepayService): ProviderReconcile {
  return async (checkoutId, permit) => {
    const row = await findCvsPayment(svc.ctx.db, checkoutId)
    if (row?.status !== 'issued') return 'nothing'
    if (!permit()) return 'deferred'
    await checkWithProvider(svc, row)
    return 'asked'
  }
}
