import type { Context } from 'hono'
import type { AppDeps } from './app-types.js'
import { createApp } from './app.js'
import { expireDueCheckouts, type CheckoutContext, type Clock } from './checkouts/checkouts.js'
import type { Config } from './config.js'
import type { OpenDatabase } from './db/database.js'
import { pendingMigrations } from './db/migrations.js'
import { createLocalChangeFeed, createPostgresChangeFeed, type ChangeFeed } from './live/changes.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import { createOutboxSender, pruneDeliveredEvents, type OutboxSender } from './outbox/sender.js'
import type { ProviderReconcile } from './providers/types.js'
import { createReconciler, type Reconciler } from './reconcile/reconciler.js'

export interface PayServerOptions {
  config: Config
  /** From `openDatabase(config.databaseUrl)`: migrated, and closed by the caller after `stop()`. */
  database: OpenDatabase
  log: Logger
  /**
   * The caller's address as the runtime sees it (after trusted proxies), for rate limits: on Node
   * `clientAddressResolver(config.trustedProxies)`, on Bun `server.requestIP(c.req.raw)`, on Deno
   * the handler's `info.remoteAddr`.
   */
  clientAddress: (c: Context) => string
  /** Backs `/metrics`; without it `/metrics` says the runtime collects none. */
  metrics?: Metrics
  /** Milliseconds since the epoch; `Date.now` unless a test moves time itself. */
  clock?: Clock
  /** Outbound HTTP to providers and to the merchant's webhook URL; the global fetch when unset. */
  fetch?: typeof fetch
  /** How often checkouts past their deadline are expired, ms (2000). */
  sweepMs?: number
  /** Passed to createApp (tests tune limits with it). */
  appOverrides?: Partial<Pick<AppDeps, 'rateLimits' | 'streamRecheckMs'>>
}

/** The app and the work that runs beside it, without any HTTP listener: the runtime serves `app.fetch`. */
export interface PayServer {
  /** A Hono app: serve `app.fetch` at the root of `PAY_PUBLIC_URL`, or mount it with `app.route('/', …)`. */
  app: ReturnType<typeof createApp>
  ctx: CheckoutContext
  /** Null when no merchant webhook URL is configured. */
  sender: OutboxSender | null
  /** Null when `PAY_RECONCILE_INTERVAL_SECONDS` is 0. */
  reconciler: Reconciler | null
  /** Aborted by `stop()`: live streams end with a reconnect hint and `/readyz` answers 503. */
  draining: AbortSignal
  /** Starts the merchant webhook sender, reconciliation and the expiry sweep. */
  start(): void
  /**
   * Stops what `start()` started: live streams end, the sender finishes the delivery it is making
   * and releases the rest, reconciliation finishes the checkout it is asking about. The change feed
   * closes once `serving` (the runtime's own drain of requests in flight) has settled too. Close the
   * database after.
   */
  stop(serving?: Promise<unknown>): Promise<void>
}

const PRUNE_EVERY_MS = 3600_000

/**
 * Builds the companion server on an open database: the Hono app, the merchant webhook sender,
 * reconciliation and the expiry sweep, wired as `pay-server` wires them. `startServer` (Node)
 * adds the HTTP listener and graceful shutdown on top; another runtime serves `app.fetch` itself.
 */
export async function createPayServer(options: PayServerOptions): Promise<PayServer> {
  const { config, database, log, metrics } = options
  const clock = options.clock ?? Date.now
  const changes: ChangeFeed = database.pool ? await createPostgresChangeFeed(database.pool, log) : createLocalChangeFeed()

  const sender = config.merchantWebhook
    ? createOutboxSender({
        db: database.db,
        clock,
        log: log.child({ part: 'outbox' }),
        onDelivery: metrics?.delivery,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...config.merchantWebhook,
      })
    : null
  const ctx: CheckoutContext = {
    db: database.db,
    dialect: database.dialect,
    clock,
    changes,
    log,
    config,
    onOutbox: () => sender?.wake(),
    onChanged: metrics ? (checkout) => metrics.transition(checkout.status) : undefined,
  }
  const draining = new AbortController()
  const reconcilers = new Map<string, ProviderReconcile>()
  // Migrations ran at open; a newer instance may have added some since, which this code does not know.
  let migrated = false
  const readiness = async () => ({
    migrations: (migrated ||= (await pendingMigrations(database.db, database.dialect).catch(() => ['?'])).length === 0),
  })
  const app = createApp({
    config,
    ctx,
    log,
    clientAddress: options.clientAddress,
    metrics,
    reconcilers,
    draining: draining.signal,
    readiness,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.appOverrides,
  })

  const reconciler =
    config.reconcileIntervalSeconds > 0
      ? createReconciler({
          ctx,
          providers: reconcilers,
          intervalMs: config.reconcileIntervalSeconds * 1000,
          callsPerMinute: config.reconcileCallsPerMinute,
          // Each checkout costs at most one call per provider; the lease outlasts them all.
          leaseMs: (reconcilers.size + 1) * config.providerTimeoutMs + 10_000,
          metrics,
        })
      : null

  let sweep: ReturnType<typeof setInterval> | undefined
  const startSweep = () => {
    let sweeping = false
    let prunedAt = 0
    sweep = setInterval(() => {
      if (sweeping) return
      sweeping = true
      const now = clock()
      const prune = now - prunedAt >= PRUNE_EVERY_MS
      if (prune) prunedAt = now
      Promise.all([expireDueCheckouts(ctx), prune ? pruneDeliveredEvents(database.db, now - config.eventRetentionDays * 86_400_000) : 0])
        .catch((error: unknown) => log.error({ err: error }, 'expiry sweep failed'))
        .finally(() => (sweeping = false))
    }, options.sweepMs ?? 2000)
  }

  let stopping: Promise<void> | null = null
  return {
    app,
    ctx,
    sender,
    reconciler,
    draining: draining.signal,
    start() {
      sender?.start()
      reconciler?.start()
      if (!sweep) startSweep()
    },
    stop: (serving) =>
      (stopping ??= (async () => {
        draining.abort()
        clearInterval(sweep)
        await Promise.all([serving, sender?.stop(), reconciler?.stop()])
        await changes.close()
      })()),
  }
}
