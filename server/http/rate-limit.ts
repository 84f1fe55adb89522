import type { Context, Env, MiddlewareHandler } from 'hono'
import { MemoryStore } from 'hono-rate-limiter'
import { sql } from 'kysely'
import type { Db } from '../db/schema.js'
import { addResponseHeaders } from './response-headers.js'

const WINDOW_MS = 60_000

export interface Counted {
  hits: number
  resetSeconds: number
}

/** Counts requests per key in windows of a minute. */
export interface HitCounter {
  /** Counts one request for `key`: how many its window holds now, and the seconds until that window ends. */
  hit(key: string): Counted | Promise<Counted>
}

/**
 * Counts in this process's memory (hono-rate-limiter's store: a window starts at a key's first
 * request). Enough for one instance, and for limits that only shield the instance itself.
 */
export function memoryCounter(): HitCounter {
  const store = new MemoryStore()
  store.init({ windowMs: WINDOW_MS } as Parameters<MemoryStore['init']>[0])
  return {
    hit(key) {
      const { totalHits, resetTime } = store.increment(key)
      const resetMs = resetTime ? resetTime.getTime() - Date.now() : WINDOW_MS
      return { hits: totalHits, resetSeconds: Math.max(0, Math.ceil(resetMs / 1000)) }
    },
  }
}

/**
 * Counts in the `rate_limits` table, so that every instance sharing the database counts together:
 * one atomic upsert per request, with a window that starts at a key's first request, as the memory
 * store's does. Rows of windows long past are deleted now and then by whichever instance counts.
 */
export function databaseCounter(db: Db, clock: () => number = Date.now, onError: (error: unknown) => void = () => {}): HitCounter {
  let lastSweep = 0
  return {
    async hit(key) {
      const now = clock()
      const current = sql<boolean>`rate_limits.window_start > ${now - WINDOW_MS}`
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: now, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            // Both read the row as it was: a window still running counts on, a finished one starts again now.
            hits: sql`case when ${current} then rate_limits.hits + 1 else 1 end`,
            window_start: sql`case when ${current} then rate_limits.window_start else ${now} end`,
          }),
        )
        .returning(['hits', 'window_start'])
        .executeTakeFirstOrThrow()
      if (now - lastSweep > WINDOW_MS) {
        lastSweep = now
        db.deleteFrom('rate_limits')
          .where('window_start', '<', now - 2 * WINDOW_MS)
          .execute()
          .catch(onError)
      }
      return { hits: row.hits, resetSeconds: Math.max(0, Math.ceil((Number(row.window_start) + WINDOW_MS - now) / 1000)) }
    },
  }
}

/**
 * At most `limit` requests a minute per `key`, counted by `counter` and announced in the draft-7
 * headers hono-rate-limiter sends (`RateLimit`, `RateLimit-Policy`, and `Retry-After` on refusal);
 * `refuse` answers the requests over the limit. Its own middleware would put the headers in Hono's
 * `Headers`; these go with the gathered ones.
 */
export function perMinuteLimit<E extends Env>(
  limit: number,
  key: (c: Context<E>) => string | Promise<string>,
  refuse: (c: Context<E>) => Response,
  counter: HitCounter = memoryCounter(),
): MiddlewareHandler<E> {
  const policy = `${limit};w=${WINDOW_MS / 1000}`
  return async (c, next) => {
    const name = key(c)
    const counted = counter.hit(typeof name === 'string' ? name : await name)
    const { hits, resetSeconds } = counted instanceof Promise ? await counted : counted
    const reset = String(resetSeconds)
    addResponseHeaders(c, {
      'RateLimit-Policy': policy,
      RateLimit: `limit=${limit}, remaining=${Math.max(limit - hits, 0)}, reset=${reset}`,
    })
    if (hits > limit) {
      addResponseHeaders(c, { 'Retry-After': reset })
      return refuse(c)
    }
    await next()
  }
}
