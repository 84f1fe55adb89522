import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { DIALECTS } from '../../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import type { AppDeps } from '../../app-types.js'
import type { Metrics } from '../../metrics.js'
import { checkoutMessages } from '../../../test/helpers/sse.js'
import { eventually } from '../../../test/helpers/wait.js'
import { notificationToken } from './sign.js'
import { claimWatch } from './watch.js'

/**
 * The companion server's side of NICEPAY, against the built-in simulator, on every database:
 * registering codes (once, whatever the browser does), reconciling lost answers by inquiry,
 * believing notifications only after a token check and an inquiry, and following the code's expiry.
 */

const KEY = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
const PAYER = { store: 'alfamart', name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi@example.id' }

describe.each(DIALECTS)('NICEPAY convenience-store payments on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  const start = async (env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) => {
    t = await createTestApp(dialect, {
      env: { PAY_PROVIDER_TIMEOUT_MS: '400', PAY_MERCHANT_WEBHOOK_URL: 'http://merchant.test/hooks', ...env },
      // The merchant's webhook receiver is outside the app; nothing here delivers the outbox.
      deps: { fetch: async () => new Response(null, { status: 204 }), ...deps },
    })
    return t
  }
  const idrCheckout = (amount = '150000', extra: Record<string, unknown> = {}) => t.createCheckout({ amount, currency: 'IDR', ...extra })
  const client = (path: string, secret: string, body?: unknown) =>
    t.app.request(`/v1/client/cvs${path}`, {
      method: body === undefined && path === '/payment' ? 'GET' : 'POST',
      headers: { 'x-client-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  const sim = async (path: string, body?: unknown, method = 'POST') =>
    readJson(
      await t.app.request(`/sandbox/nicepay${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    )
  const simTransactions = async (): Promise<Json[]> => readJson(await t.app.request('/sandbox/nicepay/control/transactions'))
  const checkout = async (id: string): Promise<Json> => readJson(await t.merchant(`/v1/checkouts/${id}`))
  const paidEvents = async (id: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('checkout_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('checkout_id', '=', id)
          .where('to_status', '=', 'paid')
          .executeTakeFirstOrThrow()
      ).n,
    )
  const outboxTypes = async (id: string) =>
    (await t.database.db.selectFrom('outbox').select('type').where('checkout_id', '=', id).orderBy('created_at').execute()).map(
      (r) => r.type,
    )
  const notify = async (fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded') =>
    t.app.request('/webhooks/nicepay', {
      method: 'POST',
      headers: { 'content-type': contentType, 'user-agent': 'Jakarta Commons-HttpClient/3.1' },
      body: new URLSearchParams(fields).toString(),
    })
  const signedNotification = async (tXid: string, referenceNo: string, amt = '150000') => ({
    tXid,
    referenceNo,
    payMethod: '03',
    amt,
    status: '0',
    matchCl: '1',
    currency: 'IDR',
    merchantToken: await notificationToken(KEY, { tXid, amt }),
  })
  const paymentRow = async (checkoutId: string) =>
    t.database.db.selectFrom('payments').selectAll().where('checkout_id', '=', checkoutId).executeTakeFirstOrThrow()

  describe('registration', () => {
    it('registers a code for an IDR checkout, keeps tXid and payNo, and moves the checkout to pending', async () => {
      await start()
      const created = await idrCheckout()
      expect(await readJson(await client('/payment', created.client_secret))).toEqual({ payment: null })

      const response = await client('/payment', created.client_secret, PAYER)
      expect(response.status).toBe(201)
      const { payment } = await readJson(response)
      expect(payment).toEqual({
        store: 'alfamart',
        pay_no: expect.stringMatching(/^\d{12}$/),
        amount: '150000',
        currency: 'IDR',
        expires_at: new Date(Math.floor(Date.parse(created.expires_at as string) / 1000) * 1000).toISOString(),
        status: 'issued',
      })

      const row = await paymentRow(created.id)
      const details = JSON.parse(row.details)
      expect(row).toMatchObject({ provider: 'nicepay', method: 'cvs', status: 'issued', amount: '150000', currency: 'IDR' })
      expect(row.provider_reference).toMatch(/^IONPAYTEST03\d{18}$/)
      expect(details).toMatchObject({
        tXid: row.provider_reference,
        payNo: payment.pay_no,
        mitraCd: 'ALMA',
        referenceNo: `${created.id}-ALMA`,
        // Normalised before it went to NICEPAY.
        customer: { name: 'Budi Santoso', phone: '081234567890', email: 'budi@example.id' },
      })
      const view = await checkout(created.id)
      expect(view.status).toBe('pending')
      expect(view.payments).toEqual([
        expect.objectContaining({ method: 'cvs', provider: 'nicepay', provider_reference: row.provider_reference }),
      ])
      expect(await readJson(await client('/payment', created.client_secret))).toEqual({ payment })
      // The simulator registered what the server sent, to the second of the checkout's expiry.
      const [sent] = await simTransactions()
      expect(sent).toMatchObject({ payNo: payment.pay_no, store: 'ALMA', amt: '150000', status: '3', billingNm: 'Budi Santoso' })
    })

    it('issues Indomaret codes too', async () => {
      await start()
      const created = await idrCheckout()
      const { payment } = await readJson(
        await client('/payment', created.client_secret, { ...PAYER, store: 'indomaret', phone: '0857 1234 5678' }),
      )
      expect(payment).toMatchObject({ store: 'indomaret', pay_no: expect.stringMatching(/^\d{16}$/) })
      expect(JSON.parse((await paymentRow(created.id)).details).mitraCd).toBe('INDO')
    })

    it('refuses a checkout in another currency with a 400 naming the currency', async () => {
      await start()
      const usd = await t.createCheckout({ amount: '19.99', currency: 'USD' })
      const response = await client('/payment', usd.client_secret, PAYER)
      expect(response.status).toBe(400)
      expect(await readJson(response)).toMatchObject({ error: { code: 'unsupported_currency', field: 'currency' } })
      expect(await t.count('payments')).toBe(0)
    })

    it.each([
      [{ ...PAYER, store: 'lawson' }, 'store'],
      [{ ...PAYER, name: '   ' }, 'name'],
      [{ ...PAYER, name: 'R2-D2' }, 'name'],
      [{ ...PAYER, phone: '+1 415 555 0100' }, 'phone'],
      [{ ...PAYER, phone: 12345 }, 'phone'],
      [{ ...PAYER, email: 'not-an-email' }, 'email'],
      [{ ...PAYER, email: `${'a'.repeat(30)}@example.co.id` }, 'email'],
      [{ store: 'alfamart', name: 'Budi', email: 'b@x.id' }, 'phone'],
      [{ ...PAYER, amount: '1' }, 'amount'],
    ])('refuses %j with a 400 naming %s and registers nothing', async (body, field) => {
      await start()
      const created = await idrCheckout()
      const response = await client('/payment', created.client_secret, body)
      expect(response.status).toBe(400)
      expect((await readJson(response)).error.field).toBe(field)
      expect(await t.count('payments')).toBe(0)
      expect(await simTransactions()).toEqual([])
    })

    it('refuses a body that is not JSON, a bad client secret, and a checkout that is no longer open', async () => {
      await start()
      const created = await idrCheckout()
      expect((await client('/payment', created.client_secret, 'store=alfamart')).status).toBe(400)
      const form = await t.app.request('/v1/client/cvs/payment', {
        method: 'POST',
        headers: { 'x-client-secret': created.client_secret, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'store=alfamart',
      })
      expect(form.status).toBe(415)
      expect((await client('/payment', `cs_${'x'.repeat(43)}`, PAYER)).status).toBe(401)
      await t.merchant(`/v1/checkouts/${created.id}/cancel`, { method: 'POST' })
      const canceled = await client('/payment', created.client_secret, PAYER)
      expect(canceled.status).toBe(409)
      expect((await readJson(canceled)).error.code).toBe('checkout_not_payable')
    })

    it("passes on NICEPAY's refusal of a too-small amount as a 422 naming the amount, and keeps nothing", async () => {
      await start()
      await sim('/control/faults', { result_cd: '9509', failure_count: 1, failure_endpoints: ['registration'] })
      const created = await idrCheckout('5000')
      const response = await client('/payment', created.client_secret, PAYER)
      expect(response.status).toBe(422)
      expect(await readJson(response)).toMatchObject({ error: { code: 'amount_not_accepted', field: 'amount' } })
      expect(await t.count('payments')).toBe(0)
      expect((await checkout(created.id)).status).toBe('open')
    })

    it('answers a repeated request with the same code and never registers twice', async () => {
      await start()
      const created = await idrCheckout()
      const first = await readJson(await client('/payment', created.client_secret, PAYER))
      const again = await client('/payment', created.client_secret, { ...PAYER, store: 'indomaret' })
      expect(again.status).toBe(200)
      expect(await readJson(again)).toEqual(first)
      expect(await simTransactions()).toHaveLength(1)
      expect(await t.count('payments')).toBe(1)
    })

    it('registers under a new referenceNo after a lost answer, and never shows the code it cannot ask about', async () => {
      await start()
      // NICEPAY does the work, then the answer never arrives (PAY_PROVIDER_TIMEOUT_MS is 400 here).
      await sim('/control/faults', { failure: 'timeout', failure_count: 1, failure_endpoints: ['registration'], hang_ms: 3000 })
      const created = await idrCheckout()
      const started = performance.now()
      const response = await client('/payment', created.client_secret, PAYER)
      expect(performance.now() - started).toBeLessThan(2500)
      expect(response.status).toBe(201)
      const { payment } = await readJson(response)
      // Oldest last: the lost attempt, then the one whose code the payer sees.
      const [shown, unseen] = await simTransactions()
      expect(unseen.referenceNo).toBe(`${created.id}-ALMA`)
      expect(shown.referenceNo).toBe(`${created.id}-ALMA-2`)
      expect(payment.pay_no).toBe(shown.payNo)
      expect(payment.pay_no).not.toBe(unseen.payNo)
      expect(JSON.parse((await paymentRow(created.id)).details)).toMatchObject({
        referenceNo: `${created.id}-ALMA-2`,
        lostReferences: [`${created.id}-ALMA`],
      })
      expect((await checkout(created.id)).status).toBe('pending')
    })

    it.each(['http_503', 'malformed_json', 'empty_body'])('registers again under a new referenceNo after %s', async (failure) => {
      await start()
      await sim('/control/faults', { failure, failure_count: 1, failure_endpoints: ['registration'] })
      const created = await idrCheckout()
      const response = await client('/payment', created.client_secret, PAYER)
      expect(response.status).toBe(201)
      const transactions = await simTransactions()
      expect(transactions).toHaveLength(1)
      expect(transactions[0].referenceNo).toBe(`${created.id}-ALMA-2`)
    })

    it('answers 504 when both attempts lose their answer, and the next request registers at once', async () => {
      await start()
      await sim('/control/faults', { failure: 'timeout', failure_count: 2, failure_endpoints: ['registration'], hang_ms: 3000 })
      const created = await idrCheckout()
      const first = await client('/payment', created.client_secret, PAYER)
      expect(first.status).toBe(504)
      expect((await readJson(first)).error.code).toBe('provider_timeout')
      expect((await paymentRow(created.id)).status).toBe('registering')
      // No waiting out a lease: the lost attempts are set aside, and the next request registers the third.
      const later = await client('/payment', created.client_secret, PAYER)
      expect(later.status).toBe(200)
      const transactions = await simTransactions()
      expect(transactions.map((tx) => tx.referenceNo)).toEqual([`${created.id}-ALMA-3`, `${created.id}-ALMA-2`, `${created.id}-ALMA`])
      expect((await readJson(later)).payment.pay_no).toBe(transactions[0].payNo)
    })

    it('takes over a claim whose process died, setting its attempt aside', async () => {
      await start()
      const created = await idrCheckout()
      const { NICEPAY_TIMINGS } = await import('./payments.js')
      // A process claimed the code and died mid-registration; its referenceNo may have reached NICEPAY.
      await t.database.db
        .insertInto('payments')
        .values({
          id: 'pay_abandoned',
          checkout_id: created.id,
          method: 'cvs',
          provider: 'nicepay',
          provider_reference: `${created.id}-ALMA`,
          status: 'registering',
          amount: '150000',
          currency: 'IDR',
          details: JSON.stringify({
            mitraCd: 'ALMA',
            referenceNo: `${created.id}-ALMA`,
            tXid: null,
            payNo: null,
            payValidAt: t.clock() + 3600_000,
            providerStatus: null,
            customer: { name: 'Budi', phone: '081234567890', email: 'budi@example.id' },
            receiptCode: null,
            depositDt: null,
            depositTm: null,
          }),
          created_at: t.clock(),
          updated_at: t.clock(),
        })
        .execute()
      t.clock.advance(NICEPAY_TIMINGS.claimLeaseMs + 1000)
      const later = await client('/payment', created.client_secret, PAYER)
      expect(later.status).toBe(200)
      expect((await simTransactions())[0].referenceNo).toBe(`${created.id}-ALMA-2`)
    })

    it('cancels an unseen code at NICEPAY once a notification names its tXid', async () => {
      await start()
      await sim('/control/faults', { failure: 'timeout', failure_count: 1, failure_endpoints: ['registration'], hang_ms: 3000 })
      const created = await idrCheckout()
      expect((await client('/payment', created.client_secret, PAYER)).status).toBe(201)
      const [shown, unseen] = await simTransactions()
      const response = await notify(await signedNotification(unseen.tXid, unseen.referenceNo))
      expect(response.status).toBe(200)
      const after = await simTransactions()
      // A cancelled code reads as expired (status 4) at the store; the shown one is still payable.
      expect(after.find((tx) => tx.tXid === unseen.tXid).status).toBe('4')
      expect(after.find((tx) => tx.tXid === shown.tXid).status).toBe('3')
      expect((await checkout(created.id)).status).toBe('pending')
      // A notification for a referenceNo that is no attempt of ours is still unknown.
      expect((await notify(await signedNotification(unseen.tXid, `${created.id}-ALMA-9`))).status).toBe(404)
    })

    it('counts a deposit on an unseen code as money on the checkout, and a second deposit as overpaid', async () => {
      await start()
      await sim('/control/faults', { failure: 'timeout', failure_count: 1, failure_endpoints: ['registration'], hang_ms: 3000 })
      const created = await idrCheckout()
      expect((await client('/payment', created.client_secret, PAYER)).status).toBe(201)
      const [shown, unseen] = await simTransactions()
      // Someone pays the code nobody was shown: NICEPAY notifies, and the money is the checkout's.
      await sim('/store/pay', { payNo: unseen.payNo })
      expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
      await sim('/store/pay', { payNo: shown.payNo })
      expect(await checkout(created.id)).toMatchObject({ status: 'overpaid', amount_paid: '300000' })
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending', 'checkout.paid', 'checkout.overpaid'])
    })

    it('reports a busy NICEPAY as a retryable 503, releases the claim, and succeeds on the next try', async () => {
      await start()
      await sim('/control/faults', { result_cd: '9002', failure_count: 1, failure_endpoints: ['registration'] })
      const created = await idrCheckout()
      const busy = await client('/payment', created.client_secret, PAYER)
      expect(busy.status).toBe(503)
      expect(busy.headers.get('retry-after')).toBe('5')
      expect(await t.count('payments')).toBe(0)
      expect((await client('/payment', created.client_secret, PAYER)).status).toBe(201)
    })
  })

  describe('notifications', () => {
    const issued = async () => {
      const created = await idrCheckout()
      const { payment } = await readJson(await client('/payment', created.client_secret, PAYER))
      const row = await paymentRow(created.id)
      return { created, payment, tXid: row.provider_reference, referenceNo: `${created.id}-ALMA` }
    }

    it('moves the checkout to paid when the store takes the money, confirmed by inquiry, with one merchant event', async () => {
      await start()
      const { created, payment } = await issued()
      await sim('/store/lookup', { payNo: payment.pay_no, store: 'ALMA' })
      const started = performance.now()
      const paid = await sim('/store/pay', { payNo: payment.pay_no, store: 'ALMA' })
      expect(paid.notifications).toEqual([{ status: 200, body: '{"received":true}' }])
      expect(performance.now() - started).toBeLessThan(1000)
      expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000', amount_due: '0' })
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
      expect((await readJson(await client('/payment', created.client_secret))).payment.status).toBe('paid')
      expect(JSON.parse((await paymentRow(created.id)).details)).toMatchObject({
        providerStatus: '0',
        receiptCode: expect.stringMatching(/^ALF/),
      })
    })

    it('changes the checkout once for duplicate notifications, concurrent or later', async () => {
      await start()
      const { created, payment, tXid } = await issued()
      const paid = await sim('/store/pay', { payNo: payment.pay_no, copies: 4, concurrent: true })
      expect(paid.notifications.map((n: Json) => n.status)).toEqual([200, 200, 200, 200])
      await sim('/control/notify', { tXid, copies: 2 })
      expect((await checkout(created.id)).status).toBe('paid')
      expect(await paidEvents(created.id)).toBe(1)
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
      expect(await t.count('provider_events')).toBe(1)
    })

    it('ignores a notification with the right format and a wrong token', async () => {
      await start()
      const { created, tXid, referenceNo } = await issued()
      const forged = { ...(await signedNotification(tXid, referenceNo)), merchantToken: 'a'.repeat(64) }
      const response = await notify(forged)
      expect(response.status).toBe(401)
      expect((await readJson(response)).error.field).toBe('merchantToken')
      // Signed over another amount: the token no longer matches what was received.
      const otherAmount = { ...(await signedNotification(tXid, referenceNo)), amt: '1' }
      expect((await notify(otherAmount)).status).toBe(401)
      expect((await checkout(created.id)).status).toBe('pending')
      expect(await t.count('provider_events')).toBe(0)
    })

    it('ignores a correctly signed notification whose inquiry says unpaid', async () => {
      await start()
      const { created, tXid, referenceNo } = await issued()
      const response = await notify(await signedNotification(tXid, referenceNo))
      expect(response.status).toBe(200)
      expect((await checkout(created.id)).status).toBe('pending')
      expect(await paidEvents(created.id)).toBe(0)
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending'])
    })

    it('trusts the inquiry, not the notification, for the amount', async () => {
      await start()
      const { created, tXid, referenceNo, payment } = await issued()
      await sim('/control/faults', { notification_token: 'bad' })
      await sim('/store/pay', { payNo: payment.pay_no })
      expect((await checkout(created.id)).status).toBe('pending')
      // A NICEPAY-signed notification claiming another amount: the token checks out over what was
      // received, but the inquiry is made with our amount and our reference, and says paid 150000.
      const response = await notify(await signedNotification(tXid, referenceNo, '1500'))
      expect(response.status).toBe(200)
      expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
    })

    it('refuses other media types, missing fields, unknown transactions, and answers 503 when the inquiry fails', async () => {
      await start()
      const { created, tXid, referenceNo, payment } = await issued()
      const fields = await signedNotification(tXid, referenceNo)
      expect(
        (
          await t.app.request('/webhooks/nicepay', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(fields),
          })
        ).status,
      ).toBe(415)
      const { merchantToken: _token, ...unsigned } = fields
      expect((await notify(unsigned)).status).toBe(400)
      expect((await notify(await signedNotification('IONPAYTEST03209901010000000000', 'unknown-ref'))).status).toBe(404)

      await sim('/store/pay', { payNo: payment.pay_no })
      await t.database.db.deleteFrom('provider_events').execute()
      await t.database.db.updateTable('checkouts').set({ status: 'pending', amount_paid: '0' }).where('id', '=', created.id).execute()
      await sim('/control/faults', { failure: 'http_502', failure_endpoints: ['inquiry'] })
      const unconfirmed = await notify(fields)
      expect(unconfirmed.status).toBe(503)
      expect((await checkout(created.id)).status).toBe('pending')
      await sim('/control/faults', undefined, 'DELETE')
      expect((await notify(fields)).status).toBe(200)
      expect((await checkout(created.id)).status).toBe('paid')
    })

    it('catches up by inquiry when the browser asks, if the notification never counted', async () => {
      await start()
      const { created, payment } = await issued()
      await sim('/control/faults', { notification_token: 'bad' })
      const paid = await sim('/store/pay', { payNo: payment.pay_no })
      expect(paid.notifications[0].status).toBe(401)
      expect((await checkout(created.id)).status).toBe('pending')
      const checked = await client('/payment/check', created.client_secret, {})
      expect(checked.status).toBe(200)
      expect((await readJson(checked)).payment.status).toBe('paid')
      expect((await checkout(created.id)).status).toBe('paid')
    })
  })

  describe('expiry', () => {
    it('expires the checkout with the code validity, after which the store refuses the code', async () => {
      await start()
      const created = await idrCheckout('150000', { expires_in: 900 })
      const { payment } = await readJson(await client('/payment', created.client_secret, PAYER))
      const [sent] = await simTransactions()
      const validity = Date.parse(payment.expires_at)
      // What NICEPAY holds as payValidDt/payValidTm is the checkout's own expiry, in WIB.
      expect(sent.payValidDt + sent.payValidTm).toBe(new Date(validity + 7 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14))
      t.clock.set(validity + 1000)
      expect((await checkout(created.id)).status).toBe('expired')
      expect((await readJson(await client('/payment', created.client_secret))).payment.status).toBe('expired')
      expect((await sim('/store/pay', { payNo: payment.pay_no })).error).toMatch(/expired/)
    })

    it('expires the checkout when NICEPAY says the code has expired', async () => {
      await start()
      const created = await idrCheckout()
      const { payment } = await readJson(await client('/payment', created.client_secret, { ...PAYER, store: 'indomaret' }))
      await sim('/store/expire', { payNo: payment.pay_no })
      const checked = await readJson(await client('/payment/check', created.client_secret, {}))
      expect(checked.payment.status).toBe('expired')
      expect(await checkout(created.id)).toMatchObject({ status: 'expired' })
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending', 'checkout.expired'])
    })

    it('shows an Alfamart code looked up by the cashier as ready', async () => {
      await start()
      const created = await idrCheckout()
      const { payment } = await readJson(await client('/payment', created.client_secret, PAYER))
      await sim('/store/lookup', { payNo: payment.pay_no })
      expect((await readJson(await client('/payment/check', created.client_secret, {}))).payment.status).toBe('ready')
      expect((await checkout(created.id)).status).toBe('pending')
    })

    it('refuses a code for a checkout that expires too soon, and a check before any code', async () => {
      await start()
      const created = await idrCheckout('150000', { expires_in: 60 })
      expect((await client('/payment/check', created.client_secret, {})).status).toBe(404)
      const response = await client('/payment', created.client_secret, PAYER)
      expect(response.status).toBe(409)
      expect((await readJson(response)).error.code).toBe('checkout_expiring')
    })
  })

  describe('while a payer watches', () => {
    /** Counts NICEPAY inquiries as the metrics see them. */
    const countingInquiries = () => {
      const calls = { inquiries: 0 }
      const metrics: Metrics = {
        request() {},
        providerCall: (_provider, operation) => void (operation.endsWith('/inquiry') && calls.inquiries++),
        webhook() {},
        transition() {},
        delivery() {},
        reconcile() {},
        render: async () => ({ contentType: 'text/plain', body: '' }),
      }
      return { calls, metrics }
    }
    const stream = async (secret: string) =>
      checkoutMessages(await t.app.request('/v1/client/checkout/events', { headers: { 'x-client-secret': secret } }))
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

    it("learns of a cashier's lookup and of expiry at NICEPAY by inquiry, once an interval however many watch, and tells the streams", async () => {
      const { calls, metrics } = countingInquiries()
      await start({ PAY_WATCH_INTERVAL: '1' }, { metrics })
      const created = await idrCheckout()
      const { payment } = await readJson(await client('/payment', created.client_secret, PAYER))
      await pause(300)
      expect(calls.inquiries).toBe(0) // nobody watching: nobody asks

      const watchers = await Promise.all([1, 2, 3].map(() => stream(created.client_secret)))
      for (const w of watchers) expect((await w.next())?.data).toMatchObject({ status: 'pending', version: 2 })
      await eventually(async () => expect(calls.inquiries).toBe(1))
      await pause(1500) // the streams wake each second, but the clock has not moved: nobody asks again
      expect(calls.inquiries).toBe(1)

      // NICEPAY sends nothing when the cashier finds the code: the next inquiry learns it.
      await sim('/store/lookup', { payNo: payment.pay_no })
      t.clock.advance(1000)
      for (const w of watchers) expect((await w.next())?.data).toMatchObject({ status: 'pending', version: 3, final: false })
      expect(calls.inquiries).toBe(2)
      expect((await readJson(await client('/payment', created.client_secret))).payment.status).toBe('ready')
      const noted = await t.database.db
        .selectFrom('checkout_events')
        .select(['type', 'from_status', 'to_status'])
        .where('checkout_id', '=', created.id)
        .where('version', '=', 3)
        .executeTakeFirstOrThrow()
      expect(noted).toEqual({ type: 'checkout.payment_updated', from_status: 'pending', to_status: 'pending' })

      // Nor when the code expires at NICEPAY before the checkout would.
      await sim('/store/expire', { payNo: payment.pay_no })
      t.clock.advance(1000)
      for (const w of watchers) {
        expect((await w.next())?.data).toMatchObject({ status: 'expired', final: true })
        expect(await w.next()).toBeNull()
      }
      expect(calls.inquiries).toBe(3)
      expect((await readJson(await client('/payment', created.client_secret))).payment.status).toBe('expired')
      // The merchant hears of the expiry, not of the lookup.
      expect(await outboxTypes(created.id)).toEqual(['checkout.pending', 'checkout.expired'])
    })

    it('lets exactly one of many concurrent watchers ask per interval', async () => {
      await start()
      const created = await idrCheckout()
      const now = t.clock()
      const claims = async (at: number) =>
        (await Promise.all(Array.from({ length: 8 }, () => claimWatch(t.database.db, created.id, at, 1000)))).filter(Boolean)
      expect(await claims(now)).toHaveLength(1)
      expect(await claims(now + 999)).toHaveLength(0)
      expect(await claims(now + 1000)).toHaveLength(1)
    })
  })
})

describe.each(DIALECTS)('NICEPAY routes under odd input on %s', (dialect) => {
  let t: TestApp
  let secret = ''
  beforeAll(async () => {
    t = await createTestApp(dialect)
    secret = (await t.createCheckout({ amount: '150000', currency: 'IDR' })).client_secret
  })
  afterAll(() => t.dispose())

  const oddValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('\u0000', '\ud800', '+62', '0'.repeat(40)),
  )
  const body = fc.oneof(
    fc.record({ store: oddValue, name: oddValue, phone: oddValue, email: oddValue }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    fc.string({ unit: 'binary' }),
    fc
      .dictionary(fc.constantFrom('tXid', 'amt', 'referenceNo', 'merchantToken', 'status', 'x'), fc.string(), { maxKeys: 6 })
      .map((d) => new URLSearchParams(d).toString()),
  )
  const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', '')

  it('never answers 5xx and keeps no payment for a refused request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/client/cvs/payment', '/v1/client/cvs/payment/check', '/webhooks/nicepay'),
        body,
        contentType,
        async (path, raw, type) => {
          const before = await t.count('payments')
          const response = await t.app.request(path, {
            method: 'POST',
            headers: { 'x-client-secret': secret, ...(type ? { 'content-type': type } : {}) },
            body: raw,
          })
          expect(response.status, `${path} ${type} ${raw}`).toBeLessThan(500)
          if (response.status >= 400) expect(await t.count('payments')).toBe(before)
        },
      ),
      { numRuns: 150 },
    )
  })
})
