import type pg from 'pg'
import type { Logger } from '../log.js'

/**
 * Tells live streams that a checkout changed. Listeners always re-read the database, so a lost or
 * duplicated notice costs a little latency at most; streams also re-read on a timer.
 */
export interface ChangeFeed {
  /** Call after the change is committed. */
  publish(checkoutId: string): Promise<void>
  subscribe(checkoutId: string, listener: () => void): () => void
  close(): Promise<void>
}

class Listeners {
  private readonly byCheckout = new Map<string, Set<() => void>>()

  add(checkoutId: string, listener: () => void): () => void {
    let set = this.byCheckout.get(checkoutId)
    if (!set) this.byCheckout.set(checkoutId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.byCheckout.delete(checkoutId)
    }
  }

  notify(checkoutId: string): void {
    for (const listener of this.byCheckout.get(checkoutId) ?? []) listener()
  }
}

/** One process (SQLite): notices stay in memory. */
export function createLocalChangeFeed(): ChangeFeed {
  const listeners = new Listeners()
  return {
    async publish(checkoutId) {
      listeners.notify(checkoutId)
    },
    subscribe: (checkoutId, listener) => listeners.add(checkoutId, listener),
    async close() {},
  }
}

const CHANNEL = 'pay_checkout_changed'

/**
 * Several processes sharing PostgreSQL: notices travel by LISTEN/NOTIFY, so a webhook taken by
 * one instance wakes the stream held open by another. The listening connection reconnects by itself.
 */
export async function createPostgresChangeFeed(pool: pg.Pool, log: Logger): Promise<ChangeFeed> {
  const listeners = new Listeners()
  let client: pg.PoolClient | null = null
  let closed = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const connect = async (): Promise<void> => {
    try {
      const next = await pool.connect()
      next.on('notification', (message) => {
        if (message.channel === CHANNEL && message.payload) listeners.notify(message.payload)
      })
      next.on('error', (error) => {
        log.warn({ err: error }, 'change feed connection lost; reconnecting')
        next.release(true)
        if (client === next) client = null
        if (!closed) retryTimer = setTimeout(() => void connect(), 1000)
      })
      await next.query(`LISTEN ${CHANNEL}`)
      client = next
    } catch (error) {
      log.warn({ err: error }, 'change feed could not listen; retrying')
      if (!closed) retryTimer = setTimeout(() => void connect(), 1000)
    }
  }
  await connect()

  return {
    async publish(checkoutId) {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, checkoutId])
    },
    subscribe: (checkoutId, listener) => listeners.add(checkoutId, listener),
    async close() {
      closed = true
      clearTimeout(retryTimer)
      if (client) {
        const current = client
        client = null
        await current.query(`UNLISTEN ${CHANNEL}`).catch(() => {})
        current.release()
      }
    },
  }
}
