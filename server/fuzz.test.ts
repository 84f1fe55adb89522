import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../test/helpers/databases.js'
import { createTestApp, SECRET_KEY, type TestApp } from '../test/helpers/app.js'

/**
 * Throws malformed, mistyped, huge and oddly encoded requests at every route. Whatever arrives, the
 * answer is never a 5xx, and a refused request leaves no row behind.
 */

const VALID = {
  amount: '19.99',
  currency: 'USD',
  description: 'T-shirt',
  methods: ['card'],
  customer: { email: 'a@b.co' },
  metadata: { k: 'v' },
  expires_in: 600,
}

const hugeString = fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n))
const oddString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // includes lone surrogates
  // The strings that break databases and parsers, often enough to be found every run.
  { arbitrary: fc.constantFrom('a\u0000b', '\ud800', '１２', '1e308', '-0', 'NaN', '0x1F', '19.99\n', '٣', '\u202e', '\u0000'), weight: 4 },
  hugeString,
)
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.double(),
  fc.bigInt().map((n) => Number(n)),
  fc.constantFrom(null, true, false, [], {}, Number.MAX_VALUE, -1, 1e21),
  fc.jsonValue({ maxDepth: 4 }),
)

/** A valid body with one field replaced, removed, or an unknown field added. */
const mutatedBody = fc.oneof(
  fc
    .record({ key: fc.constantFrom(...Object.keys(VALID), 'subscription'), value: oddValue })
    .map(({ key, value }) => ({ ...VALID, [key]: value })),
  fc.constantFrom(...Object.keys(VALID)).map((key) => Object.fromEntries(Object.entries(VALID).filter(([k]) => k !== key))),
  fc.record({ key: fc.string({ minLength: 1 }), value: oddValue }).map(({ key, value }) => ({ ...VALID, [key]: value })),
  fc.record({ customer: oddValue }).map((r) => ({ ...VALID, ...r })),
  fc.dictionary(fc.string(), oddValue, { maxKeys: 60 }).map((metadata) => ({ ...VALID, metadata })),
)

const rawBody = fc.oneof(
  mutatedBody.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => bytes), // arbitrary bytes, often invalid UTF-8
  fc.constantFrom(
    '{"amount":"1.00","currency":"USD"}garbage',
    '\ufeff{"amount":"1.00","currency":"USD"}',
    '{"a":' + '['.repeat(5000),
    `{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
    `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
    'tXid=1&amt=1&referenceNo=1&merchantToken=x&status=0',
  ),
)

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
  'application/json; charset=latin1',
)

/** An id in a path: any text, NUL (which PostgreSQL refuses) included. */
const anyId = fc.oneof(fc.string(), fc.constantFrom('a\u0000b', '\u0000', 'co_\u0000'))

/** Percent-encodes anything, lone surrogates included (encodeURIComponent throws on those). */
const encode = (s: string) => encodeURIComponent(s.toWellFormed())

/** List filters: the parameters the lists know, and strangers, with odd values (brackets and all). */
const listQuery = fc
  .array(
    fc.record({
      key: fc.oneof(
        fc.constantFrom(
          'limit',
          'starting_after',
          'status',
          'reference',
          'type',
          'checkout',
          'created[gte]',
          'created[gt]',
          'created[lte]',
          'created[lt]',
        ),
        fc.string(),
      ),
      value: fc.oneof(oddString, fc.constantFrom('paid,expired', 'checkout.paid', '2025-01-01T00:00:00Z', '100', '0', '', ',')),
    }),
    { maxLength: 4 },
  )
  .map((params) => params.map(({ key, value }) => `${encode(key)}=${encode(value)}`).join('&'))

const path = fc.oneof(
  listQuery.map((q) => `/v1/checkouts?${q}`),
  listQuery.map((q) => `/v1/events?${q}`),
  anyId.map((id) => `/v1/events/${encode(id)}`),
  anyId.map((id) => `/v1/events/${encode(id)}/redeliver`),
  fc.constantFrom(
    '/v1/checkouts',
    '/v1/client/checkouts',
    '/v1/client/checkout',
    '/v1/client/checkout/events',
    '/healthz',
    '/livez',
    '/readyz',
    '/metrics',
    '/v1/events',
    // A real event (the placeholder is filled in at run time).
    '/v1/events/{event}',
    '/v1/events/{event}/redeliver',
    '/v1/events?checkout={checkout}&limit=1',
    '/v1/checkouts/%E0%A4%A',
    '/v1/client/checkout?after=%ZZ&wait=1',
    // Every provider's browser routes, webhooks and simulator endpoints take bodies too.
    '/v1/client/card/session',
    '/v1/client/card/charge',
    '/v1/client/crypto/options',
    '/v1/client/crypto/deposits',
    '/v1/client/crypto/hosted',
    '/v1/client/crypto/deposit',
    '/v1/client/cvs/payment',
    '/v1/client/cvs/payment/check',
    '/v1/client/cvs/hosted',
    '/webhooks/ccbill?eventType=UpSaleSuccess&clientAccnum=900000',
    '/webhooks/ccbill',
    '/webhooks/ccpayment',
    '/webhooks/nicepay',
    '/webhooks/nicepay/callback',
    '/sandbox/ccbill/payment-tokens/merchant-only',
    '/sandbox/ccbill/transactions/payment-tokens/abc',
    '/sandbox/ccbill/transactions/payment-tokens/threeds/abc',
    '/sandbox/ccbill/threeds/sessions',
    '/sandbox/ccpayment/ccpayment/v1/bill/create',
    '/sandbox/ccpayment/ccpayment/v1/concise/url/get',
    '/sandbox/nicepay/nicepay/direct/v2/registration',
    '/sandbox/nicepay/nicepay/direct/v2/inquiry',
    '/sandbox/nicepay/nicepay/redirect/v2/registration',
  ),
  anyId.map((id) => `/v1/checkouts/${encode(id)}`),
  anyId.map((id) => `/v1/checkouts/${encode(id)}/cancel`),
  fc.string().map((p) => `/${p}`),
  fc
    .record({ after: oddString, wait: oddString })
    .map(({ after, wait }) => `/v1/client/checkout?after=${encode(after)}&wait=${encode(wait)}`),
)

