import type { CheckoutRow } from '../../checkouts/checkouts.js'
import type { Db } from '../../db/schema.js'
import type { LiveHooks } from '../types.js'
import { NicepayRejected, NicepayUnavailable } from './client.js'
import { checkWithProvider, findCvsPayment, parseDetails, type NicepayService } from './payments.js'

/**
 * Takes the right to ask the provider about `checkoutId` now, unless someone asked less than
 * `intervalMs` ago: a conditional upsert decides, so of every stream and instance watching one
 * checkout exactly one asks per interval.
 */
export async function claimWatch(db: Db, checkoutId: string, now: number, intervalMs: number): Promise<boolean> {
  const claimed = await db
    .insertInto('provider_watches')
    .values({ checkout_id: checkoutId, asked_at: now })
    .onConflict((oc) =>
      oc
        .column('checkout_id')
        .doUpdateSet({ asked_at: now })
        .where('provider_watches.asked_at', '<=', now - intervalMs),
    )
    .returning('checkout_id')
    .executeTakeFirst()
  return claimed !== undefined
}

/**
 * NICEPAY notifies a payment, but not a code expiring at NICEPAY nor an Alfamart-group cashier
 * finding it (inquiry status 4 and 5). While a payer has the checkout open, its issued code is
 * looked up by inquiry every `intervalMs`, however many pages and instances watch it, and the
 * answer applied as any inquiry's (`checkWithProvider`): expired, ready at the till, or paid.
 */
export function nicepayWatch(svc: NicepayService, intervalMs: number): NonNullable<LiveHooks['watch']> {
  return async (checkout: CheckoutRow) => {
    if (checkout.status !== 'pending') return null
    const row = await findCvsPayment(svc.ctx.db, checkout.id)
    if (row?.status !== 'issued' || !parseDetails(row).tXid) return null
    if (!(await claimWatch(svc.ctx.db, checkout.id, svc.ctx.clock(), intervalMs))) return intervalMs
    try {
      await checkWithProvider(svc, row)
    } catch (error) {
      if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
      svc.log.warn({ err: error, checkoutId: checkout.id }, 'nicepay inquiry for a watched code failed; asking again later')
    }
    return intervalMs
  }
}
