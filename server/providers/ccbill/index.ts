import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-types.js'
import { numericCurrencyCode } from '../../checkouts/money.js'
import { readJsonObject, validate } from '../../http/body.js'
import { perMinuteLimit } from '../../http/rate-limit.js'
import { checkoutFromClientSecret } from '../../http/client-secret.js'
import { randomId, sha256Hex } from '../../lib/crypto.js'
import type { CancelHooks, ProviderDeps, ProviderModule } from '../types.js'
import { assertCardCheckout, assertPayable, createCardCharges, latestCharge, toCardCharge } from './charges.js'
import { CcbillRefused, CcbillUnavailable, createCcbillClient } from './client.js'
import { ApiError } from '../../errors.js'
import { ccbillReconcile } from './reconcile.js'
import { createCcbillSimulator } from './simulator.js'
import type { CardChargeReply, CardSession } from '@pay-elements/contract'
import { threedsSchema, verifyThreeds } from './threeds.js'
import { ccbillWebhookRoutes } from './webhook.js'

/** Frontend tokens a checkout, and an address, may ask for per minute (each is a bearer token for CCBill's API). */
export const CARD_SESSION_LIMITS = { perCheckout: 10, perAddress: 30 }
/** Charge requests a checkout, and an address, may make per minute (each card tried is one). */
export const CARD_CHARGE_LIMITS = { perCheckout: 20, perAddress: 60 }
/** The browser is told a token lapses this much before it does (clock skew, the time a payer takes). */
const EXPIRY_SKEW_MS = 30_000

/** `POST /v1/client/card/charge`. Card data has no field here: it goes from the page to CCBill only. */
export const chargeRequestSchema = z.strictObject({
  payment_token_id: z
    .string({ error: 'is required' })
    .regex(/^[a-zA-Z0-9]{1,64}$/, 'must be the paymentTokenId createPaymentToken returned'),
  threeds: threedsSchema.optional(),
})

/** The payer's address as CCBill's `ipAddress` takes it (an IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d). */
const payerAddress = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')

/**
 * `<pay-card>`: CCBill card payments. Browser API at `/v1/client/card`, CCBill's webhooks at
 * `/webhooks/ccbill`, and the simulator at `/sandbox/ccbill`.
 */