/** The client secrets of real checkouts (one per method), set once the app is up. */
const liveSecrets: string[] = []

const headerValue = fc.oneof(
  fc.string({ maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  fc.constantFrom(`Bearer ${SECRET_KEY}`, 'Bearer ', `cs_${'a'.repeat(43)}`),
  fc.nat().map((i) => liveSecrets[i % liveSecrets.length] ?? ''),
)

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  path,
  body: rawBody,
  contentType,
  authorized: fc.boolean(),
  idempotencyKey: fc.option(headerValue),
  clientSecret: fc.option(headerValue),
})

describe.each(DIALECTS)('every route under fuzzing on %s', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      env: {
        PAY_CATALOG: '[{"id":"tee","name":"T","price":"1.00","currency":"USD"}]',
        PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
      },
      deps: { rateLimits: { catalogCheckouts: 1_000_000, client: 1_000_000 } },
    })
    for (const body of [
      { amount: '10.00', currency: 'USD' },
      { amount: '150000', currency: 'IDR' },
    ]) {
      liveSecrets.push((await t.createCheckout(body)).client_secret)
    }
  })
  afterAll(() => t.dispose())
  let real = { event: '', checkout: '' }
  beforeAll(async () => {
    const { id } = await t.createCheckout()
    await t.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })
    const event = await t.database.db.selectFrom('outbox').select('id').where('checkout_id', '=', id).executeTakeFirstOrThrow()
    real = { event: event.id, checkout: id }
  })

  const rows = async () => Promise.all([t.count('checkouts'), t.count('checkout_events'), t.count('idempotency_keys'), t.count('outbox')])

  it('answers every request with a non-5xx and writes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const before = await rows()
        const headers: Record<string, string> = {}
        if (r.contentType) headers['content-type'] = r.contentType
        if (r.authorized) headers.authorization = `Bearer ${SECRET_KEY}`
        if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey
        if (r.clientSecret) headers['x-client-secret'] = r.clientSecret
        const hasBody = r.method !== 'GET'
        const path = r.path.replace('{event}', real.event).replace('{checkout}', real.checkout)
        const response = await t.app.request(path, { method: r.method, headers, body: hasBody ? r.body : undefined })
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel()
        else await response.arrayBuffer()
        expect(response.status, `${r.method} ${path}`).toBeLessThan(500)
        if (response.status >= 400) expect(await rows()).toEqual(before)
      }),
      { numRuns: 400 },
    )
  }, 120_000)

  // Every field of the create body in turn gets odd values, so each one is hit many times a run.
  it.each([...Object.keys(VALID), 'subscription', 'customer.name', 'customer.phone', 'customer.country', 'metadata.key', 'metadata.value'])(
    'survives odd values in %s, storing exactly what it accepted',
    async (field) => {
      await fc.assert(
        fc.asyncProperty(oddValue, async (value) => {
          const body: Record<string, unknown> = { ...VALID, customer: { ...VALID.customer } }
          // (`String` throws on an object whose toString is not a function, such as {"toString":null}.)
          if (field === 'metadata.key')
            body.metadata = { [typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)]: 'v' }
          else if (field === 'metadata.value') body.metadata = { k: value }
          else if (field.startsWith('customer.')) (body.customer as Record<string, unknown>)[field.slice(9)] = value
          else body[field] = value
          const before = await rows()
          const response = await t.merchant('/v1/checkouts', { body })
          expect(response.status).toBeLessThan(500)
          if (response.status === 201) {
            const created = (await response.json()) as { id: string; amount: string; description: string | null }
            const stored = await t.database.db
              .selectFrom('checkouts')
              .select(['amount', 'description'])
              .where('id', '=', created.id)
              .executeTakeFirstOrThrow()
            expect(stored).toEqual({ amount: created.amount, description: created.description })
          } else {
            expect(await rows()).toEqual(before)
          }
        }),
        { numRuns: 80 },
      )
    },
    60_000,
  )
})
