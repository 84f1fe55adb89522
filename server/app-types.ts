import type { Context } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import type { CheckoutContext } from './checkouts/checkouts.js'
import type { Config } from './config.js'
import type { Logger } from './log.js'

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
}

export interface AppEnv {
  Variables: RequestIdVariables & { log: Logger }
}
