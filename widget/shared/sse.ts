import { EVENTS_UNSUPPORTED, PayApiError, type CheckoutEvent } from './api.js'
import type { ClientCheckout } from './types.js'

/**
 * A Server-Sent Events parser (WHATWG HTML "event stream interpretation"). EventSource cannot send
 * the client secret in a header, so the stream is read with fetch and parsed here.
 */

export interface SseMessage {
  /** `event:` field, `message` when absent. */
  event: string
  /** `data:` lines joined with `\n`. */
  data: string
  /** The last event id in effect when this message was dispatched (ids persist across messages). */
  id: string
  /** `retry:` reconnection time in milliseconds, when the server sent one. */
  retry?: number
}

export class SseParser {
  /** The unfinished last line. */
  private buffer = ''
  /** The last chunk ended in `\r`: a `\n` opening the next one completes that line break. */
  private skipLineFeed = false
  private eventType = ''
  /** The message's `data:` lines; undefined while it has none. */
  private data: string[] | undefined
  private retry: number | undefined

  constructor(private lastEventId = '') {}

  /** Feeds decoded text; returns the messages completed by it. */
  push(chunk: string): SseMessage[] {
    if (this.skipLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1)
    if (chunk) this.skipLineFeed = chunk.endsWith('\r')
    const lines = (this.buffer + chunk).split(/\r\n|\r|\n/)
    this.buffer = lines.pop()!
    return lines.flatMap((line) => this.processLine(line))
  }

  /** The stream ended: an unterminated message is discarded, as the spec says. */
  end(): void {
    this.buffer = ''
    this.resetMessage()
  }

  private resetMessage(): void {
    this.eventType = ''
    this.data = undefined
  }

  private processLine(line: string): SseMessage[] {
    if (!line) {
      // A blank line dispatches the message, if it has data.
      const data = this.data
      const message = { event: this.eventType || 'message', data: data?.join('\n') ?? '', id: this.lastEventId }
      this.resetMessage()
      return data ? [this.retry === undefined ? message : { ...message, retry: this.retry }] : []
    }
    const colon = line.indexOf(':')
    // A line starting with ':' is a comment: its field name is empty, so it is ignored like unknown fields.
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') this.eventType = value
    else if (field === 'data') (this.data ??= []).push(value)
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value)
    return []
  }
}

/** Reads a byte stream as SSE messages until it ends; cancels the reader when the loop exits early. */
export async function* readSse(body: ReadableStream<Uint8Array>, lastEventId = ''): AsyncGenerator<SseMessage, void, undefined> {
  const parser = new SseParser(lastEventId)
  const decoder = new TextDecoder()
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      yield* parser.push(decoder.decode(value, { stream: true }))
    }
    yield* parser.push(decoder.decode())
    parser.end()
  } finally {
    // Runs on normal end, on error and when the consumer stops iterating (abort, final status).
    reader.cancel().catch(() => undefined)
  }
}

/**
 * The checkout's live stream (`/v1/client/checkout/events`), opened by `request` with the given
 * headers. Rejects on first iteration with a PayApiError when it cannot be opened (code
 * EVENTS_UNSUPPORTED when the server or a proxy does not offer it); ends when the server closes it.
 */
export async function* openCheckoutEvents(
  request: (headers: Record<string, string>) => Promise<Response>,
  lastEventId: string | null,
): AsyncGenerator<CheckoutEvent, void, undefined> {
  const unsupported = (status: number, message: string) => new PayApiError({ status, code: EVENTS_UNSUPPORTED, message, retryable: false })
  const headers: Record<string, string> = { Accept: 'text/event-stream' }
  if (lastEventId) headers['Last-Event-ID'] = lastEventId
  let response: Response
  try {
    response = await request(headers)
  } catch (error) {
    if (error instanceof PayApiError && [404, 405, 406, 501].includes(error.status)) throw unsupported(error.status, error.message)
    throw error
  }
  if (!response.headers.get('Content-Type')?.startsWith('text/event-stream') || !response.body) {
    // A proxy that buffers or rewrites the stream: treat as unsupported.
    response.body?.cancel().catch(() => undefined)
    throw unsupported(response.status, 'The server did not answer with an event stream.')
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
}
