import SQLite from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, type TestApp } from '../../test/helpers/app.js'
import { applyTransition, changeCheckout, expireDueCheckouts, transitionCheckout } from './checkouts.js'

describe.each(DIALECTS)('checkout transitions on %s', (dialect) => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' } })
  })
  afterEach(() => t.dispose())

  const evidence = { by: 'provider', provider: 'test', evidence: 'unit' } as const

  it('records an event row and an outbox row for each change, with the cause', async () => {
    const { id } = await t.createCheckout()
    await transitionCheckout(t.ctx, id, 'pending', evidence)
    await transitionCheckout(t.ctx, id, 'underpaid', evidence, { amountPaid: '5.00' })
    await transitionCheckout(t.ctx, id, 'underpaid', evidence, { amountPaid: '10.00' })
    await transitionCheckout(t.ctx, id, 'paid', evidence, { amountPaid: '19.99' })
    const events = await t.database.db.selectFrom('checkout_events').selectAll().where('checkout_id', '=', id).orderBy('version').execute()
    expect(events.map((e) => [e.version, e.from_status, e.to_status])).toEqual([
      [1, null, 'open'],
      [2, 'open', 'pending'],
      [3, 'pending', 'underpaid'],
      [4, 'underpaid', 'underpaid'],
      [5, 'underpaid', 'paid'],
    ])
    expect(JSON.parse(events[1]!.cause)).toEqual(evidence)
    const outbox = await t.database.db.selectFrom('outbox').select(['type', 'payload']).orderBy('created_at').execute()
    expect(outbox.map((o) => o.type)).toEqual(['checkout.pending', 'checkout.underpaid', 'checkout.underpaid', 'checkout.paid'])
    expect(JSON.parse(outbox[2]!.payload).data).toMatchObject({ amount_paid: '10.00', amount_due: '9.99' })
  })

  it('ignores a move backwards or out of a final status (late, out-of-order evidence)', async () => {
    const { id } = await t.createCheckout()
    await transitionCheckout(t.ctx, id, 'paid', evidence, { amountPaid: '19.99' })
    for (const late of ['pending', 'open', 'underpaid', 'expired', 'canceled', 'failed'] as const) {
      const result = await transitionCheckout(t.ctx, id, late, evidence)
      expect(result).toMatchObject({ changed: false, checkout: { status: 'paid', version: 2 } })
    }
    expect(await t.count('outbox')).toBe(1)
  })

  it('applies ten concurrent identical moves once', async () => {
    const { id } = await t.createCheckout()
    const results = await Promise.all(
      Array.from({ length: 10 }, () => transitionCheckout(t.ctx, id, 'paid', evidence, { amountPaid: '19.99' })),
    )
    expect(results.filter((r) => r.changed)).toHaveLength(1)
    expect(await t.count('checkout_events')).toBe(2)
    expect(await t.count('outbox')).toBe(1)
  })

  it('expires what is due and nothing else; late money still completes an expired checkout', async () => {
    const soon = await t.createCheckout({ amount: '1.00', currency: 'USD', expires_in: 60 })
    const later = await t.createCheckout({ amount: '1.00', currency: 'USD', expires_in: 600 })
    t.clock.advance(60_000)
    expect(await expireDueCheckouts(t.ctx)).toBe(1)
    expect(await expireDueCheckouts(t.ctx)).toBe(0)
    const read = (id: string) => t.database.db.selectFrom('checkouts').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(await read(soon.id)).toEqual({ status: 'expired' })
    expect(await read(later.id)).toEqual({ status: 'open' })
    expect((await transitionCheckout(t.ctx, soon.id, 'paid', evidence, { amountPaid: '1.00' })).changed).toBe(true)
  })

  it('commits concurrent changes each on its own: one that fails loses its event and outbox row only', async () => {
    const ids = await Promise.all(Array.from({ length: 4 }, async () => (await t.createCheckout()).id))
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        changeCheckout(t.ctx, id, async (trx) => {
          const moved = await applyTransition(trx, t.ctx, id, 'pending', evidence)
          if (i === 1) throw new Error('the provider answer did not check out')
          return moved
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    const statuses = await t.database.db.selectFrom('checkouts').select(['id', 'status']).execute()
    expect(ids.map((id) => statuses.find((row) => row.id === id)?.status)).toEqual(['pending', 'open', 'pending', 'pending'])
    const outbox = await t.database.db.selectFrom('outbox').select('checkout_id').execute()
    expect(outbox.map((row) => row.checkout_id).sort()).toEqual([ids[0], ids[2], ids[3]].sort())
    expect(await t.count('checkout_events')).toBe(4 + 3) // four created, three moved
  })

  it('lets a merchant cancel only from open, even when a payment starts in between', async () => {
    const { id } = await t.createCheckout()
    await transitionCheckout(t.ctx, id, 'pending', evidence)
    const result = await transitionCheckout(t.ctx, id, 'canceled', { by: 'merchant', action: 'cancel' }, { onlyFrom: ['open'] })
    expect(result).toMatchObject({ changed: false, checkout: { status: 'pending' } })
  })
})

describe('checkout changes on SQLite', () => {
  let t: TestApp
  /** A second connection to the same file: it sees only what is committed. */
  let observer: SQLite.Database
  beforeEach(async () => {
    t = await createTestApp('sqlite', { env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' } })
    observer = new SQLite(t.database.url.slice('file:'.length), { readonly: true })
  })
  afterEach(async () => {
    observer.close()
    await t.dispose()
  })

  it('wakes live streams and the webhook sender only once the change is committed', async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, async () => (await t.createCheckout()).id))
    const committedStatus = (id: string) =>
      observer.prepare<[string], { status: string }>('select status from checkouts where id = ?').get(id)?.status
    const noticed: (string | undefined)[] = []
    /** At each wake-up of the sender: how many of the moves were committed. */
    const committedAtWake: number[] = []
    for (const id of ids) t.changes.subscribe(id, () => noticed.push(committedStatus(id)))
    t.ctx.onOutbox = () => committedAtWake.push(ids.filter((id) => committedStatus(id) === 'pending').length)
    await Promise.all(ids.map((id) => transitionCheckout(t.ctx, id, 'pending', { by: 'provider', provider: 'test', evidence: 'unit' })))
    expect(noticed).toEqual(['pending', 'pending', 'pending'])
    expect(committedAtWake).toHaveLength(3)
    committedAtWake.forEach((committed, i) => expect(committed).toBeGreaterThan(i))
  })
})
