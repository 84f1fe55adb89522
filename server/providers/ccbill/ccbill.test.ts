import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import { eventually } from '../../../test/helpers/wait.js'
import { TOKEN_REFRESH_MARGIN_MS } from './client.js'
import { ACCNUM, paymentToken, simCharges, simControl, SUBACC, SUBACC_3DS } from './test-support/widget-client.js'

/**
 * The companion server's side of CCBill, against the built-in simulator, on every database:
 * frontend tokens for the browser, charging at most once whatever the browser does, lost answers
 * resolved by reading the token's charges, and webhooks believed only from allowed addresses and
 * once CCBill's records confirm them.
 */

const CCBILL_IP = '64.38.212.17'

describe.each(DIALECTS)('CCBill card payments on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  const start = async (env: Record<string, string> = {}) => {
    t = await createTestApp(dialect, {
      env: { PAY_PROVIDER_TIMEOUT_MS: '300', ...env },
      deps: {
        // The merchant's webhook receiver is outside the app; the test names the caller's address.
        fetch: async () => new Response(null, { status: 204 }),
        clientAddress: (c) => c.req.header('x-test-peer') ?? '198.51.100.7',
      },
    })
    // Redeliveries would outlive the test; duplicates are sent on purpose where they matter.
    await simControl(t, '/webhooks', { retry_delays_ms: [] })
    return t
  }

  const client = (path: string, secret: string, body?: unknown) =>
    t.app.request(`/v1/client/card${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-client-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  const session = (secret: string) => t.app.request('/v1/client/card/session', { method: 'POST', headers: { 'x-client-secret': secret } })
  const cardCheckout = (extra: Record<string, unknown> = {}) =>
    t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'], ...extra })
  const checkout = async (id: string): Promise<Json> => readJson(await t.merchant(`/v1/checkouts/${id}`))
  const paidEvents = async (id: string) =>
    (
      await t.database.db
        .selectFrom('checkout_events')
        .select('cause')
        .where('checkout_id', '=', id)
        .where('to_status', '=', 'paid')
        .execute()
    ).map((e) => JSON.parse(e.cause).evidence as string)
  const webhook = (query: Record<string, string>, fields: Record<string, string>, init: { form?: boolean; peer?: string } = {}) =>
    t.app.request(`/webhooks/ccbill?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: {
        'content-type': init.form ? 'application/x-www-form-urlencoded' : 'application/json',
        'x-test-peer': init.peer ?? CCBILL_IP,
      },
      body: init.form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    })
  const upSale = { clientAccnum: String(ACCNUM), clientSubacc: '0000', eventType: 'UpSaleSuccess', eventGroupType: 'Subscription' }

  describe('session', () => {
    it('hands the element a frontend token and what the widget needs, and reuses the token while valid', async () => {
      await start()
      const created = await cardCheckout()
      const response = await session(created.client_secret)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const body: Json = await readJson(response)
      expect(body).toEqual({
        application_id: 'sandbox-ccbill-frontend-app-id',
        auth_token: expect.any(String),
        auth_token_expires_at: new Date(t.clock() + 3600_000 - 30_000).toISOString(),
        client_accnum: ACCNUM,
        client_subacc: SUBACC,
        client_subacc_3ds: SUBACC_3DS,
        script_url: 'http://localhost:8787/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js',
        currency_code: '840',
        amount: '19.90',
        ip_address: '198.51.100.7',
      })
      // The token works at CCBill for what the browser does, and only for that.
      const created2 = await cardCheckout({ amount: '5.00', currency: 'EUR' })
      const again: Json = await readJson(await session(created2.client_secret))
      expect(again.auth_token).toBe(body.auth_token)
      expect(again.currency_code).toBe('978')
    })

    it('mints a new token once the cached one is about to expire', async () => {
      await start()
      await simControl(t, '/oauth', { expires_in: 600 })
      const created = await cardCheckout()
      const first: Json = await readJson(await session(created.client_secret))
      t.clock.advance(600_000 - TOKEN_REFRESH_MARGIN_MS - 1000)
      expect((await readJson(await session(created.client_secret))).auth_token).toBe(first.auth_token)
      t.clock.advance(2000)
      const renewed: Json = await readJson(await session(created.client_secret))
      expect(renewed.auth_token).not.toBe(first.auth_token)
      expect(Date.parse(renewed.auth_token_expires_at)).toBeGreaterThan(Date.parse(first.auth_token_expires_at))
    })

    it('refuses checkouts without cards, in a currency CCBill does not take, or no longer payable', async () => {
      await start()
      const crypto = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
      expect(await readJson(await session(crypto.client_secret))).toMatchObject({ error: { code: 'method_not_allowed', field: 'methods' } })
      const rupiah = await t.createCheckout({ amount: '150000', currency: 'IDR' })
      expect((await session(rupiah.client_secret)).status).toBe(400)
      const canceled = await cardCheckout()
      await t.merchant(`/v1/checkouts/${canceled.id}/cancel`, { method: 'POST' })
      const refused = await session(canceled.client_secret)
      expect(refused.status).toBe(409)
      expect(await readJson(refused)).toMatchObject({ error: { code: 'checkout_not_payable' } })
      expect((await session('cs_nope')).status).toBe(401)
    })

    it('limits sessions per checkout', async () => {
      await start()
      const created = await cardCheckout()
      const statuses: number[] = []
      for (let i = 0; i < 11; i++) statuses.push((await session(created.client_secret)).status)
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
      expect(statuses[10]).toBe(429)
      // Another checkout from the same address still gets one.
      expect((await session((await cardCheckout()).client_secret)).status).toBe(200)
    })
  })

  describe('charge', () => {
    it('charges the checkout amount once and moves the checkout to paid with a payment', async () => {
      await start()
      const created = await cardCheckout()
      expect(await readJson(await client('/charge', created.client_secret))).toEqual({ charge: null })
      const token = await paymentToken(t)
      const response = await client('/charge', created.client_secret, { payment_token_id: token })
      expect(response.status).toBe(200)
      expect(await readJson(response)).toEqual({
        charge: { status: 'approved', decline_reason: null, decline_code: null, decline_text: null, created_at: expect.any(String) },
      })
      const view = await checkout(created.id)
      expect(view).toMatchObject({ status: 'paid', amount_paid: '19.90' })
      const [sent] = await simCharges(t)
      expect(sent).toMatchObject({
        paymentTokenId: token,
        approved: true,
        amount: '19.90',
        currencyCode: '840',
        initialPeriod: 0,
        recurringPrice: null,
      })
      expect(sent!.passThrough).toEqual({ checkout_id: created.id, charge_id: expect.stringMatching(/^ch_/) })
      expect(view.payments).toEqual([
        expect.objectContaining({ method: 'card', provider: 'ccbill', provider_reference: sent!.subscriptionId, amount: '19.90' }),
      ])

      // Asking again, even with another token, answers with the approved charge and charges nothing.
      const again = await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) })
      expect((await readJson(again)).charge.status).toBe('approved')
      expect(await simCharges(t)).toHaveLength(1)
      expect(await paidEvents(created.id)).toHaveLength(1)
    })

    it('takes a decline, leaves the checkout payable, then charges another card', async () => {
      await start()
      const created = await cardCheckout()
      const declined: Json = await readJson(
        await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t, '4000000000000002') }),
      )
      expect(declined.charge).toMatchObject({
        status: 'declined',
        decline_reason: 'declined',
        decline_code: '24',
        decline_text: 'Insufficient funds',
      })
      expect((await checkout(created.id)).status).toBe('pending')
      expect(await readJson(await client('/charge', created.client_secret))).toEqual(declined)

      const approved: Json = await readJson(await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) }))
      expect(approved.charge.status).toBe('approved')
      expect((await checkout(created.id)).status).toBe('paid')
      expect((await simCharges(t)).map((c) => c.approved)).toEqual([true, false])
    })

    it('sends the subscription terms and the currency as CCBill wants them', async () => {
      await start()
      const created = await t.createCheckout({
        amount: '4.95',
        currency: 'EUR',
        subscription: { initial_period_days: 7, recurring_amount: '19.99', recurring_period_days: 30, rebills: 99 },
      })
      await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) })
      expect((await simCharges(t))[0]).toMatchObject({
        amount: '4.95',
        currencyCode: '978',
        initialPeriod: 7,
        recurringPrice: '19.99',
        recurringPeriod: 30,
        rebills: 99,
      })
    })

    it('marks a lost answer processing and resolves it by reading the charges, never by charging again', async () => {
      await start()
      await simControl(t, '/webhooks', { enabled: false })
      await simControl(t, '/faults', { fault: 'timeout', endpoint: 'charge' })
      const created = await cardCheckout()
      const token = await paymentToken(t)
      const lost = await client('/charge', created.client_secret, { payment_token_id: token })
      expect(lost.status).toBe(202)
      expect((await readJson(lost)).charge.status).toBe('processing')
      expect(await simCharges(t)).toHaveLength(1)

      const resolved: Json = await readJson(await client('/charge', created.client_secret))
      expect(resolved.charge.status).toBe('approved')
      expect(await paidEvents(created.id)).toEqual(['charges read after a lost answer'])
      await client('/charge', created.client_secret, { payment_token_id: token })
      expect(await simCharges(t)).toHaveLength(1)
    })

    it('turns CCBill refusing the token into a 422 and frees the checkout for the next attempt', async () => {
      await start()
      const created = await cardCheckout()
      const used = await paymentToken(t, '4111111111111111', { validNumberOfUse: 0 })
      const refused = await client('/charge', created.client_secret, { payment_token_id: used })
      expect(refused.status).toBe(422)
      expect(await readJson(refused)).toMatchObject({ error: { code: 'payment_token_invalid', field: 'payment_token_id' } })
      expect(await readJson(await client('/charge', created.client_secret))).toEqual({ charge: null })
      expect(
        (await readJson(await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) }))).charge.status,
      ).toBe('approved')
    })

    it('refuses a token another checkout used', async () => {
      await start()
      const token = await paymentToken(t, '4000000000000002')
      await client('/charge', (await cardCheckout()).client_secret, { payment_token_id: token })
      const other = await client('/charge', (await cardCheckout()).client_secret, { payment_token_id: token })
      expect(other.status).toBe(409)
      expect(await readJson(other)).toMatchObject({ error: { code: 'payment_token_used', field: 'payment_token_id' } })
    })

    it('has no field for card data: unknown fields are refused by name', async () => {
      await start()
      const created = await cardCheckout()
      const cases: [unknown, string][] = [
        [{ payment_token_id: 'abc', card_number: '4111111111111111' }, 'card_number'],
        [{ payment_token_id: 'abc', threeds: { threedsSuccess: true, cardNumber: '4111111111111111' } }, 'threeds.cardNumber'],
        [{ payment_token_id: 'abc', threeds: { threedsSuccess: 'yes' } }, 'threeds.threedsSuccess'],
        [{ payment_token_id: 'abc def' }, 'payment_token_id'],
        [{}, 'payment_token_id'],
      ]
      for (const [body, field] of cases) {
        const response = await client('/charge', created.client_secret, body)
        expect(response.status).toBe(400)
        expect(await readJson(response)).toMatchObject({ error: { code: 'invalid_request', field } })
      }
      expect(await simCharges(t)).toEqual([])
    })
  })

  describe('webhook', () => {
    /** A charge whose answer was lost (so only the webhook or a read can settle it). */
    const lostCharge = async () => {
      await simControl(t, '/faults', { fault: 'timeout', endpoint: 'charge' })
      const created = await cardCheckout()
      await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) })
      return created
    }

    it.each(['json', 'form'] as const)('settles a lost answer from a %s UpSaleSuccess confirmed by the token charges', async (format) => {
      await start()
      await simControl(t, '/webhooks', { format })
      const created = await lostCharge()
      await eventually(async () => expect((await checkout(created.id)).status).toBe('paid'))
      expect(await paidEvents(created.id)).toEqual(['webhook confirmed by the token charges'])
      const [delivery] = await readJson(await t.app.request('/sandbox/ccbill/control/webhooks'))
      expect(delivery).toMatchObject({ eventType: 'UpSaleSuccess', acknowledged: true, attempts: [{ format, status: 200 }] })
    })

    it('changes a checkout once for duplicate deliveries', async () => {
      await start()
      const created = await lostCharge()
      await eventually(async () => expect((await checkout(created.id)).status).toBe('paid'))
      const duplicate: Json = await simControl(t, '/webhooks/redeliver', { copies: 3 })
      expect(duplicate.statuses).toEqual([200, 200, 200])
      expect(await paidEvents(created.id)).toHaveLength(1)
      expect(await t.count('payments')).toBe(1)
      const events = await t.database.db.selectFrom('provider_events').selectAll().where('provider', '=', 'ccbill').execute()
      expect(events).toHaveLength(1)
    })

    it('records the webhook of a charge its own answer already settled, without a second change', async () => {
      await start()
      const created = await cardCheckout()
      await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t) })
      await eventually(async () => expect(await t.count('provider_events')).toBe(1))
      expect(await paidEvents(created.id)).toHaveLength(1)
    })

    it('refuses addresses outside the allowlist with 403 and ignores other accounts and events with 200', async () => {
      await start()
      await simControl(t, '/webhooks', { enabled: false })
      const created = await lostCharge()
      const [sent] = await simCharges(t)
      const fields = {
        subscriptionId: sent!.subscriptionId!,
        transactionId: '1234567890123456789',
        clientAccnum: String(ACCNUM),
        'X-checkout_id': created.id,
        'X-charge_id': sent!.passThrough.charge_id!,
      }
      const forbidden = await webhook(upSale, fields, { peer: '203.0.113.9' })
      expect(forbidden.status).toBe(403)
      expect(await readJson(forbidden)).toMatchObject({ error: { code: 'forbidden_source' } })

      const foreign = await webhook({ ...upSale, clientAccnum: '951234' }, { ...fields, clientAccnum: '951234' })
      expect(foreign.status).toBe(200)
      expect(await readJson(foreign)).toMatchObject({ ignored: 'another CCBill account' })
      const other = await webhook({ ...upSale, eventType: 'Chargeback' }, fields)
      expect(await readJson(other)).toMatchObject({ ignored: expect.any(String) })
      // A subscription CCBill does not list for the token is not believed.
      const forged = await webhook(upSale, { ...fields, subscriptionId: '1999999999999999999' }, { form: true })
      expect(await readJson(forged)).toMatchObject({ ignored: 'CCBill does not list this subscription for the token' })
      expect((await checkout(created.id)).status).toBe('pending')

      // The real one, from CCBill's range, in form encoding, with eventType only in the query string.
      const real = await webhook(upSale, fields, { form: true })
      expect(await readJson(real)).toEqual({ received: true })
      expect((await checkout(created.id)).status).toBe('paid')
      expect(await readJson(await webhook(upSale, fields))).toEqual({ received: true, duplicate: true })
      expect(await paidEvents(created.id)).toEqual(['webhook confirmed by the token charges'])
    })

    it('keeps no card details from a webhook in its records', async () => {
      await start()
      await simControl(t, '/webhooks', { enabled: false })
      const created = await lostCharge()
      const [sent] = await simCharges(t)
      // What live CCBill adds to a sale event (providers.md §3.7); the sandbox leaves bin and expDate out.
      const card = { bin: '411111', last4: '1111', expDate: '1230', cardType: 'VISA', paymentAccount: 'a1b2c3', prePaid: '0' }
      const fields = {
        subscriptionId: sent!.subscriptionId!,
        transactionId: '1234567890123456788',
        clientAccnum: String(ACCNUM),
        'X-checkout_id': created.id,
        'X-charge_id': sent!.passThrough.charge_id!,
        ...card,
      }
      expect(await readJson(await webhook(upSale, fields))).toEqual({ received: true })
      const [event] = await t.database.db.selectFrom('provider_events').selectAll().where('provider', '=', 'ccbill').execute()
      const kept = JSON.parse(event!.payload) as Record<string, string>
      expect(kept).toMatchObject({ transactionId: '1234567890123456788', subscriptionId: sent!.subscriptionId })
      for (const name of Object.keys(card)) expect(kept).not.toHaveProperty(name)
    })

    it('takes an UpSaleFailure for a lost answer as a decline', async () => {
      await start()
      await simControl(t, '/faults', { fault: 'timeout', endpoint: 'charge' })
      const created = await cardCheckout()
      await client('/charge', created.client_secret, { payment_token_id: await paymentToken(t, '4000000000000002') })
      await eventually(async () =>
        expect((await readJson(await client('/charge', created.client_secret))).charge).toMatchObject({
          status: 'declined',
          decline_code: '24',
          decline_text: 'Insufficient funds',
        }),
      )
      expect((await checkout(created.id)).status).toBe('pending')
    })
  })
})
