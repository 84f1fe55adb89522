import Big from 'big.js'
import {
  applyTransition,
  changeCheckout,
  findCheckout,
  notePaymentChange,
  type CheckoutContext,
  type CheckoutRow,
  type PaymentRow,
  type TransitionResult,
} from '../../checkouts/checkouts.js'
import type { DbOrTrx } from '../../db/schema.js'
import { ApiError } from '../../errors.js'
import { randomId } from '../../lib/crypto.js'
import type { Logger } from '../../log.js'
import { recordProviderEvent } from '../events.js'
import { NicepayRejected, NicepayUnavailable, type InquiryResult, type NicepayClient } from './client.js'
import { CVS_STATUS, RESULT, type MitraCode } from './codes.js'
import { parseWib } from './sign.js'
import { CVS_CHECKOUT_EXPIRING, type CvsPayment, type CvsStore } from '@pay-elements/contract'

/**
 * Convenience-store payments of checkouts: one NICEPAY registration per checkout, kept in the
 * `payments` table (a partial unique index allows one NICEPAY row per checkout, so concurrent
 * requests cannot register twice), and every move of the checkout backed by NICEPAY's own word:
 * a registration answer (→ pending) or an inquiry (→ paid, expired).
 */

/** Tunables; tests shorten them. Single provider calls take `config.providerTimeoutMs`. */
export const NICEPAY_TIMINGS = {
  /** At most this for the inquiry a notification waits for (else PAY_PROVIDER_TIMEOUT_MS): NICEPAY hears back fast. */
  webhookInquiryTimeoutMs: 5_000,
  /** How long a second request for the same checkout waits for the first one's registration. */
  concurrentWaitMs: 25_000,
  /** A registration claimed longer ago than this belongs to a process that died; another may take over. */
  claimLeaseMs: 60_000,
  /** A code is not issued with less validity left than this. */
  minValidityMs: 2 * 60_000,
  /** The browser's "check now" asks NICEPAY at most this often per payment. */
  checkIntervalMs: 2_000,
}

export const MITRA_OF: Record<CvsStore, MitraCode> = { indomaret: 'INDO', alfamart: 'ALMA' }
const STORE_OF: Record<MitraCode, CvsStore> = { INDO: 'indomaret', ALMA: 'alfamart' }

/** What the payments row keeps in `details` (JSON). */
export interface CvsDetails {
  /** The store; null until the payer of a hosted payment has picked one on NICEPAY's page. */
  mitraCd: MitraCode | null
  /** `hosted`: registered through NICEPAY's API checkout (its payment page); absent: the direct API. */
  flow?: 'hosted'
  /** Hosted: NICEPAY's payment page for this transaction (`paymentURL?tXid=…`). */
  paymentUrl?: string | null
  /** Hosted: where the callback sends the payer's browser afterwards; null shows our own page (a popup). */
  returnUrl?: string | null
  /** The referenceNo of the current registration attempt. */
  referenceNo: string
  /** Which attempt `referenceNo` is (1 when absent). */
  attempt?: number
  /** Attempts whose answer was lost: their codes may exist at NICEPAY but were never shown. */
  lostReferences?: string[]
  tXid: string | null
  payNo: string | null
  /** The code's validity: what we sent as payValidDt/payValidTm, or what an inquiry reported. Epoch ms. */
  payValidAt: number
  /** The last inquiry status (0, 3, 4, 5), or null before any inquiry. */
  providerStatus: string | null
  customer: { name: string; phone: string; email: string }
  receiptCode: string | null
  depositDt: string | null
  depositTm: string | null
}

type PaymentStatus = 'registering' | 'issued' | 'paid' | 'expired' | 'canceled'

export interface NicepayService {
  ctx: CheckoutContext
  client: NicepayClient
  /** The client for notifications: same credentials, shorter timeout. */
  webhookClient: NicepayClient
  dbProcessUrl: string
  /** NICEPAY's callBackUrl for the API checkout (`/webhooks/nicepay/callback`). */
  callbackUrl: string
  log: Logger
}

/**
 * The merchant order number NICEPAY sees: one per registration attempt of a checkout's code
 * (`co_…-ALMA`, then `co_…-ALMA-2`, …; `co_…-PAGE` when the payer picks the store on NICEPAY's
 * page), so NICEPAY's uniqueness rule (9009) stops two registrations of one attempt, and a
 * notification names the checkout it belongs to. `co_` + 24 characters + `-ALMA-99` = 35, within
 * NICEPAY's 40.
 */
