import { Hono, type Context } from 'hono'
import { rateLimiter } from 'hono-rate-limiter'
import { describe, expect, it } from 'vitest'
import { perMinuteLimit } from './rate-limit.js'
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
