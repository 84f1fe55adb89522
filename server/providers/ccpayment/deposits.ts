import type { DepositView } from '@pay-elements/contract'
import Big from 'big.js'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-types.js'
import {
  applyTransition,
  changeCheckout,
  findCheckout,
  type CheckoutContext,
  type CheckoutRow,
  type PaymentRow,
} from '../../checkouts/checkouts.js'
import type { CcpaymentConfig, Config } from '../../config.js'
import type { DbOrTrx } from '../../db/schema.js'
import { ApiError } from '../../errors.js'
import { readJsonObject, validate } from '../../http/body.js'
import { checkoutFromClientSecret } from '../../http/client-secret.js'
import { canExpire } from '../../checkouts/state.js'
import { randomId } from '../../lib/crypto.js'
import { qrMatrix } from '../../lib/qr.js'
import { CcpaymentError, CcpaymentUnavailableError, type CcpaymentClient, type CcpaymentCoins } from './client.js'
import { depositStatus, totalPaid, type DepositRecord } from './deposit-status.js'
import { paymentUri } from './payment-uri.js'

/**
 * The browser's crypto routes (`/v1/client/crypto`): the coins and networks with the amount this
 * checkout costs in each, starting a native deposit (address, amount, memo, QR) or getting the
 * hosted checkout URL. One CCPayment order per checkout and coin: asking again returns the same
 * order, and a provider failure never leaves two orders a payer could pay.
 */

/** What we keep of a CCPayment order in `payments.details`. */
export interface DepositDetails {
  kind: 'native' | 'hosted'
  token_id: string | null
  crypto: string | null
  network: string | null
  chain: string | null
  contract: string | null
  address: string | null
  memo: string
  /** Crypto amount ordered, as CCPayment quoted it. */
  order_amount: string | null
  order_id: string | null
  payment_url: string | null
  /** End of the order's valid period, ms. */
  valid_until: number
  records: (DepositRecord & { record_id: string })[]
}

/**
 * `payments.status` for a CCPayment order: `creating` while bill/create is in flight, `unknown`
 * after it timed out (resolved by bill/info before anything else), `abandoned` when that order can
 * no longer be shown to the payer, `active` once it has an address (or URL).
 */
type DepositState = 'creating' | 'unknown' | 'abandoned' | 'active'

/**
 * CCPayment still credits payments to an order's address for 7 days after its valid period ends,
 * marked "Overdue" (providers.md §1.9, the v2 order docs; v1 says nothing else): until then an
 * expired checkout whose address was shown can still be paid, and the payer's element keeps
 * following it.
 */
export const LATE_CREDIT_MS = 7 * 24 * 3600_000

/** An order stuck in `creating` longer than this belongs to a request that died. */
const CREATING_STALE_MS = 30_000
const COINS_TTL_MS = 60_000

export type { DepositView }

export function depositView(payment: PaymentRow, now: number): DepositView {
  const d = JSON.parse(payment.details) as DepositDetails
  const paid = totalPaid(d.records)
  const due = d.order_amount === null ? null : Big(d.order_amount).minus(paid)
  const uri =
    d.kind === 'native' && d.address && d.order_amount
      ? paymentUri({ chain: d.chain ?? '', contract: d.contract ?? '', address: d.address, amount: d.order_amount, memo: d.memo })
      : null
  return {
    id: payment.id,
    kind: d.kind,
    status: depositStatus(d.order_amount ?? '0', d.records, d.valid_until, now),
    token_id: d.token_id,
    crypto: d.crypto,
    network: d.network,
    address: d.address,
    memo: d.memo || null,
    amount: d.order_amount,
    amount_paid: paid,
    amount_due: due === null ? null : (due.gt(0) ? due : Big(0)).toString(),
    expires_at: new Date(d.valid_until).toISOString(),
    payment_uri: uri,
    qr: uri ? qrMatrix(uri) : null,
    url: d.payment_url,
  }
}

export interface DepositDeps {
  ctx: CheckoutContext
  config: Pick<Config, 'publicUrl' | 'mode'> & { ccpayment: CcpaymentConfig }
  client: CcpaymentClient
}

const PAYABLE = ['open', 'pending', 'underpaid'] as const

function assertPayable(checkout: CheckoutRow) {
  const methods = JSON.parse(checkout.methods) as string[]
  if (!methods.includes('crypto')) throw new ApiError(409, 'method_not_allowed', 'This checkout does not accept crypto')
  if (!PAYABLE.includes(checkout.status as (typeof PAYABLE)[number])) {
    throw new ApiError(409, 'checkout_not_payable', `This checkout is ${checkout.status} and takes no new payment`)
  }
}

