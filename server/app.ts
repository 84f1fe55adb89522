import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { routePath } from 'hono/route'
import type { AppDeps, AppEnv } from './app-types.js'
import { ApiError } from './errors.js'
import { databaseCounter, memoryCounter } from './http/rate-limit.js'
import { addResponseHeaders, API_SECURITY_HEADERS, gatherResponseHeaders, requestId } from './http/response-headers.js'
import { DeferredChild } from './log.js'
import type { Metrics } from './metrics.js'
import { openApiDocument } from './openapi.js'
import { PROVIDERS } from './providers/index.js'
import type { FirstScreenHooks } from './providers/types.js'
import { clientRoutes } from './routes/client.js'
import { createClientView, createInitialStates } from './checkouts/client-view.js'
import { merchantCheckoutRoutes } from './routes/merchant-checkouts.js'
import { merchantEventRoutes } from './routes/merchant-events.js'
import { operationsRoutes } from './routes/operations.js'

export type { AppDeps, AppEnv } from './app-types.js'

/** Request bodies above this are refused before they are read. Checkouts are small. */
const MAX_BODY_BYTES = 64 * 1024

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/
/** Response headers the browser's script may read. */
const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy']

/**
 * The companion server as a Hono app. It uses only Web APIs (fetch, Web Crypto, streams); the
 * runtime entry (`node.ts`) supplies the database, clock, logger and client address.
 */
export function createApp(deps: AppDeps) {
  const { config } = deps
  const app = new Hono<AppEnv>()

  app.use(gatherResponseHeaders)
  app.use(requestId)
  app.use(async (c, next) => {
    const started = performance.now()
    const reqId = c.get('requestId')
    c.set('log', new DeferredChild(deps.log, { reqId }))
    await next()
    const elapsed = performance.now() - started
    // The same line a child logger would write, without making one for every request.
    deps.log.info({ reqId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(elapsed) }, 'request')
    if (deps.metrics) countRequest(deps.metrics, c, elapsed / 1000)
  })
  // The simulators serve pages of their own (a hosted checkout, a payment page) and set their own policy.
  app.use((c, next) => {
    if (!c.req.path.startsWith('/sandbox/')) addResponseHeaders(c, API_SECURITY_HEADERS)
    return next()
  })
  const allowedOrigin = (origin: string) =>
    config.allowedOrigins.includes(origin) || (config.allowLoopbackOrigins && LOOPBACK_ORIGIN.test(origin)) ? origin : null
  const preflight = cors({
    origin: allowedOrigin,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'X-Client-Secret', 'Last-Event-ID', 'Idempotency-Key'],
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  })
  // Nothing of the browser API may be stored by a cache: the elements leave the fetch cache mode at
  // its default, which lets Chromium keep a preflight's answer (a `no-store` request skips it).
  const corsHeaders = { 'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(','), Vary: 'Origin', 'Cache-Control': 'no-store' }
  // What cors() adds to a request that is not a preflight, gathered: cors() sets it on `c.res`
  // before the handler runs, which makes Hono rebuild every response as a full Response with a
  // streamed body (a third of a status read's time).
  const warnRefused = refusedOriginWarning(deps.log, deps.ctx.clock)
  app.use('/v1/client/*', (c, next) => {
    const requested = c.req.header('origin') ?? ''
    const origin = allowedOrigin(requested)
    if (requested && !origin && !sameOrigin(c, requested)) warnRefused(requested, c.req.method === 'OPTIONS' ? 'preflight' : 'request')
    if (c.req.method === 'OPTIONS') return preflight(c, next)
    addResponseHeaders(c, origin ? { 'Access-Control-Allow-Origin': origin, ...corsHeaders } : corsHeaders)
    return next()
  })
  // Readable from any page (a simple GET: no preflight, no credentials), so an element whose calls
  // the browser blocked can tell a page the server refuses from a server it cannot reach.
  app.get('/v1/client/origin', (c) => {
    const origin = c.req.header('origin') ?? null
    addResponseHeaders(c, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' })
    return c.json({ origin, allowed: origin === null || allowedOrigin(origin) !== null || sameOrigin(c, origin) })
  })
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: { code: 'payload_too_large', message: `The body must be at most ${MAX_BODY_BYTES} bytes` } }, 413),
  })
  // GET and HEAD carry no body; skipping them spares the Node adapter building a full Request per read.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)))

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status, error.headers)
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'bad_request', message: error.message || 'Bad request' } }, error.status)
    }
    ;(c.var.log ?? deps.log).error({ err: error }, 'unhandled error')
    return c.json(
      { error: { code: 'internal_error', message: `Something went wrong on our side; quote request id ${c.var.requestId}` } },
      500,
    )
  })
  app.notFound((c) => {
    c.set('unmatched', true)
    return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404)
  })

  app.route('/', operationsRoutes(deps))

  app.get('/openapi.json', (c) => c.json(openApiDocument(config.publicUrl)))

  const outbound = sandboxAwareFetch(config, deps.fetch ?? fetch, (request) => app.fetch(request))
  // Limits on money-adjacent routes count in PostgreSQL when instances share it; one SQLite instance counts in memory.
  const sharedCounter = () =>
    deps.ctx.dialect === 'postgres'
      ? databaseCounter(deps.ctx.db, deps.ctx.clock, (error) => deps.log.warn({ err: error }, 'could not prune rate limit rows'))
      : memoryCounter()
  const providers = PROVIDERS.flatMap((provider) => {
    const providerConfig = config[provider.id]
    if (!providerConfig) return []
    const fetch = deps.metrics ? timedFetch(outbound, deps.metrics, provider.id, providerConfig.baseUrl) : outbound
    return [{ provider, routes: provider.routes({ ...deps, fetch, sharedCounter }) }]
  })

  const cancelHooks = providers.flatMap(({ routes }) => (routes.cancel ? [routes.cancel] : []))
  const live = providers.flatMap(({ routes }) => (routes.live ? [routes.live] : []))
  const firstScreens: FirstScreenHooks = Object.fromEntries(
    providers.flatMap(({ provider, routes }) => (routes.firstScreen ? [[provider.method, routes.firstScreen]] : [])),
  )
  const clientView = createClientView(deps.ctx, config, live, firstScreens)
  const initialStates = createInitialStates(config.secretKey, deps.ctx.clock)
  app.route('/v1/checkouts', merchantCheckoutRoutes(deps, { cancelHooks, clientView, initialStates }))
  app.route('/v1/events', merchantEventRoutes(deps))
  app.route('/v1/client', clientRoutes(deps, { sharedCounter, live, clientView, initialStates }))
  for (const { provider, routes } of providers) {
    if (routes.client) app.route(`/v1/client/${provider.method}`, routes.client)
    if (routes.webhook) app.route(`/webhooks/${provider.id}`, routes.webhook)
    if (routes.sandbox && config.mode === 'sandbox') app.route(`/sandbox/${provider.id}`, routes.sandbox)
    if (routes.reconcile) deps.reconcilers?.set(provider.id, routes.reconcile)
  }
  return app
}

