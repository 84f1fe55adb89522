import type { CheckoutRow, Clock } from '../checkouts/checkouts.js'
import { canExpire } from '../checkouts/state.js'
import type { ChangeFeed } from './changes.js'

interface Entry {
  checkoutId: string
  body: string
  /** When the clock may expire the checkout (it cannot: Infinity). */
  expiresAt: number
  /** Served no longer than this even without a notice, in case one was lost. */
  staleAt: number
}

export interface StatusCacheOptions {
  maxEntries?: number
  ttlMs?: number
}

/**
 * The answer of `GET /v1/client/checkout` per client secret, kept until the change feed says the
 * checkout changed, its expiry comes due, or a short safety time passes (`ttlMs`: the bound on
 * staleness should a PostgreSQL notice be lost without the connection reporting it). A read that
 * began before the latest notice of its checkout is never stored: it may have seen the row before
 * that change. Nothing is served or stored while the feed may be missing notices. Unknown secrets
 * are not remembered (anyone could fill the memory with them).
 */
export class StatusCache {
  private readonly entries = new Map<string, Entry>()
  private readonly secretOf = new Map<string, string>()
  /** Counts notices; a read notes it when it starts (`readStarted`). */
  private generation = 0
  /** The generation of each checkout's latest notice, oldest first; bounded like the entries. */
  private readonly noticed = new Map<string, number>()
  /** Notices up to this generation are forgotten (or were missed): they may concern any checkout. */
  private forgottenUpTo = 0
  private readonly maxEntries: number
  private readonly ttlMs: number

  constructor(
    private readonly changes: ChangeFeed,
    private readonly clock: Clock,
    { maxEntries = 10_000, ttlMs = 2000 }: StatusCacheOptions = {},
  ) {
    this.maxEntries = maxEntries
    this.ttlMs = ttlMs
    changes.subscribeAll((checkoutId) => (checkoutId === null ? this.forgetAll() : this.changed(checkoutId)))
  }

  /** The stored answer for `secret`, or undefined when the database must be read. */
  get(secret: string): string | undefined {
    const entry = this.entries.get(secret)
    if (!entry) return undefined
    const now = this.clock()
    if (!this.changes.listening || now >= entry.staleAt || now >= entry.expiresAt) {
      this.remove(secret, entry.checkoutId)
      return undefined
    }
    return entry.body
  }

  /** Call before reading the checkout; hand the result to `store`. */
  readStarted(): number {
    return this.generation
  }

  /** Keeps `body`, the answer built from `row`, unless the checkout changed since `readStarted`. */
  store(secret: string, row: CheckoutRow, body: string, readStarted: number): void {
    if (!this.changes.listening || (this.noticed.get(row.id) ?? this.forgottenUpTo) > readStarted) return
    const previous = this.entries.get(secret)
    if (previous) this.remove(secret, previous.checkoutId)
    const expiresAt = canExpire(row.status) ? row.expires_at : Infinity
    this.entries.set(secret, { checkoutId: row.id, body, expiresAt, staleAt: this.clock() + this.ttlMs })
    this.secretOf.set(row.id, secret)
    if (this.entries.size > this.maxEntries) {
      const [oldestSecret, oldest] = this.entries.entries().next().value!
      this.remove(oldestSecret, oldest.checkoutId)
    }
  }

  private changed(checkoutId: string): void {
    this.noticed.delete(checkoutId)
    this.noticed.set(checkoutId, ++this.generation)
    if (this.noticed.size > this.maxEntries) {
      const [oldestId, generation] = this.noticed.entries().next().value!
      this.noticed.delete(oldestId)
      this.forgottenUpTo = generation
    }
    const secret = this.secretOf.get(checkoutId)
    if (secret !== undefined) this.remove(secret, checkoutId)
  }

  private forgetAll(): void {
    this.entries.clear()
    this.secretOf.clear()
    this.noticed.clear()
    this.forgottenUpTo = ++this.generation
  }

  private remove(secret: string, checkoutId: string): void {
    this.entries.delete(secret)
    this.secretOf.delete(checkoutId)
  }
}
