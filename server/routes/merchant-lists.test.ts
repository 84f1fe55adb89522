import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { transitionCheckout } from '../checkouts/checkouts.js'
import { silentLogger } from '../log.js'
import { createOutboxSender, pruneDeliveredEvents } from '../outbox/sender.js'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, readJson, WEBHOOK_SECRET, type Json, type TestApp } from '../../test/helpers/app.js'

const byProvider = { by: 'provider' as const, provider: 'test', evidence: 'unit' }

async function merchantEndpoint() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe.each(DIALECTS)('merchant lists on %s', (dialect) => {
  let t: TestApp
  let endpoint: Awaited<ReturnType<typeof merchantEndpoint>> | undefined
  afterEach(async () => {
    await t.dispose()
    await endpoint?.close()
    endpoint = undefined
  })

  const list = async (path: string): Promise<Json> => {
    const response = await t.merchant(path)
    expect(response.status, await response.clone().text()).toBe(200)
    return readJson(response)
  }
  const errorOf = async (path: string, init?: Parameters<TestApp['merchant']>[1]) => {
    const response = await t.merchant(path, init)
    return { status: response.status, ...((await response.json()) as Json).error }
  }

  /** Five checkouts a second apart, oldest first: c0 … c4, references r0 … r4. */
  const fiveCheckouts = async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      ids.push((await t.createCheckout({ amount: `${i + 1}.00`, currency: 'USD', reference: `r${i}` })).id)
      t.clock.advance(1000)
    }
    return ids
  }

  it('lists checkouts newest first and pages through them with starting_after', async () => {
    t = await createTestApp(dialect)
    const ids = await fiveCheckouts()
    const all = await list('/v1/checkouts')
    expect(all.object).toBe('list')
    expect(all.has_more).toBe(false)
    expect(all.data.map((c: Json) => c.id)).toEqual([...ids].reverse())
    expect(all.data[0]).toMatchObject({ reference: 'r4', amount: '5.00', payments: [], client_secret: expect.stringMatching(/^cs_/) })

    const seen: string[] = []
    let after = ''
    for (let page = 0; page < 3; page++) {
      const body = await list(`/v1/checkouts?limit=2${after ? `&starting_after=${after}` : ''}`)
      seen.push(...body.data.map((c: Json) => c.id))
      expect(body.has_more).toBe(page < 2)
      after = body.data.at(-1).id
    }
    expect(seen).toEqual([...ids].reverse())
  })

  it('keeps a stable order for checkouts created in the same millisecond', async () => {
    t = await createTestApp(dialect)
    const ids = []
    for (let i = 0; i < 4; i++) ids.push((await t.createCheckout()).id)
    const first = await list('/v1/checkouts?limit=2')
    const second = await list(`/v1/checkouts?limit=2&starting_after=${first.data[1].id}`)
    const listed = [...first.data, ...second.data].map((c: Json) => c.id)
    expect(listed).toEqual([...ids].sort().reverse())
    expect(second.has_more).toBe(false)
  })

  it('filters by status (as the checkout reads now), reference and created range', async () => {
    t = await createTestApp(dialect)
    const ids = await fiveCheckouts()
    await transitionCheckout(t.ctx, ids[1]!, 'paid', byProvider, { amountPaid: '2.00' })
    await transitionCheckout(t.ctx, ids[2]!, 'canceled', { by: 'merchant', action: 'cancel' })
    // c0 ran out of time a moment ago; the sweep has not moved it yet.
    await t.database.db
      .updateTable('checkouts')
      .set({ expires_at: t.clock() - 1 })
      .where('id', '=', ids[0]!)
      .execute()

    const ofStatus = async (status: string) => (await list(`/v1/checkouts?status=${status}`)).data.map((c: Json) => c.id)
    expect(await ofStatus('paid')).toEqual([ids[1]])
    expect(await ofStatus('paid,canceled')).toEqual([ids[2], ids[1]])
    expect(await ofStatus('open')).toEqual([ids[4], ids[3]])
    const expired = await list('/v1/checkouts?status=expired')
    expect(expired.data.map((c: Json) => [c.id, c.status])).toEqual([[ids[0], 'expired']])

    expect((await list('/v1/checkouts?reference=r3')).data.map((c: Json) => c.id)).toEqual([ids[3]])
    expect((await list('/v1/checkouts?reference=nope')).data).toEqual([])

    const createdAt = async (id: string) => (await list(`/v1/checkouts?reference=r${ids.indexOf(id)}`)).data[0].created_at as string
    const from = encodeURIComponent(await createdAt(ids[1]!))
    const to = encodeURIComponent(await createdAt(ids[3]!))
    expect((await list(`/v1/checkouts?created[gte]=${from}&created[lt]=${to}`)).data.map((c: Json) => c.id)).toEqual([ids[2], ids[1]])
    expect((await list(`/v1/checkouts?created[gt]=${from}&created[lte]=${to}`)).data.map((c: Json) => c.id)).toEqual([ids[3], ids[2]])
  })

  it('lists each checkout with its payments', async () => {
    t = await createTestApp(dialect)
    const { id } = await t.createCheckout()
    await t.database.db
      .insertInto('payments')
      .values({
        id: 'pay_1',
        checkout_id: id,
        method: 'card',
        provider: 'ccbill',
        provider_reference: 'sub-1',
        status: 'approved',
        amount: '19.99',
        currency: 'USD',
        details: '{}',
        created_at: t.clock(),
        updated_at: t.clock(),
      })
      .execute()
    expect((await list('/v1/checkouts')).data[0].payments).toMatchObject([{ id: 'pay_1', provider: 'ccbill', status: 'approved' }])
  })

  it('refuses bad filters with a 400 naming the parameter, and strangers with a 401', async () => {
    t = await createTestApp(dialect)
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['status=done', 'status'],
      ['status=paid,', 'status'],
      ['created[gte]=yesterday', 'created[gte]'],
      ['created[lt]=2025-01-01', 'created[lt]'],
      ['starting_after=co_nope', 'starting_after'],
      // PostgreSQL refuses a NUL in text outright: refused here first, never a 500 there.
      ['starting_after=a%00b', 'starting_after'],
      ['reference=a%00b', 'reference'],
      ['colour=blue', 'colour'],
    ]) {
      expect(await errorOf(`/v1/checkouts?${query}`), query).toMatchObject({ status: 400, code: 'invalid_request', field })
    }
    const stranger = await t.app.request('/v1/checkouts', { headers: { authorization: 'Bearer wrong' } })
    expect(stranger.status).toBe(401)
    expect(await t.app.request('/v1/events')).toHaveProperty('status', 401)
  })

  it('lists the merchant webhook events newest first, by type and by checkout, as the webhook bodies', async () => {
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' } })
    const [a, b] = [await t.createCheckout(), await t.createCheckout()]
    await transitionCheckout(t.ctx, a.id, 'pending', byProvider)
    t.clock.advance(1000)
    await transitionCheckout(t.ctx, b.id, 'canceled', { by: 'merchant', action: 'cancel' })
    t.clock.advance(1000)
    await transitionCheckout(t.ctx, a.id, 'paid', byProvider, { amountPaid: '19.99' })

    const events = await list('/v1/events')
    expect(events.data.map((e: Json) => [e.type, e.checkout_id])).toEqual([
      ['checkout.paid', a.id],
      ['checkout.canceled', b.id],
      ['checkout.pending', a.id],
    ])
    const paid = events.data[0]
    const row = await t.database.db.selectFrom('outbox').selectAll().where('id', '=', paid.id).executeTakeFirstOrThrow()
    expect(paid).toEqual({
      id: row.id,
      object: 'event',
      type: 'checkout.paid',
      checkout_id: a.id,
      created_at: new Date(row.created_at).toISOString(),
      data: JSON.parse(row.payload).data,
      delivery: {
        status: 'pending',
        attempts: 0,
        delivered_at: null,
        next_attempt_at: new Date(row.created_at).toISOString(),
        last_error: null,
      },
    })
    expect(paid.data).toMatchObject({ id: a.id, status: 'paid', amount_paid: '19.99' })

    expect((await list('/v1/events?type=checkout.canceled')).data.map((e: Json) => e.checkout_id)).toEqual([b.id])
    expect((await list(`/v1/events?checkout=${a.id}`)).data.map((e: Json) => e.type)).toEqual(['checkout.paid', 'checkout.pending'])
    const page = await list('/v1/events?limit=1')
    expect(page.has_more).toBe(true)
    const next = await list(`/v1/events?limit=2&starting_after=${page.data[0].id}`)
    expect(next.data.map((e: Json) => e.type)).toEqual(['checkout.canceled', 'checkout.pending'])
    expect(next.has_more).toBe(false)
    expect(await list(`/v1/events/${paid.id}`)).toEqual(paid)

    for (const [query, field] of [
      ['type=checkout.done', 'type'],
      ['limit=-1', 'limit'],
      ['starting_after=msg_nope', 'starting_after'],
      ['checkout=', 'checkout'],
    ]) {
      expect(await errorOf(`/v1/events?${query}`), query).toMatchObject({ status: 400, field })
    }
    expect(await errorOf('/v1/events/msg_nope')).toMatchObject({ status: 404, code: 'not_found' })
  })

  it('redelivers an event already delivered, under the same webhook-id, and not one a sender holds', async () => {
    endpoint = await merchantEndpoint()
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: endpoint.url } })
    const sender = createOutboxSender({ db: t.database.db, clock: t.clock, log: silentLogger, url: endpoint.url, secret: WEBHOOK_SECRET })
    const { id } = await t.createCheckout()
    await transitionCheckout(t.ctx, id, 'paid', byProvider, { amountPaid: '19.99' })
    expect(await sender.runOnce()).toBe(1)
    const [event] = (await list('/v1/events')).data
    expect(event.delivery).toMatchObject({ status: 'delivered', attempts: 1 })
    expect(await sender.runOnce()).toBe(0)

    t.clock.advance(5000)
    const redeliver = await t.merchant(`/v1/events/${event.id}/redeliver`, { method: 'POST' })
    expect(redeliver.status).toBe(202)
    expect((await readJson(redeliver)).delivery).toMatchObject({ status: 'retrying', delivered_at: null, attempts: 1 })
    expect(await sender.runOnce()).toBe(1)
    expect(endpoint.received.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id])
    expect(endpoint.received[1]!.body).toBe(endpoint.received[0]!.body)

    // A sender holds the row right now: its outcome would overwrite the request, so it is refused.
    await t.database.db
      .updateTable('outbox')
      .set({ lease_until: t.clock() + 60_000 })
      .where('id', '=', event.id)
      .execute()
    expect(await errorOf(`/v1/events/${event.id}/redeliver`, { method: 'POST' })).toMatchObject({ status: 409, code: 'event_delivering' })
    expect(await errorOf('/v1/events/msg_nope/redeliver', { method: 'POST' })).toMatchObject({ status: 404 })
  })

  it('has nothing to redeliver to without a webhook URL', async () => {
    t = await createTestApp(dialect)
    expect(await errorOf('/v1/events/msg_x/redeliver', { method: 'POST' })).toMatchObject({ status: 409, code: 'webhook_not_configured' })
    expect((await list('/v1/events')).data).toEqual([])
  })

  it('prunes delivered events past the retention period and keeps undelivered ones', async () => {
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' } })
    const [a, b] = [await t.createCheckout(), await t.createCheckout()]
    await transitionCheckout(t.ctx, a.id, 'canceled', { by: 'merchant', action: 'cancel' })
    await transitionCheckout(t.ctx, b.id, 'canceled', { by: 'merchant', action: 'cancel' })
    await t.database.db.updateTable('outbox').set({ delivered_at: t.clock() }).where('checkout_id', '=', a.id).execute()
    expect(await pruneDeliveredEvents(t.database.db, t.clock())).toBe(0) // created at this very instant: not before it
    t.clock.advance(1)
    expect(await pruneDeliveredEvents(t.database.db, t.clock())).toBe(1)
    expect((await list('/v1/events')).data.map((e: Json) => e.checkout_id)).toEqual([b.id])
  })
})
