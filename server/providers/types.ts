import type { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../app-types.js'
import type { PaymentMethod } from '../checkouts/views.js'

/** What a provider's routes get: the app's dependencies plus the fetch for outbound calls. */
export interface ProviderDeps extends AppDeps {
  /**
   * Outbound HTTP. In sandbox mode, requests to this server's own public URL (the simulators, and
   * the simulators' webhooks back to us) are answered in-process, so the sandbox needs no network.
   */
  fetch: typeof fetch
}

/** One payment provider: its folder holds client, signing, webhook handling and simulator. */
export interface ProviderModule {
  id: 'ccpayment' | 'ccbill' | 'nicepay'
  method: PaymentMethod
  /**
   * `client` is mounted at `/v1/client/<method>`, `webhook` at `/webhooks/<id>`, and in sandbox mode
   * `sandbox` at `/sandbox/<id>` (the simulator, speaking the provider's own paths below it).
   */
  routes(deps: ProviderDeps): { client?: Hono<AppEnv>; webhook?: Hono<AppEnv>; sandbox?: Hono }
}
