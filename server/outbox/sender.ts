import type { Db } from '../db/schema.js'
import type { Logger } from '../log.js'
import { signStandardWebhook } from './sign.js'

/**
 * Delivers the outbox to the merchant's webhook URL. Rows are written in the same transaction as
 * the checkout change, so nothing is lost when the process dies: on restart the sender finds the
 * rows still undelivered and sends them. Delivery is at least once; `webhook-id` lets the merchant
 * drop duplicates. Several instances may run senders: a row is leased by a conditional update
 * before it is sent, so two instances do not send it at the same time.
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
  let again = false

  async function deliver(row: { id: string; payload: string; attempts: number }): Promise<boolean> {
    const headers = await signStandardWebhook(secret, row.id, Math.floor(clock() / 1000), row.payload)
    let error: string
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'pay-elements-webhooks/1', ...headers },
        body: row.payload,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      })
      await response.body?.cancel()
      if (response.status >= 200 && response.status < 300) {
        await db
          .updateTable('outbox')
          .set({ delivered_at: clock(), attempts: row.attempts + 1, lease_until: null, last_error: null })
          .where('id', '=', row.id)
          .execute()
        return true
      }
      error = `HTTP ${response.status}`
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
    }
    const attempts = row.attempts + 1
    const delay = retryDelay(attempts)
    await db
      .updateTable('outbox')
      .set({ attempts, next_attempt_at: clock() + delay, lease_until: null, last_error: error.slice(0, 500) })
      .where('id', '=', row.id)
      .execute()
    log.warn({ webhookId: row.id, attempts, error, retryInMs: delay }, 'merchant webhook not accepted; will retry')
    return false
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
    let delivered = 0
    for (const row of due) {
      // Take the lease only if nobody else took it since we read the row.
      const leased = await db
        .updateTable('outbox')
        .set({ lease_until: now + leaseMs })
        .where('id', '=', row.id)
        .where('delivered_at', 'is', null)
        .where((eb) => (row.lease_until === null ? eb('lease_until', 'is', null) : eb('lease_until', '=', row.lease_until)))
        .executeTakeFirst()
      if (!leased.numUpdatedRows) continue
      if (await deliver(row)) delivered++
    }
    if (due.length === batchSize) again = true
    return delivered
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
      schedule(0)
    },
    wake() {
      if (!stopped) schedule(0)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