/** A page of the server's own origin needs no CORS (its browser sends `Origin` on a POST all the same). */
const sameOrigin = (c: Context, origin: string) => new URL(c.req.url).origin === origin

/**
 * Warns about a page whose origin is not in PAY_ALLOWED_ORIGINS (its browser blocks every call, so
 * the payer sees nothing work): once a minute per origin, so a busy misconfigured shop or a stranger
 * probing cannot flood the log.
 */
function refusedOriginWarning(log: AppDeps['log'], clock: () => number) {
  const warned = new Map<string, number>()
  return (origin: string, kind: 'preflight' | 'request') => {
    const now = clock()
    if (now - (warned.get(origin) ?? -Infinity) < 60_000) return
    if (warned.size >= 1000) warned.clear()
    warned.set(origin, now)
    log.warn({ origin, kind }, 'refused a browser call from an origin not in PAY_ALLOWED_ORIGINS; add it there if the page is yours')
  }
}

/**
 * In sandbox mode the providers live in this same server (`/sandbox/*`) and call back to it
 * (`/webhooks/*`): requests to our own public URL are answered in-process, as real HTTP requests
 * and responses but without a socket. Anything else goes to the network.
 */
function sandboxAwareFetch(
  config: AppDeps['config'],
  network: typeof fetch,
  self: (request: Request) => Response | Promise<Response>,
): typeof fetch {
  if (config.mode !== 'sandbox') return network
  const own = `${config.publicUrl}/`
  return async (input, init) => {
    const request = new Request(input, init)
    if (!request.url.startsWith(own)) return network(request)
    // Honour the caller's time limit as a socket would: give up when its signal aborts.
    const { signal } = request
    signal.throwIfAborted()
    return Promise.race([
      self(request),
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
    ])
  }
}

const WEBHOOK_PATH = /^\/webhooks\/(ccpayment|ccbill|nicepay)\/?$/

/** Counts a request by its route pattern (bounded, unlike paths), and a provider's webhook by what came of it. */
function countRequest(metrics: Metrics, c: Context<AppEnv>, seconds: number) {
  const status = c.res.status
  const route = c.var.unmatched ? 'unmatched' : routePath(c) || 'unmatched'
  metrics.request(route, c.req.method, status, seconds)
  const webhook = c.req.method === 'POST' ? WEBHOOK_PATH.exec(c.req.path) : null
  if (webhook) {
    const outcome = status >= 500 ? 'failed' : status >= 400 ? 'refused' : (c.var.webhookOutcome ?? 'accepted')
    metrics.webhook(webhook[1]!, outcome)
  }
}

/**
 * The provider's outbound fetch, timing each call to its API (`baseUrl`) by operation: the path
 * below the base with ids folded (`/transactions/payment-tokens/:id`). Other requests (the
 * simulators' own webhooks back to us) pass through untimed.
 */
function timedFetch(fetch: typeof globalThis.fetch, metrics: Metrics, provider: string, baseUrl: string): typeof globalThis.fetch {
  const base = `${baseUrl}/`
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith(base)) return fetch(input, init)
    const operation = `/${url.slice(base.length).split('?')[0]!}`
      .split('/')
      .map((segment) => (/\d/.test(segment) && segment.length >= 8 ? ':id' : segment))
      .join('/')
    const started = performance.now()
    const seconds = () => (performance.now() - started) / 1000
    try {
      const response = await fetch(input, init)
      metrics.providerCall(provider, operation, response.status >= 500 ? 'http_error' : 'ok', seconds())
      return response
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      metrics.providerCall(provider, operation, timedOut ? 'timeout' : 'network', seconds())
      throw error
    }
  }
}

export type App = ReturnType<typeof createApp>
