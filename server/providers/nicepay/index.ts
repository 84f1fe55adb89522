import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-types.js'
import { findCheckout, type CheckoutRow, type PaymentRow } from '../../checkouts/checkouts.js'
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
  parseDetails,
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
import { CVS_STORES, type CvsHostedReply, type CvsPaymentReply } from '@pay-elements/contract'

/** A person's name as NICEPAY's billingNm takes it: letters, spaces and . , ' - (at most 100). */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u

const payerFields = {
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
}

export const paymentRequestSchema = z.strictObject({
  store: z.enum(CVS_STORES, { error: 'must be "indomaret" or "alfamart"' }),
  ...payerFields,
})

/** `POST /v1/client/cvs/hosted`: the payer's details (needed for the registration only) and where to come back to. */
export const hostedRequestSchema = z.strictObject({
  name: payerFields.name.optional(),
  phone: payerFields.phone.optional(),
  email: payerFields.email.optional(),
  return_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(500, 'must be at most 500 characters')
    .optional(),
})

/** What the callback may read to find its payment (nothing else in it is used): short plain text. */
const callbackLookup = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= 64 && /^[\w-]+$/.test(value) ? value : null

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
      callbackUrl: `${deps.config.publicUrl}/webhooks/nicepay/callback`,
      log,
    }
    /** When each payment was last checked with NICEPAY, by asker (see `checkThrottled`). */
    const lastChecked = new Map<string, number>()

    const reply = (payment: CvsPaymentReply['payment']): CvsPaymentReply => ({ payment })

    /**
     * Asks NICEPAY about an issued code, at most once per `checkIntervalMs` per payment and asker
     * (the browser's checks, the callbacks), a courtesy limit, not a guarantee: a payer's check just
     * before NICEPAY's callback does not make the callback skip its inquiry.
     */
    const checkThrottled = async (row: PaymentRow, asker: 'browser' | 'callback'): Promise<PaymentRow> => {
      const now = ctx.clock()
      const key = `${asker} ${row.id}`
      if (row.status !== 'issued' || (lastChecked.get(key) ?? -Infinity) > now - NICEPAY_TIMINGS.checkIntervalMs) return row
      lastChecked.set(key, now)
      if (lastChecked.size > 10_000) lastChecked.clear()
      return checkWithProvider(svc, row)
    }

    /**
     * A return URL is where our own callback sends a browser, so it must be a page of the
     * merchant's: an origin the browser API allows (PAY_ALLOWED_ORIGINS, loopback when allowed), or
     * this server's own.
     */
    const assertReturnUrl = (url: string) => {
      const { origin } = new URL(url)
      const allowed =
        deps.config.allowedOrigins.includes(origin) ||
        origin === new URL(deps.config.publicUrl).origin ||
        (deps.config.allowLoopbackOrigins && /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(origin))
      if (!allowed) throw new ApiError(400, 'invalid_request', 'return_url: must be on an origin in PAY_ALLOWED_ORIGINS', 'return_url')
    }

    const hostedReply = (row: PaymentRow | undefined): CvsHostedReply => {
      const payment = toCvsPayment(row, ctx.clock())
      const details = row && row.status === 'issued' && !payment ? parseDetails(row) : null
      return { payment, payment_url: details?.paymentUrl ?? null }
    }

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
      // "I have paid" (or "I am back from NICEPAY's page"): asks NICEPAY now instead of waiting for its notification.
      .post('/payment/check', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        let row = await findCvsPayment(ctx.db, checkout.id)
        if (!row || row.status === 'registering') throw new ApiError(404, 'payment_not_found', 'No payment code has been issued yet')
        try {
          row = await checkThrottled(row, 'browser')
        } catch (error) {
          if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
          throw providerTrouble(error)
        }
        c.header('Cache-Control', 'no-store')
        return c.json(reply(toCvsPayment(row, ctx.clock())))
      })
      // Hosted mode: registers once through NICEPAY's API checkout and names its payment page; the
      // payer picks the store there. Asked again, it answers with the same page (or the code, once
      // the payer has one); the details then go unused.
      .post('/hosted', async (c) => {
        const checkout = await checkoutFromClientSecret(ctx, c)
        assertCvsCheckout(checkout)
        const input = validate(hostedRequestSchema, await readJsonObject(c))
        const existing = await findCvsPayment(ctx.db, checkout.id)
        c.header('Cache-Control', 'no-store')
        if (existing && existing.status !== 'registering') return c.json(hostedReply(existing), 200)
        // Pending at another provider, or over: said before the details are asked for.
        if (!existing && checkout.status !== 'open') {
          throw new ApiError(409, 'checkout_not_payable', `This checkout is ${checkout.status}; a payment code can no longer be issued`)
        }
        for (const field of ['name', 'phone', 'email'] as const) {
          if (!input[field]) throw new ApiError(400, 'invalid_request', `${field}: is required`, field)
        }
        if (input.return_url) assertReturnUrl(input.return_url)
        const { row, created } = await obtainCode(svc, checkout, {
          mitraCd: null,
          name: input.name!,
          phone: input.phone!,
          email: input.email!,
          returnUrl: input.return_url ?? null,
        })
        const after = (await findCheckout(ctx.db, checkout.id))!
        if (created && (after.status === 'canceled' || after.status === 'expired')) {
          await withdrawCode(svc, row)
          throw new ApiError(409, 'checkout_not_payable', `This checkout is ${after.status}; a payment code can no longer be issued`)
        }
        return c.json(hostedReply(row), created ? 201 : 200)
      })

    /**
     * NICEPAY's callBackUrl: the payer's browser comes back from NICEPAY's page with the result in
     * the query (or a body). Nothing in it is believed: it only names the payment, whose code and
     * status come from an inquiry made with what we stored (our tXid, referenceNo and amount).
     * Then the browser goes on to the page that started the payment, or is told to return to it.
     */
    const callback = async (c: Context<AppEnv>) => {
      const params: Record<string, unknown> = { ...c.req.query() }
      if (c.req.method === 'POST') {
        // NICEPAY's documents say a JSON POST in one place and show query strings everywhere else: take either.
        const json = /json/i.test(c.req.header('content-type') ?? '')
        Object.assign(params, await (json ? c.req.json() : c.req.parseBody()).catch(() => ({})))
      }
      const tXid = callbackLookup(params.tXid)
      const referenceNo = callbackLookup(params.referenceNo)
      let row = tXid
        ? await ctx.db
            .selectFrom('payments')
            .selectAll()
            .where('provider', '=', 'nicepay')
            .where('provider_reference', '=', tXid)
            .executeTakeFirst()
        : undefined
      if (!row && referenceNo) {
        const checkoutId = checkoutOfReference(referenceNo)
        const owner = checkoutId ? await findCvsPayment(ctx.db, checkoutId) : undefined
        if (owner && parseDetails(owner).referenceNo === referenceNo) row = owner
      }
      const details = row ? parseDetails(row) : null
      c.header('Cache-Control', 'no-store')
      if (!row || details?.flow !== 'hosted') {
        c.var.log.warn({ tXid, referenceNo }, 'nicepay callback for no hosted payment of ours')
        return c.html(callbackPage('notFound'), 404)
      }
      if (tXid && details.tXid !== tXid) {
        c.var.log.warn({ paymentId: row.id, tXid }, 'nicepay callback naming another transaction; not acted on')
      } else {
        try {
          row = await checkThrottled(row, 'callback')
        } catch (error) {
          if (!(error instanceof NicepayRejected) && !(error instanceof NicepayUnavailable)) throw error
          // The element asks again when the payer is back; reconciliation does too.
          c.var.log.warn({ err: error, paymentId: row.id }, 'nicepay callback could not be confirmed by inquiry')
        }
      }
      if (details.returnUrl) return c.redirect(details.returnUrl, 303)
      return c.html(callbackPage(toCvsPayment(row, ctx.clock()) ? 'ready' : 'waiting'))
    }

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
    // The payer's browser, back from NICEPAY's payment page (hosted mode).
    webhook.get('/callback', callback).post('/callback', callback)

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
      firstScreen: async (checkout) => ({ payment: toCvsPayment(await findCvsPayment(ctx.db, checkout.id), ctx.clock()) }),
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

const CALLBACK_TEXT = {
  ready: [
    'Your payment code is ready',
    'Go back to the shop’s window to see it; you may close this one.',
    'Kode pembayaran Anda sudah siap. Kembali ke jendela toko untuk melihatnya; jendela ini boleh ditutup.',
  ],
  waiting: [
    'Back from NICEPAY',
    'Go back to the shop’s window; it shows your payment code as soon as NICEPAY confirms it.',
    'Kembali ke jendela toko; kode pembayaran tampil begitu NICEPAY mengonfirmasinya.',
  ],
  notFound: ['Payment not found', 'This link does not belong to a payment here.', 'Tautan ini bukan milik pembayaran di sini.'],
} as const

/** The page a callback shows when there is no page to return to (the payer came in a popup): no script, no style. */
function callbackPage(kind: keyof typeof CALLBACK_TEXT): string {
  const [title, en, id] = CALLBACK_TEXT[kind]
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${en}</p><p lang="id">${id}</p></main></body></html>`
}
