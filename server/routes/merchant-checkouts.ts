import { Hono } from 'hono'
import isoCountries from 'i18n-iso-countries'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../app-types.js'
import {
  applyTransition,
  changeCheckout,
  expireIfDue,
  findCheckout,
  insertCheckout,
  listPayments,
  toMerchantCheckout,
  type CheckoutRow,
  type NewCheckout,
} from '../checkouts/checkouts.js'
import type { ClientView, InitialStates } from '../checkouts/client-view.js'
import { checkCurrency, methodsForCurrency, MoneyError, normalizeAmount } from '../checkouts/money.js'
import { canCancel } from '../checkouts/state.js'
import { PAYMENT_METHODS } from '@pay-elements/contract'
import { enabledMethods } from '../config.js'
import { ApiError, notFound } from '../errors.js'
import { bearerAuth } from '../http/bearer.js'
import { readJsonObject, storable, text, validate } from '../http/body.js'
import { checkIdempotencyKey, idempotent } from '../idempotency.js'
import { PrepareAgain, type CancelHooks } from '../providers/types.js'
import { listCheckouts } from './checkout-list.js'
import type { MerchantCheckout } from '../merchant-api.js'

const customerSchema = z.strictObject({
  email: z.email().max(254).optional(),
  name: text(100).min(1).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{3,19}$/, 'must be a phone number such as "+62 812 3456 7890"')
    .optional(),
  country: z
    .string()
    .refine(
      (c) => /^[A-Za-z]{2}$/.test(c) && isoCountries.isValid(c.toUpperCase()),
      'must be an ISO 3166-1 alpha-2 country code such as "ID"',
    )
    .transform((c) => c.toUpperCase())
    .optional(),
})

const subscriptionSchema = z.strictObject({
  initial_period_days: z.int().min(1).max(365),
  recurring_amount: z.string({ error: 'must be a decimal string such as "9.99"' }),
  recurring_period_days: z.int().min(1).max(365),
  /** 0–99 renewals; CCBill reads 99 as "until cancelled". */
  rebills: z.int().min(0).max(99),
})

export const createCheckoutSchema = z.strictObject({
  amount: z.string({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a decimal string such as "19.99", not a number'),
  }),
  currency: z.string({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a three-letter ISO 4217 code such as "USD"'),
  }),
  description: text(500).nullish(),
  reference: text(128).min(1).nullish(),
  methods: z.array(z.enum(PAYMENT_METHODS)).min(1).max(PAYMENT_METHODS.length).optional(),
  customer: customerSchema.nullish(),
  metadata: z
    .record(text(40).min(1), text(500))
    .refine((m) => Object.keys(m).length <= 50, 'must have at most 50 keys')
    .optional(),
  expires_in: z.int().min(60).max(864_000).optional(),
  subscription: subscriptionSchema.nullish(),
})

type CreateCheckoutBody = z.output<typeof createCheckoutSchema>

/** Checks what a schema cannot: money against its currency, methods against currency and providers. */
function toNewCheckout(deps: AppDeps, body: CreateCheckoutBody): NewCheckout {
  try {
    const currency = checkCurrency(body.currency)
    const amount = normalizeAmount(body.amount, currency)
    const subscription = body.subscription
      ? {
          ...body.subscription,
          recurring_amount: normalizeAmount(body.subscription.recurring_amount, currency, 'subscription.recurring_amount'),
        }
      : null
    const methods = body.methods
      ? [...new Set(body.methods)]
      : subscription
        ? ['card' as const]
        : enabledMethods(deps.config, methodsForCurrency(currency))
    for (const method of methods) {
      if (!methodsForCurrency(currency).includes(method)) {
        throw new MoneyError('methods', `${method} cannot take ${currency}; it takes ${currencyList(method)}`, 'method_not_available')
      }
      if (!enabledMethods(deps.config, [method]).length) {
        throw new MoneyError('methods', `${method} is not enabled on this server (its provider has no credentials)`, 'method_not_enabled')
      }
    }
    if (!methods.length) throw new MoneyError('currency', `no enabled payment method takes ${currency}`, 'method_not_available')
    if (subscription && (methods.length !== 1 || methods[0] !== 'card')) {
      throw new MoneyError('subscription', 'subscriptions are for cards only: set methods to ["card"]', 'invalid_request')
    }
    return {
      amount,
      currency,
      description: body.description ?? null,
      reference: body.reference ?? null,
      methods,
      customer: body.customer && Object.keys(body.customer).length ? body.customer : null,
      metadata: body.metadata ?? {},
      subscription,
      productId: null,
      expiresInSeconds: body.expires_in ?? deps.config.checkoutTtlSeconds,
    }
  } catch (error) {
    if (error instanceof MoneyError) throw new ApiError(400, error.code, `${error.field}: ${error.message}`, error.field)
    throw error
  }
}

