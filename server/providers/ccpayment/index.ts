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
      live: { lateMoneyUntil: (checkout) => deposits.lateMoneyUntil(checkout) },
      sandbox: createCcpaymentSimulator({
        ...ccpayment,
        publicBase: `${deps.config.publicUrl}/sandbox/ccpayment`,
        fetch: deps.fetch,
        clock: deps.ctx.clock,
        log: deps.log,
        // The sandbox's "let the order expire": the order and its checkout end together, as they do
        // when their time really comes (the order's valid period is the checkout's time left).
        onExpire: (reference, at) => deposits.endEarly(reference, at),
      }).app,
    }
  },
}
