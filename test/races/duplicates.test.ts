import { afterEach, describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../server/config.js'
import { ACCNUM, paymentToken, simCharges } from '../../server/providers/ccbill/test-support/widget-client.js'
import { ccpaymentHeaders } from '../../server/providers/ccpayment/sign.js'
import { notificationToken } from '../../server/providers/nicepay/sign.js'
import type { Json } from '../helpers/app.js'
import { DIALECTS } from '../helpers/databases.js'
import { eventually } from '../helpers/wait.js'
import { createRaceApp, type RaceApp } from './support.js'

/**
 * The same thing many times at once: a provider's webhook twenty times, a keyed merchant request
 * ten times, a payment code asked for six times. Each changes the checkout once and tells the
 * merchant once. And webhooks crafted to break the handler get a 4xx, never a 5xx.
 */

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const CCPAYMENT = { appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID, appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET }
const NICEPAY = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
const PAYER = { store: 'alfamart', name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi@example.id' }

describe.each(DIALECTS)('duplicates at once on %s', (dialect) => {
  let t: RaceApp
  afterEach(() => t.dispose())

  const times = <T>(n: number, make: () => T | Promise<T>) => Promise.all(Array.from({ length: n }, make))
  const ccbillWebhook = (fields: Record<string, string>, body?: string) =>
    t.app.request(
      `/webhooks/ccbill?${new URLSearchParams({ clientAccnum: String(ACCNUM), clientSubacc: '0000', eventType: 'UpSaleSuccess' })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body ?? JSON.stringify({ clientAccnum: String(ACCNUM), clientSubacc: '0000', ...fields }),
      },
    )

  it('takes one CCPayment webhook sent twenty times at once as one payment', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccpayment', '/control/faults', undefined, 'DELETE')
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    expect((await t.client('/crypto/deposits', created.client_secret, { token_id: USDT_TRC20 })).status).toBe(201)
    const { provider_reference: reference } = await t.database.db
      .selectFrom('payments')
      .select('provider_reference')
      .where('checkout_id', '=', created.id)
      .executeTakeFirstOrThrow()
    await t.sim('ccpayment', `/control/orders/${reference}/pay`, { fraction: '0.5' })
    await eventually(async () => expect((await t.checkout(created.id)).status).toBe('underpaid'))
    const order: Json = await t.sim('ccpayment', `/control/orders/${reference}`)
    const body = order.records[0].webhook as string
    const answers = await times(20, async () =>
      t.app.request('/webhooks/ccpayment', { method: 'POST', headers: await ccpaymentHeaders(CCPAYMENT, body, Date.now()), body }),
    )
    expect(await Promise.all(answers.map((r) => r.text()))).toEqual(Array(20).fill('success'))
    expect(await t.checkout(created.id)).toMatchObject({ status: 'underpaid', amount_paid: '9.95' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.underpaid'])
  })

  it('takes one NICEPAY notification sent twenty times at once as one payment', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const { payment } = (await (await t.client('/cvs/payment', created.client_secret, PAYER)).json()) as Json
    await t.sim('nicepay', '/control/faults', { notification_token: 'bad', notification_retry_delays_ms: [] })
    await t.sim('nicepay', '/store/pay', { payNo: payment.pay_no })
    const [paid]: Json[] = await t.sim('nicepay', '/control/transactions')
    const fields = {
      tXid: paid.tXid,
      referenceNo: paid.referenceNo,
      payMethod: '03',
      amt: '150000',
      status: '0',
      matchCl: '1',
      currency: 'IDR',
      merchantToken: await notificationToken(NICEPAY, { tXid: paid.tXid, amt: '150000' }),
    }
    const answers = await times(20, () =>
      t.app.request('/webhooks/nicepay', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(await t.checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
  })

  it('takes one CCBill webhook sent twenty times at once as one payment', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    await t.sim('ccbill', '/control/faults', { fault: 'timeout', endpoint: 'charge' })
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    expect((await t.client('/card/charge', created.client_secret, { payment_token_id: await paymentToken(t) })).status).toBe(202)
    const [charged] = await simCharges(t)
    const answers = await times(20, () =>
      ccbillWebhook({
        transactionId: charged!.transactionId,
        subscriptionId: charged!.subscriptionId!,
        'X-checkout_id': charged!.passThrough.checkout_id!,
        'X-charge_id': charged!.passThrough.charge_id!,
      }),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(await t.checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
  })

  it('answers crafted CCBill webhooks with a 4xx or an ignored 200, never a 5xx', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    // Thirty thousand nested brackets, in a field and as the body.
    expect((await ccbillWebhook({}, `{"transactionId":${'['.repeat(30_000)}${']'.repeat(30_000)}}`)).status).toBe(400)
    expect((await ccbillWebhook({}, '['.repeat(30_000))).status).toBe(400)

    // An attempt CCBill never charged, then an approved one with the same token: a webhook that
    // names the first but carries the second's subscription changes nothing.
    await t.sim('ccbill', '/control/faults', { fault: 'timeout_unprocessed', endpoint: 'charge' })
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const token = await paymentToken(t)
    expect((await t.client('/card/charge', created.client_secret, { payment_token_id: token })).status).toBe(202)
    t.clock.advance(15_000)
    expect(((await (await t.client('/card/charge', created.client_secret)).json()) as Json).charge.status).toBe('declined')
    expect(
      ((await (await t.client('/card/charge', created.client_secret, { payment_token_id: token })).json()) as Json).charge.status,
    ).toBe('approved')
    const attempts = await t.database.db
      .selectFrom('ccbill_charges')
      .selectAll()
      .where('checkout_id', '=', created.id)
      .orderBy('created_at')
      .execute()
    const declined = attempts.find((a) => a.status === 'declined')!
    const approved = attempts.find((a) => a.status === 'approved')!
    const [charged] = await simCharges(t)
    const crossed = await ccbillWebhook({
      transactionId: charged!.transactionId,
      subscriptionId: approved.subscription_id!,
      'X-checkout_id': created.id,
      'X-charge_id': declined.id,
    })
    expect(crossed.status).toBe(200)
    expect(await t.checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
  })

  it('answers ids and webhook fields holding a NUL (which PostgreSQL refuses) with a 4xx', async () => {
    t = await createRaceApp(dialect, { PAY_MERCHANT_WEBHOOK_URL: 'http://merchant.test/hooks' })
    for (const [method, path, status] of [
      ['GET', '/v1/checkouts/co_a%00b', 404],
      ['POST', '/v1/checkouts/co_a%00b/cancel', 404],
      ['GET', '/v1/events/msg_a%00b', 404],
      ['POST', '/v1/events/msg_a%00b/redeliver', 404],
    ] as const) {
      expect((await t.merchant(path, { method })).status, `${method} ${path}`).toBe(status)
    }
    expect((await ccbillWebhook({ transactionId: '1', 'X-charge_id': 'ch_a\u0000b', 'X-checkout_id': 'co_a' })).status).toBe(400)
    const notification = await t.app.request('/webhooks/nicepay', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'tXid=a%00b&referenceNo=r&amt=1&merchantToken=x&status=0',
    })
    expect(notification.status).toBe(400)
    const body = JSON.stringify({
      pay_status: 'success',
      record_id: 'r\u0000',
      order_id: 'o',
      paid_amount: '1',
      order_amount: '1',
      extend: { merchant_order_id: 'co_a' },
    })
    const signed = await t.app.request('/webhooks/ccpayment', {
      method: 'POST',
      headers: await ccpaymentHeaders(CCPAYMENT, body, Date.now()),
      body,
    })
    expect(signed.status).toBe(400)
  })

  it('answers a signed CCPayment webhook nested thirty thousand deep with a 400', async () => {
    t = await createRaceApp(dialect)
    const body = `{"extend":${'['.repeat(30_000)}${']'.repeat(30_000)}}`
    const answer = await t.app.request('/webhooks/ccpayment', {
      method: 'POST',
      headers: await ccpaymentHeaders(CCPAYMENT, body, Date.now()),
      body,
    })
    expect(answer.status).toBe(400)
  })

  it('creates one checkout when ten identical keyed requests arrive at once, and none for another body under that key', async () => {
    t = await createRaceApp(dialect)
    const body = { amount: '10.00', currency: 'USD' }
    const keyed = (b: unknown) => t.merchant('/v1/checkouts', { body: b, headers: { 'idempotency-key': 'burst' } })
    const responses = await Promise.all([...Array.from({ length: 10 }, () => keyed(body)), keyed({ amount: '99.00', currency: 'USD' })])
    const statuses = responses.map((r) => r.status)
    expect(statuses.slice(0, 10).every((s) => s === 201 || s === 409)).toBe(true)
    expect([409, 422]).toContain(statuses[10])
    const ids = new Set(await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as Json).id)))
    expect(ids.size).toBe(1)
    expect(await t.count('checkouts')).toBe(1)
    expect((await t.checkout([...ids][0])).amount).toBe('10.00')
  })

  it('registers one NICEPAY code for six requests at once', async () => {
    t = await createRaceApp(dialect)
    await t.sim('nicepay', '/control/faults', { latency_ms: 150 })
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const responses = await times(6, () => t.client('/cvs/payment', created.client_secret, PAYER))
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Json[]
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
    expect(new Set(bodies.map((b) => b.payment.pay_no)).size).toBe(1)
    expect(await t.sim('nicepay', '/control/transactions')).toHaveLength(1)
    expect(await t.count('payments')).toBe(1)
    expect(await t.events(created.id)).toEqual(['checkout.pending'])
  })
})
