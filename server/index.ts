/** The server side of pay-elements, for merchants who embed it in their own Node process. */
export { createApp, type App, type AppDeps, type AppEnv } from './app.js'
export { parseConfig, ConfigError, SANDBOX_DEFAULTS, type Config, type Product } from './config.js'
export { startServer, readEnvironment, createLogger, type RunningServer, type StartOptions } from './node.js'
export { openDatabase } from './db/database.js'
export { signStandardWebhook } from './outbox/sign.js'
export type { ClientCheckout, CheckoutStatus, PaymentMethod, ErrorBody } from '@pay-elements/contract'
