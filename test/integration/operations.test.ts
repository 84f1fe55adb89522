import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig, SANDBOX_DEFAULTS } from '../../server/config.js'
import type { Logger } from '../../server/log.js'
import { startServer, type RunningServer } from '../../server/node.js'
import { ccpaymentHeaders } from '../../server/providers/ccpayment/sign.js'
import { SECRET_KEY } from '../helpers/app.js'
import { createTestDatabase, DIALECTS, POSTGRES_URL, type TestDatabase } from '../helpers/databases.js'
import { tcpProxy } from '../helpers/tcp-proxy.js'
import { eventually, freePort } from '../helpers/wait.js'

/**
 * The server as an operator runs it: the real CLI (or `startServer`) on real sockets and a real
 * database. Shutting down lets requests in flight finish, ends live streams with a reconnect hint
 * and leaves no outbox row leased; readiness follows the database; an unreachable database at
 * start-up is waited for, and reported in one line when it does not come.
 */

const credentials = { appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID, appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET }

function cli(env: Record<string, string>, stdio: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, ['--conditions=pay-elements-source', '--import', 'tsx', 'server/cli.ts'], {
    env: { ...process.env, PAY_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', stdio, stdio],
  })
}
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))

/** An HTTP server on a loopback port whose handler the test writes; each request is recorded. */
async function stub(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => handle(req, res, body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Resolves with the first value a promise-returning check yields, polling. */
const when = <T>(check: () => T | undefined) =>
  eventually(() => {
    const value = check()
    if (value === undefined) throw new Error('not yet')
    return value
  }, 20_000)

describe.each(DIALECTS)('graceful shutdown on %s', (dialect) => {
  let database: TestDatabase | undefined
  let server: ChildProcess | undefined
  const stubs: { close(): Promise<void> }[] = []
  afterEach(async () => {
    server?.kill('SIGKILL')
    for (const s of stubs.splice(0)) await s.close()
    await database?.dispose()
  })

  it('on SIGTERM finishes the request in flight, ends live streams with a retry hint and leaves no outbox row leased', async () => {
    database = await createTestDatabase(dialect)
    // CCPayment, slow: it answers coin/all only when the test says so (signed, as CCPayment does).
    let ccpaymentAsked = false
    let answerCcpayment: () => void = () => {}
    const ccpayment = await stub((_req, res) => {
      ccpaymentAsked = true
      answerCcpayment = () => {
        const body = JSON.stringify({ code: 10000, msg: 'success', data: { list: [] } })
        void ccpaymentHeaders(credentials, body, Date.now()).then((headers) =>
          res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(body),
        )
      }
    })
    // The merchant's webhook endpoint, slow too: it holds each delivery until the test lets it go.
    const deliveries: string[] = []
    let acknowledge: () => void = () => {}
    const merchant = await stub((req, res) => {
      deliveries.push(String(req.headers['webhook-id']))
      acknowledge = () => res.writeHead(204).end()
    })
    stubs.push(ccpayment, merchant)
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    server = cli({
      PORT: String(port),
      DATABASE_URL: database.url,
      PAY_PUBLIC_URL: url,
      CCPAYMENT_BASE_URL: ccpayment.url,
      PAY_MERCHANT_WEBHOOK_URL: `${merchant.url}/hooks`,
      PAY_SHUTDOWN_GRACE_MS: '10000',
    })
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), 20_000)
    const merchantApi = async (path: string, body?: unknown) =>
      (await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json())) as { id: string; client_secret: string }

    // A live stream, open and past its first event.
    const watched = await merchantApi('/v1/checkouts', { amount: '5.00', currency: 'USD' })
    const stream = await fetch(`${url}/v1/client/checkout/events`, { headers: { 'x-client-secret': watched.client_secret } })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    let streamed = ''
    while (!streamed.includes('\n\n')) streamed += (await reader.read()).value ?? ''

    // A merchant webhook on its way: the endpoint has it and has not answered.
    const canceled = await merchantApi('/v1/checkouts', { amount: '6.00', currency: 'USD' })
    await merchantApi(`/v1/checkouts/${canceled.id}/cancel`)
    const eventId = await when(() => deliveries[0])

    // A browser request waiting on CCPayment.
    const buyer = await merchantApi('/v1/checkouts', { amount: '7.00', currency: 'USD', methods: ['crypto'] })
    const options = fetch(`${url}/v1/client/crypto/options`, { headers: { 'x-client-secret': buyer.client_secret } })
    await when(() => (ccpaymentAsked ? true : undefined))

    server.kill('SIGTERM')
    // The stream ends at once with the status and a short retry; the rest of it is read to the end.
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      streamed += value
    }
    expect(streamed).toMatch(/retry: 500\n/)
    const last = streamed.trim().split('\n\n').at(-1)!.split('\n')
    expect(last).toEqual(expect.arrayContaining(['event: checkout', 'id: 1', 'retry: 500']))
    expect(last.find((line) => line.startsWith('data: '))).toContain('"status":"open"')
    // New connections are refused while the old ones finish.
    await eventually(() => expect(fetch(`${url}/livez`)).rejects.toThrow(), 5000)

    answerCcpayment()
    const answered = await options
    expect(answered.status).toBe(200)
    expect(await answered.json()).toEqual({ coins: [] })
    acknowledge()
    expect(await exited(server)).toBe(0)

    const rows = await database.db.selectFrom('outbox').selectAll().execute()
    expect(rows.filter((row) => row.lease_until !== null)).toEqual([])
    expect(rows.find((row) => row.id === eventId)?.delivered_at).not.toBeNull()
  }, 60_000)
})