export const referenceNoFor = (checkoutId: string, mitraCd: MitraCode | null, attempt = 1) =>
  `${checkoutId}-${mitraCd ?? 'PAGE'}${attempt === 1 ? '' : `-${attempt}`}`

/** The checkout a referenceNo of ours names, or null. */
export const checkoutOfReference = (referenceNo: string): string | null =>
  /^(co_[A-Za-z0-9]+)-(ALMA|INDO|PAGE)(-\d+)?$/.exec(referenceNo)?.[1] ?? null

export const parseDetails = (row: PaymentRow) => JSON.parse(row.details) as CvsDetails

export function findCvsPayment(db: DbOrTrx, checkoutId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('checkout_id', '=', checkoutId).where('provider', '=', 'nicepay').executeTakeFirst()
}

/** What the browser sees; null while the code is being registered. */
export function toCvsPayment(row: PaymentRow | undefined, now: number): CvsPayment | null {
  if (!row || row.status === 'registering') return null
  const d = parseDetails(row)
  if (!d.payNo || !d.mitraCd) return null
  const status: CvsPayment['status'] =
    row.status === 'paid'
      ? 'paid'
      : row.status === 'expired' || row.status === 'canceled' || d.payValidAt <= now
        ? 'expired'
        : d.providerStatus === CVS_STATUS.READY
          ? 'ready'
          : 'issued'
  return {
    store: STORE_OF[d.mitraCd],
    pay_no: d.payNo,
    amount: row.amount,
    currency: 'IDR',
    expires_at: new Date(d.payValidAt).toISOString(),
    status,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Returns the checkout's payment code, registering it at NICEPAY if there is none. Any number of
 * concurrent or repeated calls for one checkout end with the same code: the first claims the row,
 * the others wait for it; a claim abandoned by a dead process is taken over and reconciled by
 * inquiry before anything is registered again. With `mitraCd` null the registration goes through
 * NICEPAY's API checkout (the payer picks the store on NICEPAY's page); it shares the one row a
 * checkout may have, so a checkout is registered once whichever way it is paid.
 */
export async function obtainCode(
  svc: NicepayService,
  checkout: CheckoutRow,
  input: { mitraCd: MitraCode | null; name: string; phone: string; email: string; returnUrl?: string | null },
): Promise<{ row: PaymentRow; created: boolean }> {
  const { ctx } = svc
  const waitUntil = performance.now() + NICEPAY_TIMINGS.concurrentWaitMs
  for (;;) {
    const existing = await findCvsPayment(ctx.db, checkout.id)
    if (!existing) {
      const current = (await findCheckout(ctx.db, checkout.id))!
      assertPayable(current, ctx.clock())
      const now = ctx.clock()
      const referenceNo = referenceNoFor(current.id, input.mitraCd)
      const details: CvsDetails = {
        mitraCd: input.mitraCd,
        ...(input.mitraCd ? {} : { flow: 'hosted' as const, paymentUrl: null, returnUrl: input.returnUrl ?? null }),
        referenceNo,
        tXid: null,
        payNo: null,
        // To the second, as payValidDt/payValidTm carry it: the code lives exactly as long as the checkout.
        payValidAt: Math.floor(current.expires_at / 1000) * 1000,
        providerStatus: null,
        customer: { name: input.name, phone: input.phone, email: input.email },
        receiptCode: null,
        depositDt: null,
        depositTm: null,
      }
      const row: PaymentRow = {
        id: randomId('pay'),
        checkout_id: current.id,
        method: 'cvs',
        provider: 'nicepay',
        provider_reference: referenceNo,
        status: 'registering',
        amount: current.amount,
        currency: current.currency,
        details: JSON.stringify(details),
        created_at: now,
        updated_at: now,
      }
      const claimed = await ctx.db
        .insertInto('payments')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      if (!Number(claimed.numInsertedOrUpdatedRows ?? 0)) continue
      return { row: await registerClaimed(svc, current, row, false), created: true }
    }
    if (existing.status !== 'registering') {
      const details = parseDetails(existing)
      if (input.mitraCd && !details.payNo && details.flow === 'hosted' && existing.status === 'issued') {
        throw new ApiError(409, 'payment_on_provider_page', "This checkout's payment code is being chosen on NICEPAY's page")
      }
      return { row: existing, created: false }
    }

    // Someone is registering this checkout's code right now, or died doing it.
    if (existing.updated_at < ctx.clock() - NICEPAY_TIMINGS.claimLeaseMs) {
      const taken = await ctx.db
        .updateTable('payments')
        .set({ updated_at: ctx.clock() })
        .where('id', '=', existing.id)
        .where('status', '=', 'registering')
        .where('updated_at', '=', existing.updated_at)
        .executeTakeFirst()
      if (taken.numUpdatedRows > 0n) {
        const current = (await findCheckout(ctx.db, checkout.id))!
        return { row: await registerClaimed(svc, current, existing, true), created: false }
      }
      continue
    }
    if (performance.now() > waitUntil) {
      throw new ApiError(503, 'registration_in_progress', 'The payment code is still being created; try again in a moment', undefined, {
        'Retry-After': '2',
      })
    }
    await sleep(100)
  }
}

function assertPayable(checkout: CheckoutRow, now: number): void {
  if (checkout.status !== 'open') {
    throw new ApiError(409, 'checkout_not_payable', `This checkout is ${checkout.status}; a payment code can no longer be issued`)
  }
  if (checkout.expires_at - now < NICEPAY_TIMINGS.minValidityMs) {
    throw new ApiError(409, CVS_CHECKOUT_EXPIRING, 'This checkout expires too soon to be paid at a store')
  }
}

/**
 * Registers the claimed row at NICEPAY. NICEPAY's inquiry needs the tXid (its documents mark it
 * required), which only the registration's answer carries, so a registration whose answer was lost
 * (timeout, 5xx, garbage) cannot be looked up. Its code may exist, but was never shown and never
 * will be: the attempt is set aside (`lostReferences`) and the code registered again under the next
 * referenceNo. An unseen code lapses with the checkout, or is cancelled if a notification ever
 * names its tXid (`settleUnseenCode`).
 */
async function registerClaimed(svc: NicepayService, checkout: CheckoutRow, claimed: PaymentRow, takenOver: boolean): Promise<PaymentRow> {
  let row = claimed
  let details = parseDetails(row)
  /** Sets the current attempt aside as lost and moves to the next referenceNo, keeping the claim. */
  const nextAttempt = async (released: boolean): Promise<void> => {
    const attempt = (details.attempt ?? 1) + 1
    details = {
      ...details,
      attempt,
      referenceNo: referenceNoFor(checkout.id, details.mitraCd, attempt),
      lostReferences: [...(details.lostReferences ?? []), details.referenceNo],
    }
    // A released claim (updated_at 0) may be taken over at once: its referenceNo was never sent.
    const update = { details: JSON.stringify(details), provider_reference: details.referenceNo, updated_at: released ? 0 : svc.ctx.clock() }
    await svc.ctx.db.updateTable('payments').set(update).where('id', '=', row.id).where('status', '=', 'registering').execute()
    row = { ...row, ...update }
  }

  // A claim taken over from a process that died may have sent its referenceNo; one released after a
  // lost answer has not.
  if (takenOver && claimed.updated_at !== 0) await nextAttempt(false)
  for (let attempt = 1; ; attempt++) {
    const request = {
      referenceNo: details.referenceNo,
      amt: row.amount,
      goodsNm: (checkout.description ?? `Order ${checkout.id}`).slice(0, 100),
      billingNm: details.customer.name,
      billingPhone: details.customer.phone,
      billingEmail: details.customer.email,
      payValidAt: details.payValidAt,
      dbProcessUrl: svc.dbProcessUrl,
    }
    try {
      if (!details.mitraCd) {
        // A lost answer here leaves nothing anyone can pay: NICEPAY's page needs the tXid that only the answer carries.
        const { tXid, paymentUrl } = await svc.client.registerRedirect({ ...request, callBackUrl: svc.callbackUrl })
        return await updateFromProvider(svc, row, { tXid, paymentUrl, providerStatus: null }, 'redirect registration', null)
      }
      const registered = await svc.client.register({ ...request, mitraCd: details.mitraCd })
      return await issue(svc, row, { tXid: registered.tXid, payNo: registered.payNo, mitraCd: registered.mitraCd }, 'registration')
    } catch (error) {
      if (error instanceof NicepayRejected && error.resultCd !== RESULT.REFERENCE_EXISTS) {
        // A definite no: nothing exists at NICEPAY, so the claim is released and the payer may try again.
        await svc.ctx.db.deleteFrom('payments').where('id', '=', row.id).where('status', '=', 'registering').execute()
        svc.log.warn({ checkoutId: checkout.id, resultCd: error.resultCd, resultMsg: error.resultMsg }, 'nicepay refused a registration')
        throw rejection(error)
      }
      if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
      // A lost answer, or "reference exists" (an earlier attempt under this referenceNo did land).
      svc.log.warn(
        { err: error, checkoutId: checkout.id, referenceNo: details.referenceNo },
        'nicepay registration answer lost; its code is set aside',
      )
      if (attempt >= 2) {
        // The next request may try again at once, under a fresh referenceNo.
        await nextAttempt(true)
        throw providerTrouble(error)
      }
      await nextAttempt(false)
    }
  }
}

/**
 * A notification about a code whose registration answer was lost: NICEPAY has now told us its
 * tXid. Confirmed by inquiry, an unpaid code is cancelled at NICEPAY (nobody was shown it). A paid
 * one is money on this checkout all the same, never silent: it is counted once (by its tXid) and
 * moves the checkout to paid, or overpaid when the checkout was paid already (or, canceled,
 * records it as money after the cancel), so the merchant hears of it.
 */
export async function settleUnseenCode(svc: NicepayService, row: PaymentRow, tXid: string, referenceNo: string): Promise<void> {
  const inquiry = await svc.webhookClient.inquire({ tXid, referenceNo, amt: row.amount })
  if (inquiry.status === CVS_STATUS.PAID) {
    // NICEPAY's own figure is what the payer paid; a code is registered for the checkout's amount.
    const deposited = /^[1-9][0-9]{0,15}$/.test(inquiry.amt) ? inquiry.amt : row.amount
    svc.log.error(
      { checkoutId: row.checkout_id, tXid, referenceNo, amount: deposited },
      'nicepay reports a deposit on a payment code that was never shown',
    )
    const { ctx } = svc
    await changeCheckout(ctx, row.checkout_id, async (trx): Promise<TransitionResult> => {
      const checkout = (await findCheckout(trx, row.checkout_id))!
      const now = ctx.clock()
      const first = await recordProviderEvent(trx, {
        provider: 'nicepay',
        key: `deposit:${tXid}`,
        checkoutId: checkout.id,
        payload: JSON.stringify(inquiry),
        now,
      })
      if (!first) return { checkout, changed: false }
      const amountPaid = new Big(checkout.amount_paid).plus(deposited).toFixed(0)
      const cause = { by: 'provider' as const, provider: 'nicepay', evidence: 'deposit on a code never shown', tXid, referenceNo }
      const to = new Big(checkout.amount_paid).gt(0) ? 'overpaid' : 'paid'
      return applyTransition(trx, ctx, checkout.id, to, cause, { amountPaid, current: checkout })
    })
    return
  }
  if (inquiry.status === CVS_STATUS.EXPIRED) return
  await svc.webhookClient.cancel({ tXid, amt: row.amount, reason: 'Registration answer lost; code never shown' })
  svc.log.info({ checkoutId: row.checkout_id, tXid, referenceNo }, 'cancelled a nicepay code that was never shown')
}

/** The registration answered: the code exists and the checkout is pending. */
async function issue(
  svc: NicepayService,
  row: PaymentRow,
  facts: { tXid: string; payNo: string; mitraCd: MitraCode },
  evidence: string,
): Promise<PaymentRow> {
  return updateFromProvider(svc, row, { ...facts, providerStatus: null }, evidence, null)
}

/**
 * Applies what an inquiry said to the payment and its checkout, in one transaction: 0 → paid
 * (recorded once as a provider event, so duplicate notifications change it once), 4 → expired,
 * 3/5 → pending. The inquiry must be about our transaction and our amount.
 */
export async function applyInquiry(
  svc: NicepayService,
  row: PaymentRow,
  inquiry: InquiryResult,
  meta: { evidence: string; payload?: string },
): Promise<PaymentRow> {
  const details = parseDetails(row)
  const otherReference = inquiry.referenceNo !== '' && inquiry.referenceNo !== details.referenceNo
  if (otherReference || (details.tXid && inquiry.tXid !== details.tXid) || inquiry.amt !== row.amount) {
    svc.log.warn({ paymentId: row.id, tXid: inquiry.tXid, amt: inquiry.amt }, 'nicepay inquiry does not match the payment; ignored')
    return row
  }
  const payValidAt = parseWib(inquiry.payValidDt, inquiry.payValidTm)
  return updateFromProvider(
    svc,
    row,
    {
      tXid: inquiry.tXid,
      payNo: inquiry.payNo ?? details.payNo,
      mitraCd: inquiry.mitraCd === 'ALMA' || inquiry.mitraCd === 'INDO' ? inquiry.mitraCd : details.mitraCd,
      providerStatus: inquiry.status,
      payValidAt: payValidAt ?? details.payValidAt,
      receiptCode: inquiry.receiptCode,
      depositDt: inquiry.depositDt,
      depositTm: inquiry.depositTm,
    },
    meta.evidence,
    meta.payload ?? JSON.stringify(inquiry),
  )
}

const RANK: Record<PaymentStatus, number> = { registering: 0, issued: 1, expired: 2, canceled: 2, paid: 3 }

async function updateFromProvider(
  svc: NicepayService,
  row: PaymentRow,
  facts: Partial<CvsDetails> & { tXid: string; providerStatus: string | null },
  evidence: string,
  payload: string | null,
): Promise<PaymentRow> {
  const { ctx } = svc
  let saved = row
  await changeCheckout(ctx, row.checkout_id, async (trx): Promise<TransitionResult> => {
    const current = (await trx.selectFrom('payments').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? row
    const before = parseDetails(current)
    const details: CvsDetails = { ...before, ...stripNullish(facts) }
    const reported: PaymentStatus =
      facts.providerStatus === CVS_STATUS.PAID ? 'paid' : facts.providerStatus === CVS_STATUS.EXPIRED ? 'expired' : 'issued'
    // A payment only moves forward (a late inquiry cannot turn paid back into issued); paid beats expired.
    const status = RANK[reported] > RANK[current.status as PaymentStatus] ? reported : (current.status as PaymentStatus)
    const now = ctx.clock()
    await trx
      .updateTable('payments')
      .set({
        status: status === 'registering' ? 'issued' : status,
        provider_reference: facts.tXid,
        details: JSON.stringify(details),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute()
    saved = {
      ...current,
      status: status === 'registering' ? 'issued' : status,
      provider_reference: facts.tXid,
      details: JSON.stringify(details),
      updated_at: now,
    }

    const cause = { by: 'provider' as const, provider: 'nicepay', evidence, tXid: facts.tXid, status: facts.providerStatus }
    const checkout = (await findCheckout(trx, row.checkout_id))!
    if (reported === 'paid') {
      // The deposit is taken once, whatever number of notifications and inquiries report it.
      const first = await recordProviderEvent(trx, {
        provider: 'nicepay',
        key: `deposit:${facts.tXid}`,
        checkoutId: row.checkout_id,
        payload: payload ?? '',
        now,
      })
      if (!first) return { checkout, changed: false }
      // Added to what the checkout holds: a deposit on a code never shown may have come first.
      const amountPaid = new Big(checkout.amount_paid).plus(row.amount).toFixed(0)
      const to = new Big(checkout.amount_paid).gt(0) ? 'overpaid' : 'paid'
      return applyTransition(trx, ctx, row.checkout_id, to, cause, { amountPaid, current: checkout })
    }
    if (reported === 'expired') return applyTransition(trx, ctx, row.checkout_id, 'expired', cause)
    const moved = await applyTransition(trx, ctx, row.checkout_id, 'pending', cause, { current: checkout })
    // The checkout stays pending, but the payer sees the difference when a cashier has found the code.
    const ready = (d: CvsDetails) => d.providerStatus === CVS_STATUS.READY
    if (!moved.changed && status === 'issued' && ready(details) !== ready(before)) {
      return notePaymentChange(trx, ctx, checkout, cause)
    }
    return moved
  })
  return saved
}

function stripNullish<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>
}

/** A NICEPAY "no" to a registration, as an error the element can show. */
function rejection(error: NicepayRejected): ApiError {
  if (error.busy) {
    return new ApiError(503, 'provider_busy', 'The convenience-store network is busy; try again in a moment', undefined, {
      'Retry-After': '5',
    })
  }
  switch (error.resultCd) {
    case RESULT.AMOUNT_TOO_SMALL:
      return new ApiError(422, 'amount_not_accepted', 'This amount is too small to pay at a convenience store', 'amount')
    case RESULT.UNDEFINED_BILLING_NAME:
      return new ApiError(400, 'invalid_request', 'name: NICEPAY did not accept this name', 'name')
    case RESULT.UNDEFINED_BILLING_PHONE:
      return new ApiError(400, 'invalid_request', 'phone: NICEPAY did not accept this phone number', 'phone')
    case RESULT.UNDEFINED_BILLING_EMAIL:
      return new ApiError(400, 'invalid_request', 'email: NICEPAY did not accept this email address', 'email')
    default:
      return new ApiError(502, 'provider_error', `NICEPAY refused the payment code (result ${error.resultCd}); the merchant has been told`)
  }
}

/** No usable answer from NICEPAY: a 504 for a timeout, else 502; both say "try again". */
export function providerTrouble(error: unknown): ApiError {
  if (error instanceof NicepayRejected) return rejection(error)
  if (error instanceof NicepayUnavailable && error.kind === 'timeout') {
    return new ApiError(504, 'provider_timeout', 'NICEPAY did not answer in time; try again in a moment', undefined, { 'Retry-After': '5' })
  }
  return new ApiError(502, 'provider_unavailable', 'NICEPAY could not be reached; try again in a moment', undefined, { 'Retry-After': '5' })
}

/**
 * Asks NICEPAY about an issued code and applies the answer (the browser's "check now", and the
 * step that makes every notification count only once NICEPAY confirms it).
 */
export async function checkWithProvider(svc: NicepayService, row: PaymentRow, client = svc.client, payload?: string): Promise<PaymentRow> {
  const details = parseDetails(row)
  const inquiry = await client.inquire({ tXid: details.tXid ?? '', referenceNo: details.referenceNo, amt: row.amount })
  return applyInquiry(svc, row, inquiry, {
    evidence: payload ? 'notification confirmed by inquiry' : 'inquiry',
    ...(payload ? { payload } : {}),
  })
}

/** Best effort: a code issued for a checkout that can no longer be paid is withdrawn at NICEPAY. */
export async function withdrawCode(svc: NicepayService, row: PaymentRow): Promise<void> {
  const details = parseDetails(row)
  if (!details.tXid) return
  try {
    await svc.client.cancel({ tXid: details.tXid, amt: row.amount, reason: 'Checkout no longer payable' })
    await svc.ctx.db
      .updateTable('payments')
      .set({ status: 'canceled', updated_at: svc.ctx.clock() })
      .where('id', '=', row.id)
      .where('status', '=', 'issued')
      .execute()
  } catch (error) {
    svc.log.warn({ err: error, paymentId: row.id }, 'could not cancel a nicepay code of a checkout that is no longer payable')
  }
}

/**
 * The merchant cancels a checkout whose code is out: the code is cancelled at NICEPAY first, so no
 * store takes it afterwards. When NICEPAY will not (the payer has just paid it), its inquiry says
 * so and the payment is taken; the cancel is refused. When NICEPAY cannot be reached nothing is
 * cancelled, and the merchant may try again.
 */
export async function withdrawForCancel(svc: NicepayService, row: PaymentRow): Promise<void> {
  const details = parseDetails(row)
  if (row.status !== 'issued' || !details.tXid) return
  try {
    await svc.client.cancel({ tXid: details.tXid, amt: row.amount, reason: 'Canceled by the merchant' })
  } catch (error) {
    if (error instanceof NicepayRejected && !error.busy) {
      const now = await checkWithProvider(svc, row).catch(() => row)
      if (now.status === 'paid') {
        throw new ApiError(409, 'checkout_not_cancelable', 'The payer has just paid this code at the store; the checkout is paid')
      }
      svc.log.error({ paymentId: row.id, resultCd: error.resultCd, resultMsg: error.resultMsg }, 'nicepay would not cancel a payment code')
      throw new ApiError(
        502,
        'provider_refused',
        `NICEPAY would not withdraw the payment code (result ${error.resultCd}); nothing was canceled`,
      )
    }
    if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
    svc.log.warn({ err: error, paymentId: row.id }, 'could not cancel a nicepay payment code')
    throw new ApiError(
      503,
      'provider_unavailable',
      'NICEPAY could not withdraw the payment code just now; nothing was canceled, try again',
      undefined,
      { 'Retry-After': '5' },
    )
  }
  await svc.ctx.db
    .updateTable('payments')
    .set({ status: 'canceled', updated_at: svc.ctx.clock() })
    .where('id', '=', row.id)
    .where('status', '=', 'issued')
    .execute()
}
