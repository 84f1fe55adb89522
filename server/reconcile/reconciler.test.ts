import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../test/helpers/app.js'
import { eventually } from '../../test/helpers/wait.js'
import { paymentToken } from '../providers/ccbill/test-support/widget-client.js'
import type { ProviderReconcile } from '../providers/types.js'
import { createReconciler, type ReconcilerOptions } from './reconciler.js'

/**
 * Reconciliation against the built-in simulators with their webhooks switched off: what a provider
 * knows reaches the checkout anyway, once, through the same code as its webhook; one instance asks
 * about a checkout at a time; the backoff and the call ceiling hold.
 */

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const INTERVAL = 60_000
const PAYER = { store: 'alfamart', name: 'Budi Santoso', phone: '0812 3456 7890', email: 'budi@example.id' }

describe.each(DIALECTS)('reconciliation on %s', (dialect) => {
  let t: TestApp
  let reconcilers: Map<string, ProviderReconcile>
  afterEach(() => t.dispose())

  const start = async () => {
    reconcilers = new Map()
    t = await createTestApp(dialect, {
      env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks', PAY_PROVIDER_TIMEOUT_MS: '300' },
      deps: { reconcilers },
    })
    for (const provider of ['ccpayment', 'nicepay', 'ccbill']) {
      const off = await sim(provider, '/control/webhooks', { enabled: false })
      expect(off.enabled ?? off.webhooks.enabled).toBe(false) // CCBill answers with all its switches
    }
  }
  const reconciler = (options: Partial<ReconcilerOptions> = {}) =>
    createReconciler({ ctx: t.ctx, providers: reconcilers, intervalMs: INTERVAL, callsPerMinute: 60, leaseMs: 5000, ...options })

  const sim = async (provider: string, path: string, body?: unknown) =>
    readJson(
      await t.app.request(`/sandbox/${provider}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    )
  const browser = (path: string, secret: string, body?: unknown) =>
    t.app.request(`/v1/client${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-client-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const checkout = async (id: string): Promise<Json> => readJson(await t.merchant(`/v1/checkouts/${id}`))
  const merchantEvents = async (id: string) =>
    (await readJson(await t.merchant(`/v1/events?checkout=${id}`))).data.map((e: Json) => e.type) as string[]

  /** A crypto checkout with a native USDT deposit; returns it and the order's merchant_order_id. */
  const cryptoDeposit = async () => {
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    expect((await browser('/crypto/deposits', created.client_secret, { token_id: USDT_TRC20 })).status).toBe(201)
    const order = await t.database.db
      .selectFrom('payments')
      .select('provider_reference')
      .where('checkout_id', '=', created.id)
      .executeTakeFirstOrThrow()
    return { created, reference: order.provider_reference }
  }
  const cvsCode = async () => {
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const response = await browser('/cvs/payment', created.client_secret, PAYER)
    expect(response.status).toBe(201)
    return { created, payNo: (await readJson(response)).payment.pay_no as string }
  }

  it('settles a crypto deposit paid at CCPayment whose webhook never came, once, and a late webhook changes nothing', async () => {
    await start()
    const { created, reference } = await cryptoDeposit()
    await sim('ccpayment', `/control/orders/${reference}/pay`, {})
    expect((await checkout(created.id)).status).toBe('pending') // no webhook: nothing moved

    const pass = reconciler()
    expect(await pass.runOnce()).toMatchObject({ checked: 0 }) // news too fresh to ask about
    t.clock.advance(INTERVAL)
    expect(await pass.runOnce()).toMatchObject({ checked: 1, calls: 1, changed: 1 })
    expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await merchantEvents(created.id)).toEqual(['checkout.paid', 'checkout.pending'])
    const paid = await t.database.db
      .selectFrom('checkout_events')
      .select('cause')
      .where('checkout_id', '=', created.id)
      .where('to_status', '=', 'paid')
      .execute()
    expect(paid.map((e) => JSON.parse(e.cause).evidence)).toEqual(['bill/info (reconciliation)'])

    // Webhooks come back on and CCPayment sends this payment's: it is recognised by its txid.
    await sim('ccpayment', '/control/webhooks', { enabled: true })
    await sim('ccpayment', `/control/orders/${reference}/redeliver`, {})
    const order = await sim('ccpayment', `/control/orders/${reference}`)
    const recordId = order.records[0].record_id as string
    await eventually(async () => {
      const details = JSON.parse((await t.database.db.selectFrom('payments').select('details').executeTakeFirstOrThrow()).details)
      expect(details.records.map((r: Json) => r.record_id)).toEqual([recordId])
    })
    expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await merchantEvents(created.id)).toEqual(['checkout.paid', 'checkout.pending'])
    t.clock.advance(10 * INTERVAL)
    expect(await pass.runOnce()).toMatchObject({ checked: 0 }) // settled: never asked about again
  })

  it('counts a payment told by webhook once when bill/info lists it too, and adds only what the webhook missed', async () => {
    await start()
    const { created, reference } = await cryptoDeposit()
    await sim('ccpayment', '/control/webhooks', { enabled: true })
    t.clock.advance(1000) // events a millisecond apart list in their order
    await sim('ccpayment', `/control/orders/${reference}/pay`, { fraction: '0.5' })
    await eventually(async () => expect((await checkout(created.id)).status).toBe('underpaid'))
    await sim('ccpayment', '/control/webhooks', { enabled: false })
    await sim('ccpayment', `/control/orders/${reference}/pay`, { rest: true })

    t.clock.advance(INTERVAL)
    expect(await reconciler().runOnce()).toMatchObject({ calls: 1, changed: 1 })
    expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await merchantEvents(created.id)).toEqual(['checkout.paid', 'checkout.underpaid', 'checkout.pending'])
  })

  it('settles a CVS code paid at the store whose notification never came', async () => {
    await start()
    const { created, payNo } = await cvsCode()
    expect((await sim('nicepay', '/store/pay', { payNo })).notifications).toEqual([])
    expect((await checkout(created.id)).status).toBe('pending')

    t.clock.advance(INTERVAL)
    expect(await reconciler().runOnce()).toMatchObject({ checked: 1, calls: 1, changed: 1 })
    expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000', payments: [{ status: 'paid' }] })
    expect(await merchantEvents(created.id)).toEqual(['checkout.paid', 'checkout.pending'])
  })

  it('settles a card charge whose answer and webhook were both lost, without charging again', async () => {
    await start()
    await sim('ccbill', '/control/faults', { fault: 'timeout', endpoint: 'charge' })
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const lost = await browser('/card/charge', created.client_secret, { payment_token_id: await paymentToken(t) })
    expect(lost.status).toBe(202)
    expect((await checkout(created.id)).status).toBe('pending')

    t.clock.advance(INTERVAL)
    expect(await reconciler().runOnce()).toMatchObject({ checked: 1, calls: 1, changed: 1 })
    expect(await checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect(await merchantEvents(created.id)).toEqual(['checkout.paid', 'checkout.pending'])
    expect(await sim('ccbill', '/control/charges')).toHaveLength(1)
  })

  it('backs off per checkout while nothing changes: one interval, then two, then four', async () => {
    await start()
    const { created } = await cvsCode()
    const pass = reconciler()
    const asked: number[] = []
    for (let second = 0; second <= 8 * 60; second += 30) {
      if ((await pass.runOnce()).calls) asked.push(second)
      t.clock.advance(30_000)
    }
    expect(asked).toEqual([60, 120, 240, 480])
    const row = await t.database.db
      .selectFrom('reconciliations')
      .selectAll()
      .where('checkout_id', '=', created.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ checks: 4, lease_until: null, last_outcome: 'nicepay: asked' })
  })

  it('keeps to the ceiling of provider calls per minute, and picks up the rest as calls free up', async () => {
    await start()
    for (let i = 0; i < 3; i++) await cvsCode()
    t.clock.advance(INTERVAL)
    const pass = reconciler({ callsPerMinute: 2 })
    expect(await pass.runOnce()).toMatchObject({ checked: 3, calls: 2, deferred: true })
    expect(await pass.runOnce()).toMatchObject({ calls: 0, deferred: true })
    t.clock.advance(30_000) // one call's worth
    expect(await pass.runOnce()).toMatchObject({ checked: 1, calls: 1 })
    const checks = await t.database.db.selectFrom('reconciliations').select('checks').execute()
    expect(checks.map((r) => r.checks)).toEqual([1, 1, 1])
  })

  it('asks about each checkout from one instance at a time', async () => {
    await start()
    for (let i = 0; i < 4; i++) await cvsCode()
    t.clock.advance(INTERVAL)
    // Slow inquiries keep the first instance's leases held while the second looks.
    await sim('nicepay', '/control/faults', { latency_ms: 100 })
    const [a, b] = await Promise.all([reconciler().runOnce(), reconciler().runOnce()])
    expect(a.calls + b.calls).toBe(4)
    const inquiries = (await sim('nicepay', '/control/transactions')) as Json[]
    expect(inquiries).toHaveLength(4)
  })

  it('leaves a checkout another instance holds alone until that lease runs out', async () => {
    await start()
    const { created } = await cvsCode()
    t.clock.advance(INTERVAL)
    await t.database.db
      .insertInto('reconciliations')
      .values({
        checkout_id: created.id,
        checks: 0,
        next_check_at: 0,
        lease_until: t.clock() + 5000,
        last_checked_at: null,
        last_outcome: null,
      })
      .execute()
    expect(await reconciler().runOnce()).toMatchObject({ checked: 0 })
    t.clock.advance(5001)
    expect(await reconciler().runOnce()).toMatchObject({ checked: 1, calls: 1 })
  })

  it('keeps a checkout as it is when the provider cannot be reached, and asks again after the backoff', async () => {
    await start()
    const { created, payNo } = await cvsCode()
    await sim('nicepay', '/store/pay', { payNo })
    await sim('nicepay', '/control/faults', { failure: 'http_500', failure_count: 1, failure_endpoints: ['inquiry'] })
    t.clock.advance(INTERVAL)
    const pass = reconciler()
    expect(await pass.runOnce()).toMatchObject({ checked: 1, changed: 0 })
    expect((await checkout(created.id)).status).toBe('pending')
    const row = await t.database.db.selectFrom('reconciliations').selectAll().executeTakeFirstOrThrow()
    expect(row.last_outcome).toBe('nicepay: error')
    t.clock.advance(INTERVAL)
    expect(await pass.runOnce()).toMatchObject({ changed: 1 })
    expect((await checkout(created.id)).status).toBe('paid')
  })

  it('refuses a webhook switch that is not true or false', async () => {
    await start()
    for (const provider of ['ccpayment', 'nicepay']) {
      const response = await t.app.request(`/sandbox/${provider}/control/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"enabled":"no"}',
      })
      expect(response.status).toBe(400)
      expect((await sim(provider, '/control/webhooks')).enabled).toBe(false)
    }
  })
})
