import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import { DIALECTS } from '../../../test/helpers/databases.js'
import {
  authenticate,
  paymentToken,
  paymentToken3ds,
  simCharges,
  simControl,
  SUBACC,
  SUBACC_3DS,
  threedsFields,
} from './test-support/widget-client.js'

/**
 * 3-D Secure through `POST /v1/client/card/charge`, as CCBill documents it: the route takes what
 * `authenticateCustomer` resolves with in CCBill's newest guide (and the older `threeds…` shape),
 * checks it against the checkout, and charges on the 3DS sub-account; an authentication for
 * another amount or currency is refused before CCBill is asked.
 */

describe.each(DIALECTS)('3-D Secure card charges on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  const start = async () => {
    t = await createTestApp(dialect, {
      env: { PAY_PROVIDER_TIMEOUT_MS: '300' },
      deps: { fetch: async () => new Response(null, { status: 204 }), clientAddress: () => '198.51.100.7' },
    })
    await simControl(t, '/webhooks', { retry_delays_ms: [] })
  }
  const charge = (secret: string, body: unknown) =>
    t.app.request('/v1/client/card/charge', {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-client-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const checkout = async (id: string): Promise<Json> => readJson(await t.merchant(`/v1/checkouts/${id}`))

  it("charges a payment whose authenticateCustomer result has CCBill's documented shape, on the 3DS sub-account", async () => {
    await start()
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const information = await authenticate(t, '4000000000003220', 'approve', '19.90')
    // {eci, status, success, protocolVersion, amount, clientTransactionId, currency, sdkTransId, acsTransId, dsTransId, …}
    expect(information).toMatchObject({ eci: '05', status: 'Y', success: true, protocolVersion: '2.2.0', amount: 19.9 })
    const response = await charge(created.client_secret, {
      payment_token_id: await paymentToken3ds(t, '4000000000003220'),
      threeds: information,
    })
    expect(response.status).toBe(200)
    expect((await readJson(response)).charge.status).toBe('approved')
    expect((await simCharges(t))[0]).toMatchObject({ threeds: true, approved: true, clientSubacc: SUBACC_3DS, amount: '19.90' })
    expect((await checkout(created.id)).status).toBe('paid')
  })

  it('takes the older threeds… shape with "true" as a string, and records a failed authentication as a decline', async () => {
    await start()
    const created = await t.createCheckout({ amount: '49.00', currency: 'EUR', methods: ['card'] })
    const failed = threedsFields(await authenticate(t, '4000008400001629', 'approve', '49.00', '978'))
    const declined: Json = await readJson(
      await charge(created.client_secret, {
        payment_token_id: await paymentToken3ds(t, '4000008400001629'),
        threeds: { ...failed, threedsSuccess: 'false' },
      }),
    )
    expect(declined.charge).toMatchObject({ status: 'declined', decline_reason: 'authentication_failed' })

    const passed = threedsFields(await authenticate(t, '4000000000003220', 'approve', '49.00', '978'))
    const approved: Json = await readJson(
      await charge(created.client_secret, {
        payment_token_id: await paymentToken3ds(t, '4000000000003220'),
        threeds: { ...passed, threedsSuccess: 'true', threedsAmount: '49.00', threedsCurrency: 'EUR' },
      }),
    )
    expect(approved.charge.status).toBe('approved')
    expect((await simCharges(t))[0]).toMatchObject({ threeds: true, approved: true, clientSubacc: SUBACC_3DS, currencyCode: '978' })
  })

  it('refuses an authentication for 0.01 to charge a 25.00 checkout, naming threeds.amount, and calls CCBill for nothing', async () => {
    await start()
    const created = await t.createCheckout({ amount: '25.00', currency: 'USD', methods: ['card'] })
    const cents = await authenticate(t, '4000000000003220', 'approve', '0.01')
    const token = await paymentToken3ds(t, '4000000000003220')
    const refused = await charge(created.client_secret, { payment_token_id: token, threeds: cents })
    expect(refused.status).toBe(422)
    expect(await readJson(refused)).toMatchObject({ error: { code: 'threeds_mismatch', field: 'threeds.amount' } })
    // The same result under the older names is refused naming the older field; so is another currency.
    const flat = threedsFields(cents)
    expect(await readJson(await charge(created.client_secret, { payment_token_id: token, threeds: flat }))).toMatchObject({
      error: { code: 'threeds_mismatch', field: 'threeds.threedsAmount' },
    })
    const euros = await authenticate(t, '4000000000003220', 'approve', '25.00', '978')
    expect(await readJson(await charge(created.client_secret, { payment_token_id: token, threeds: euros }))).toMatchObject({
      error: { code: 'threeds_mismatch', field: 'threeds.currency' },
    })
    // A passed result that does not say what it authenticated is not taken either.
    const { amount: _, ...noAmount } = await authenticate(t, '4000000000003220', 'approve', '25.00')
    expect(await readJson(await charge(created.client_secret, { payment_token_id: token, threeds: noAmount }))).toMatchObject({
      error: { code: 'threeds_incomplete', field: 'threeds.amount' },
    })
    expect(await simCharges(t)).toEqual([])
    expect((await checkout(created.id)).status).toBe('open')

    const right = await authenticate(t, '4000000000003220', 'approve', '25.00')
    expect((await readJson(await charge(created.client_secret, { payment_token_id: token, threeds: right }))).charge.status).toBe(
      'approved',
    )
    expect((await simCharges(t))[0]).toMatchObject({ amount: '25.00', approved: true })
  })

  it('refuses a result that mixes the two shapes or carries unknown fields, by name', async () => {
    await start()
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const cases: [unknown, string][] = [
      [{ success: true, threedsEci: '05' }, 'threeds.threedsEci'],
      [{ success: 'yes' }, 'threeds.success'],
      [{ success: true, cardNumber: '4111111111111111' }, 'threeds.cardNumber'],
      [{ eci: '05' }, 'threeds.success'],
    ]
    for (const [threeds, field] of cases) {
      const response = await charge(created.client_secret, { payment_token_id: 'abc', threeds })
      expect(response.status).toBe(400)
      expect(await readJson(response)).toMatchObject({ error: { code: 'invalid_request', field } })
    }
    expect(await simCharges(t)).toEqual([])
  })

  it('settles a lost 3DS answer by reading the charges on the 3DS sub-account', async () => {
    await start()
    await simControl(t, '/webhooks', { enabled: false })
    await simControl(t, '/faults', { fault: 'timeout', endpoint: 'charge' })
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const information = await authenticate(t, '4000000000003220', 'approve')
    const lost = await charge(created.client_secret, {
      payment_token_id: await paymentToken3ds(t, '4000000000003220'),
      threeds: information,
    })
    expect(lost.status).toBe(202)
    expect((await readJson(await charge(created.client_secret, undefined))).charge.status).toBe('approved')
    expect((await checkout(created.id)).status).toBe('paid')
  })

  it('charges a card without 3-D Secure on the other sub-account', async () => {
    await start()
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    await charge(created.client_secret, { payment_token_id: await paymentToken(t) })
    expect((await simCharges(t))[0]).toMatchObject({ threeds: false, approved: true, clientSubacc: SUBACC })
  })
})
