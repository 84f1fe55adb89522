import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config.js'
import { startServer, type RunningServer } from '../../server/node.js'
import { paymentToken } from '../../server/providers/ccbill/test-support/widget-client.js'
import { SECRET_KEY, type Json, type TestApp } from '../helpers/app.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { eventually, freePort } from '../helpers/wait.js'

/**
 * The whole server, on real time, with every simulator's webhooks switched off and
 * PAY_RECONCILE_INTERVAL=1: a crypto deposit paid at CCPayment, a CVS code paid at the store and a
 * card charge whose answer was lost all end paid, and the merchant hears of each payment once.
 */

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'

describe.each(DIALECTS)('reconciliation in a running server on %s', (dialect) => {
  let server: RunningServer | undefined
  let database: TestDatabase | undefined
  let receiver: Server | undefined
  afterEach(async () => {
    await server?.close(0)
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()))
    await database?.dispose()
  })

  it('settles all three kinds of payment without a single provider webhook, one merchant event each', async () => {
    database = await createTestDatabase(dialect)
    const events: { type: string; data: { id: string } }[] = []
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      req.on('end', () => {
        events.push(JSON.parse(body) as { type: string; data: { id: string } })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve))
    const port = await freePort()
    const url = `http://localhost:${port}`
    server = await startServer(
      parseConfig({
        PORT: String(port),
        DATABASE_URL: database.url,
        PAY_LOG_LEVEL: 'error',
        PAY_RECONCILE_INTERVAL: '1',
        PAY_PROVIDER_TIMEOUT_MS: '500',
        PAY_MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
      }),
    )
    const call = async (path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
      const response = await fetch(`${url}${path}`, {
        signal: AbortSignal.timeout(15_000),
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return response.json()
    }
    const merchant = (path: string, body?: unknown) => call(path, body, { authorization: `Bearer ${SECRET_KEY}` })
    const browser = (path: string, secret: string, body?: unknown) => call(`/v1/client${path}`, body, { 'x-client-secret': secret })
    for (const provider of ['ccpayment', 'ccbill', 'nicepay']) await call(`/sandbox/${provider}/control/webhooks`, { enabled: false })

    // Crypto: a USDT deposit, paid in full at CCPayment.
    const crypto = await merchant('/v1/checkouts', { amount: '19.90', currency: 'USD', methods: ['crypto'] })
    await browser('/crypto/deposits', crypto.client_secret, { token_id: USDT_TRC20 })
    const order = await server.database.db
      .selectFrom('payments')
      .select('provider_reference')
      .where('checkout_id', '=', crypto.id)
      .executeTakeFirstOrThrow()
    await call(`/sandbox/ccpayment/control/orders/${order.provider_reference}/pay`, {})

    // Convenience store: a code, paid at the till.
    const cvs = await merchant('/v1/checkouts', { amount: '150000', currency: 'IDR' })
    const code = await browser('/cvs/payment', cvs.client_secret, {
      store: 'indomaret',
      name: 'Budi Santoso',
      phone: '0812 3456 7890',
      email: 'budi@example.id',
    })
    expect((await call('/sandbox/nicepay/store/pay', { payNo: code.payment.pay_no })).notifications).toEqual([])

    // Card: charged at CCBill, the answer lost on the way back.
    const card = await merchant('/v1/checkouts', { amount: '19.90', currency: 'USD', methods: ['card'] })
    await call('/sandbox/ccbill/control/faults', { fault: 'timeout', endpoint: 'charge' })
    const asBrowser = {
      app: { request: (path: string, init?: RequestInit) => fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(15_000) }) },
    } as unknown as TestApp
    const charge = await browser('/card/charge', card.client_secret, { payment_token_id: await paymentToken(asBrowser) })
    expect(charge.charge.status).toBe('processing')

    const ids = [crypto.id, cvs.id, card.id] as string[]
    await eventually(async () => {
      for (const id of ids) expect((await merchant(`/v1/checkouts/${id}`)).status).toBe('paid')
    }, 20_000)
    await eventually(() => {
      for (const id of ids) expect(events.filter((e) => e.data.id === id && e.type === 'checkout.paid')).toHaveLength(1)
    }, 10_000)
    expect((await call('/sandbox/ccbill/control/charges')).length).toBe(1)
  }, 60_000)
})
