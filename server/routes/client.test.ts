import type { KyselyPlugin } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { transitionCheckout } from '../checkouts/checkouts.js'
import { openDatabase } from '../db/database.js'
import { createPostgresChangeFeed } from '../live/changes.js'
import { silentLogger, type Logger } from '../log.js'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, readJson, type TestApp } from '../../test/helpers/app.js'
import { eventually } from '../../test/helpers/wait.js'

const CATALOG = JSON.stringify([
  { id: 'tee', name: 'Blue T-shirt', price: '19.9', currency: 'USD' },
  { id: 'voucher', name: 'Voucher', price: '150000', currency: 'IDR', methods: ['cvs'] },
])

/** A logger that keeps each line as an object: its level, the bindings of its children, fields and message. */
function recordingLogger(lines: Record<string, unknown>[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (fieldsOrMessage: Record<string, unknown> | string, message?: string) =>
    void lines.push(
      typeof fieldsOrMessage === 'string'
        ? { level, ...bindings, msg: fieldsOrMessage }
        : { level, ...bindings, ...fieldsOrMessage, msg: message },
    )
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  }
}

/** Reads SSE messages from a streaming response until `count` checkout messages or the end. */
async function readEvents(
  response: Response,
  count: number,
): Promise<{ messages: { id: string; data: { status: string; version: number } }[]; ended: boolean }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const messages: { id: string; data: { status: string; version: number } }[] = []
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return { messages, ended: true }
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      )
      if (fields.event === 'checkout') messages.push({ id: fields.id!, data: JSON.parse(fields.data!) })
    }
    if (messages.length >= count) {
      await reader.cancel()
      return { messages, ended: false }
    }
  }
}

