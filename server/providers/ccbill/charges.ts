import Big from 'big.js'
import type { Selectable } from 'kysely'
import {
  applyTransition,
  changeCheckout,
  findCheckout,
  type CheckoutContext,
  type CheckoutRow,
  type Subscription,
  type TransitionResult,
} from '../../checkouts/checkouts.js'
import { currencyDigits, methodsForCurrency, numericCurrencyCode } from '../../checkouts/money.js'
import type { CcbillConfig } from '../../config.js'
import type { CcbillChargesTable, DbOrTrx } from '../../db/schema.js'
import { ApiError } from '../../errors.js'
import { randomId } from '../../lib/crypto.js'
import type { Logger } from '../../log.js'
import { recordProviderEvent } from '../events.js'
import { CcbillRefused, CcbillUnavailable, type ChargeAnswer, type CcbillClient } from './client.js'
import type { CardCharge, CardDeclineReason } from '@pay-elements/contract'
import { threedsChargeFields, type ThreedsCharge } from './threeds.js'

/**
 * Charging a checkout's card at CCBill, at most once. Every charge request is an attempt row
 * (`ccbill_charges`) claimed before CCBill is called, under the checkout's row lock and in the same
 * transaction that claims the payment token for the checkout (`ccbill_payment_tokens`: a token
 * belongs to the first checkout that charges it, so every charge CCBill lists for it is that
 * checkout's). A partial unique index lets only one attempt per checkout be in flight, of unknown
 * outcome or approved, across every instance that shares the database. An approval moves the
 * checkout to paid in the same transaction as the attempt and its `payments` row; a decline leaves
 * the checkout payable with another card. When CCBill's answer is lost the attempt is `processing`
 * and is resolved by reading the token's charges (here or when the webhook arrives), never by
 * charging again.
 */

export type ChargeRow = Selectable<CcbillChargesTable>

/** Tunables; tests shorten them. Single provider calls take `config.providerTimeoutMs`. */
export const CCBILL_TIMINGS = {
  /**
   * After an attempt's answer was lost, a read of the token's charges made at least this much
   * later that lists no new charge settles it as not charged. CCBill charges while it answers, so
   * a charge it made is listed by then; a request CCBill never processed frees the checkout for the
   * payer's next attempt this soon.
   */
  notChargedQuietMs: 10_000,
  /** An attempt still `charging` this long after its request's time limit lost its process: its outcome is unknown. */
  staleChargingMarginMs: 5_000,
}

export interface CardService {
  ctx: CheckoutContext
  client: CcbillClient
  config: Pick<CcbillConfig, 'accnum' | 'subacc' | 'subacc3ds'>
  log: Logger
  /** The time limit of a CCBill call (`PAY_PROVIDER_TIMEOUT_MS`): no charge request lasts longer. */
  timeoutMs: number
}

/**
 * When an attempt's own answer was lost, or null while it may still arrive: a `processing`
 * attempt lost it when it was marked so; a `charging` one whose process died, at the latest when
 * its request's time limit ran out.
 */
export function answerLostAt(charge: ChargeRow, now: number, timeoutMs: number): number | null {
  if (charge.status === 'processing') return charge.updated_at
  const deadline = charge.updated_at + timeoutMs + CCBILL_TIMINGS.staleChargingMarginMs
  return charge.status === 'charging' && deadline <= now ? deadline : null
}

/**
 * A checkout's amount as CCBill's `initialPrice`. CCBill's wire format forces a JSON number here
 * (and for `recurringPrice`); this is the only place a decimal string becomes one. No arithmetic
 * happens: `Number("19.90")` is the double nearest 19.90, which JSON writes back as 19.9, and the
 * check below proves the round trip is exact (amounts have at most 12 integer and 2 decimal digits,
 * well within the 15 significant digits a double keeps).
 */
