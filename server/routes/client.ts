import type { Context } from 'hono'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../app-types.js'
import { expireIfDue, findCheckout, insertCheckout, toClientCheckout, type CheckoutRow } from '../checkouts/checkouts.js'
import { FINAL_STATUSES, type ClientCheckout, type ClientCheckoutCreated } from '@pay-elements/contract'
import { canExpire, canTransition } from '../checkouts/state.js'
import type { LiveHooks } from '../providers/types.js'
import { enabledMethods } from '../config.js'
import { ApiError } from '../errors.js'
import { readJsonObject, validate } from '../http/body.js'
import { checkoutFromClientSecret } from '../http/client-secret.js'
import { perMinuteLimit, type HitCounter } from '../http/rate-limit.js'
import { completeResponse } from '../http/response-headers.js'
import { StatusCache } from '../live/status-cache.js'
import { waitForChange } from '../live/wait.js'

/** Streams end after this long; the element reconnects with Last-Event-ID (keeps proxies and LBs happy). */
const STREAM_LIFETIME_MS = 10 * 60_000
const MAX_WAIT_SECONDS = 30
/** The `retry` a stream ends with when the server shuts down, ms: soon, and to another instance. */
export const DRAIN_RECONNECT_MS = 500
const STATUS_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }

const rateLimited = (limit: number, deps: AppDeps, name: string, counter?: HitCounter) =>
  perMinuteLimit<AppEnv>(
    limit,
    (c) => `${name}:${deps.clientAddress(c)}`,
    (c) => {
      c.var.log.warn({ limit: name }, 'rate limit reached')
      return c.json(
        { error: { code: 'rate_limited', message: 'Too many requests; slow down and retry after the time in Retry-After' } },
        429,
      )
    },
    counter,
  )

/**
 * The browser API. A checkout is named by its client secret in `X-Client-Secret` (never in the
 * URL, so it stays out of access logs) and nothing here can move a checkout: the browser reads,
 * and in catalog mode asks for a new checkout at the catalog price.
 */
