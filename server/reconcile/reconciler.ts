import { sql } from 'kysely'
import { findCheckout, type CheckoutContext } from '../checkouts/checkouts.js'
import type { Metrics } from '../metrics.js'
import type { ProviderReconcile, ReconcileResult } from '../providers/types.js'

/**
 * Reconciliation: a background job that asks the providers about every checkout with a payment in
 * flight and no news for a while, so that a lost webhook (a merchant outage, a firewall, a provider
 * that gave up retrying) does not leave a checkout wrong. Each provider's answer is applied by the
 * same code a webhook goes through (see each provider's `reconcile.ts`).
 *
 * - Which checkouts: pending or underpaid, or expired within the last day (late money still counts),
 *   with a payment or card charge, unchanged for at least one interval.
 * - Backoff per checkout: after a check that changed nothing the next waits one interval, then
 *   two, four … up to an hour; a change starts the count again.
 * - A ceiling on provider calls per minute (per instance): when it is reached, the rest waits for
 *   the next pass.
 * - Every instance may run it: a checkout is leased (a row in `reconciliations`, taken by a
 *   conditional upsert) before its provider is asked, so only one instance asks at a time.
 */

/** Expired checkouts are still asked about this long after their deadline (a payment made just before it). */
export const LATE_PAYMENT_WINDOW_MS = 24 * 3600_000
const MAX_BACKOFF_MS = 3600_000

export interface ReconcilerOptions {
  ctx: CheckoutContext
  providers: ReadonlyMap<string, ProviderReconcile>
  /** Between passes, and the quiet time before a checkout is first asked about. */
  intervalMs: number
  callsPerMinute: number
  /** How long an instance holds a checkout it is asking about (longer than its provider calls can take). */
  leaseMs: number
  batchSize?: number
  metrics?: Metrics
}

export interface PassResult {
  /** Checkouts looked at. */
  checked: number
  /** Provider calls made. */
  calls: number
  /** Checkouts whose status or amount changed. */
  changed: number
  /** The call ceiling stopped the pass early. */
  deferred: boolean
}

export interface Reconciler {
  runOnce(): Promise<PassResult>
  start(): void
  /** Stops the timer and waits for a pass under way (it stops between checkouts). */
  stop(): Promise<void>
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { ctx, providers, intervalMs, leaseMs } = options
  const { db, clock } = ctx
  const log = ctx.log.child({ part: 'reconcile' })
  const batchSize = options.batchSize ?? 50

  // A token bucket: `callsPerMinute` calls, refilled evenly over each minute.
  const capacity = options.callsPerMinute
  let tokens = capacity
  let refilledAt = clock()
  const permit = () => {
    const now = clock()
    tokens = Math.min(capacity, tokens + ((now - refilledAt) * capacity) / 60_000)
    refilledAt = now
    if (tokens < 1) return false
    tokens -= 1
    return true
  }

  const backoff = (checks: number) => Math.min(intervalMs * 2 ** Math.max(0, checks - 1), Math.max(MAX_BACKOFF_MS, intervalMs))

  let stopping = false

  async function runOnce(): Promise<PassResult> {
    const result: PassResult = { checked: 0, calls: 0, changed: 0, deferred: false }
    const now = clock()
    const due = await db
      .selectFrom('checkouts as c')
      .leftJoin('reconciliations as r', 'r.checkout_id', 'c.id')
      .select(['c.id', 'c.version'])
      .where((eb) =>
        eb.or([
          eb('c.status', 'in', ['pending', 'underpaid']),
          eb.and([eb('c.status', '=', 'expired'), eb('c.expires_at', '>', now - LATE_PAYMENT_WINDOW_MS)]),
        ]),
      )
      .where('c.updated_at', '<=', now - intervalMs)
      .where((eb) =>
        eb.or([
          eb('r.checkout_id', 'is', null),
          eb.and([eb('r.next_check_at', '<=', now), eb.or([eb('r.lease_until', 'is', null), eb('r.lease_until', '<', now)])]),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb.exists(eb.selectFrom('payments as p').select('p.id').whereRef('p.checkout_id', '=', 'c.id')),
          eb.exists(eb.selectFrom('ccbill_charges as ch').select('ch.id').whereRef('ch.checkout_id', '=', 'c.id')),
        ]),
      )
      .orderBy(sql`coalesce(r.next_check_at, c.updated_at)`)
      .limit(batchSize)
      .execute()

    for (const candidate of due) {
      if (stopping) break
      const leasedAt = clock()
      const leaseUntil = leasedAt + leaseMs
      // Take the checkout unless another instance holds it or checked it since we read.
      const lease = await db
        .insertInto('reconciliations')
        .values({
          checkout_id: candidate.id,
          checks: 0,
          next_check_at: leasedAt,
          lease_until: leaseUntil,
          last_checked_at: null,
          last_outcome: null,
        })
        .onConflict((oc) =>
          oc
            .column('checkout_id')
            .doUpdateSet({ lease_until: leaseUntil })
            .where('reconciliations.next_check_at', '<=', leasedAt)
            .where((eb) => eb.or([eb('reconciliations.lease_until', 'is', null), eb('reconciliations.lease_until', '<', leasedAt)])),
        )
        .returning(['checks'])
        .executeTakeFirst()
      if (!lease) continue

      result.checked++
      const outcomes: string[] = []
      let deferred = false
      for (const [provider, reconcile] of providers) {
        let outcome: ReconcileResult | 'error'
        try {
          outcome = await reconcile(candidate.id, () => {
            const allowed = permit()
            if (allowed) result.calls++
            return allowed
          })
        } catch (error) {
          outcome = 'error'
          log.warn({ err: error, checkoutId: candidate.id, provider }, 'reconciliation could not ask the provider; will try again later')
        }
        options.metrics?.reconcile(provider, outcome)
        if (outcome === 'deferred') deferred = true
        if (outcome !== 'nothing') outcomes.push(`${provider}: ${outcome}`)
      }
      const after = await findCheckout(db, candidate.id)
      const changed = after !== undefined && after.version !== candidate.version
      if (changed) {
        result.changed++
        log.info({ checkoutId: candidate.id, status: after.status, outcomes }, 'reconciliation changed a checkout')
      }
      const doneAt = clock()
      const release = db.updateTable('reconciliations').where('checkout_id', '=', candidate.id).where('lease_until', '=', leaseUntil)
      if (deferred && !changed) {
        // Not asked for want of calls: it keeps its place for the next pass.
        await release.set({ lease_until: null }).execute()
      } else if (after && !['pending', 'underpaid', 'expired'].includes(after.status)) {
        // Settled (paid, canceled…): nothing more to ask about.
        await db.deleteFrom('reconciliations').where('checkout_id', '=', candidate.id).where('lease_until', '=', leaseUntil).execute()
      } else {
        const checks = changed ? 0 : lease.checks + 1
        await release
          .set({
            checks,
            next_check_at: doneAt + (changed ? intervalMs : backoff(checks)),
            lease_until: null,
            last_checked_at: doneAt,
            last_outcome: (changed ? 'changed' : outcomes.join('; ') || 'nothing in flight').slice(0, 500),
          })
          .execute()
      }
      if (deferred) {
        result.deferred = true
        break
      }
    }
    return result
  }

  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<unknown> | null = null
  return {
    runOnce,
    start() {
      stopping = false
      timer = setInterval(() => {
        if (running) return
        running = runOnce()
          .catch((error: unknown) => log.error({ err: error }, 'reconciliation pass failed'))
          .finally(() => (running = null))
      }, intervalMs)
    },
    async stop() {
      stopping = true
      clearInterval(timer)
      await running
    },
  }
}