export function ccbillPrice(amount: string): number {
  const value = Number(amount)
  if (!Number.isFinite(value) || !new Big(String(value)).eq(amount)) throw new Error(`amount ${amount} does not survive as a JSON number`)
  return value
}

/** CCBill takes six currencies (numeric ISO 4217); `checkouts/money.ts` says which. */
export function assertCardCheckout(checkout: CheckoutRow): void {
  if (!(JSON.parse(checkout.methods) as string[]).includes('card')) {
    throw new ApiError(400, 'method_not_allowed', 'This checkout does not offer card payment', 'methods')
  }
  if (!methodsForCurrency(checkout.currency).includes('card')) {
    throw new ApiError(400, 'unsupported_currency', `Card payments cannot take ${checkout.currency}`, 'currency')
  }
}

const PAYABLE = ['open', 'pending'] as const

export function assertPayable(checkout: CheckoutRow): void {
  if (!PAYABLE.includes(checkout.status as (typeof PAYABLE)[number])) {
    throw new ApiError(409, 'checkout_not_payable', `This checkout is ${checkout.status} and takes no card payment`)
  }
}

export function toCardCharge(row: ChargeRow): CardCharge {
  return {
    // A duplicate charge is still a charge that went through, as far as the payer can tell.
    status: row.status === 'approved' || row.status === 'duplicate' ? 'approved' : row.status === 'declined' ? 'declined' : 'processing',
    decline_reason: (row.decline_reason as CardDeclineReason | null) ?? null,
    decline_code: row.status === 'declined' ? row.decline_code : null,
    decline_text: row.status === 'declined' ? row.decline_text : null,
    created_at: new Date(row.created_at).toISOString(),
  }
}

