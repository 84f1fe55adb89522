import type pg from 'pg'
import type { Logger } from '../log.js'

/**
 * Tells live streams and the status cache that a checkout changed. Streams always re-read the
 * database, so a lost or duplicated notice costs them a little latency at most (they also re-read
 * on a timer); the status cache stops trusting itself while notices may be going unheard.
 */
export interface ChangeFeed {
  /** Call after the change is committed. This process's listeners hear it before this resolves. */
  publish(checkoutId: string): Promise<void>
  subscribe(checkoutId: string, listener: () => void): () => void
  /**
   * Hears the notices of every checkout. `null` means notices may have been missed (the
   * PostgreSQL listening connection came back after a loss): any checkout may have changed.
   */
  subscribeAll(listener: (checkoutId: string | null) => void): () => void
  /** False while notices from other processes may go unheard (the PostgreSQL listener is reconnecting). */
  readonly listening: boolean
  close(): Promise<void>
}

class Listeners {
  private readonly byCheckout = new Map<string, Set<() => void>>()
  private readonly ofAll = new Set<(checkoutId: string | null) => void>()

  add(checkoutId: string, listener: () => void): () => void {
    let set = this.byCheckout.get(checkoutId)
    if (!set) this.byCheckout.set(checkoutId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.byCheckout.delete(checkoutId)
    }
  }

  addForAll(listener: (checkoutId: string | null) => void): () => void {
    this.ofAll.add(listener)
    return () => void this.ofAll.delete(listener)
  }

  notify(checkoutId: string): void {
    for (const listener of this.ofAll) listener(checkoutId)
    for (const listener of this.byCheckout.get(checkoutId) ?? []) listener()
  }

  notifyMissed(): void {
    for (const listener of this.ofAll) listener(null)
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
    subscribeAll: (listener) => listeners.addForAll(listener),
    listening: true,
    async close() {},
  }
}

const CHANNEL = 'pay_checkout_changed'

/**
 * Several processes sharing PostgreSQL: notices travel by LISTEN/NOTIFY, so a webhook taken by
 * one instance wakes the stream held open by another. The listening connection reconnects by itself.
 * The publishing process tells its own listeners at once, without waiting for the NOTIFY to come
 * back (a payer's next read on this instance must see the change), and then hears its echo too.
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
      // Whatever changed while nobody listened went unheard.
      listeners.notifyMissed()
    } catch (error) {
      log.warn({ err: error }, 'change feed could not listen; retrying')
      if (!closed) retryTimer = setTimeout(() => void connect(), 1000)
    }
  }
  await connect()

  return {
    async publish(checkoutId) {
      listeners.notify(checkoutId)
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, checkoutId])
    },
    subscribe: (checkoutId, listener) => listeners.add(checkoutId, listener),
    subscribeAll: (listener) => listeners.addForAll(listener),
    get listening() {
      return client !== null
    },
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