describe('an unreachable database', () => {
  let running: RunningServer | undefined
  let database: TestDatabase | undefined
  afterEach(async () => {
    await running?.close(0)
    running = undefined
    await database?.dispose()
  })

  it('is named in one line, password hidden, when it does not come within PAY_DATABASE_WAIT_SECONDS', async () => {
    const port = await freePort()
    const child = cli(
      {
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://payuser:s3cret-pw@127.0.0.1:${port}/test`,
        PAY_DATABASE_WAIT_SECONDS: '1',
        PAY_LOG_LEVEL: 'silent',
      },
      'pipe',
    )
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    expect(await exited(child)).toBe(69)
    expect(stderr).toBe(
      `pay-server: cannot reach the database at DATABASE_URL=postgres://payuser:***@127.0.0.1:${port}/test (ECONNREFUSED); gave up after 1 s (PAY_DATABASE_WAIT_SECONDS)\n`,
    )
  })

  it.runIf(DIALECTS.includes('postgres'))(
    'is waited for at start-up; /readyz is 503 while it is away and 200 when it is back',
    async () => {
      database = await createTestDatabase('postgres')
      const target = new URL(POSTGRES_URL)
      const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
      await proxy.down()
      const through = new URL(database.url)
      through.port = String(proxy.port)
      const retries: unknown[] = []
      const noop = () => {}
      const log: Logger = {
        error: noop,
        info: noop,
        debug: noop,
        warn: (fields: unknown) => void (typeof fields === 'object' && retries.push(fields)),
        child: () => log,
      }
      const config = parseConfig({
        PORT: String(await freePort()),
        DATABASE_URL: through.toString(),
        PAY_DATABASE_WAIT_SECONDS: '30',
        PAY_RECONCILE_INTERVAL: '0',
      })
      let started = false
      const starting = startServer(config, { log }).then((s) => {
        started = true
        return s
      })
      await eventually(() => expect(retries.length).toBeGreaterThan(0), 10_000)
      expect(retries[0]).toMatchObject({ code: 'ECONNREFUSED', database: through.toString() })
      expect(started).toBe(false)
      await proxy.up()
      running = await starting
      const readyz = async () => {
        const response = await fetch(`${running!.url}/readyz`)
        return { status: response.status, body: (await response.json()) as { checks: Record<string, boolean> } }
      }
      await eventually(async () => expect((await readyz()).status).toBe(200), 10_000)

      await proxy.down()
      const away = await readyz()
      expect(away.status).toBe(503)
      expect(away.body.checks).toMatchObject({ database: false, listener: false, accepting: true })

      await proxy.up()
      await eventually(async () => expect(await readyz()).toMatchObject({ status: 200 }), 15_000)
    },
    60_000,
  )
})