/** The checkout's latest charge attempt; attempts CCBill refused outright (`failed`) were never charges. */
export function latestCharge(db: DbOrTrx, checkoutId: string): Promise<ChargeRow | undefined> {
  return db
    .selectFrom('ccbill_charges')
    .selectAll()
    .where('checkout_id', '=', checkoutId)
    .where('status', '!=', 'failed')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

const findCharge = (db: DbOrTrx, id: string) => db.selectFrom('ccbill_charges').selectAll().where('id', '=', id).executeTakeFirst()

/**
 * The body of a CCBill charge: the server's amount, currency and terms, never the browser's. A 3DS
 * charge goes on the 3DS sub-account, with the authentication as `verifyThreeds` checked it.
 */
export function chargeBody(service: CardService, checkout: CheckoutRow, charge: ChargeRow, threeds: ThreedsCharge | undefined) {
  const initialPrice = ccbillPrice(checkout.amount)
  const subscription = checkout.subscription ? (JSON.parse(checkout.subscription) as Subscription) : null
  const body: Record<string, unknown> = {
    clientAccnum: Number(service.config.accnum),
    clientSubacc: Number(threeds ? service.config.subacc3ds : service.config.subacc),
    initialPrice,
    // Days; 0 is CCBill's one-time charge.
    initialPeriod: subscription?.initial_period_days ?? 0,
    currencyCode: Number(numericCurrencyCode(checkout.currency)),
    ...(subscription
      ? {
          recurringPrice: ccbillPrice(subscription.recurring_amount),
          recurringPeriod: subscription.recurring_period_days,
          rebills: subscription.rebills,
        }
      : {}),
    // Comes back in the webhooks as X-checkout_id and X-charge_id.
    passThroughInfo: [
      { name: 'checkout_id', value: checkout.id },
      { name: 'charge_id', value: charge.id },
    ],
  }
  if (threeds) Object.assign(body, threedsChargeFields(threeds, initialPrice))
  return body
}

/** Words for a decline the element can translate. */
function declineReason(answer: ChargeAnswer, threeds: ThreedsCharge | undefined): CardDeclineReason {
  if (threeds && threeds.threedsSuccess !== true) return 'authentication_failed'
  // 22 "Error contacting bank" and 27 "System Error, Please Try Again" are CCBill's documented passing troubles.
  if (answer.declineCode === '22' || answer.declineCode === '27') return 'try_again'
  return 'declined'
}

export function createCardCharges(service: CardService) {
  const { ctx, client, log } = service

  /**
   * Claims the checkout's one live attempt, the payment token for the checkout, and moves the
   * checkout to pending, in one transaction under the checkout's lock; null when another attempt
   * holds the checkout. A checkout no longer payable, or a token another checkout holds, is refused.
   */
  async function claim(checkout: CheckoutRow, paymentTokenId: string, threeds: boolean): Promise<ChargeRow | null> {
    const now = ctx.clock()
    const row: ChargeRow = {
      id: randomId('ch'),
      checkout_id: checkout.id,
      payment_token_id: paymentTokenId,
      status: 'charging',
      threeds: threeds ? 1 : 0,
      subscription_id: null,
      decline_code: null,
      decline_text: null,
      decline_reason: null,
      created_at: now,
      updated_at: now,
    }
    let claimed = false
    await changeCheckout(ctx, checkout.id, async (trx): Promise<TransitionResult> => {
      const current = (await findCheckout(trx, checkout.id))!
      // Decided here, under the lock: the checkout may have been canceled, expired or paid since the request began.
      assertPayable(current)
      await trx
        .insertInto('ccbill_payment_tokens')
        .values({ payment_token_id: paymentTokenId, checkout_id: checkout.id, created_at: now })
        .onConflict((oc) => oc.column('payment_token_id').doNothing())
        .execute()
      const owner = await trx
        .selectFrom('ccbill_payment_tokens')
        .select('checkout_id')
        .where('payment_token_id', '=', paymentTokenId)
        .executeTakeFirstOrThrow()
      if (owner.checkout_id !== checkout.id) throw tokenUsed()
      const inserted = await trx
        .insertInto('ccbill_charges')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      claimed = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
      if (!claimed || current.status !== 'open') return { checkout: current, changed: false }
      const cause = { by: 'provider' as const, provider: 'ccbill', evidence: 'charge started', charge_id: row.id }
      return applyTransition(trx, ctx, checkout.id, 'pending', cause, { current })
    })
    return claimed ? row : null
  }

  /**
   * CCBill charged `charge` (subscription `subscriptionId`): the attempt, its payment row and the
   * checkout's move commit together, once. A subscription some payment already holds changes
   * nothing. When another attempt already paid the checkout, the card was charged twice: the
   * attempt is a `duplicate` and the checkout overpaid (or, canceled, says what it received), so
   * the merchant learns of money to give back. `event` (a webhook) is recorded in the same
   * transaction, so a redelivered webhook changes nothing.
   */
  async function settleApproved(
    charge: ChargeRow,
    subscriptionId: string,
    evidence: string,
    event?: { key: string; payload: string },
  ): Promise<void> {
    let outcome = 'unchanged'
    await changeCheckout(ctx, charge.checkout_id, async (trx): Promise<TransitionResult> => {
      const now = ctx.clock()
      const checkout = (await findCheckout(trx, charge.checkout_id))!
      if (event) {
        const first = await recordProviderEvent(trx, {
          provider: 'ccbill',
          key: event.key,
          checkoutId: checkout.id,
          payload: event.payload,
          now,
        })
        if (!first) return { checkout, changed: false }
      }
      const credited = await trx
        .selectFrom('payments')
        .select('id')
        .where('provider', '=', 'ccbill')
        .where('provider_reference', '=', subscriptionId)
        .executeTakeFirst()
      const attempt = (await findCharge(trx, charge.id))!
      if (credited || attempt.status === 'approved' || attempt.status === 'duplicate') return { checkout, changed: false }
      const others = await trx
        .selectFrom('ccbill_charges')
        .select(['id', 'status'])
        .where('checkout_id', '=', checkout.id)
        .where('id', '!=', charge.id)
        .where('status', 'in', ['approved', 'charging', 'processing'])
        .execute()
      const paidBy = others.find((o) => o.status === 'approved')
      // Another attempt is still unresolved: which of the two paid is not known yet. Tried again later.
      if (!paidBy && others.length) throw new SettleLater(others[0]!.id)
      const status = paidBy ? 'duplicate' : 'approved'
      await trx
        .updateTable('ccbill_charges')
        .set({ status, subscription_id: subscriptionId, decline_code: null, decline_text: null, decline_reason: null, updated_at: now })
        .where('id', '=', charge.id)
        .where('status', 'not in', ['approved', 'duplicate'])
        .execute()
      await trx
        .insertInto('payments')
        .values({
          id: randomId('pay'),
          checkout_id: checkout.id,
          method: 'card',
          provider: 'ccbill',
          provider_reference: subscriptionId,
          status: 'approved',
          amount: checkout.amount,
          currency: checkout.currency,
          details: JSON.stringify({
            charge_id: charge.id,
            payment_token_id: charge.payment_token_id,
            threeds: charge.threeds === 1,
            ...(paidBy ? { duplicate_of: paidBy.id } : {}),
          }),
          created_at: now,
          updated_at: now,
        })
        .execute()
      outcome = status
      const cause = { by: 'provider' as const, provider: 'ccbill', evidence, charge_id: charge.id, subscription_id: subscriptionId }
      const amountPaid = new Big(checkout.amount_paid).plus(checkout.amount).toFixed(currencyDigits(checkout.currency))
      return applyTransition(trx, ctx, checkout.id, paidBy ? 'overpaid' : 'paid', cause, { amountPaid, current: checkout })
    })
    if (outcome === 'duplicate')
      log.error({ checkoutId: charge.checkout_id, chargeId: charge.id, evidence }, 'ccbill charged a checkout twice')
    else if (outcome === 'approved') log.info({ checkoutId: charge.checkout_id, chargeId: charge.id, evidence }, 'ccbill charge approved')
  }

  /**
   * A decline (or a lost attempt CCBill never charged): recorded; the checkout stays payable. The
   * charge's own answer may refine a decline a webhook recorded first (it knows the 3DS outcome).
   */
  async function settleDeclined(
    charge: ChargeRow,
    decline: { reason: CardDeclineReason; code: string | null; text: string | null },
    event?: { key: string; payload: string },
    fromAnswer = false,
  ): Promise<void> {
    await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock()
      if (
        event &&
        !(await recordProviderEvent(trx, {
          provider: 'ccbill',
          key: event.key,
          checkoutId: charge.checkout_id,
          payload: event.payload,
          now,
        }))
      ) {
        return
      }
      await trx
        .updateTable('ccbill_charges')
        .set({
          status: 'declined',
          decline_reason: decline.reason,
          decline_code: decline.code,
          decline_text: decline.text,
          updated_at: now,
        })
        .where('id', '=', charge.id)
        .where('status', 'in', fromAnswer ? ['charging', 'processing', 'declined'] : ['charging', 'processing'])
        .execute()
    })
    log.info({ checkoutId: charge.checkout_id, chargeId: charge.id, code: decline.code, reason: decline.reason }, 'ccbill charge declined')
  }

  async function markUnknown(charge: ChargeRow, error: unknown): Promise<void> {
    log.warn({ err: error, checkoutId: charge.checkout_id, chargeId: charge.id }, 'ccbill charge outcome unknown; will read the charges')
    await ctx.db
      .updateTable('ccbill_charges')
      .set({ status: 'processing', updated_at: ctx.clock() })
      .where('id', '=', charge.id)
      .where('status', '=', 'charging')
      .execute()
  }

  /** Sends the claimed attempt to CCBill and records what came back. */
  async function perform(checkout: CheckoutRow, charge: ChargeRow, threeds: ThreedsCharge | undefined): Promise<ChargeRow> {
    let answer: ChargeAnswer
    try {
      answer = await client.charge(charge.payment_token_id, chargeBody(service, checkout, charge, threeds), Boolean(threeds))
    } catch (error) {
      if (error instanceof CcbillRefused) {
        // Refused before charging: the attempt frees the checkout for the next one.
        await ctx.db
          .updateTable('ccbill_charges')
          .set({
            status: 'failed',
            decline_code: error.errorCode === null ? null : String(error.errorCode),
            decline_text: error.generalMessage,
            updated_at: ctx.clock(),
          })
          .where('id', '=', charge.id)
          .execute()
        throw refusal(error, log, checkout.id)
      }
      // Timeout, network, 5xx, garbage, or anything unexpected after the request left: the card may be charged.
      await markUnknown(charge, error)
      if (!(error instanceof CcbillUnavailable)) throw error
      return (await findCharge(ctx.db, charge.id))!
    }
    if (answer.approved) await settleApproved(charge, answer.subscriptionId!, 'charge approved')
    else
      await settleDeclined(
        charge,
        { reason: declineReason(answer, threeds), code: answer.declineCode, text: answer.declineText },
        undefined,
        true,
      )
    return (await findCharge(ctx.db, charge.id))!
  }

  /** The subscriptions in `listed` that no payment holds yet, in CCBill's order. */
  async function uncredited(listed: string[]): Promise<string[]> {
    if (!listed.length) return []
    const credited = await ctx.db
      .selectFrom('payments')
      .select('provider_reference')
      .where('provider', '=', 'ccbill')
      .where('provider_reference', 'in', listed)
      .execute()
    const known = new Set(credited.map((p) => p.provider_reference))
    return [...new Set(listed)].filter((id) => !known.has(id))
  }

  /**
   * Finds out what became of an attempt whose answer was lost, by reading the token's charges at
   * CCBill (bounded by the provider timeout). The token belongs to this checkout alone and only this
   * attempt of it is unresolved, so a charge listed there that no payment holds yet is this
   * attempt's. A read made `notChargedQuietMs` after the answer was lost that lists no new charge
   * means CCBill never made it: the attempt is settled as not charged and the payer may try again.
   * When CCBill cannot be read, nothing is decided.
   */
  async function resolveUnknown(charge: ChargeRow): Promise<ChargeRow> {
    const readAt = ctx.clock()
    const lostAt = answerLostAt(charge, readAt, service.timeoutMs)
    if (lostAt === null) return charge
    let fresh: string[]
    try {
      fresh = await uncredited(await client.charges(charge.payment_token_id, charge.threeds === 1))
    } catch (error) {
      if (!(error instanceof CcbillUnavailable) && !(error instanceof CcbillRefused)) throw error
      log.warn({ err: error, chargeId: charge.id }, 'could not read the charges of a ccbill payment token')
      return charge
    }
    try {
      if (fresh.length) {
        await settleApproved(charge, fresh[0]!, 'charges read after a lost answer')
        // More than one new charge: an earlier attempt with this token, settled as not charged, was charged after all.
        for (const extra of fresh.slice(1)) await settleMisjudged(charge.payment_token_id, extra)
      } else if (readAt >= lostAt + CCBILL_TIMINGS.notChargedQuietMs) {
        await settleDeclined(charge, { reason: 'try_again', code: null, text: NOT_CHARGED })
      }
    } catch (error) {
      if (!(error instanceof SettleLater)) throw error
    }
    return (await findCharge(ctx.db, charge.id))!
  }

  /** A charge CCBill lists for a token whose attempts all seemed settled: the latest one judged not charged was. */
  async function settleMisjudged(paymentTokenId: string, subscriptionId: string): Promise<void> {
    const misjudged = await ctx.db
      .selectFrom('ccbill_charges')
      .selectAll()
      .where('payment_token_id', '=', paymentTokenId)
      .where('status', '=', 'declined')
      .where('decline_text', '=', NOT_CHARGED)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()
    if (misjudged) await settleApproved(misjudged, subscriptionId, 'charges read: an attempt judged not charged was charged')
    else log.error({ paymentTokenId, subscriptionId }, 'ccbill lists a charge of this token that no attempt can account for')
  }

  /** The latest attempt, an unknown outcome resolved first. */
  async function current(checkoutId: string): Promise<ChargeRow | undefined> {
    const latest = await latestCharge(ctx.db, checkoutId)
    return latest && (latest.status === 'processing' || latest.status === 'charging') ? resolveUnknown(latest) : latest
  }

  /**
   * Charges the checkout with a payment token, at most once: a paid checkout answers with its
   * charge (CCBill is not called), a live attempt makes this a 409, and only the claimant calls CCBill.
   */
  async function charge(checkout: CheckoutRow, paymentTokenId: string, threeds: ThreedsCharge | undefined): Promise<ChargeRow> {
    assertCardCheckout(checkout)
    const latest = await current(checkout.id)
    if (latest?.status === 'approved' || latest?.status === 'duplicate') return latest
    if (latest?.status === 'processing' || latest?.status === 'charging') throw inProgress()
    const claimed = await claim(checkout, paymentTokenId, Boolean(threeds))
    if (!claimed) {
      const winner = await latestCharge(ctx.db, checkout.id)
      if (winner?.status === 'approved') return winner
      throw inProgress()
    }
    return perform(checkout, claimed, threeds)
  }

  return {
    charge,
    current,
    /** Whether an attempt's own answer is lost, so that only CCBill's records can tell what became of it. */
    answerLost: (charge: ChargeRow) => answerLostAt(charge, ctx.clock(), service.timeoutMs) !== null,
    resolveUnknown,
    settleApproved,
    settleDeclined,
    uncredited,
    findCharge: (id: string) => findCharge(ctx.db, id),
  }
}

