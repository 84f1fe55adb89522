import { Hono, type Context } from 'hono'
import { rateLimiter } from 'hono-rate-limiter'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../test/helpers/app.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/databases.js'
import { databaseCounter, perMinuteLimit } from './rate-limit.js'
import { gatherResponseHeaders } from './response-headers.js'

const refuse = (c: Context) => c.json({ error: 'rate_limited' }, 429)
const key = (c: Context) => c.req.header('x-key') ?? ''

describe('per-minute limit', () => {
  it('counts and announces as hono-rate-limiter does, per key', async () => {
    const theirs = new Hono()
      .use(rateLimiter({ windowMs: 60_000, limit: 2, standardHeaders: 'draft-7', keyGenerator: key, handler: refuse }))
      .get('/', (c) => c.json({}))
    const ours = new Hono()
      .use(gatherResponseHeaders)
      .use(perMinuteLimit(2, key, refuse))
      .get('/', (c) => c.json({}))
    const answers = async (app: Hono) => {
      const seen = []
      for (const who of ['a', 'a', 'b', 'a', 'a']) {
        const response = await app.request('/', { headers: { 'x-key': who } })
        seen.push({ status: response.status, headers: Object.fromEntries(response.headers) })
      }
      return seen
    }
    const expected = await answers(theirs)
    expect(expected.map((a) => a.status)).toEqual([200, 200, 200, 429, 429])
    expect(expected[3]!.headers).toMatchObject({
      'retry-after': '60',
      ratelimit: 'limit=2, remaining=0, reset=60',
      'ratelimit-policy': '2;w=60',
    })
    expect(await answers(ours)).toEqual(expected)
  })
})

describe.each(DIALECTS)('database counter on %s', (dialect) => {
  let database: TestDatabase
  afterEach(() => database.dispose())

  it('counts one key across counters that share the database, in a window from its first request', async () => {
    database = await createTestDatabase(dialect)
    const clock = manualClock(1_000_000)
    const [one, two] = [databaseCounter(database.db, clock), databaseCounter(database.db, clock)]
    expect(await one.hit('k')).toEqual({ hits: 1, resetSeconds: 60 })
    clock.advance(20_000)
    const [first, second, other] = await Promise.all([one.hit('k'), two.hit('k'), two.hit('other')])
    // The two counters' hits on `k` arrive in either order; together they count 2 and 3.
    expect([first!.hits, second!.hits].sort()).toEqual([2, 3])
    expect([first!.resetSeconds, second!.resetSeconds]).toEqual([40, 40])
    expect(other).toEqual({ hits: 1, resetSeconds: 60 })
    clock.advance(40_000)
    expect(await two.hit('k')).toEqual({ hits: 1, resetSeconds: 60 })
  })

  it('refuses over the limit with the headers the memory counter sends', async () => {
    database = await createTestDatabase(dialect)
    const clock = manualClock(1_000_000)
    const app = new Hono()
      .use(gatherResponseHeaders)
      .use(perMinuteLimit(2, key, refuse, databaseCounter(database.db, clock)))
      .get('/', (c) => c.json({}))
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/', { headers: { 'x-key': 'a' } })).status)
    expect(statuses).toEqual([200, 200, 429])
    const refused = await app.request('/', { headers: { 'x-key': 'a' } })
    expect(Object.fromEntries(refused.headers)).toMatchObject({ 'retry-after': '60', ratelimit: 'limit=2, remaining=0, reset=60' })
  })
})