export const ccbillProvider: ProviderModule = {
  id: 'ccbill',
  method: 'card',
  routes(deps: ProviderDeps) {
    const { ctx } = deps
    const ccbill = deps.config.ccbill!
    const log = deps.log.child({ provider: 'ccbill' })
    const client = createCcbillClient({ config: ccbill, fetch: deps.fetch, clock: ctx.clock, timeoutMs: deps.config.providerTimeoutMs })
    const charges = createCardCharges({ ctx, client, config: ccbill, log, timeoutMs: deps.config.providerTimeoutMs })
    const sandbox = deps.config.mode === 'sandbox'
    // The simulator's webhooks reach us in-process, without a socket address; this random mark vouches for them.
    const simulatorMark = sandbox ? { name: 'X-Pay-Sandbox-Delivery', value: randomId('sim', 32) } : null

    /** Counted across instances: each session is a CCBill bearer token, each charge a card attempt. */
    const limited = (limit: number, name: string, key: (c: Context<AppEnv>) => string | Promise<string>, what: string) =>
      perMinuteLimit<AppEnv>(
        limit,
        async (c) => `${name}:${await key(c)}`,
        (c) => {
          c.var.log.warn({ limit: name }, 'rate limit reached')
          return c.json({ error: { code: 'rate_limited', message: `Too many ${what}; retry after the time in Retry-After` } }, 429)
        },
        deps.sharedCounter(),
      )
    // Per checkout: the client secret names exactly one (kept hashed in the counter).
    const checkoutKey = (c: Context<AppEnv>) => sha256Hex(c.req.header('x-client-secret') ?? '')

    const browser = new Hono<AppEnv>()
      .post(
        '/session',
        limited(CARD_SESSION_LIMITS.perAddress, 'card-session-address', (c) => deps.clientAddress(c), 'card sessions'),
        limited(CARD_SESSION_LIMITS.perCheckout, 'card-session-checkout', checkoutKey, 'card sessions'),
        async (c) => {
          const checkout = await checkoutFromClientSecret(ctx, c)
          assertCardCheckout(checkout)
          assertPayable(checkout)
          let token
          try {
            token = await client.frontendToken()
          } catch (error) {
            if (!(error instanceof CcbillUnavailable) && !(error instanceof CcbillRefused)) throw error
            log.error({ err: error }, 'could not mint a ccbill frontend token')
            throw new ApiError(
              error instanceof CcbillUnavailable && error.kind === 'timeout' ? 504 : 502,
              'provider_unavailable',
              'The card processor could not be reached; try again in a moment',
              undefined,
              { 'Retry-After': '5' },
            )
          }
          const session: CardSession = {
            application_id: ccbill.frontendAppId,
            auth_token: token.token,
            auth_token_expires_at: new Date(token.expiresAt - EXPIRY_SKEW_MS).toISOString(),
            client_accnum: Number(ccbill.accnum),
            client_subacc: Number(ccbill.subacc),
            client_subacc_3ds: Number(ccbill.subacc3ds),
            script_url: ccbill.widgetUrl,
            currency_code: numericCurrencyCode(checkout.currency),
            amount: checkout.amount,
            ip_address: payerAddress(deps.clientAddress(c)),
          }
          c.header('Cache-Control', 'no-store')
          return c.json(session)
        },
      )
      .get('/charge', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        const latest = await charges.current(checkout.id)
        c.header('Cache-Control', 'no-store')
        return c.json({ charge: latest ? toCardCharge(latest) : null } satisfies CardChargeReply)
      })
      .post(
        '/charge',
        limited(CARD_CHARGE_LIMITS.perAddress, 'card-charge-address', (c) => deps.clientAddress(c), 'card payment attempts'),
        limited(CARD_CHARGE_LIMITS.perCheckout, 'card-charge-checkout', checkoutKey, 'card payment attempts'),
        async (c) => {
          const checkout = await checkoutFromClientSecret(ctx, c)
          const input = validate(chargeRequestSchema, await readJsonObject(c))
          const threeds = input.threeds && verifyThreeds(input.threeds, checkout)
          const row = await charges.charge(checkout, input.payment_token_id, threeds)
          c.header('Cache-Control', 'no-store')
          return c.json(
            { charge: toCardCharge(row) } satisfies CardChargeReply,
            row.status === 'processing' || row.status === 'charging' ? 202 : 200,
          )
        },
      )

    const cancel: CancelHooks = {
      // A charge whose answer was lost is settled first, by reading the token's charges.
      prepare: async (checkout) => void (await charges.current(checkout.id)),
      async check(trx, checkout) {
        const live = await trx
          .selectFrom('ccbill_charges')
          .select('id')
          .where('checkout_id', '=', checkout.id)
          .where('status', 'in', ['charging', 'processing'])
          .executeTakeFirst()
        if (live) {
          throw new ApiError(
            409,
            'charge_in_progress',
            'A card charge of this checkout is under way; cancel once it has settled',
            undefined,
            {
              'Retry-After': '5',
            },
          )
        }
      },
    }

    const routes: ReturnType<ProviderModule['routes']> = {
      cancel,
      client: browser,
      reconcile: ccbillReconcile(ctx, charges),
      // As stored: a first screen (a merchant's read among its askers) never sends anyone to CCBill; an
      // attempt whose answer was lost shows as `processing` until the card element or reconciliation asks.
      async firstScreen(checkout) {
        const latest = await latestCharge(ctx.db, checkout.id)
        return { charge: latest ? toCardCharge(latest) : null }
      },
      webhook: ccbillWebhookRoutes({
        ctx,
        config: ccbill,
        mode: deps.config.mode,
        client,
        charges,
        clientAddress: deps.clientAddress,
        log,
        simulatorMark,
      }),
    }
    if (sandbox) {
      routes.sandbox = createCcbillSimulator({
        config: ccbill,
        publicUrl: deps.config.publicUrl,
        clock: ctx.clock,
        fetch: deps.fetch,
        log: log.child({ part: 'simulator' }),
        ...(simulatorMark ? { deliveryMark: simulatorMark } : {}),
      }).app
    }
    return routes
  },
}