function currencyList(method: (typeof PAYMENT_METHODS)[number]) {
  return ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'IDR'].filter((c) => methodsForCurrency(c).includes(method)).join(', ')
}

/** The merchant API: server to server, `Authorization: Bearer <PAY_SECRET_KEY>`. */
export function merchantCheckoutRoutes(
  deps: AppDeps,
  { cancelHooks, clientView, initialStates }: { cancelHooks: CancelHooks[]; clientView: ClientView; initialStates: InitialStates },
) {
  const { ctx } = deps
  /**
   * The element's first screens as they are now, for the page to hand it (see
   * MerchantCheckout.initial_state): from what the server has at hand, so the reply never waits on a
   * provider (crypto coins not fetched in the last minute are left out; the element then reads them).
   */
  const initialState = async (row: CheckoutRow) =>
    initialStates.issue({ checkout: (await clientView.view(row)).shown, ...(await clientView.firstScreens(row, undefined, false)) })
  return new Hono<AppEnv>()
    .use(
      '*',
      bearerAuth(() => deps.config.secretKey, 'secret key'),
    )
    .get('/', listCheckouts(deps))
    .post('/', async (c) => {
      const key = checkIdempotencyKey(c.req.header('idempotency-key'))
      const body = await readJsonObject(c)
      const input = toNewCheckout(deps, validate(createCheckoutSchema, body))
      const result = await idempotent(ctx, { scope: 'merchant:POST /v1/checkouts', key, body }, async (trx) => {
        const row = await insertCheckout(trx, ctx.clock(), input)
        return { status: 201, body: toMerchantCheckout(row, [], deps.config.mode) }
      })
      if (result.replayed) c.header('Idempotent-Replayed', 'true')
      c.header('Cache-Control', 'no-store')
      // Issued fresh on every reply, a replay's too: the stored reply's state may be out of date.
      const created = result.body as MerchantCheckout
      const row = await findCheckout(ctx.db, created.id)
      return c.json({ ...created, ...(row && { initial_state: await initialState(row) }) }, result.status as 201)
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id')
      const found = storable(id) ? await findCheckout(ctx.db, id) : undefined
      if (!found) throw notFound('Checkout')
      const row = await expireIfDue(ctx, found)
      c.header('Cache-Control', 'no-store')
      return c.json({
        ...toMerchantCheckout(row, await listPayments(ctx.db, row.id), deps.config.mode),
        initial_state: await initialState(row),
      })
    })
    .post('/:id/cancel', async (c) => {
      const id = c.req.param('id')
      const notCancelable = (status: string) =>
        new ApiError(409, 'checkout_not_cancelable', `A checkout can be canceled only before money has arrived; this one is ${status}`)
      for (let round = 1; ; round++) {
        const found = storable(id) ? await findCheckout(ctx.db, id) : undefined
        if (!found) throw notFound('Checkout')
        const row = await expireIfDue(ctx, found)
        if (!canCancel(row.status)) throw notCancelable(row.status)
        // Each provider settles or withdraws what it has in flight (NICEPAY: the payment code).
        for (const hooks of cancelHooks) await hooks.prepare?.(row)
        try {
          const { checkout } = await changeCheckout(ctx, id, async (trx) => {
            // Under the checkout's lock: a payment cannot start (or be handed out) until this commits.
            const current = (await findCheckout(trx, id))!
            if (current.status === 'canceled' || !canCancel(current.status)) return { checkout: current, changed: false }
            for (const hooks of cancelHooks) await hooks.check?.(trx, current)
            return applyTransition(trx, ctx, id, 'canceled', { by: 'merchant', action: 'cancel' }, { current })
          })
          if (checkout.status !== 'canceled') throw notCancelable(checkout.status)
          return c.json(toMerchantCheckout(checkout, await listPayments(ctx.db, id), deps.config.mode))
        } catch (error) {
          if (!(error instanceof PrepareAgain)) throw error
          if (round >= 3) {
            throw new ApiError(409, 'checkout_busy', 'A payment is being started on this checkout; try the cancel again', undefined, {
              'Retry-After': '1',
            })
          }
        }
      }
    })
}
