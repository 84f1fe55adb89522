import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../test/helpers/app.js'
import { eventually } from '../../test/helpers/wait.js'
import { SANDBOX_DEFAULTS } from '../config.js'
import { createPrometheusMetrics } from '../metrics-prometheus.js'
import { outboxBacklog } from '../outbox/sender.js'
import { ccpaymentHeaders } from '../providers/ccpayment/sign.js'

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const credentials = { appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID, appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET }

/** One sample of the exposition text, by metric name and labels (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return 0
}

describe.each(DIALECTS)('operations routes on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  it('answers /livez, and /readyz with each check, 503 while shutting down or when a check fails', async () => {
    const draining = new AbortController()
    let migrations = true
    t = await createTestApp(dialect, { deps: { draining: draining.signal, readiness: async () => ({ migrations }) } })
    expect(await readJson(await t.app.request('/livez'))).toEqual({ ok: true })
    const ready = await t.app.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await readJson(ready)).toEqual({ ok: true, checks: { database: true, listener: true, migrations: true, accepting: true } })

    migrations = false
    const behind = await t.app.request('/readyz')
    expect(behind.status).toBe(503)
    expect((await readJson(behind)).checks.migrations).toBe(false)
    migrations = true

    draining.abort()
    const leaving = await t.app.request('/readyz')
    expect(leaving.status).toBe(503)
    expect(await readJson(leaving)).toMatchObject({ ok: false, checks: { accepting: false, database: true } })
    expect((await t.app.request('/livez')).status).toBe(200) // alive while it drains: not to be killed early
  })

  it('counts requests by route, provider calls, webhooks (duplicates apart), checkout moves and the outbox backlog', async () => {
    const metrics = createPrometheusMetrics({ backlog: () => outboxBacklog(t.database.db) })
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' }, deps: { metrics } })
    t.ctx.onChanged = (checkout) => metrics.transition(checkout.status)
    const checkout = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    await t.merchant(`/v1/checkouts/${checkout.id}`)
    await t.merchant('/v1/checkouts/co_missing')
    await t.app.request('/no/such/route')
    const deposit = await t.app.request('/v1/client/crypto/deposits', {
      method: 'POST',
      headers: { 'x-client-secret': checkout.client_secret, 'content-type': 'application/json' },
      body: JSON.stringify({ token_id: USDT_TRC20 }),
    })
    expect(deposit.status).toBe(201)
    const { provider_reference: ref } = await t.database.db.selectFrom('payments').select('provider_reference').executeTakeFirstOrThrow()
    await t.app.request(`/sandbox/ccpayment/control/orders/${ref}/pay`, { method: 'POST', body: '{}' })
    await eventually(async () => expect((await readJson(await t.merchant(`/v1/checkouts/${checkout.id}`))).status).toBe('paid'))
    const order = await readJson(await t.app.request(`/sandbox/ccpayment/control/orders/${ref}`))
    const body = order.records[0].webhook as string
    const again = await t.app.request('/webhooks/ccpayment', {
      method: 'POST',
      headers: await ccpaymentHeaders(credentials, body, Date.now()),
      body,
    })
    expect(await again.text()).toBe('success')
    await t.app.request('/webhooks/ccpayment', { method: 'POST', headers: { 'content-type': 'application/json' }, body })

    const response = await t.app.request('/metrics')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    const requests = 'pay_http_request_duration_seconds_count'
    expect(sample(text, requests, { route: '/v1/checkouts/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(2)
    expect(sample(text, requests, { route: '/v1/checkouts/:id', method: 'GET', status: '404' })).toBe(1)
    expect(sample(text, requests, { route: 'unmatched', status: '404' })).toBe(1)
    expect(
      sample(text, 'pay_provider_call_duration_seconds_count', {
        provider: 'ccpayment',
        operation: '/ccpayment/v1/bill/create',
        outcome: 'ok',
      }),
    ).toBe(1)
    expect(sample(text, 'pay_webhooks_received_total', { provider: 'ccpayment', outcome: 'accepted' })).toBe(1)
    expect(sample(text, 'pay_webhooks_received_total', { provider: 'ccpayment', outcome: 'duplicate' })).toBe(1)
    expect(sample(text, 'pay_webhooks_received_total', { provider: 'ccpayment', outcome: 'refused' })).toBe(1)
    expect(sample(text, 'pay_checkout_transitions_total', { status: 'pending' })).toBe(1)
    expect(sample(text, 'pay_checkout_transitions_total', { status: 'paid' })).toBe(1)
    // Two events (pending, paid), neither delivered: nothing sends them in this test.
    expect(sample(text, 'pay_outbox_backlog')).toBe(2)
    expect(sample(text, 'pay_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0)
    expect(text).toContain('process_cpu_user_seconds_total')
  })

  it('wants the metrics token when one is configured', async () => {
    const token = 'metrics-token-0123456789'
    t = await createTestApp(dialect, { env: { PAY_METRICS_TOKEN: token }, deps: { metrics: createPrometheusMetrics() } })
    const refused = await t.app.request('/metrics')
    expect(refused.status).toBe(401)
    expect((await readJson(refused)).error).toMatchObject({ code: 'unauthorized', field: 'Authorization' })
    expect((await t.app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401)
    const allowed = await t.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } })
    expect(allowed.status).toBe(200)
    expect(await allowed.text()).toContain('pay_http_request_duration_seconds')
  })

  it('still answers /metrics while the outbox cannot be read (the database is away)', async () => {
    let away = false
    const metrics = createPrometheusMetrics({
      backlog: async () => {
        if (away) throw new Error('connect ECONNREFUSED')
        return { count: 3, oldestCreatedAt: null }
      },
    })
    t = await createTestApp(dialect, { deps: { metrics } })
    expect(sample(await (await t.app.request('/metrics')).text(), 'pay_outbox_backlog')).toBe(3)
    away = true
    const response = await t.app.request('/metrics')
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(sample(text, 'pay_outbox_backlog')).toBe(3) // the last value read
    expect(sample(text, 'pay_http_request_duration_seconds_count', { route: '/metrics', status: '200' })).toBe(1)
  })

  it('says so when the runtime collects no metrics', async () => {
    t = await createTestApp(dialect)
    const response = await t.app.request('/metrics')
    expect(response.status).toBe(404)
    expect(((await readJson(response)) as Json).error.code).toBe('not_found')
  })
})