/** Turns a CCPayment failure into what the payer's element shows: retryable unless CCPayment refused for good. */
function providerFailure(error: unknown): never {
  if (error instanceof CcpaymentError) {
    if (error.retryable)
      throw new ApiError(503, 'provider_unavailable', 'The crypto payment service is busy; try again in a moment', undefined, {
        'Retry-After': '2',
      })
    throw new ApiError(502, 'provider_refused', `The crypto payment service refused the order (code ${error.code})`)
  }
  if (error instanceof CcpaymentUnavailableError) {
    throw new ApiError(
      error.reason === 'timeout' ? 504 : 502,
      'provider_unavailable',
      'The crypto payment service did not answer; try again in a moment',
      undefined,
      {
        'Retry-After': '2',
      },
    )
  }
  throw error
}

export function createDepositService(deps: DepositDeps) {
  const { ctx, config, client } = deps
  let coinsCache: { at: number; coins: CcpaymentCoins } | null = null

  async function coins(): Promise<CcpaymentCoins> {
    if (coinsCache && ctx.clock() - coinsCache.at < COINS_TTL_MS) return coinsCache.coins
    try {
      coinsCache = { at: ctx.clock(), coins: await client.coins() }
    } catch (error) {
      providerFailure(error)
    }
    return coinsCache.coins
  }

  async function findToken(tokenId: string) {
    for (const coin of (await coins()).list) {
      const token = coin.tokens.find((t) => t.token_id === tokenId)
      if (token && coin.status === 1 && token.status === 1) return { coin, token }
    }
    throw new ApiError(400, 'unknown_token', 'token_id is not a coin and network this merchant accepts', 'token_id')
  }

  const paymentsOf = (db: DbOrTrx, checkoutId: string) =>
    db
      .selectFrom('payments')
      .selectAll()
      .where('checkout_id', '=', checkoutId)
      .where('provider', '=', 'ccpayment')
      .orderBy('created_at')
      .execute()

  /** Seconds left on the checkout, which becomes the order's valid period (so both end together). */
  function validPeriod(checkout: CheckoutRow): number {
    return Math.max(60, Math.ceil((checkout.expires_at - ctx.clock()) / 1000))
  }

  /**
   * Claims the right to create the order `reference` by inserting its row: the unique
   * (provider, provider_reference) lets exactly one request through.
   */
  async function claim(checkout: CheckoutRow, reference: string, details: DepositDetails): Promise<PaymentRow | null> {
    const now = ctx.clock()
    const row: PaymentRow = {
      id: randomId('pay'),
      checkout_id: checkout.id,
      method: 'crypto',
      provider: 'ccpayment',
      provider_reference: reference,
      status: 'creating' satisfies DepositState,
      amount: checkout.amount,
      currency: checkout.currency,
      details: JSON.stringify(details),
      created_at: now,
      updated_at: now,
    }
    const inserted = await ctx.db
      .insertInto('payments')
      .values(row)
      .onConflict((oc) => oc.columns(['provider', 'provider_reference']).doNothing())
      .executeTakeFirst()
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? row : null
  }

  const setState = (id: string, status: DepositState, details?: DepositDetails) =>
    ctx.db
      .updateTable('payments')
      .set({ status, updated_at: ctx.clock(), ...(details ? { details: JSON.stringify(details) } : {}) })
      .where('id', '=', id)
      .execute()

  /**
   * The order exists at CCPayment: it is handed to the payer only if the checkout is still payable
   * now, decided under the checkout's lock (a merchant's cancel may have landed while CCPayment was
   * creating it). Handed out, the checkout is pending at a provider; otherwise the order is set
   * aside unseen, so nobody can pay it, and the payer is told the checkout is closed.
   */
  async function activate(checkout: CheckoutRow, paymentId: string, details: DepositDetails) {
    let closedAs: string | null = null
    await changeCheckout(ctx, checkout.id, async (trx) => {
      const current = (await findCheckout(trx, checkout.id))!
      const expired = current.expires_at <= ctx.clock()
      const payable = PAYABLE.includes(current.status as (typeof PAYABLE)[number]) && !expired
      await trx
        .updateTable('payments')
        .set({ status: payable ? 'active' : 'abandoned', details: JSON.stringify(details), updated_at: ctx.clock() })
        .where('id', '=', paymentId)
        .execute()
      if (!payable) {
        closedAs = expired && current.status !== 'canceled' ? 'expired' : current.status
        return { checkout: current, changed: false }
      }
      const cause = { by: 'provider' as const, provider: 'ccpayment', evidence: 'order created' }
      return applyTransition(trx, ctx, checkout.id, 'pending', cause, { current })
    })
    if (closedAs) throw new ApiError(409, 'checkout_not_payable', `This checkout is ${closedAs} and takes no new payment`)
  }

  /**
   * Runs `create` for the order `base` (or its next attempt), at most once at a time and never
   * twice for an order that may exist: a timed-out attempt is looked up with bill/info first.
   */
  async function once(
    checkout: CheckoutRow,
    base: string,
    fresh: DepositDetails,
    create: (reference: string) => Promise<DepositDetails>,
  ): Promise<PaymentRow> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const reference = attempt === 1 ? base : `${base}-${attempt}`
      const mine = await claim(checkout, reference, fresh)
      const row =
        mine ??
        (await ctx.db
          .selectFrom('payments')
          .selectAll()
          .where('provider', '=', 'ccpayment')
          .where('provider_reference', '=', reference)
          .executeTakeFirstOrThrow())
      const state = row.status as DepositState
      if (state === 'active') return row
      if (state === 'abandoned') continue
      if (!mine && state === 'creating' && ctx.clock() - row.updated_at < CREATING_STALE_MS) {
        throw new ApiError(409, 'deposit_in_progress', 'This deposit is being created; try again in a moment', undefined, {
          'Retry-After': '1',
        })
      }
      if (state === 'unknown' || (state === 'creating' && !mine)) {
        // An earlier attempt may have created the order at CCPayment without our hearing of it.
        let known: boolean
        try {
          known = (await client.billInfo([reference])).length > 0
        } catch (error) {
          providerFailure(error)
        }
        if (known) {
          // bill/info does not give the address back, so that order can never be shown: it
          // expires unpaid at CCPayment, and a new attempt takes its place.
          await setState(row.id, 'abandoned')
          continue
        }
        await setState(row.id, 'creating')
      }
      let details: DepositDetails
      try {
        details = await create(reference)
      } catch (error) {
        // Refused: nothing exists at CCPayment, so the same reference may be tried again.
        // Anything else (timeout, bad answer): the order may exist, which bill/info settles next time.
        if (error instanceof CcpaymentError) await ctx.db.deleteFrom('payments').where('id', '=', row.id).execute()
        else await setState(row.id, 'unknown')
        providerFailure(error)
      }
      await activate(checkout, row.id, details)
      return { ...row, status: 'active', details: JSON.stringify(details) }
    }
    throw new ApiError(409, 'too_many_attempts', 'This deposit could not be created; start again with another coin', 'token_id')
  }

  const empty = (kind: DepositDetails['kind'], validUntil: number): DepositDetails => ({
    kind,
    token_id: null,
    crypto: null,
    network: null,
    chain: null,
    contract: null,
    address: null,
    memo: '',
    order_amount: null,
    order_id: null,
    payment_url: null,
    valid_until: validUntil,
    records: [],
  })

  return {
    coins,

    /**
     * Coins and networks with what this checkout costs in each, at CCPayment's current price. With
     * `atHand`, from the list fetched in the last minute only, or null: never waits on CCPayment.
     */
    async options(checkout: CheckoutRow, { atHand = false } = {}) {
      if (atHand && !(coinsCache && ctx.clock() - coinsCache.at < COINS_TTL_MS)) return null
      const list = (await coins()).list.filter((coin) => coin.status === 1)
      return list.map((coin) => ({
        symbol: coin.symbol,
        name: coin.name,
        networks: coin.tokens
          .filter((t) => t.status === 1)
          .map((t) => ({
            token_id: t.token_id,
            network: t.network,
            chain: t.chain,
            name: t.name,
            memo: t.is_support_memo,
            // An estimate for choosing: the order itself fixes the amount to pay.
            amount: Big(checkout.amount).div(coin.price).round(coin.precision, Big.roundUp).toString(),
          })),
      }))
    },

    async startNative(checkout: CheckoutRow, tokenId: string): Promise<PaymentRow> {
      assertPayable(checkout)
      const { coin, token } = await findToken(tokenId)
      const validUntil = ctx.clock() + validPeriod(checkout) * 1000
      return once(checkout, `${checkout.id}-${tokenId.replace(/-/g, '').slice(0, 12)}`, empty('native', validUntil), async (reference) => {
        const period = validPeriod(checkout)
        const bill = await client.createBill({
          token_id: tokenId,
          product_price: checkout.amount,
          merchant_order_id: reference,
          order_valid_period: period,
          notify_url: `${config.publicUrl}/webhooks/ccpayment`,
          custom_value: checkout.id,
          remark: checkout.description ?? '',
        })
        return {
          ...empty('native', ctx.clock() + period * 1000),
          token_id: tokenId,
          crypto: coin.symbol,
          network: token.network,
          chain: token.chain,
          contract: token.contract,
          address: bill.pay_address,
          memo: bill.memo,
          order_amount: bill.amount,
          order_id: bill.order_id,
        }
      })
    },

    async startHosted(checkout: CheckoutRow, returnUrl: string | undefined): Promise<PaymentRow> {
      assertPayable(checkout)
      const validUntil = ctx.clock() + validPeriod(checkout) * 1000
      return once(checkout, `${checkout.id}-hosted`, empty('hosted', validUntil), async (reference) => {
        const period = validPeriod(checkout)
        const { payment_url } = await client.checkoutUrl({
          product_price: checkout.amount,
          merchant_order_id: reference,
          product_name: checkout.description ?? 'Order',
          order_valid_period: period,
          notify_url: `${config.publicUrl}/webhooks/ccpayment`,
          ...(returnUrl ? { return_url: returnUrl } : {}),
          custom_value: checkout.id,
        })
        return { ...empty('hosted', ctx.clock() + period * 1000), payment_url }
      })
    },

    /**
     * Until when money can still reach this checkout through CCPayment although it has expired: the
     * end of the late-credit window of the last of its orders whose address (or page) was shown.
     */
    async lateMoneyUntil(checkout: CheckoutRow): Promise<number | null> {
      if (checkout.status !== 'expired' || !(JSON.parse(checkout.methods) as string[]).includes('crypto')) return null
      const active = (await paymentsOf(ctx.db, checkout.id)).filter((p) => p.status === 'active')
      if (!active.length) return null
      return Math.max(...active.map((p) => (JSON.parse(p.details) as DepositDetails).valid_until)) + LATE_CREDIT_MS
    },

    /**
     * Sandbox only (the simulator's "let the order expire"): order `reference` ended at `at`, before
     * its time. Its end moves there, and its checkout's with it (they were set to end together), so
     * the checkout expires as it would have then, and the payer's element hears of it at once.
     */
    async endEarly(reference: string, at: number): Promise<void> {
      const payment = await ctx.db
        .selectFrom('payments')
        .selectAll()
        .where('provider', '=', 'ccpayment')
        .where('provider_reference', '=', reference)
        .executeTakeFirst()
      if (!payment) return
      await changeCheckout(ctx, payment.checkout_id, async (trx) => {
        const current = (await findCheckout(trx, payment.checkout_id))!
        const row = (await trx.selectFrom('payments').select('details').where('id', '=', payment.id).executeTakeFirstOrThrow()) as {
          details: string
        }
        const details = JSON.parse(row.details) as DepositDetails
        details.valid_until = Math.min(details.valid_until, at)
        await trx
          .updateTable('payments')
          .set({ details: JSON.stringify(details) })
          .where('id', '=', payment.id)
          .execute()
        if (!canExpire(current.status) || current.expires_at <= at) return { checkout: current, changed: false }
        await trx.updateTable('checkouts').set({ expires_at: at }).where('id', '=', current.id).execute()
        return applyTransition(trx, ctx, current.id, 'expired', { by: 'clock' }, { current: { ...current, expires_at: at } })
      })
    },

    /** The order the payer sees: the most recent active one. */
    async current(checkoutId: string): Promise<PaymentRow | undefined> {
      return (await paymentsOf(ctx.db, checkoutId)).filter((p) => p.status === 'active').at(-1)
    },
  }
}

