import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-types.js'
import { findCheckout, type CheckoutRow } from '../../checkouts/checkouts.js'
import { ApiError } from '../../errors.js'
import { readJsonObject, storable, validate } from '../../http/body.js'
import { checkoutFromClientSecret } from '../../http/client-secret.js'
import { PrepareAgain, type CancelHooks, type ProviderDeps, type ProviderModule } from '../types.js'
import { createNicepayClient, NicepayRejected, NicepayUnavailable } from './client.js'
import { normalizeIndonesianPhone } from '@pay-elements/contract'
import {
  checkoutOfReference,
  checkWithProvider,
  findCvsPayment,
  MITRA_OF,
  NICEPAY_TIMINGS,
  obtainCode,
  providerTrouble,
  toCvsPayment,
  settleUnseenCode,
  withdrawCode,
  withdrawForCancel,
  type CvsDetails,
  type NicepayService,
} from './payments.js'
import { nicepayReconcile } from './reconcile.js'
import { nicepayWatch } from './watch.js'
import { createNicepaySimulator } from './simulator.js'
import { notificationToken, tokensMatch } from './sign.js'
import { CVS_STORES, type CvsPaymentReply } from '@pay-elements/contract'

/** A person's name as NICEPAY's billingNm takes it: letters, spaces and . , ' - (at most 100). */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u

export const paymentRequestSchema = z.strictObject({
  store: z.enum(CVS_STORES, { error: 'must be "indomaret" or "alfamart"' }),
  name: z
    .string({ error: 'is required' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'is required').max(100, 'must be at most 100 characters').regex(NAME, 'must be a name in letters')),
  phone: z
    .string({ error: 'is required' })
    .max(30, 'must be an Indonesian phone number such as 0812 3456 7890')
    .transform((s, ctx) => {
      const phone = normalizeIndonesianPhone(s)
      if (phone === null) ctx.addIssue({ code: 'custom', message: 'must be an Indonesian phone number such as 0812 3456 7890' })
      return phone ?? ''
    }),
  // NICEPAY's billingEmail is at most 40 characters.
  email: z.email({ error: 'must be an email address' }).max(40, 'must be at most 40 characters (NICEPAY limit)'),
})

/**
 * `<pay-cvs>`: NICEPAY convenience-store payment codes. Browser API at `/v1/client/cvs`, NICEPAY's
 * notifications at `/webhooks/nicepay` (its dbProcessUrl), and the simulator at `/sandbox/nicepay`.
 */
