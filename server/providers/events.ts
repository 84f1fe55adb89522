import type { DbOrTrx } from '../db/schema.js'

/**
 * Records a provider event once. Returns false when the same provider already sent an event with
 * this key: the primary key decides, so concurrent copies cannot both pass. Call it inside
 * `changeCheckout` so the record and the change it causes commit together.
 */
export async function recordProviderEvent(
  trx: DbOrTrx,
  event: { provider: string; key: string; checkoutId: string | null; payload: string; now: number },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('provider_events')
    .values({
      provider: event.provider,
      event_key: event.key,
      checkout_id: event.checkoutId,
      payload: event.payload,
      received_at: event.now,
    })
    .onConflict((oc) => oc.columns(['provider', 'event_key']).doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
}
