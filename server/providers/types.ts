import type { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../app-types.js'
import type { CheckoutRow } from '../checkouts/checkouts.js'
import type { ClientFirstScreens, PaymentMethod } from '@pay-elements/contract'
import type { DbOrTrx } from '../db/schema.js'
import type { HitCounter } from '../http/rate-limit.js'

/** What a provider's routes get: the app's dependencies plus the fetch for outbound calls. */
export interface ProviderDeps extends AppDeps {
  /**
   * Outbound HTTP. In sandbox mode, requests to this server's own public URL (the simulators, and
   * the simulators' webhooks back to us) are answered in-process, so the sandbox needs no network.
   */
  fetch: typeof fetch
  /**
   * A counter for rate limits that must hold across instances (money-adjacent routes): in the
   * database on PostgreSQL, in memory on SQLite (one instance).
   */
  sharedCounter: () => HitCounter
}

/**
 * Reconciliation's question to a provider about one checkout: if a payment of this provider is in
 * flight there, ask the provider about it (only if `permit()` allows one more call) and apply the
 * answer the way a webhook would. `asked`: the provider was called; `nothing`: no payment of this
 * provider needs asking about; `deferred`: one does, but the call budget is spent for now.
 */
export type ReconcileResult = 'asked' | 'nothing' | 'deferred'
export type ProviderReconcile = (checkoutId: string, permit: () => boolean) => Promise<ReconcileResult>

/** One payment provider: its folder holds client, signing, webhook handling and simulator. */
export interface ProviderModule {
  id: 'ccpayment' | 'ccbill' | 'nicepay'
  method: PaymentMethod
  /**
   * `client` is mounted at `/v1/client/<method>`, `webhook` at `/webhooks/<id>`, and in sandbox mode
   * `sandbox` at `/sandbox/<id>` (the simulator, speaking the provider's own paths below it).
   */
  routes(deps: ProviderDeps): {
    client?: Hono<AppEnv>
    webhook?: Hono<AppEnv>
    sandbox?: Hono
    cancel?: CancelHooks
    reconcile?: ProviderReconcile
    live?: LiveHooks
    /**
     * What the method's element draws first for `checkout` (the bootstrap read and the initial state
     * carry it). Without `askProvider` (a merchant's reply must not wait on a provider) only what the
     * server has at hand: a part it would have to ask for is left null.
     */
    firstScreen?(checkout: CheckoutRow, options: FirstScreenOptions): Promise<NonNullable<ClientFirstScreens[PaymentMethod]>>
  }
}

export interface FirstScreenOptions {
  askProvider: boolean
}

/** Each running provider's `firstScreen`, by method. */
export type FirstScreenHooks = Partial<
  Record<PaymentMethod, (checkout: CheckoutRow, options: FirstScreenOptions) => Promise<NonNullable<ClientFirstScreens[PaymentMethod]>>>
>

/**
 * What the browser's live status (event stream, long-poll) asks a provider about a checkout a payer
 * is looking at, so that the element always shows the checkout as it is.
 */
export interface LiveHooks {
  /**
   * Until when (ms) money can still reach `checkout` through this provider although its status is
   * final (an expired checkout whose deposit address was shown), or null: following goes on until then.
   */
  lateMoneyUntil?(checkout: CheckoutRow): Promise<number | null>
  /**
   * A payer is watching `checkout`: ask the provider about a payment in flight whose changes it does
   * not notify (NICEPAY: a code expiring, a cashier finding it), when such a question is due, and
   * apply the answer. Resolves with the ms until the next question may be due, or null when there
   * is nothing to ask about. Never throws for a provider's trouble (the next watch asks again).
   */
  watch?(checkout: CheckoutRow): Promise<number | null>
}

/**
 * What a provider does when the merchant cancels a checkout. A cancel and the start of a payment
 * are ordered by the checkout's row lock; these let a provider settle or withdraw what it has in
 * flight first, and refuse while money may be moving.
 */
export interface CancelHooks {
  /** Before the cancel's transaction (provider calls allowed): settle lost answers, withdraw a payment code. */
  prepare?(checkout: CheckoutRow): Promise<void>
  /**
   * Inside the cancel's transaction, under the checkout's lock: throw an `ApiError` to refuse, or
   * `PrepareAgain` when something appeared since `prepare` that it must handle first.
   */
  check?(trx: DbOrTrx, checkout: CheckoutRow): Promise<void>
}

/** Thrown by `CancelHooks.check`: a payment started since `prepare` ran; the cancel starts over. */
export class PrepareAgain extends Error {}
