import { sql } from 'kysely'
import { runTransaction } from '../db/group-commit.js'
import type { Db } from '../db/schema.js'
import type { Logger } from '../log.js'
import { signStandardWebhook } from './sign.js'

/**
 * Delivers the outbox to the merchant's webhook URL. Rows are written in the same transaction as
 * the checkout change, so nothing is lost when the process dies: on restart the sender finds the
 * rows still undelivered and sends them. Delivery is at least once; `webhook-id` lets the merchant
 * drop duplicates. Several instances may run senders: a batch of rows is leased by a conditional
 * update before it is sent, so two instances do not send a row at the same time, and what came of
 * each row is written once the batch is through.
 */

export interface OutboxSenderOptions {
  db: Db
  clock: () => number
  log: Logger
  url: string
  secret: string
  fetch?: typeof fetch
  /** Delay before attempt n+1 after n failures, ms. */
  retryDelay?: (failures: number) => number
  /** How long one instance holds a row it is sending. */
  leaseMs?: number
  /** Per-request time limit. */
  timeoutMs?: number
  batchSize?: number
  /** Told of each delivery attempt's outcome (metrics). */
  onDelivery?: (outcome: 'delivered' | 'rejected' | 'error') => void
}

/** 5 s, 10 s, 20 s … doubling to at most one hour, with ±20% jitter so retries do not arrive in herds. */
export function defaultRetryDelay(failures: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, failures - 1), 3_600_000)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

export interface OutboxSender {
  /** Sends everything due now; resolves with how many were delivered. */
  runOnce(): Promise<number>
  /** Runs in the background, every `intervalMs` and whenever `wake()` is called. */
  start(intervalMs?: number): void
  wake(): void
  stop(): Promise<void>
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, clock, log, url, secret } = options
  const send = options.fetch ?? fetch
  const retryDelay = options.retryDelay ?? defaultRetryDelay
  const leaseMs = options.leaseMs ?? 60_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const batchSize = options.batchSize ?? 20

  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> | null = null
  let stopped = true
  /** Set by `stop()`: the batch under way sends no further row after the one in flight. */
  let draining = false
  let again = false

  /** One POST; resolves with null when the merchant acknowledged it (2xx), else with what went wrong. */
  async function deliver(row: { id: string; payload: string }): Promise<string | null> {
    const headers = await signStandardWebhook(secret, row.id, Math.floor(clock() / 1000), row.payload)
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'pay-elements-webhooks/1', ...headers },
        body: row.payload,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      })
      await response.body?.cancel()
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`
    } catch (caught) {
      return caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
    }
  }

  async function runOnce(): Promise<number> {
    const now = clock()
    const due = await db
      .selectFrom('outbox')
      .select(['id', 'payload', 'attempts', 'lease_until'])
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('created_at')
      .limit(batchSize)
      .execute()
    if (due.length === batchSize) again = true
    if (!due.length) return 0

    // One statement leases the batch, each row only if nobody else took it since we read it. Writes
    // go through runTransaction, so on SQLite they share a commit with the checkout changes.
    const leaseUntil = now + leaseMs
    const free = due.filter((row) => row.lease_until === null).map((row) => row.id)
    const expired = due.filter((row) => row.lease_until !== null)
    const leased = await runTransaction(db, (trx) =>
      trx
        .updateTable('outbox')
        .set({ lease_until: leaseUntil })
        .where('delivered_at', 'is', null)
        .where((eb) =>
          eb.or([
            ...(free.length ? [eb.and([eb('id', 'in', free), eb('lease_until', 'is', null)])] : []),
            ...expired.map((row) => eb.and([eb('id', '=', row.id), eb('lease_until', '=', row.lease_until)])),
          ]),
        )
        .returning('id')
        .execute(),
    )
    const mine = new Set(leased.map((row) => row.id))
    const rows = due.filter((row) => mine.has(row.id))

    const delivered: string[] = []
    const failed: { id: string; attempts: number; error: string; retryInMs: number }[] = []
    let sent = 0
    // A request may start only while the lease outlasts its time limit, so no other instance sends it meanwhile.
    for (; sent < rows.length && !draining && clock() + timeoutMs <= leaseUntil; sent++) {
      const row = rows[sent]!
      const error = await deliver(row)
      options.onDelivery?.(error === null ? 'delivered' : error.startsWith('HTTP ') ? 'rejected' : 'error')
      if (error === null) delivered.push(row.id)
      else failed.push({ id: row.id, attempts: row.attempts + 1, error, retryInMs: retryDelay(row.attempts + 1) })
    }
    const unsent = rows.slice(sent).map((row) => row.id)
    if (unsent.length) again = true

    // The outcomes of the whole batch in one commit (a crash before it only means sending them again).
    const markedAt = clock()
    await runTransaction(db, async (trx) => {
      if (delivered.length) {
        await trx
          .updateTable('outbox')
          .set({ delivered_at: markedAt, attempts: sql<number>`attempts + 1`, lease_until: null, last_error: null })
          .where('id', 'in', delivered)
          .execute()
      }
      for (const { id, attempts, error, retryInMs } of failed) {
        await trx
          .updateTable('outbox')
          .set({ attempts, next_attempt_at: markedAt + retryInMs, lease_until: null, last_error: error.slice(0, 500) })
          .where('id', '=', id)
          .execute()
      }
      if (unsent.length) {
        await trx.updateTable('outbox').set({ lease_until: null }).where('id', 'in', unsent).where('lease_until', '=', leaseUntil).execute()
      }
    })
    for (const { id, attempts, error, retryInMs } of failed) {
      log.warn({ webhookId: id, attempts, error, retryInMs }, 'merchant webhook not accepted; will retry')
    }
    return delivered.length
  }

  function schedule(delayMs: number) {
    clearTimeout(timer)
    if (!stopped) timer = setTimeout(tick, delayMs)
  }

  let interval = 1000
  function tick() {
    if (running) {
      again = true
      return
    }
    again = false
    running = runOnce()
      .catch((error: unknown) => log.error({ err: error }, 'outbox run failed'))
      .finally(() => {
        running = null
        schedule(again ? 0 : interval)
      })
  }

  return {
    runOnce,
    start(intervalMs = 1000) {
      interval = intervalMs
      stopped = false
      draining = false
      schedule(0)
    },
    wake() {
      if (!stopped) schedule(0)
    },
    /** Stops: the delivery in flight finishes, the rest of its batch is released for the next run (here or elsewhere). */
    async stop() {
      stopped = true
      draining = true
      clearTimeout(timer)
      await running
    },
  }
}

/** The undelivered events: how many, and when the oldest was written (metrics). */
export async function outboxBacklog(db: Db): Promise<{ count: number; oldestCreatedAt: number | null }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { count: Number(row.count), oldestCreatedAt: row.oldest === null ? null : Number(row.oldest) }
}

/**
 * Deletes delivered events created before `before` (ms); undelivered ones stay until they are delivered.
 * Events are the merchant's history (`GET /v1/events`), kept for the retention period.
 */
export async function pruneDeliveredEvents(db: Db, before: number): Promise<number> {
  const deleted = await runTransaction(db, (trx) =>
    trx.deleteFrom('outbox').where('delivered_at', 'is not', null).where('created_at', '<', before).executeTakeFirst(),
  )
  return Number(deleted.numDeletedRows)
}
