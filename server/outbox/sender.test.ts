import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { transitionCheckout } from '../checkouts/checkouts.js'
import { silentLogger } from '../log.js'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, WEBHOOK_SECRET, type TestApp } from '../../test/helpers/app.js'
import { createOutboxSender } from './sender.js'
import { signStandardWebhook } from './sign.js'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A merchant endpoint on a real port that answers with whatever status the test says next. */
async function merchantEndpoint(statuses: number[] = []) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('Standard Webhooks signature', () => {
  it('is verified by the reference standardwebhooks library, and fails it when the body changes', async () => {
    const body = '{"type":"checkout.paid"}'
    const now = Math.floor(Date.now() / 1000)
    const headers = await signStandardWebhook(WEBHOOK_SECRET, 'msg_1', now, body)
    const verifier = new Webhook(WEBHOOK_SECRET)
    expect(verifier.verify(body, headers)).toEqual({ type: 'checkout.paid' })
    expect(() => verifier.verify('{"type":"checkout.paid" }', headers)).toThrow()
  })

  it('matches a fixed known answer', async () => {
    const headers = await signStandardWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    // The example from the Standard Webhooks specification.
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })
})

describe.each(DIALECTS)('merchant webhook outbox on %s', (dialect) => {
  let t: TestApp
  let endpoint: Awaited<ReturnType<typeof merchantEndpoint>>
  afterEach(async () => {
    await t.dispose()
    await endpoint.close()
  })

  const setup = async (statuses: number[] = []) => {
    endpoint = await merchantEndpoint(statuses)
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: endpoint.url } })
    const sender = createOutboxSender({
      db: t.database.db,
      clock: t.clock,
      log: silentLogger,
      url: endpoint.url,
      secret: WEBHOOK_SECRET,
      retryDelay: (n) => n * 1000,
    })
    return sender
  }

  it('writes one outbox row per change in the same transaction, and delivers it signed', async () => {
    const sender = await setup()
    const created = await t.createCheckout()
    expect(await t.count('outbox')).toBe(0) // creation is the merchant's own act: nothing to tell
    await transitionCheckout(t.ctx, created.id, 'paid', { by: 'provider', provider: 'test', evidence: 'unit' }, { amountPaid: '19.99' })
    expect(await t.count('outbox')).toBe(1)

    expect(await sender.runOnce()).toBe(1)
    expect(endpoint.received).toHaveLength(1)
    const [delivery] = endpoint.received
    const event = new Webhook(WEBHOOK_SECRET).verify(delivery!.body, delivery!.headers as Record<string, string>) as {
      type: string
      data: Record<string, unknown>
    }
    expect(event.type).toBe('checkout.paid')
    expect(event.data).toMatchObject({ id: created.id, status: 'paid', amount_paid: '19.99', amount_due: '0.00' })
    expect(event.data).not.toHaveProperty('client_secret')
    expect(delivery!.headers['webhook-id']).toMatch(/^msg_/)
    expect(await sender.runOnce()).toBe(0) // delivered rows are not sent again
  })

  it('retries with growing delays until the merchant answers 2xx, keeping the same webhook-id', async () => {
    const sender = await setup([500, 503, 404, 200])
    const created = await t.createCheckout()
    await transitionCheckout(t.ctx, created.id, 'expired', { by: 'clock' })

    expect(await sender.runOnce()).toBe(0) // 500
    expect(await sender.runOnce()).toBe(0) // not due yet: 1 s delay
    t.clock.advance(1000)
    expect(await sender.runOnce()).toBe(0) // 503
    t.clock.advance(1999)
    expect(await sender.runOnce()).toBe(0) // still waiting 2 s
    t.clock.advance(1)
    expect(await sender.runOnce()).toBe(0) // 404 is not an acknowledgement either
    t.clock.advance(3000)
    expect(await sender.runOnce()).toBe(1) // 200
    expect(endpoint.received).toHaveLength(4)
    expect(new Set(endpoint.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    const row = await t.database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ attempts: 4, last_error: null })
    expect(row.delivered_at).not.toBeNull()
  })

  it('counts an unreachable endpoint as a failure and retries later', async () => {
    await setup()
    await endpoint.close()
    const sender = createOutboxSender({
      db: t.database.db,
      clock: t.clock,
      log: silentLogger,
      url: endpoint.url,
      secret: WEBHOOK_SECRET,
      retryDelay: () => 5000,
    })
    const created = await t.createCheckout()
    await transitionCheckout(t.ctx, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
    expect(await sender.runOnce()).toBe(0)
    const row = await t.database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ attempts: 1, delivered_at: null, next_attempt_at: t.clock() + 5000 })
    expect(row.last_error).toMatch(/fetch failed|ECONNREFUSED/)
    endpoint = await merchantEndpoint() // something to close in afterEach
  })

  const cancelled = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const created = await t.createCheckout()
      await transitionCheckout(t.ctx, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
      t.clock.advance(1) // a distinct created_at, so the sending order is known
    }
  }
  const rows = () => t.database.db.selectFrom('outbox').selectAll().orderBy('created_at').execute()

  it('records a whole batch: the acknowledged rows delivered, the refused one due again later', async () => {
    const sender = await setup([200, 500, 200])
    await cancelled(3)
    expect(await sender.runOnce()).toBe(2)
    const [first, second, third] = await rows()
    for (const row of [first!, third!])
      expect(row).toMatchObject({ attempts: 1, delivered_at: t.clock(), lease_until: null, last_error: null })
    expect(second).toMatchObject({
      attempts: 1,
      delivered_at: null,
      lease_until: null,
      last_error: 'HTTP 500',
      next_attempt_at: t.clock() + 1000,
    })
    t.clock.advance(1000)
    expect(await sender.runOnce()).toBe(1)
    expect(endpoint.received.map((r) => r.headers['webhook-id'])).toEqual([first!.id, second!.id, third!.id, second!.id])
  })

  it('starts no request its lease would not outlast, and leaves those rows to the next run', async () => {
    await setup()
    // Each request takes 500 ms of the test clock; a lease of 1 s leaves room for one 600 ms request.
    const sender = createOutboxSender({
      db: t.database.db,
      clock: t.clock,
      log: silentLogger,
      url: endpoint.url,
      secret: WEBHOOK_SECRET,
      leaseMs: 1000,
      timeoutMs: 600,
      fetch: (url, init) => {
        t.clock.advance(500)
        return fetch(url, init)
      },
    })
    await cancelled(3)
    expect(await sender.runOnce()).toBe(1)
    const [first, ...rest] = await rows()
    expect(first!.delivered_at).not.toBeNull()
    for (const row of rest) expect(row).toMatchObject({ attempts: 0, delivered_at: null, lease_until: null })
    expect(await sender.runOnce()).toBe(1)
    expect(await sender.runOnce()).toBe(1)
    expect(endpoint.received.map((r) => r.headers['webhook-id'])).toEqual((await rows()).map((row) => row.id))
  })

  it('lets only one of two senders take a row at a time', async () => {
    const first = await setup()
    const second = createOutboxSender({ db: t.database.db, clock: t.clock, log: silentLogger, url: endpoint.url, secret: WEBHOOK_SECRET })
    for (let i = 0; i < 5; i++) {
      const created = await t.createCheckout()
      await transitionCheckout(t.ctx, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
    }
    const [a, b] = await Promise.all([first.runOnce(), second.runOnce()])
    expect(a + b).toBe(5)
    expect(endpoint.received).toHaveLength(5)
  })

  it('on stop, finishes the delivery in flight and releases the rest of its batch, counting each outcome', async () => {
    await setup()
    const outcomes: string[] = []
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let started: () => void = () => {}
    const inFlight = new Promise<void>((resolve) => (started = resolve))
    const sender = createOutboxSender({
      db: t.database.db,
      clock: t.clock,
      log: silentLogger,
      url: endpoint.url,
      secret: WEBHOOK_SECRET,
      onDelivery: (outcome) => outcomes.push(outcome),
      // The first request is held until the test lets it go, as a slow merchant would.
      fetch: async (url, init) => {
        started()
        await held
        return fetch(url, init)
      },
    })
    await cancelled(3)
    const run = sender.runOnce()
    await inFlight
    const stopping = sender.stop()
    release()
    await Promise.all([run, stopping])
    const [first, ...rest] = await rows()
    expect(first).toMatchObject({ attempts: 1, lease_until: null })
    expect(first!.delivered_at).not.toBeNull()
    for (const row of rest) expect(row).toMatchObject({ attempts: 0, delivered_at: null, lease_until: null })
    expect(endpoint.received).toHaveLength(1)
    expect(outcomes).toEqual(['delivered'])
  })
})