export function clientRoutes(deps: AppDeps, sharedCounter: () => HitCounter, live: readonly LiveHooks[] = []) {
  const { ctx, config } = deps
  const recheckMs = deps.streamRecheckMs ?? 15_000

  const checkoutOf = (c: Context<AppEnv>) => checkoutFromClientSecret(ctx, c)

  /** Re-reads a checkout, expiring it if its time is up. */
  const reload = async (id: string) => expireIfDue(ctx, (await findCheckout(ctx.db, id))!)

  /** Until when late money may still change a checkout whose status is final (ms), or null if it cannot. */
  const lateMoneyUntil = async (row: CheckoutRow): Promise<number | null> => {
    if (!FINAL_STATUSES.includes(row.status) || !canTransition(row.status, 'paid')) return null
    let until: number | null = null
    for (const hooks of live) {
      const end = (await hooks.lateMoneyUntil?.(row)) ?? null
      if (end !== null) until = Math.max(until ?? end, end)
    }
    return until
  }

  /**
   * The checkout as the browser sees it, and whether it was ever followed past its final status.
   * A final status is final unless money can still arrive (a provider says until when): late
   * money counts, so the element keeps following until then.
   */
  const view = async (row: CheckoutRow): Promise<{ shown: ClientCheckout; late: boolean }> => {
    const until = await lateMoneyUntil(row)
    const final = FINAL_STATUSES.includes(row.status) && !(until !== null && until > ctx.clock())
    return { shown: toClientCheckout(row, config.mode, final), late: until !== null }
  }

  /**
   * A payer is watching: providers that send no notice of some changes are asked now if it is
   * time. Resolves with the ms until the next question may be due (Infinity: none).
   */
  const watch = async (row: CheckoutRow): Promise<number> => {
    let nextMs = Infinity
    for (const hooks of live) {
      const due = (await hooks.watch?.(row)) ?? null
      if (due !== null) nextMs = Math.min(nextMs, due)
    }
    return nextMs
  }

  /** Wait no longer than the next heartbeat, or the expiry (while the checkout can expire), whichever comes first. */
  const nextWakeMs = (row: CheckoutRow, limitMs: number) =>
    Math.max(0, Math.min(limitMs, canExpire(row.status) ? row.expires_at - ctx.clock() + 50 : Infinity))

  /**
   * Watches (see `watch`), then waits for a change of the checkout, at most until the next
   * heartbeat (`limitMs`), the next question to a provider, or the expiry. Resolves true on a
   * change, including one the watch itself made.
   */
  const watchThenWait = async (row: CheckoutRow, limitMs: number, signal: AbortSignal): Promise<boolean> => {
    let changed = false
    const unsubscribe = ctx.changes.subscribe(row.id, () => (changed = true))
    let watchMs: number
    try {
      watchMs = await watch(row)
    } finally {
      unsubscribe()
    }
    return changed || waitForChange(ctx.changes, row.id, nextWakeMs(row, Math.min(limitMs, watchMs)), signal)
  }

  // Payers' pages poll their status; most reads are answered from memory until the checkout changes.
  const statusCache = new StatusCache(ctx.changes, ctx.clock)

  const querySchema = z.strictObject({
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).optional(),
  })

  return new Hono<AppEnv>()
    .use('*', rateLimited(deps.rateLimits?.client ?? 600, deps, 'client'))
    .get('/checkout', async (c) => {
      const query = validate(querySchema, c.req.query())
      if (query.after === undefined || !query.wait) {
        const secret = c.req.header('x-client-secret') ?? ''
        const cached = statusCache.get(secret)
        if (cached !== undefined) return completeResponse(c, cached, 200, STATUS_HEADERS)
        const readStarted = statusCache.readStarted()
        const row = await checkoutOf(c)
        const body = JSON.stringify((await view(row)).shown)
        statusCache.store(secret, row, body, readStarted)
        return completeResponse(c, body, 200, STATUS_HEADERS)
      }
      // Long-poll: hold the request until the checkout passes version `after`, or `wait` runs out
      // (or the server starts shutting down: the answer goes out now, and the next poll goes elsewhere).
      let row = await checkoutOf(c)
      let { shown } = await view(row)
      const deadline = ctx.clock() + query.wait * 1000
      const abort = deps.draining ? AbortSignal.any([c.req.raw.signal, deps.draining]) : c.req.raw.signal
      while (row.version <= query.after && !shown.final && ctx.clock() < deadline && !abort.aborted) {
        await watchThenWait(row, Math.min(recheckMs, deadline - ctx.clock()), abort)
        row = await reload(row.id)
        ;({ shown } = await view(row))
      }
      return completeResponse(c, JSON.stringify(shown), 200, STATUS_HEADERS)
    })
    .get('/checkout/events', async (c) => {
      const first = await checkoutOf(c)
      const lastEventId = Number(c.req.header('last-event-id'))
      c.header('Cache-Control', 'no-store')
      c.header('X-Accel-Buffering', 'no')
      return streamSSE(c, async (stream) => {
        const abort = new AbortController()
        stream.onAbort(() => abort.abort())
        const drain = () => abort.abort()
        deps.draining?.addEventListener('abort', drain, { once: true })
        const endAt = ctx.clock() + STREAM_LIFETIME_MS
        let sent = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0
        let row = first
        try {
          for (;;) {
            const { shown, late } = await view(row)
            if (deps.draining?.aborted) {
              // The server is shutting down: the status once more with a short `retry`, so the element
              // reconnects at once (to another instance) instead of waiting out its usual pause.
              await stream.writeSSE({ id: String(row.version), event: 'checkout', data: JSON.stringify(shown), retry: DRAIN_RECONNECT_MS })
              break
            }
            // A checkout followed for late money turns final with no new version when that time runs
            // out: that is said once more, under the same id, before the stream ends.
            if (row.version > sent || (shown.final && late)) {
              await stream.writeSSE({ id: String(row.version), event: 'checkout', data: JSON.stringify(shown) })
              sent = row.version
            }
            if (shown.final || ctx.clock() >= endAt || abort.signal.aborted) break
            const woke = await watchThenWait(row, recheckMs, abort.signal)
            if (!woke && !abort.signal.aborted) await stream.write(': ping\n\n')
            if (!deps.draining?.aborted) row = await reload(row.id)
          }
        } finally {
          deps.draining?.removeEventListener('abort', drain)
        }
      })
    })
    .post('/checkouts', rateLimited(deps.rateLimits?.catalogCheckouts ?? 20, deps, 'catalog', sharedCounter()), async (c) => {
      const { product: productId } = validate(z.strictObject({ product: z.string().max(64) }), await readJsonObject(c))
      const product = config.catalog.get(productId)
      if (!product) throw new ApiError(404, 'product_not_found', `No product "${productId}" in this server's catalog`, 'product')
      const methods = enabledMethods(config, product.methods)
      if (!methods.length)
        throw new ApiError(400, 'method_not_enabled', `No payment method of product "${productId}" is enabled on this server`, 'product')
      const row = await ctx.db.transaction().execute((trx) =>
        insertCheckout(trx, ctx.clock(), {
          amount: product.price,
          currency: product.currency,
          description: product.name,
          reference: null,
          methods,
          customer: null,
          metadata: {},
          subscription: null,
          productId: product.id,
          expiresInSeconds: config.checkoutTtlSeconds,
        }),
      )
      c.header('Cache-Control', 'no-store')
      return c.json({ client_secret: row.client_secret, checkout: (await view(row)).shown } satisfies ClientCheckoutCreated, 201)
    })
}
