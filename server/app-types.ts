import type { Context } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import type { CheckoutContext } from './checkouts/checkouts.js'
import type { Config } from './config.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import type { ProviderReconcile } from './providers/types.js'

/** Everything the app needs, handed in by the runtime entry (Node today) or a test. */
export interface AppDeps {
  config: Config
  ctx: CheckoutContext
  log: Logger
  /** The caller's address as the runtime sees it, after trusted proxies; used for rate limits. */
  clientAddress: (c: Context) => string
  /** Per-address limits, requests per minute. */
  rateLimits?: { catalogCheckouts?: number; client?: number }
  /** Outbound HTTP to providers; the global fetch when unset. */
  fetch?: typeof fetch
  /** How often an open live stream re-reads the database even without a notice, ms. */
  streamRecheckMs?: number
  /** Filled by `createApp` with each enabled provider's reconciliation (for `reconcile/reconciler.ts`). */
  reconcilers?: Map<string, ProviderReconcile>
  /** Where requests, provider calls, webhooks and checkout moves are counted; `/metrics` renders it. */
  metrics?: Metrics
  /** Aborted when the server starts shutting down: live streams end (with a reconnect hint) and `/readyz` says 503. */
  draining?: AbortSignal
  /** What `/readyz` checks beyond the database query (migrations applied, change listener connected). */
  readiness?: () => Promise<Record<string, boolean>>
}

export interface AppEnv {
  Variables: RequestIdVariables & {
    log: Logger
    /** Set by a webhook route that recognised a delivery it had already taken (for the webhook metrics). */
    webhookOutcome?: 'duplicate'
    /** Set by the not-found handler: the request matched no route (one metrics label for all of them). */
    unmatched?: boolean
  }
}
