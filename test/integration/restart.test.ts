import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { SECRET_KEY, WEBHOOK_SECRET } from '../helpers/app.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { eventually, freePort } from '../helpers/wait.js'

/**
 * The outbox survives a crash: merchant webhooks pending when the server is killed with SIGKILL
 * are delivered after it restarts. Runs the real CLI in a child process against a real database.
 */

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=pay-elements-source', '--import', 'tsx', 'server/cli.ts'], {
    env: { ...process.env, PAY_LOG_LEVEL: 'error', ...env }, // the failed deliveries are expected here
    stdio: ['ignore', 'inherit', 'inherit'],
  })
}

async function waitUntilHealthy(url: string) {
  await eventually(async () => {
    const response = await fetch(`${url}/healthz`)
    expect(response.status).toBe(200)
    // A start-up from TypeScript sources on a busy machine (migrations, a PostgreSQL listener).
  }, 60_000)
}

describe.each(DIALECTS)('merchant webhooks across a SIGKILL on %s', (dialect) => {
  let database: TestDatabase
  let server: ChildProcess | undefined
  let receiver: Server | undefined

  afterEach(async () => {
    server?.kill('SIGKILL')
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()))
    await database?.dispose()
  })

  it('delivers every pending event after a restart, once each by webhook-id', async () => {
    database = await createTestDatabase(dialect)
    let acknowledge = false
    const attempts: { id: string; ok: boolean }[] = []
    const delivered = new Map<string, { type: string; data: { id: string } }>()
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      req.on('end', () => {
        const id = String(req.headers['webhook-id'])
        attempts.push({ id, ok: acknowledge })
        if (!acknowledge) return void res.writeHead(503).end()
        delivered.set(
          id,
          new Webhook(WEBHOOK_SECRET).verify(body, req.headers as Record<string, string>) as { type: string; data: { id: string } },
        )
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve))
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const env = {
      PORT: String(port),
      DATABASE_URL: database.url,
      PAY_MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
    }

    server = startServer(env)
    await waitUntilHealthy(url)
    const merchant = (path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const created = (await (await merchant('/v1/checkouts', { amount: `${i + 1}.00`, currency: 'USD' })).json()) as { id: string }
      expect((await merchant(`/v1/checkouts/${created.id}/cancel`)).status).toBe(200)
      ids.push(created.id)
    }
    // The merchant's endpoint is down: the sender has tried and failed every event…
    await eventually(() => expect(new Set(attempts.map((a) => a.id)).size).toBe(5), 10_000)
    // …and has written down each failure: a row still leased by the killed process would wait out its lease.
    await eventually(async () => {
      const leased = await database.db.selectFrom('outbox').select('id').where('lease_until', 'is not', null).execute()
      expect(leased).toEqual([])
    }, 10_000)

    server.kill('SIGKILL')
    await new Promise((resolve) => server!.once('exit', resolve))
    acknowledge = true

    server = startServer(env)
    await waitUntilHealthy(url)
    await eventually(() => expect(delivered.size).toBe(5), 30_000)
    expect([...delivered.values()].map((e) => e.data.id).sort()).toEqual([...ids].sort())
    expect([...delivered.values()].every((e) => e.type === 'checkout.canceled')).toBe(true)
    // Once acknowledged, an event is not sent again.
    await new Promise((r) => setTimeout(r, 1500))
    expect(attempts.filter((a) => a.ok)).toHaveLength(5)
  }, 90_000)
})
