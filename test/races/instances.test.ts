import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenBody, V2 } from '../../server/providers/ccbill/test-support/widget-client.js'
import { SANDBOX_DEFAULTS } from '../../server/config.js'
import { SECRET_KEY, type Json } from '../helpers/app.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { eventually, freePort } from '../helpers/wait.js'

/**
 * Several server processes behind one PostgreSQL, as a merchant runs them behind a load balancer:
 * the limits on money-adjacent routes count across all of them, and a payment token claimed on one
 * instance cannot be charged for another checkout on another. Real CLI processes, real HTTP.
 */

interface Instance {
  url: string
  process: ChildProcess
}

async function startInstance(database: TestDatabase, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['--conditions=pay-elements-source', '--import', 'tsx', 'server/cli.ts'], {
    env: { ...process.env, PAY_LOG_LEVEL: 'error', PORT: String(port), PAY_PUBLIC_URL: url, DATABASE_URL: database.url, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  await eventually(async () => expect((await fetch(`${url}/healthz`)).status).toBe(200), 30_000, 200)
  return { url, process: child }
}

describe.runIf(DIALECTS.includes('postgres'))('several instances on one PostgreSQL', () => {
  let database: TestDatabase
  let instances: Instance[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    const first = await startInstance(database)
    // The others use the first one's CCBill simulator, so a payment token made there is known to all.
    const rest = await Promise.all([1, 2].map(() => startInstance(database, { CCBILL_BASE_URL: `${first.url}/sandbox/ccbill` })))
    instances = [first, ...rest]
  }, 90_000)

  afterAll(async () => {
    await Promise.all(
      instances.map(
        (instance) =>
          new Promise<void>((resolve) => {
            instance.process.once('exit', () => resolve())
            instance.process.kill('SIGTERM')
          }),
      ),
    )
    await database?.dispose()
  })

  const createCheckout = async (amount: string): Promise<Json> => {
    const response = await fetch(`${instances[0]!.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount, currency: 'USD', methods: ['card'] }),
    })
    expect(response.status).toBe(201)
    return response.json()
  }

  it('mints at most ten card sessions a minute for one checkout, counted across three instances', async () => {
    const created = await createCheckout('19.90')
    const answers = await Promise.all(
      Array.from({ length: 36 }, (_, i) =>
        fetch(`${instances[i % 3]!.url}/v1/client/card/session`, { method: 'POST', headers: { 'x-client-secret': created.client_secret } }),
      ),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(26)
    const refused = answers.find((r) => r.status === 429)!
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    await Promise.all(answers.map((r) => r.arrayBuffer()))
  })

  it('charges each payment token for one checkout only, whichever instance each charge reaches', async () => {
    const ccbill = `${instances[0]!.url}/sandbox/ccbill`
    // The payer's browser makes tokens at CCBill with a frontend token, as the Advanced Widget does.
    const oauth = await fetch(`${ccbill}/ccbill-auth/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${SANDBOX_DEFAULTS.CCBILL_FRONTEND_APP_ID}:${SANDBOX_DEFAULTS.CCBILL_FRONTEND_SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    })
    const { access_token } = (await oauth.json()) as { access_token: string }
    const makeToken = async () => {
      const made = await fetch(`${ccbill}/payment-tokens/merchant-only`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, accept: V2, 'content-type': 'application/json' },
        body: JSON.stringify(tokenBody()),
      })
      return ((await made.json()) as { paymentTokenId: string }).paymentTokenId
    }
    // Four tokens, each offered at once to two checkouts (500.00 and 1.00) through two instances.
    const pairs = await Promise.all(
      Array.from({ length: 4 }, async () => ({
        token: await makeToken(),
        a: await createCheckout('500.00'),
        b: await createCheckout('1.00'),
      })),
    )
    // CCBill is slow to answer, so the charges are all in flight together.
    await fetch(`${ccbill}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"latency_ms":300}' })

    const charge = (instance: Instance, secret: string, token: string) =>
      fetch(`${instance.url}/v1/client/card/charge`, {
        method: 'POST',
        headers: { 'x-client-secret': secret, 'content-type': 'application/json' },
        body: JSON.stringify({ payment_token_id: token }),
      })
    const answers = await Promise.all(
      pairs.flatMap(({ token, a, b }) => [charge(instances[1]!, a.client_secret, token), charge(instances[2]!, b.client_secret, token)]),
    )
    for (let i = 0; i < pairs.length; i++) {
      const statuses = [answers[2 * i]!.status, answers[2 * i + 1]!.status].sort()
      expect(statuses).toEqual([200, 409])
    }
    for (const refused of answers.filter((r) => r.status === 409))
      expect(((await refused.json()) as Json).error.code).toBe('payment_token_used')

    // What each checkout says it was paid is what CCBill charged for it.
    const charges = (await (await fetch(`${ccbill}/control/charges`)).json()) as {
      approved: boolean
      amount: string
      paymentTokenId: string
      passThrough: Record<string, string>
    }[]
    expect(charges).toHaveLength(pairs.length)
    expect(new Set(charges.map((c) => c.paymentTokenId)).size).toBe(pairs.length)
    for (const checkout of pairs.flatMap(({ a, b }) => [a, b])) {
      const read = (await (
        await fetch(`${instances[0]!.url}/v1/checkouts/${checkout.id}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
      ).json()) as Json
      const charged = charges.find((c) => c.passThrough.checkout_id === checkout.id)
      expect(read.amount_paid).toBe(charged ? charged.amount : '0.00')
    }
  })
})
