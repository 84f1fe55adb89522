import { describe, expect, it } from 'vitest'
import type { CheckoutRow } from '../checkouts/checkouts.js'
import type { CheckoutStatus } from '@pay-elements/contract'
import type { ChangeFeed } from './changes.js'
import { StatusCache } from './status-cache.js'

/** A change feed the test drives: notices, missed notices, and whether it is listening. */
function drivenFeed() {
  const listeners = new Set<(checkoutId: string | null) => void>()
  const feed = {
    listening: true as boolean,
    async publish(checkoutId: string) {
      for (const listener of listeners) listener(checkoutId)
    },
    subscribe: () => () => {},
    subscribeAll(listener: (checkoutId: string | null) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async close() {},
    missed() {
      for (const listener of listeners) listener(null)
    },
  } satisfies ChangeFeed & { missed(): void }
  return feed
}

const NOW = 1_800_000_000_000

function row(id: string, status: CheckoutStatus = 'open'): CheckoutRow {
  return {
    id,
    client_secret: `cs_${id}`,
    status,
    amount: '1.00',
    currency: 'USD',
    description: null,
    reference: null,
    methods: '["crypto"]',
    customer: null,
    metadata: '{}',
    subscription: null,
    product_id: null,
    amount_paid: '0.00',
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    expires_at: NOW + 60_000,
  }
}

/** Reads `row` as the route does: note the start, then store what was read. */
function readInto(cache: StatusCache, read: CheckoutRow, between: () => void = () => {}) {
  const started = cache.readStarted()
  between()
  cache.store(read.client_secret, read, `{"id":"${read.id}"}`, started)
}

describe('status cache', () => {
  it('keeps a read until a notice of its checkout', async () => {
    const feed = drivenFeed()
    const cache = new StatusCache(feed, () => NOW)
    readInto(cache, row('a'))
    readInto(cache, row('b'))
    expect(cache.get('cs_a')).toBe('{"id":"a"}')
    await feed.publish('a')
    expect(cache.get('cs_a')).toBeUndefined()
    expect(cache.get('cs_b')).toBe('{"id":"b"}')
  })

  it('does not keep a read that began before a notice of its checkout, but keeps one that began after', async () => {
    const feed = drivenFeed()
    const cache = new StatusCache(feed, () => NOW)
    readInto(cache, row('a'), () => void feed.publish('a'))
    expect(cache.get('cs_a')).toBeUndefined()
    readInto(cache, row('a'), () => void feed.publish('b'))
    expect(cache.get('cs_a')).toBe('{"id":"a"}')
  })

  it('treats a notice it no longer remembers as one of any checkout', async () => {
    const feed = drivenFeed()
    const cache = new StatusCache(feed, () => NOW, { maxEntries: 2 })
    readInto(cache, row('a'), () => {
      for (const id of ['a', 'x', 'y']) void feed.publish(id)
    })
    expect(cache.get('cs_a')).toBeUndefined()
    readInto(cache, row('a'))
    expect(cache.get('cs_a')).toBe('{"id":"a"}')
  })

  it('forgets everything, and reads under way, when notices may have been missed', () => {
    const feed = drivenFeed()
    const cache = new StatusCache(feed, () => NOW)
    readInto(cache, row('a'))
    readInto(cache, row('b'), () => feed.missed())
    expect(cache.get('cs_a')).toBeUndefined()
    expect(cache.get('cs_b')).toBeUndefined()
  })

  it('neither serves nor keeps anything while the feed is not listening', () => {
    const feed = drivenFeed()
    const cache = new StatusCache(feed, () => NOW)
    readInto(cache, row('a'))
    feed.listening = false
    expect(cache.get('cs_a')).toBeUndefined()
    readInto(cache, row('b'))
    feed.listening = true
    expect(cache.get('cs_a')).toBeUndefined()
    expect(cache.get('cs_b')).toBeUndefined()
  })

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = new StatusCache(drivenFeed(), () => NOW, { maxEntries: 2 })
    for (const id of ['a', 'b', 'c']) readInto(cache, row(id))
    expect([cache.get('cs_a'), cache.get('cs_b'), cache.get('cs_c')]).toEqual([undefined, '{"id":"b"}', '{"id":"c"}'])
  })

  it('lets the clock expire a checkout that can expire, and keeps a final one until the safety time', () => {
    let now = NOW
    const cache = new StatusCache(drivenFeed(), () => now, { ttlMs: 120_000 })
    readInto(cache, row('open'))
    readInto(cache, row('paid', 'paid'))
    now = NOW + 60_000
    expect(cache.get('cs_open')).toBeUndefined()
    expect(cache.get('cs_paid')).toBe('{"id":"paid"}')
    now = NOW + 120_000
    expect(cache.get('cs_paid')).toBeUndefined()
  })
})
