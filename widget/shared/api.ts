import type { ClientBootstrap, ClientCheckout, ClientCheckoutCreated, PaymentMethod } from './types.js'

/** Every call takes a signal: nothing the elements start may outlive them. */
export interface RequestOptions {
  signal: AbortSignal
}

/** One `event: checkout` message of the live stream. */
export interface CheckoutEvent {
  /** The SSE `id` (the checkout version); send it back as `Last-Event-ID` when reconnecting. */
  id: string
  checkout: ClientCheckout
  /** Reconnection delay the server asked for with `retry:`, in milliseconds. */
  retry?: number
}

/** The browser API of the companion server (`/v1/client/…`), as the elements use it. */
export interface PayApi {
  /**
   * The first read: the checkout and the first screens of `methods`, in one request that needs no
   * CORS preflight. `initialState` (the page's `initial-state`) goes along for the server to check.
   */
  bootstrap(secret: string, methods: PaymentMethod[], initialState: string | undefined, options: RequestOptions): Promise<ClientBootstrap>
  /**
   * Long-poll: resolves as soon as the checkout's version exceeds `after`, or after
   * `waitSeconds` (at most 30) with the current view.
   */
  waitForChange(secret: string, after: number, waitSeconds: number, options: RequestOptions): Promise<ClientCheckout>
  /**
   * The live stream. Rejects (on first iteration) with a PayApiError when it cannot be opened;
   * ends when the server closes it (after a final status).
   */
  openEvents(secret: string, lastEventId: string | null, options: RequestOptions): AsyncIterable<CheckoutEvent>
  /** Catalog mode: the server creates a checkout for `product` at its own price (with the first screens of `methods`). */
  createFromProduct(product: string, methods: PaymentMethod[], options: RequestOptions): Promise<ClientCheckoutCreated>
}

export interface PayApiErrorInit {
  /** HTTP status; 0 when no response arrived. */
  status: number
  code: string
  message: string
  field?: string | undefined
  retryable: boolean
  /** From `Retry-After`, in milliseconds. */
  retryAfterMs?: number | undefined
}

export class PayApiError extends Error {
  override readonly name = 'PayApiError'
  // Set from the init in the constructor.
  declare readonly status: number
  declare readonly code: string
  declare readonly field: string | undefined
  /** Trying again later may succeed (network failure, 5xx, 429); a 4xx will fail the same way. */
  declare readonly retryable: boolean
  declare readonly retryAfterMs: number | undefined

  constructor({ message, ...fields }: PayApiErrorInit) {
    super(message)
    Object.assign(this, { field: undefined, retryAfterMs: undefined }, fields)
  }

  /** Wraps anything thrown into a PayApiError; unknown failures count as retryable network trouble. */
  static from(error: unknown): PayApiError {
    if (error instanceof PayApiError) return error
    const message = error instanceof Error ? error.message : String(error)
    return new PayApiError({ status: 0, code: 'network_error', message, retryable: true })
  }
}

/** A failed answer known only by its status: 5xx, 429 and 408 may pass by trying again, the rest will not. */
export function statusError(status: number): PayApiError {
  const retryable = status >= 500 || status === 429 || status === 408
  return new PayApiError({ status, code: `http_${status}`, message: `Request failed with status ${status}.`, retryable })
}

/** Raised by `openEvents` when the server does not offer the stream, so callers fall back quietly. */
export const EVENTS_UNSUPPORTED = 'events_unsupported'

export interface PayApiOptions {
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch
}

/**
 * One call to the companion server's browser API (`/v1/client…`): the client secret in a header
 * (never in the URL), cookies only to the page's own origin (fetch's default, `same-origin`: a
 * server reached through the site's origin shares the page's connection, which an uncredentialed
 * request would not), a JSON body when there is one (then POST), and every
 * failure turned into a PayApiError (network trouble and 5xx retryable, 4xx not). An abort passes
 * through unchanged.
 */
async function send(
  server: string,
  path: string,
  secret: string,
  signal: AbortSignal,
  body?: unknown,
  headers: Record<string, string> = { Accept: 'application/json' },
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): Promise<Response> {
  if (secret) headers['X-Client-Secret'] = secret
  if (body !== undefined) headers['Content-Type'] ??= 'application/json'
  let response: Response
  try {
    response = await fetchImpl(`${server.replace(/\/+$/, '')}/v1/client${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      signal,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    if (signal.aborted) throw error
    throw PayApiError.from(error)
  }
  if (!response.ok) {
    // The server's account of a failure is read by the code that words failures (error-view.ts,
    // fetched the first time one happens), which keeps it off every first load. Should that code
    // not arrive, the status alone says whether trying again may pass.
    throw await import('./error-view.js').then(
      (view) => view.errorFromResponse(response),
      () => statusError(response.status),
    )
  }
  return response
}

/**
 * A JSON call to a route under `/v1/client` naming the checkout by its secret (empty: none): GET
 * without a body, POST with one. The elements' own routes (deposit, code…) use it too.
 */
export async function callClientRoute<T>(
  server: string,
  path: string,
  secret: string,
  signal: AbortSignal,
  body?: unknown,
  fetchImpl?: typeof fetch,
): Promise<T> {
  return readJson<T>(await send(server, path, secret, signal, body, undefined, fetchImpl))
}

/** An answer that is not JSON came from something in between (a captive portal, a proxy's page): the server was not reached. */
const readJson = <T>(response: Response): Promise<T> =>
  response.json().catch((error: unknown) => {
    throw PayApiError.from(error)
  })

export function createPayApi(server: string, { fetch }: PayApiOptions = {}): PayApi {
  const call = <T>(path: string, secret: string, signal: AbortSignal, body?: unknown) =>
    callClientRoute<T>(server, path, secret, signal, body, fetch)

  return {
    // The server caps `wait` at 30 s; asking for more would only earn a 400.
    waitForChange: (secret, after, waitSeconds, { signal }) =>
      call(`/checkout?after=${after}&wait=${Math.max(0, Math.min(30, Math.floor(waitSeconds)))}`, secret, signal),

    createFromProduct: (product, methods, { signal }) => call('/checkouts', '', signal, { product, methods }),

    // text/plain and no header of ours: a simple request, so no preflight holds up the first paint.
    bootstrap: async (secret, methods, initialState, { signal }) =>
      readJson(
        await send(
          server,
          '/bootstrap',
          '',
          signal,
          { client_secret: secret, methods, initial_state: initialState },
          { Accept: 'application/json', 'Content-Type': 'text/plain;charset=UTF-8' },
          fetch,
        ),
      ),

    // The stream's code (request, parser) loads with the first stream, not with the element.
    async *openEvents(secret, lastEventId, { signal }) {
      const { openCheckoutEvents } = await import('./sse.js')
      yield* openCheckoutEvents((headers) => send(server, '/checkout/events', secret, signal, undefined, headers, fetch), lastEventId)
    },
  }
}
