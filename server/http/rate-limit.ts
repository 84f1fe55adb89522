import type { Context, Env, MiddlewareHandler } from 'hono'
import { MemoryStore } from 'hono-rate-limiter'
import { addResponseHeaders } from './response-headers.js'

const WINDOW_MS = 60_000

/**
 * At most `limit` requests a minute per `key`, counted by hono-rate-limiter's memory store (a
 * fixed window from a key's first request) and announced in its draft-7 headers (`RateLimit`,
 * `RateLimit-Policy`, and `Retry-After` on refusal); `refuse` answers the requests over the limit.
 * Its own middleware would put the headers in Hono's `Headers`; these go with the gathered ones.
 */
export function perMinuteLimit<E extends Env>(
  limit: number,
  key: (c: Context<E>) => string,
  refuse: (c: Context<E>) => Response,
): MiddlewareHandler<E> {
  const store = new MemoryStore()
  store.init({ windowMs: WINDOW_MS } as Parameters<MemoryStore['init']>[0])
  const policy = `${limit};w=${WINDOW_MS / 1000}`
  return async (c, next) => {
    const { totalHits, resetTime } = store.increment(key(c))
    const reset = String(resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000)
    addResponseHeaders(c, {
      'RateLimit-Policy': policy,
      RateLimit: `limit=${limit}, remaining=${Math.max(limit - totalHits, 0)}, reset=${reset}`,
    })
    if (totalHits > limit) {
      addResponseHeaders(c, { 'Retry-After': reset })
      return refuse(c)
    }
    await next()
  }
}
