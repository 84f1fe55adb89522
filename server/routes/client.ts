import type { Context } from 'hono'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../app-types.js'
import { expireIfDue, findCheckout, insertCheckout, type CheckoutRow } from '../checkouts/checkouts.js'
import { PAYMENT_METHODS, type ClientBootstrap, type ClientCheckoutCreated } from '@pay-elements/contract'
import type { ClientView, InitialStates } from '../checkouts/client-view.js'
import { canExpire } from '../checkouts/state.js'
import type { LiveHooks } from '../providers/types.js'
import { enabledMethods } from '../config.js'
import { ApiError } from '../errors.js'
import { readJsonObject, validate } from '../http/body.js'
import { checkoutFromClientSecret, checkoutFromSecret } from '../http/client-secret.js'
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

export interface ClientRouteDeps {
  /** Counts limits that must hold across instances (catalog checkouts). */
  sharedCounter: () => HitCounter
  /** What each running provider asks about a checkout a payer is watching. */
  live: readonly LiveHooks[]
  clientView: ClientView
  initialStates: InitialStates
}

const methodsSchema = z.array(z.enum(PAYMENT_METHODS)).max(PAYMENT_METHODS.length)

const bootstrapSchema = z.strictObject({
  client_secret: z.string().max(64),
  methods: methodsSchema.optional(),
  // Bounded by the body limit (64 kB) only: a state carries the merchant's whole coin list.
  initial_state: z.string().optional(),
})

/**
 * The browser API. A checkout is named by its client secret in `X-Client-Secret` (never in the
 * URL, so it stays out of access logs) and nothing here can move a checkout: the browser reads,
 * and in catalog mode asks for a new checkout at the catalog price. The one exception to the header
 * is `POST /bootstrap`, the element's first read: the secret travels in a `text/plain` body there,
 * which makes it a simple request that needs no CORS preflight (a round trip saved on first paint).
 */
export function clientRoutes(deps: AppDeps, { sharedCounter, live, clientView, initialStates }: ClientRouteDeps) {
  const { ctx, config } = deps
  const { view, firstScreens } = clientView
  const recheckMs = deps.streamRecheckMs ?? 15_000

  const checkoutOf = (c: Context<AppEnv>) => checkoutFromClientSecret(ctx, c)

  /** Re-reads a checkout, expiring it if its time is up. */
  const reload = async (id: string) => expireIfDue(ctx, (await findCheckout(ctx.db, id))!)

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
    .post('/bootstrap', async (c) => {
      const request = validate(bootstrapSchema, await readJsonObject(c, { plainText: true }))
      const row = await checkoutFromSecret(ctx, request.client_secret, 'client_secret')
      const [{ shown }, screens] = await Promise.all([view(row), firstScreens(row, request.methods)])
      const reply: ClientBootstrap = { checkout: shown, ...screens }
      if (request.initial_state !== undefined) {
        const valid = await initialStates.verify(request.initial_state, row.id)
        if (!valid)
          c.var.log.warn(
            { checkout: row.id },
            'initial_state not signed by this server for this checkout; the element was sent the real state',
          )
        reply.initial_state = valid ? 'valid' : 'invalid'
      }
      c.header('Cache-Control', 'no-store')
      return c.json(reply)
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
      const { product: productId, methods: wanted } = validate(
        z.strictObject({ product: z.string().max(64), methods: methodsSchema.optional() }),
        await readJsonObject(c),
      )
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
      // With the first screens asked for, the element needs nothing more to draw.
      const screens = wanted ? await firstScreens(row, wanted) : {}
      return c.json(
        { client_secret: row.client_secret, checkout: (await view(row)).shown, ...screens } satisfies ClientCheckoutCreated,
        201,
      )
    })
}
