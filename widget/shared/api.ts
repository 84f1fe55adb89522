import { readSse } from './sse.js'
import type { ClientCheckout, ClientCheckoutCreated, ErrorBody } from './types.js'

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
  /** The checkout named by its client secret. */
  getCheckout(secret: string, options: RequestOptions): Promise<ClientCheckout>
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
  /** Catalog mode: the server creates a checkout for `product` at its own price. */
  createFromProduct(product: string, options: RequestOptions): Promise<ClientCheckoutCreated>
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
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  /** Trying again later may succeed (network failure, 5xx, 429); a 4xx will fail the same way. */
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(init: PayApiErrorInit) {
    super(init.message)
    this.status = init.status
    this.code = init.code
    this.field = init.field
    this.retryable = init.retryable
    this.retryAfterMs = init.retryAfterMs
  }

  /** Wraps anything thrown into a PayApiError; unknown failures count as retryable network trouble. */
  static from(error: unknown): PayApiError {
    if (error instanceof PayApiError) return error
    const message = error instanceof Error ? error.message : String(error)
    return new PayApiError({ status: 0, code: 'network_error', message, retryable: true })
  }
}

/** Raised by `openEvents` when the server does not offer the stream, so callers fall back quietly. */
export const EVENTS_UNSUPPORTED = 'events_unsupported'

/** The server caps `wait` at 30 s; asking for more would only earn a 400. */
const MAX_WAIT_SECONDS = 30

export interface PayApiOptions {
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch
}

/**
 * One call to the companion server: no cookies, no cache, and every failure turned into a
 * PayApiError (network trouble and 5xx retryable, 4xx not). The elements' own routes use it too.
 */
export async function requestServer(
  server: string,
  path: string,
  init: RequestInit & { signal: AbortSignal },
  fetchImpl: typeof fetch = (input, options) => globalThis.fetch(input, options),
): Promise<Response> {
  let response: Response
  try {
    // Cookies are never needed: the client secret is the only credential.
    response = await fetchImpl(`${server.replace(/\/+$/, '')}${path}`, { ...init, credentials: 'omit', cache: 'no-store' })
  } catch (error) {
    if (init.signal.aborted) throw error
    throw PayApiError.from(error)
  }
  if (!response.ok) throw await errorFromResponse(response)
  return response
}

/** The JSON body of a successful response, or a retryable PayApiError when it is not JSON. */
export async function readJsonResponse<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T
  } catch {
    throw new PayApiError({
      status: response.status,
      code: 'invalid_response',
      message: 'The server sent a response that is not JSON.',
      retryable: true,
    })
  }
}

/**
 * A call to one of an element's own routes under `/v1/client` (its payment: deposit, code…),
 * naming the checkout by its secret: GET without a body, POST with a JSON one.
 */
export async function callClientRoute<T>(
  server: string,
  path: string,
  secret: string,
  signal: AbortSignal,
  body?: unknown,
  fetchImpl?: typeof fetch,
): Promise<T> {
  const headers: Record<string, string> = { 'X-Client-Secret': secret, Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const init = {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    signal,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }
  return readJsonResponse<T>(await requestServer(server, `/v1/client${path}`, init, fetchImpl))
}

export function createPayApi(server: string, options: PayApiOptions = {}): PayApi {
  const request = (path: string, init: RequestInit & { signal: AbortSignal }) => requestServer(server, path, init, options.fetch)
  const json = readJsonResponse

  const secretHeaders = (secret: string) => ({ 'X-Client-Secret': secret, Accept: 'application/json' })

  return {
    async getCheckout(secret, { signal }) {
      const response = await request('/v1/client/checkout', { headers: secretHeaders(secret), signal })
      return json<ClientCheckout>(response)
    },

    async waitForChange(secret, after, waitSeconds, { signal }) {
      const wait = Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.floor(waitSeconds)))
      const query = new URLSearchParams({ after: String(after), wait: String(wait) })
      const response = await request(`/v1/client/checkout?${query}`, { headers: secretHeaders(secret), signal })
      return json<ClientCheckout>(response)
    },

    async *openEvents(secret, lastEventId, { signal }) {
      const headers: Record<string, string> = { 'X-Client-Secret': secret, Accept: 'text/event-stream' }
      if (lastEventId) headers['Last-Event-ID'] = lastEventId
      let response: Response
      try {
        response = await request('/v1/client/checkout/events', { headers, signal })
      } catch (error) {
        if (error instanceof PayApiError && [404, 405, 406, 501].includes(error.status)) {
          throw new PayApiError({
            status: error.status,
            code: EVENTS_UNSUPPORTED,
            message: error.message,
            retryable: false,
          })
        }
        throw error
      }
      const type = response.headers.get('Content-Type') ?? ''
      if (!type.startsWith('text/event-stream') || !response.body) {
        // A proxy that buffers or rewrites the stream: treat as unsupported.
        response.body?.cancel().catch(() => undefined)
        throw new PayApiError({
          status: response.status,
          code: EVENTS_UNSUPPORTED,
          message: 'The server did not answer with an event stream.',
          retryable: false,
        })
      }
      for await (const message of readSse(response.body, lastEventId ?? '')) {
        if (message.event !== 'checkout') continue
        let checkout: ClientCheckout
        try {
          checkout = JSON.parse(message.data) as ClientCheckout
        } catch {
          throw new PayApiError({
            status: response.status,
            code: 'invalid_response',
            message: 'The event stream sent data that is not JSON.',
            retryable: true,
          })
        }
        yield { id: message.id, checkout, ...(message.retry === undefined ? {} : { retry: message.retry }) }
      }
    },

    async createFromProduct(product, { signal }) {
      const response = await request('/v1/client/checkouts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ product }),
        signal,
      })
      return json<ClientCheckoutCreated>(response)
    },
  }
}

async function errorFromResponse(response: Response): Promise<PayApiError> {
  const retryable = response.status >= 500 || response.status === 429 || response.status === 408
  let body: Partial<ErrorBody> | undefined
  try {
    body = (await response.json()) as Partial<ErrorBody>
  } catch {
    // Not our JSON (a proxy's HTML error page, say): keep the status, describe it generically.
  }
  const error = body?.error
  return new PayApiError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `http_${response.status}`,
    message: typeof error?.message === 'string' ? error.message : `Request failed with status ${response.status}.`,
    field: typeof error?.field === 'string' ? error.field : undefined,
    retryable,
    retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
  })
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