describe.each(DIALECTS)('browser API on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  const client = (path: string, secret: string, init: RequestInit = {}) =>
    t.app.request(path, { ...init, headers: { 'x-client-secret': secret, ...(init.headers as Record<string, string>) } })

  it('shows the public view of a checkout by its client secret, without merchant data', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '19.99', currency: 'USD', metadata: { internal: 'x' }, reference: 'r-1' })
    const response = await client('/v1/client/checkout', created.client_secret)
    expect(response.status).toBe(200)
    const view = await readJson(response)
    expect(view).toEqual({
      id: created.id,
      status: 'open',
      amount: '19.99',
      currency: 'USD',
      description: null,
      methods: ['crypto', 'card'],
      amount_paid: '0.00',
      amount_due: '19.99',
      expires_at: created.expires_at,
      version: 1,
      mode: 'sandbox',
      final: false,
      subscription: null,
      country: null,
    })
  })

  it("shows the payer a card checkout's subscription terms and their country, still without the rest of the customer", async () => {
    t = await createTestApp(dialect)
    const subscription = { initial_period_days: 30, recurring_amount: '19.99', recurring_period_days: 7, rebills: 5 }
    const created = await t.createCheckout({
      amount: '49.00',
      currency: 'EUR',
      customer: { country: 'at', email: 'payer@example.com', name: 'Anna' },
      subscription,
    })
    const view = await readJson(await client('/v1/client/checkout', created.client_secret))
    expect(view).toMatchObject({ methods: ['card'], subscription, country: 'AT' })
    expect(JSON.stringify(view)).not.toContain('payer@example.com')
    expect(JSON.stringify(view)).not.toContain('Anna')
  })

  const byProvider = { by: 'provider', provider: 'test', evidence: 'unit test' } as const
  const status = async (secret: string, app = t.app) =>
    readJson(await app.request('/v1/client/checkout', { headers: { 'x-client-secret': secret } }))

  it('answers a status read after a change with the new status, never a remembered one', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout()
    expect(await status(created.client_secret)).toMatchObject({ status: 'open', version: 1 })
    expect(await status(created.client_secret)).toMatchObject({ status: 'open', version: 1 })
    await transitionCheckout(t.ctx, created.id, 'pending', byProvider)
    expect(await status(created.client_secret)).toMatchObject({ status: 'pending', version: 2 })
    expect(await status(created.client_secret)).toMatchObject({ status: 'pending', version: 2 })
    await transitionCheckout(t.ctx, created.id, 'paid', byProvider, { amountPaid: '19.99' })
    expect(await status(created.client_secret)).toMatchObject({ status: 'paid', amount_paid: '19.99', amount_due: '0.00', version: 3 })

    const other = await t.createCheckout()
    await status(other.client_secret)
    expect((await t.merchant(`/v1/checkouts/${other.id}/cancel`, { method: 'POST' })).status).toBe(200)
    expect(await status(other.client_secret)).toMatchObject({ status: 'canceled', version: 2 })
  })

  it('expires a checkout whose status was read just before its deadline', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '1.00', currency: 'USD', expires_in: 60 })
    t.clock.advance(59_000)
    expect(await status(created.client_secret)).toMatchObject({ status: 'open' })
    t.clock.advance(1_500)
    expect(await status(created.client_secret)).toMatchObject({ status: 'expired', version: 2 })
    expect((await readJson(await t.merchant(`/v1/checkouts/${created.id}`))).status).toBe('expired')
  })

  it('answers status reads from memory until a change is published, rereading after a few seconds in case a notice was lost', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout()
    expect(await status(created.client_secret)).toMatchObject({ status: 'open' })
    // Changed behind the server's back: no notice, as when one is lost on its way.
    await t.database.db.updateTable('checkouts').set({ status: 'canceled', version: 2 }).where('id', '=', created.id).execute()
    expect(await status(created.client_secret)).toMatchObject({ status: 'open' })
    t.clock.advance(2_000)
    expect(await status(created.client_secret)).toMatchObject({ status: 'canceled', version: 2 })
  })

  it('does not keep a status read that fetched the checkout just before a change was published', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout()
    // Another connection, as another instance or the webhook handler would use.
    const elsewhere = await openDatabase(t.database.url)
    let meanwhile: (() => Promise<unknown>) | undefined
    const interleave: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      async transformResult({ result }) {
        const work = meanwhile
        meanwhile = undefined
        await work?.()
        return result
      },
    }
    const app = createApp({
      config: t.config,
      ctx: { ...t.ctx, db: t.database.db.withPlugin(interleave) },
      log: silentLogger,
      clientAddress: () => '198.51.100.7',
    })
    try {
      // The read has the open row in hand when the checkout is canceled and the notice arrives.
      meanwhile = () => transitionCheckout({ ...t.ctx, db: elsewhere.db }, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
      expect(await status(created.client_secret, app)).toMatchObject({ status: 'open', version: 1 })
      expect(meanwhile).toBeUndefined()
      expect(await status(created.client_secret, app)).toMatchObject({ status: 'canceled', version: 2 })
    } finally {
      await elsewhere.close()
    }
  })

  // Only PostgreSQL instances share a change feed: the test exists there and nowhere else.
  if (dialect === 'postgres')
    it('hears status changes made by another instance', async () => {
      t = await createTestApp(dialect)
      const created = await t.createCheckout()
      expect(await status(created.client_secret)).toMatchObject({ status: 'open' })
      const elsewhere = await openDatabase(t.database.url)
      const changes = await createPostgresChangeFeed(elsewhere.pool!, silentLogger)
      try {
        await transitionCheckout({ ...t.ctx, db: elsewhere.db, changes }, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
        // The clock stands still: only the NOTIFY can make this instance read the checkout again.
        await eventually(async () => expect(await status(created.client_secret)).toMatchObject({ status: 'canceled' }), 5000, 20)
      } finally {
        await changes.close()
        await elsewhere.close()
      }
    })

  it('sends the same headers with a status read from memory as with one from the database', async () => {
    t = await createTestApp(dialect, { env: { PAY_ALLOWED_ORIGINS: 'https://shop.example' } })
    const created = await t.createCheckout()
    const read = () =>
      t.app.request('/v1/client/checkout', { headers: { 'x-client-secret': created.client_secret, origin: 'https://shop.example' } })
    const names = (response: Response) => [...response.headers.keys()].sort()
    const fresh = await read()
    const remembered = await read()
    expect(names(remembered)).toEqual(names(fresh))
    expect(await remembered.text()).toBe(await fresh.text())
    for (const response of [fresh, remembered]) {
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'access-control-allow-origin': 'https://shop.example',
        'access-control-expose-headers': 'X-Request-Id,Retry-After,RateLimit,RateLimit-Policy',
        vary: 'Origin',
        'ratelimit-policy': '600;w=60',
      })
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(remembered.headers.get('x-request-id')).not.toBe(fresh.headers.get('x-request-id'))
    expect(fresh.headers.get('ratelimit')).toMatch(/^limit=600, remaining=599, reset=\d+$/)
    expect(remembered.headers.get('ratelimit')).toMatch(/^limit=600, remaining=598, reset=\d+$/)
  })

  it('logs one line per request with its request id, which the lines a request writes itself carry too', async () => {
    const lines: Record<string, unknown>[] = []
    t = await createTestApp(dialect, { deps: { log: recordingLogger(lines), rateLimits: { client: 1 } } })
    const created = await t.createCheckout()
    lines.length = 0
    const read = () => t.app.request('/v1/client/checkout', { headers: { 'x-client-secret': created.client_secret } })
    const [allowed, refused] = [await read(), await read()]
    expect(refused.status).toBe(429)
    const request = { method: 'GET', path: '/v1/client/checkout', ms: expect.any(Number), msg: 'request' }
    expect(lines).toEqual([
      { level: 'info', reqId: allowed.headers.get('x-request-id'), status: 200, ...request },
      { level: 'warn', reqId: refused.headers.get('x-request-id'), limit: 'client', msg: 'rate limit reached' },
      { level: 'info', reqId: refused.headers.get('x-request-id'), status: 429, ...request },
    ])
  })

  it('refuses a missing, malformed or unknown client secret with 401', async () => {
    t = await createTestApp(dialect)
    for (const secret of ['', 'cs_short', `cs_${'a'.repeat(43)}`]) {
      const response = await client('/v1/client/checkout', secret)
      expect(response.status).toBe(401)
      expect(await readJson(response)).toMatchObject({ error: { code: 'invalid_client_secret', field: 'X-Client-Secret' } })
    }
  })

  it('has no route by which the browser could move a checkout', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout()
    for (const [method, path] of [
      ['POST', '/v1/client/checkout'],
      ['PUT', '/v1/client/checkout'],
      ['PATCH', '/v1/client/checkout'],
      ['DELETE', '/v1/client/checkout'],
    ] as const) {
      const response = await client(path, created.client_secret, {
        method,
        body: '{"status":"paid"}',
        headers: { 'content-type': 'application/json' },
      })
      expect(response.status).toBe(404)
    }
    // The client secret is not the merchant key either.
    expect(
      (
        await t.app.request(`/v1/checkouts/${created.id}/cancel`, {
          method: 'POST',
          headers: { authorization: `Bearer ${created.client_secret}` },
        })
      ).status,
    ).toBe(401)
    expect((await readJson(await t.merchant(`/v1/checkouts/${created.id}`))).status).toBe('open')
  })

  it('holds a long-poll until the checkout changes', async () => {
    t = await createTestApp(dialect, { realClock: true })
    const created = await t.createCheckout()
    const polling = client('/v1/client/checkout?after=1&wait=10', created.client_secret)
    await new Promise((r) => setTimeout(r, 150))
    await transitionCheckout(t.ctx, created.id, 'pending', { by: 'provider', provider: 'test', evidence: 'unit test' })
    const started = Date.now()
    const response = await polling
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await readJson(response)).toMatchObject({ status: 'pending', version: 2 })
  })

  it('answers a long-poll at once when the version is already past `after`, and refuses a bad query', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout()
    const response = await client('/v1/client/checkout?after=0&wait=30', created.client_secret)
    expect((await readJson(response)).version).toBe(1)
    const bad = await client('/v1/client/checkout?after=-1&wait=31', created.client_secret)
    expect(bad.status).toBe(400)
    expect((await readJson(bad)).error.field).toBe('after')
  })

  it('streams the checkout as server-sent events and ends the stream at a final status', async () => {
    t = await createTestApp(dialect, { realClock: true })
    const created = await t.createCheckout()
    const response = await client('/v1/client/checkout/events', created.client_secret)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reading = readEvents(response, 99)
    await new Promise((r) => setTimeout(r, 150))
    await transitionCheckout(t.ctx, created.id, 'pending', { by: 'provider', provider: 'test', evidence: 'unit test' })
    await transitionCheckout(
      t.ctx,
      created.id,
      'paid',
      { by: 'provider', provider: 'test', evidence: 'unit test' },
      { amountPaid: '19.99' },
    )
    const { messages, ended } = await reading
    expect(ended).toBe(true)
    expect(messages.at(0)).toMatchObject({ id: '1', data: { status: 'open' } })
    expect(messages.at(-1)).toMatchObject({ id: '3', data: { status: 'paid', version: 3 } })
    // Versions only go up; a burst may be coalesced into its latest state.
    const versions = messages.map((m) => m.data.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
  })

  it('resumes a stream after Last-Event-ID without repeating what the element has seen', async () => {
    t = await createTestApp(dialect, { realClock: true })
    const created = await t.createCheckout()
    await transitionCheckout(t.ctx, created.id, 'canceled', { by: 'merchant', action: 'cancel' })
    const response = await client('/v1/client/checkout/events', created.client_secret, { headers: { 'last-event-id': '2' } })
    const { messages, ended } = await readEvents(response, 99)
    expect(ended).toBe(true)
    expect(messages).toEqual([])
  })

  it('sends an expired status when the deadline passes while the stream is open', async () => {
    t = await createTestApp(dialect, { realClock: true })
    const created = await t.createCheckout({ amount: '1.00', currency: 'USD', expires_in: 60 })
    await t.database.db
      .updateTable('checkouts')
      .set({ expires_at: Date.now() + 300 })
      .where('id', '=', created.id)
      .execute()
    const { messages, ended } = await readEvents(await client('/v1/client/checkout/events', created.client_secret), 99)
    expect(ended).toBe(true)
    expect(messages.at(-1)?.data.status).toBe('expired')
  })

  it('creates a checkout from the catalog at the catalog price', async () => {
    t = await createTestApp(dialect, { env: { PAY_CATALOG: CATALOG } })
    const response = await t.app.request('/v1/client/checkouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"product":"tee"}',
    })
    expect(response.status).toBe(201)
    const { client_secret, checkout } = await readJson(response)
    expect(client_secret).toMatch(/^cs_/)
    expect(checkout).toMatchObject({
      amount: '19.90',
      currency: 'USD',
      description: 'Blue T-shirt',
      methods: ['crypto', 'card'],
      status: 'open',
    })
    const stored = await t.database.db.selectFrom('checkouts').select(['product_id', 'amount']).executeTakeFirstOrThrow()
    expect(stored).toEqual({ product_id: 'tee', amount: '19.90' })
  })

  it('refuses a price sent by the browser and an unknown product', async () => {
    t = await createTestApp(dialect, { env: { PAY_CATALOG: CATALOG } })
    const response = await t.app.request('/v1/client/checkouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"product":"tee","amount":"0.01"}',
    })
    expect(response.status).toBe(400)
    expect((await readJson(response)).error.field).toBe('amount')
    const unknown = await t.app.request('/v1/client/checkouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"product":"nope"}',
    })
    expect(unknown.status).toBe(404)
    expect((await readJson(unknown)).error).toMatchObject({ code: 'product_not_found', field: 'product' })
    expect(await t.count('checkouts')).toBe(0)
  })

  it('rate-limits catalog checkouts per client address', async () => {
    t = await createTestApp(dialect, { env: { PAY_CATALOG: CATALOG }, deps: { rateLimits: { catalogCheckouts: 3 } } })
    const create = () =>
      t.app.request('/v1/client/checkouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"product":"tee"}' })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await create()).status)
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    const limited = await create()
    expect(await readJson(limited)).toMatchObject({ error: { code: 'rate_limited' } })
    expect(await t.count('checkouts')).toBe(3)
  })

  it('allows only configured origins through CORS', async () => {
    t = await createTestApp(dialect, { env: { PAY_ALLOWED_ORIGINS: 'https://shop.example' } })
    const preflight = (origin: string) =>
      t.app.request('/v1/client/checkout', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-client-secret' },
      })
    const allowed = await preflight('https://shop.example')
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-client-secret')
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
    expect((await preflight('http://localhost:3000')).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('tells any page whether its origin may call, and warns once a minute about a refused origin', async () => {
    const lines: Record<string, unknown>[] = []
    t = await createTestApp(dialect, { env: { PAY_ALLOWED_ORIGINS: 'https://shop.example' }, deps: { log: recordingLogger(lines) } })
    const probe = async (origin: string) => {
      const response = await t.app.request('/v1/client/origin', { headers: { origin } })
      expect(response.status).toBe(200)
      // Readable cross-origin without a preflight or credentials, whatever the origin.
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
      return readJson(response)
    }
    expect(await probe('https://shop.example')).toEqual({ origin: 'https://shop.example', allowed: true })
    expect(await probe('https://other.example')).toEqual({ origin: 'https://other.example', allowed: false })
    const refusals = () => lines.filter((line) => line.level === 'warn' && line.origin === 'https://other.example')
    expect(refusals()).toHaveLength(1)
    expect(String(refusals()[0]!.msg)).toContain('PAY_ALLOWED_ORIGINS')
    await t.app.request('/v1/client/checkout', {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example', 'access-control-request-method': 'GET' },
    })
    expect(refusals()).toHaveLength(1)
    await t.app.request('/v1/client/checkout', {
      method: 'OPTIONS',
      headers: { origin: 'https://third.example', 'access-control-request-method': 'GET' },
    })
    expect(lines.filter((line) => line.level === 'warn' && line.origin === 'https://third.example')).toMatchObject([{ kind: 'preflight' }])
    expect(lines.filter((line) => line.level === 'warn' && line.origin === 'https://shop.example')).toEqual([])
  })

  it('allows loopback origins in sandbox mode by default', async () => {
    t = await createTestApp(dialect)
    const response = await t.app.request('/v1/client/checkout', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    })
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('sets secure headers on every response', async () => {
    t = await createTestApp(dialect)
    const response = await t.app.request('/v1/client/checkout')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-request-id')).toBeTruthy()
  })
})
