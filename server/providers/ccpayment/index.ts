import type { ProviderModule } from '../types.js'
import { createCcpaymentClient } from './client.js'
import { createDepositService, cryptoClientRoutes, depositView } from './deposits.js'
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
      async firstScreen(checkout, { askProvider }) {
        const payment = await deposits.current(checkout.id)
        if (payment) return { deposit: depositView(payment, deps.ctx.clock()), coins: null }
        // Coins only while one may still be picked. CCPayment out of reach is no reason to hide the
        // checkout: the element asks for the coins itself (and says so if they still fail).
        const coins = checkout.status === 'open' ? await deposits.options(checkout, { atHand: !askProvider }).catch(() => null) : null
        return { deposit: null, coins }
      },
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
