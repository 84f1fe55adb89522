import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, SECRET_KEY, type TestApp } from '../../test/helpers/app.js'

describe.each(DIALECTS)('merchant checkouts API on %s', (dialect) => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp(dialect)
  })
  afterEach(() => t.dispose())

  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; field?: string; message: string } }).error

  it('creates a checkout with the amount normalised to the currency and reads it back', async () => {
    const created = await t.createCheckout({
      amount: '19.9',
      currency: 'usd',
      description: 'Blue T-shirt',
      reference: 'order-42',
      customer: { email: 'payer@example.com', country: 'id' },
      metadata: { cart: 'c-1' },
      expires_in: 900,
    })
    expect(created).toMatchObject({
      status: 'open',
      amount: '19.90',
      currency: 'USD',
      amount_paid: '0.00',
      amount_due: '19.90',
      methods: ['crypto', 'card'],
      reference: 'order-42',
      customer: { email: 'payer@example.com', country: 'ID' },
      metadata: { cart: 'c-1' },
      payments: [],
      version: 1,
      mode: 'sandbox',
    })
    expect(created.id).toMatch(/^co_[0-9A-Za-z]{24}$/)
    expect(created.client_secret).toMatch(/^cs_[0-9A-Za-z]{43}$/)
    expect(Date.parse(created.expires_at as string) - Date.parse(created.created_at as string)).toBe(900_000)

    const read = await t.merchant(`/v1/checkouts/${created.id}`)
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(created)
    expect(await t.count('checkout_events')).toBe(1)
  })

  it('defaults the methods to those the currency can use', async () => {
    expect((await t.createCheckout({ amount: '150000', currency: 'IDR' })).methods).toEqual(['cvs'])
    expect((await t.createCheckout({ amount: '1000', currency: 'JPY' })).methods).toEqual(['card'])
    expect((await t.createCheckout({ amount: '5', currency: 'EUR' })).amount).toBe('5.00')
  })

  it('replays the first response for the same Idempotency-Key and body, in any key order', async () => {
    const headers = { 'idempotency-key': 'order-42-attempt' }
    const first = await t.merchant('/v1/checkouts', { body: { amount: '10.00', currency: 'USD', reference: 'r1' }, headers })
    const again = await t.merchant('/v1/checkouts', { body: '{"reference":"r1", "currency":"USD","amount":"10.00"}', headers })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    expect(await t.count('checkouts')).toBe(1)
  })

  it('answers 422 when an Idempotency-Key comes back with another body', async () => {
    const headers = { 'idempotency-key': 'k-1' }
    await t.merchant('/v1/checkouts', { body: { amount: '10.00', currency: 'USD' }, headers })
    const changed = await t.merchant('/v1/checkouts', { body: { amount: '10.01', currency: 'USD' }, headers })
    expect(changed.status).toBe(422)
    expect(await errorOf(changed)).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' })
    expect(await t.count('checkouts')).toBe(1)
  })

  it('answers 409 while a request with the same key is still running, and lets an abandoned one be retried', async () => {
    const body = { amount: '10.00', currency: 'USD' }
    const { sha256Hex } = await import('../lib/crypto.js')
    const { canonicalJson } = await import('../idempotency.js')
    const inFlight = {
      scope: 'merchant:POST /v1/checkouts',
      key: 'k-busy',
      fingerprint: await sha256Hex(canonicalJson(body)),
      state: 'running' as const,
      response_status: null,
      response_body: null,
      created_at: t.clock(),
      updated_at: t.clock(),
    }
    await t.database.db.insertInto('idempotency_keys').values(inFlight).execute()
    const busy = await t.merchant('/v1/checkouts', { body, headers: { 'idempotency-key': 'k-busy' } })
    expect(busy.status).toBe(409)
    expect(await errorOf(busy)).toMatchObject({ code: 'idempotency_key_in_use' })
    expect(await t.count('checkouts')).toBe(0)

    t.clock.advance(61_000) // its process died without committing anything
    const retried = await t.merchant('/v1/checkouts', { body, headers: { 'idempotency-key': 'k-busy' } })
    expect(retried.status).toBe(201)
    expect(await t.count('checkouts')).toBe(1)
  })

  it('does not store a failed request under its key, so a corrected retry succeeds', async () => {
    const headers = { 'idempotency-key': 'k-fix' }
    expect((await t.merchant('/v1/checkouts', { body: { amount: '10.001', currency: 'USD' }, headers })).status).toBe(400)
    expect((await t.merchant('/v1/checkouts', { body: { amount: '10.00', currency: 'USD' }, headers })).status).toBe(201)
  })

  it('refuses a missing or wrong secret key with 401', async () => {
    const noKey = await t.app.request('/v1/checkouts/co_x')
    expect(noKey.status).toBe(401)
    expect(noKey.headers.get('www-authenticate')).toContain('Bearer')
    const wrong = await t.merchant('/v1/checkouts', {
      body: { amount: '1.00', currency: 'USD' },
      headers: { authorization: `Bearer ${SECRET_KEY}x` },
    })
    expect(wrong.status).toBe(401)
    expect(await errorOf(wrong)).toMatchObject({ code: 'unauthorized' })
    expect(await t.count('checkouts')).toBe(0)
  })

  it.each([
    [{ amount: 19.99, currency: 'USD' }, 'amount', /decimal string/],
    [{ amount: '-5.00', currency: 'USD' }, 'amount', /positive/],
    [{ amount: '0', currency: 'USD' }, 'amount', /greater than zero/],
    [{ amount: '1e3', currency: 'USD' }, 'amount', /decimal string/],
    [{ amount: '10.001', currency: 'USD' }, 'amount', /at most 2 decimals/],
    [{ amount: '10.5', currency: 'IDR' }, 'amount', /whole amounts/],
    [{ amount: '1000000000000', currency: 'USD' }, 'amount', /below/],
    [{ amount: ' 10', currency: 'USD' }, 'amount', /decimal string/],
    [{ currency: 'USD' }, 'amount', /required/],
    [{ amount: '10.00', currency: 'ABC' }, 'currency', /not an ISO 4217/],
    [{ amount: '10.00', currency: 'CHF' }, 'currency', /not supported/],
    [{ amount: '10.00', currency: 'US' }, 'currency', /three-letter/],
    [{ amount: '10.00', currency: 'USD', methods: ['cvs'] }, 'methods', /cvs cannot take USD/],
    [{ amount: '10.00', currency: 'EUR', methods: ['crypto'] }, 'methods', /crypto cannot take EUR/],
    [{ amount: '10.00', currency: 'USD', methods: ['paypal'] }, 'methods.0', /./],
    [{ amount: '10.00', currency: 'USD', methods: [] }, 'methods', /./],
    [{ amount: '10.00', currency: 'USD', expires_in: 10 }, 'expires_in', /./],
    [{ amount: '10.00', currency: 'USD', expires_in: 864_001 }, 'expires_in', /./],
    [{ amount: '10.00', currency: 'USD', customer: { email: 'not-an-email' } }, 'customer.email', /./],
    [{ amount: '10.00', currency: 'USD', customer: { country: 'XX' } }, 'customer.country', /ISO 3166/],
    [{ amount: '10.00', currency: 'USD', metadata: { k: 5 } }, 'metadata.k', /./],
    [{ amount: '10.00', currency: 'USD', description: 'nul \u0000 byte' }, 'description', /control characters/],
    [{ amount: '10.00', currency: 'USD', colour: 'blue' }, 'colour', /unknown field/],
    [
      {
        amount: '9.99',
        currency: 'USD',
        methods: ['crypto'],
        subscription: { initial_period_days: 30, recurring_amount: '9.99', recurring_period_days: 30, rebills: 99 },
      },
      'subscription',
      /cards only/,
    ],
    [
      {
        amount: '9.99',
        currency: 'USD',
        subscription: { initial_period_days: 30, recurring_amount: '9.999', recurring_period_days: 30, rebills: 99 },
      },
      'subscription.recurring_amount',
      /2 decimals/,
    ],
  ])('refuses %j with a 400 naming %s', async (body, field, message) => {
    const response = await t.merchant('/v1/checkouts', { body })
    expect(response.status).toBe(400)
    const error = await errorOf(response)
    expect(error.field).toBe(field)
    expect(error.message).toMatch(message)
    expect(await t.count('checkouts')).toBe(0)
  })

  it('takes subscription terms for cards and defaults the methods to card', async () => {
    const created = await t.createCheckout({
      amount: '9.99',
      currency: 'USD',
      subscription: { initial_period_days: 30, recurring_amount: '9.99', recurring_period_days: 30, rebills: 99 },
    })
    expect(created.methods).toEqual(['card'])
    expect(created.subscription).toEqual({ initial_period_days: 30, recurring_amount: '9.99', recurring_period_days: 30, rebills: 99 })
  })

  it('refuses a body that is not JSON, not an object or too large', async () => {
    const send = (body: string, type = 'application/json') => t.merchant('/v1/checkouts', { body, headers: { 'content-type': type } })
    expect((await send('{"amount":')).status).toBe(400)
    expect((await send('[1,2]')).status).toBe(400)
    expect((await send('{"amount":"1.00","currency":"USD"}', 'text/plain')).status).toBe(415)
    expect((await send(JSON.stringify({ amount: '1.00', currency: 'USD', description: 'x'.repeat(70_000) }))).status).toBe(413)
    expect(await t.count('checkouts')).toBe(0)
  })

  it('answers 404 for an unknown checkout', async () => {
    const response = await t.merchant('/v1/checkouts/co_doesnotexist')
    expect(response.status).toBe(404)
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' })
  })

  it('expires a checkout whose time is up when it is read', async () => {
    const created = await t.createCheckout({ amount: '1.00', currency: 'USD', expires_in: 60 })
    t.clock.advance(60_000)
    const read = (await (await t.merchant(`/v1/checkouts/${created.id}`)).json()) as { status: string; version: number }
    expect(read).toMatchObject({ status: 'expired', version: 2 })
  })

  it('cancels an open checkout once and refuses to cancel it again', async () => {
    const created = await t.createCheckout()
    const canceled = await t.merchant(`/v1/checkouts/${created.id}/cancel`, { method: 'POST' })
    expect(canceled.status).toBe(200)
    expect(await canceled.json()).toMatchObject({ status: 'canceled', version: 2 })
    const again = await t.merchant(`/v1/checkouts/${created.id}/cancel`, { method: 'POST' })
    expect(again.status).toBe(409)
    expect(await t.count('checkout_events')).toBe(2)
  })
})
