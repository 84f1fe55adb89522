import { createTestApp, readJson, type Json, type TestApp } from '../helpers/app.js'
import type { Dialect } from '../../server/db/schema.js'

/**
 * What the race suite shares: an app on a fresh database whose merchant webhooks are recorded in
 * the outbox (nothing delivers them; the test reads what would be sent), and short ways to act as
 * the merchant, the browser and each provider's simulator.
 */

export interface RaceApp extends TestApp {
  /** A browser API call with a checkout's client secret. */
  client(path: string, secret: string, body?: unknown): Promise<Response>
  /** A call to a simulator's tester switches, e.g. sim('ccbill', '/control/faults', {...}). */
  sim(provider: 'ccpayment' | 'ccbill' | 'nicepay', path: string, body?: unknown, method?: string): Promise<Json>
  checkout(id: string): Promise<Json>
  cancel(id: string): Promise<Response>
  /** The merchant events written for a checkout, in the order of the changes they report. */
  events(checkoutId: string): Promise<string[]>
}

export async function createRaceApp(dialect: Dialect, env: Record<string, string> = {}): Promise<RaceApp> {
  const t = await createTestApp(dialect, {
    env: { PAY_PROVIDER_TIMEOUT_MS: '1500', PAY_MERCHANT_WEBHOOK_URL: 'http://merchant.test/hooks', ...env },
    deps: {
      // The merchant's receiver is outside the app; its events are read from the outbox.
      fetch: async () => new Response(null, { status: 204 }),
      // Every request comes from CCBill's range, so crafted CCBill webhooks pass the address check.
      clientAddress: (c) => c.req.header('x-test-peer') ?? '64.38.212.17',
      rateLimits: { catalogCheckouts: 1000, client: 100_000 },
    },
  })
  const json = (body: unknown) =>
    body === undefined
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }
  return Object.assign(t, {
    async client(path: string, secret: string, body?: unknown) {
      const { headers, ...rest } = json(body) as { headers?: Record<string, string>; body?: string }
      return t.app.request(`/v1/client${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-client-secret': secret, ...headers },
        ...rest,
      })
    },
    async sim(provider: string, path: string, body?: unknown, method?: string) {
      const response = await t.app.request(`/sandbox/${provider}${path}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        ...json(body),
      })
      if (response.status >= 400) throw new Error(`${provider} ${path}: ${response.status} ${await response.text()}`)
      return readJson(response)
    },
    async checkout(id: string) {
      return readJson(await t.merchant(`/v1/checkouts/${id}`))
    },
    cancel(id: string) {
      return t.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })
    },
    async events(checkoutId: string) {
      const rows = await t.database.db.selectFrom('outbox').select('payload').where('checkout_id', '=', checkoutId).execute()
      return rows
        .map((row) => JSON.parse(row.payload) as { type: string; data: { version: number } })
        .sort((a, b) => a.data.version - b.data.version)
        .map((event) => event.type)
    },
  })
}
