import type { ProviderModule } from '../types.js'
import { createCcpaymentClient } from './client.js'
import { createDepositService, cryptoClientRoutes } from './deposits.js'
import { ccpaymentReconcile } from './reconcile.js'
import { createCcpaymentSimulator } from './simulator.js'
import { ccpaymentWebhookRoutes } from './webhook.js'

/** CCPayment: `<pay-crypto>`'s provider. */
export const ccpaymentProvider: ProviderModule = {
  id: 'ccpayment',
  method: 'crypto',
  routes(deps) {
    const ccpayment = deps.config.ccpayment!
    const config = { ...deps.config, ccpayment }
    const client = createCcpaymentClient({
      ...ccpayment,
      fetch: deps.fetch,
      clock: deps.ctx.clock,
      timeoutMs: deps.config.providerTimeoutMs,
    })
    const deposits = createDepositService({ ctx: deps.ctx, config, client })
    return {
      client: cryptoClientRoutes({ ctx: deps.ctx, config, client, deposits }),
      webhook: ccpaymentWebhookRoutes({ ctx: deps.ctx, config }),
      reconcile: ccpaymentReconcile(deps.ctx, client),
      sandbox: createCcpaymentSimulator({
        ...ccpayment,
        publicBase: `${deps.config.publicUrl}/sandbox/ccpayment`,
        fetch: deps.fetch,
        clock: deps.ctx.clock,
        log: deps.log,
      }).app,
    }
  },
}
