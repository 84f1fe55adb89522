import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/helpers/databases.js'
import { eventually } from '../test/helpers/wait.js'
// Only what the package exports: this is how a merchant embeds the server without `pay-server`.
import {
  createPayServer,
  parseConfig,
  SANDBOX_DEFAULTS,
  signStandardWebhook,
  type CreateCheckoutRequest,
  type MerchantCheckout,
  type PayServer,
  type WebhookEvent,
} from './index.js'
import { silentLogger } from './log.js'

const MERCHANT_HOOK = 'https://shop.test/pay-webhooks'

describe.each(DIALECTS)('createPayServer on %s', (dialect) => {
  let database: TestDatabase
  let pay: PayServer | undefined
  afterEach(async () => {
    await pay?.stop()
    await database.dispose()
  })

  it('serves the app on any runtime’s fetch, expires on its clock and tells the merchant, then stops', async () => {
    database = await createTestDatabase(dialect)
    const config = parseConfig({ PAY_MODE: 'sandbox', PAY_MERCHANT_WEBHOOK_URL: MERCHANT_HOOK })
    let now = Date.now()
    const delivered: { headers: Headers; body: string }[] = []
    pay = await createPayServer({
      config,
      database,
      log: silentLogger,
      clientAddress: () => '203.0.113.9',
      clock: () => now,
      sweepMs: 20,
      // The merchant's backend, reached through the runtime's fetch.
      fetch: async (input, init) => {
        const request = new Request(input, init)
        expect(request.url).toBe(MERCHANT_HOOK)
        delivered.push({ headers: request.headers, body: await request.text() })
        return new Response(null, { status: 204 })
      },
    })
    const { app } = pay
    const body: CreateCheckoutRequest = { amount: '4.20', currency: 'USD', methods: ['card'], expires_in: 60 }
    const response = await app.request('/v1/checkouts', {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.PAY_SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(201)
    const checkout = (await response.json()) as MerchantCheckout
    expect((await app.request('/readyz')).status).toBe(200)

    pay.start()
    now += 61_000
    await eventually(() => expect(delivered).toHaveLength(1), 5000, 20)
    const [webhook] = delivered
    const event = JSON.parse(webhook!.body) as WebhookEvent
    expect(event).toMatchObject({ type: 'checkout.expired', data: { id: checkout.id, status: 'expired' } })
    const id = webhook!.headers.get('webhook-id')!
    const timestamp = Number(webhook!.headers.get('webhook-timestamp'))
    const expected = await signStandardWebhook(SANDBOX_DEFAULTS.PAY_MERCHANT_WEBHOOK_SECRET, id, timestamp, webhook!.body)
    expect(webhook!.headers.get('webhook-signature')).toBe(expected['webhook-signature'])

    await pay.stop()
    expect(pay.draining.aborted).toBe(true)
    expect((await app.request('/readyz')).status).toBe(503)
  })
})