export const nicepayProvider: ProviderModule = {
  id: 'nicepay',
  method: 'cvs',
  routes(deps: ProviderDeps) {
    const { ctx } = deps
    const nicepay = deps.config.nicepay!
    const log = deps.log.child({ provider: 'nicepay' })
    const client = (timeoutMs: number) => createNicepayClient({ config: nicepay, fetch: deps.fetch, clock: ctx.clock, timeoutMs })
    const svc: NicepayService = {
      ctx,
      client: client(deps.config.providerTimeoutMs),
      // A notification is answered only after its inquiry, so that inquiry gets less time.
      webhookClient: client(Math.min(deps.config.providerTimeoutMs, NICEPAY_TIMINGS.webhookInquiryTimeoutMs)),
      dbProcessUrl: `${deps.config.publicUrl}/webhooks/nicepay`,
      log,
    }
    /** When each payment was last checked with NICEPAY at the browser's request (a courtesy limit, not a guarantee). */
    const lastChecked = new Map<string, number>()

    const reply = (payment: CvsPaymentReply['payment']): CvsPaymentReply => ({ payment })

    const assertCvsCheckout = (checkout: CheckoutRow) => {
      if (checkout.currency !== 'IDR') {
        throw new ApiError(
          400,
          'unsupported_currency',
          `Convenience-store payments take IDR; this checkout is in ${checkout.currency}`,
          'currency',
        )
      }
      if (!(JSON.parse(checkout.methods) as string[]).includes('cvs')) {
        throw new ApiError(400, 'method_not_allowed', 'This checkout does not offer convenience-store payment', 'methods')
      }
    }

    const browser = new Hono<AppEnv>()
      .get('/payment', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        c.header('Cache-Control', 'no-store')
        return c.json(reply(toCvsPayment(await findCvsPayment(ctx.db, checkout.id), ctx.clock())))
      })
      .post('/payment', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        assertCvsCheckout(checkout)
        const input = validate(paymentRequestSchema, await readJsonObject(c))
        const { row, created } = await obtainCode(svc, checkout, {
          mitraCd: MITRA_OF[input.store],
          name: input.name,
          phone: input.phone,
          email: input.email,
        })
        const after = (await findCheckout(ctx.db, checkout.id))!
        if (created && (after.status === 'canceled' || after.status === 'expired')) {
          // The merchant cancelled (or time ran out) while the code was being registered.
          await withdrawCode(svc, row)
          throw new ApiError(409, 'checkout_not_payable', `This checkout is ${after.status}; a payment code can no longer be issued`)
        }
        c.header('Cache-Control', 'no-store')
        return c.json(reply(toCvsPayment(row, ctx.clock())), created ? 201 : 200)
      })
      // "I have paid": asks NICEPAY now instead of waiting for its notification.
      .post('/payment/check', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        let row = await findCvsPayment(ctx.db, checkout.id)
        if (!row || row.status === 'registering') throw new ApiError(404, 'payment_not_found', 'No payment code has been issued yet')
        const now = ctx.clock()
        if (row.status === 'issued' && (lastChecked.get(row.id) ?? -Infinity) <= now - NICEPAY_TIMINGS.checkIntervalMs) {
          lastChecked.set(row.id, now)
          if (lastChecked.size > 10_000) lastChecked.clear()
          try {
            row = await checkWithProvider(svc, row)
          } catch (error) {
            if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
            throw providerTrouble(error)
          }
        }
        c.header('Cache-Control', 'no-store')
        return c.json(reply(toCvsPayment(row, ctx.clock())))
      })

    const webhook = new Hono<AppEnv>().post('/', async (c) => {
      // NICEPAY posts a form (providers.md §2.6); the token covers iMid + tXid + amt, as received.
      if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the notification as application/x-www-form-urlencoded')
      }
      const raw = await c.req.text()
      const form = new URLSearchParams(raw)
      // Nothing NICEPAY sends holds a NUL; such a value could be neither stored nor looked up.
      for (const [name, value] of form) {
        if (!storable(name) || !storable(value)) throw new ApiError(400, 'invalid_request', `${name} is not text`, name)
      }
      const field = (name: string) => {
        const values = form.getAll(name)
        if (values.length !== 1 || !values[0]) throw new ApiError(400, 'invalid_request', `${name} is required (once)`, name)
        return values[0]
      }
      const tXid = field('tXid')
      const amt = field('amt')
      const referenceNo = field('referenceNo')
      const token = field('merchantToken')
      const expected = await notificationToken({ iMid: nicepay.iMid, merchantKey: nicepay.merchantKey }, { tXid, amt })
      if (!(await tokensMatch(expected, token))) {
        c.var.log.warn({ tXid }, 'nicepay notification with a wrong merchantToken')
        throw new ApiError(401, 'invalid_token', 'merchantToken does not match', 'merchantToken')
      }
      const row = await ctx.db
        .selectFrom('payments')
        .selectAll()
        .where('provider', '=', 'nicepay')
        .where('provider_reference', 'in', [tXid, referenceNo])
        .executeTakeFirst()
      if (!row) {
        // A code whose registration answer was lost (never shown): now that its tXid is known, settle it.
        const checkoutId = checkoutOfReference(referenceNo)
        const owner = checkoutId ? await findCvsPayment(ctx.db, checkoutId) : undefined
        if (owner && (JSON.parse(owner.details) as CvsDetails).lostReferences?.includes(referenceNo)) {
          try {
            await settleUnseenCode(svc, owner, tXid, referenceNo)
          } catch (error) {
            if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
            throw new ApiError(503, 'inquiry_failed', 'Could not confirm the notification with NICEPAY; send it again later', undefined, {
              'Retry-After': '30',
            })
          }
          return c.json({ received: true })
        }
        c.var.log.warn({ tXid, referenceNo }, 'nicepay notification for an unknown transaction')
        throw new ApiError(404, 'unknown_transaction', 'No payment with this tXid', 'tXid')
      }
      // Deposit status 1 is a reversal; the CVS inquiry has no code for it, so it is logged for a person.
      if (form.get('status') !== '0') {
        c.var.log.warn({ tXid, status: form.get('status') }, 'nicepay notification that is not a deposit; not acted on')
        return c.json({ received: true })
      }
      // The token only says NICEPAY sent it; whether the code is paid is what NICEPAY answers to an
      // inquiry about our referenceNo and our amount.
      // Already taken (a copy, or NICEPAY's redelivery): still confirmed below, and counted as a duplicate.
      if (row.status === 'paid') c.set('webhookOutcome', 'duplicate')
      const details = JSON.parse(row.details) as { tXid: string | null }
      if (details.tXid && details.tXid !== tXid) throw new ApiError(404, 'unknown_transaction', 'No payment with this tXid', 'tXid')
      try {
        await checkWithProvider(svc, { ...row, details: JSON.stringify({ ...JSON.parse(row.details), tXid }) }, svc.webhookClient, raw)
      } catch (error) {
        if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
        c.var.log.warn({ err: error, tXid }, 'nicepay notification could not be confirmed by inquiry; not acted on')
        throw new ApiError(503, 'inquiry_failed', 'Could not confirm the notification with NICEPAY; send it again later', undefined, {
          'Retry-After': '30',
        })
      }
      return c.json({ received: true })
    })

    const cancel: CancelHooks = {
      async prepare(checkout) {
        const row = await findCvsPayment(ctx.db, checkout.id)
        if (row) await withdrawForCancel(svc, row)
      },
      async check(trx, checkout) {
        // A code issued since `prepare` looked: it must be withdrawn at NICEPAY before the cancel.
        const row = await findCvsPayment(trx, checkout.id)
        if (row?.status === 'issued') throw new PrepareAgain()
      },
    }

    const routes: ReturnType<ProviderModule['routes']> = {
      client: browser,
      webhook,
      cancel,
      reconcile: nicepayReconcile(svc),
      live: { watch: nicepayWatch(svc, deps.config.watchIntervalSeconds * 1000) },
    }
    if (deps.config.mode === 'sandbox') {
      routes.sandbox = createNicepaySimulator({
        config: nicepay,
        publicBase: `${deps.config.publicUrl}/sandbox/nicepay`,
        clock: ctx.clock,
        fetch: deps.fetch,
        log: log.child({ part: 'simulator' }),
      }).app
    }
    return routes
  },
}
