/**
 * The server side of pay-elements, for merchants who run it inside their own process.
 *
 * - On Node: `startServer(parseConfig(readEnvironment()))` is what `pay-server` does.
 * - Anywhere else (or beside your own HTTP server): open the database, `createPayServer(...)`,
 *   serve its `app.fetch`, call `start()`, and `stop()` then `database.close()` on shutdown.
 * - The merchant API's shapes (`MerchantCheckout`, `CreateCheckoutRequest`, `WebhookEvent`, …) are
 *   exported as types for your backend.
 */
export { createApp, type App, type AppDeps, type AppEnv } from './app.js'
export { createPayServer, type PayServer, type PayServerOptions } from './embed.js'
export { parseConfig, ConfigError, SANDBOX_DEFAULTS, type Config, type Product } from './config.js'
export { startServer, readEnvironment, createLogger, clientAddressResolver, type RunningServer, type StartOptions } from './node.js'
export { openDatabase, type OpenDatabase } from './db/database.js'
export { createLocalChangeFeed, createPostgresChangeFeed, type ChangeFeed } from './live/changes.js'
export type { CheckoutContext } from './checkouts/checkouts.js'
export type { Logger } from './log.js'
export type { Metrics } from './metrics.js'
export { signStandardWebhook } from './outbox/sign.js'
export type {
  CreateCheckoutRequest,
  Customer,
  ListPage,
  MerchantCheckout,
  MerchantEvent,
  MerchantEventType,
  MerchantPayment,
  Subscription,
  WebhookEvent,
} from './merchant-api.js'
export type { ClientCheckout, CheckoutStatus, PaymentMethod, ErrorBody } from '@pay-elements/contract'
