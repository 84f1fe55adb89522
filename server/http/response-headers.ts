import type { Context, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Response headers that middleware decides before the handler runs (request id, security policy,
 * CORS, rate limit) are gathered in one plain object per request instead of Hono's `Headers`,
 * where every `set` validates and re-sorts (a fifth of a cached status read). A handler on a hot
 * path answers with `completeResponse`, which carries them all at once; any other response gets
 * them added after its handler, as the middleware they replace did.
 */

const GATHERED = 'gatheredHeaders'
const COMPLETE = 'completeResponse'

/** Outermost middleware: starts the collection and adds it to responses that do not carry it yet. */
export const gatherResponseHeaders: MiddlewareHandler = async (c, next) => {
  const gathered: Record<string, string> = {}
  c.set(GATHERED, gathered)
  await next()
  if (c.get(COMPLETE) === c.res) return
  const headers = c.res.headers
  for (const name in gathered) {
    // Vary lists what the response depends on: add to the handler's list rather than replace it.
    if (name === 'Vary') headers.append(name, gathered[name]!)
    else headers.set(name, gathered[name]!)
  }
}

/** Adds headers to this request's response, overriding the handler's headers of the same name. */
export function addResponseHeaders(c: Context, headers: Record<string, string>): void {
  Object.assign(c.get(GATHERED) as Record<string, string>, headers)
}

/**
 * A response with `headers` and every gathered header, which win over `headers` as they would
 * after the handler (names as the middleware spells them: a plain object does not fold case).
 */
export function completeResponse(c: Context, body: string, status: ContentfulStatusCode, headers: Record<string, string>): Response {
  const gathered = c.get(GATHERED) as Record<string, string>
  // Added into the gathered object: spreading one this large into a new object costs microseconds.
  for (const name in headers) if (!(name in gathered)) gathered[name] = headers[name]!
  const response = new Response(body, { status, headers: gathered })
  c.set(COMPLETE, response)
  return response
}

/** As hono/request-id: the caller's `X-Request-Id` when it is short and plain, else a new UUID. */
export const requestId: MiddlewareHandler = async (c, next) => {
  let id = c.req.header('X-Request-Id')
  if (!id || id.length > 255 || /[^\w\-=]/.test(id)) id = crypto.randomUUID()
  c.set('requestId', id)
  addResponseHeaders(c, { 'X-Request-Id': id })
  await next()
}

/**
 * JSON and event streams only: nothing here may be framed, scripted or sniffed. These are the
 * headers hono/secure-headers sets with `contentSecurityPolicy: { defaultSrc: ["'none'"],
 * frameAncestors: ["'none'"] }, crossOriginResourcePolicy: 'cross-origin', referrerPolicy:
 * 'no-referrer'`; response-headers.test.ts holds them to it.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
}