export type CardCharges = ReturnType<typeof createCardCharges>

/** What a lost attempt that CCBill never charged says about itself (also how `settleMisjudged` finds it). */
const NOT_CHARGED = 'The card was not charged'

/** Thrown by `settleApproved` while another attempt of the checkout is unresolved: which one paid is not known yet. */
export class SettleLater extends Error {
  constructor(readonly unresolvedChargeId: string) {
    super(`charge ${unresolvedChargeId} of the same checkout is still unresolved`)
  }
}

const tokenUsed = () =>
  new ApiError(409, 'payment_token_used', 'This payment token was used for another checkout; create a new one', 'payment_token_id')

const inProgress = () =>
  new ApiError(409, 'charge_in_progress', 'A charge for this checkout is already under way; follow its status', undefined, {
    'Retry-After': '2',
  })

/** A CCBill refusal of the charge request, as the element sees it. */
function refusal(error: CcbillRefused, log: Logger, checkoutId: string): ApiError {
  const threedsField = error.errors.find((e) => e.field.startsWith('threeds'))
  if (error.errorCode === 100101 || error.errorCode === 100102 || error.errors.some((e) => e.field === 'paymentTokenId')) {
    return new ApiError(
      422,
      'payment_token_invalid',
      'The payment token is unknown, expired or used up; create a new one',
      'payment_token_id',
    )
  }
  if (threedsField) {
    return new ApiError(
      422,
      'threeds_invalid',
      `CCBill did not accept the 3DS result (${threedsField.message})`,
      `threeds.${threedsField.field}`,
    )
  }
  // Anything else is this server's configuration or request: the payer cannot fix it.
  log.error({ status: error.status, errorCode: error.errorCode, errors: error.errors, checkoutId }, 'ccbill refused a charge request')
  return new ApiError(
    502,
    'provider_error',
    `The card processor refused the request (${error.errorCode ?? error.status}); the merchant has been told`,
  )
}