export type DepositService = ReturnType<typeof createDepositService>

export function cryptoClientRoutes(deps: DepositDeps & { deposits: DepositService }) {
  const { ctx, deposits } = deps
  const view = (row: PaymentRow) => depositView(row, ctx.clock())
  return new Hono<AppEnv>()
    .get('/options', async (c) => {
      const checkout = await checkoutFromClientSecret(ctx, c)
      return c.json({ coins: await deposits.options(checkout) })
    })
    .post('/deposits', async (c) => {
      const checkout = await checkoutFromClientSecret(ctx, c)
      const { token_id } = validate(z.strictObject({ token_id: z.string().min(1).max(64) }), await readJsonObject(c))
      return c.json(view(await deposits.startNative(checkout, token_id)), 201)
    })
    .post('/hosted', async (c) => {
      const checkout = await checkoutFromClientSecret(ctx, c)
      const { return_url } = validate(
        z.strictObject({
          return_url: z
            .url({ protocol: /^https?$/ })
            .max(500)
            .optional(),
        }),
        await readJsonObject(c),
      )
      return c.json(view(await deposits.startHosted(checkout, return_url)), 201)
    })
    .get('/deposit', async (c) => {
      const checkout = await checkoutFromClientSecret(ctx, c)
      const payment = await deposits.current(checkout.id)
      c.header('Cache-Control', 'no-store')
      // No deposit yet is an ordinary answer, not an error: `null`.
      return c.json(payment ? view(payment) : null)
    })
}
