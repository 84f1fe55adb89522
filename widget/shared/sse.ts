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
  private buffer = ''
  /** A chunk ended in `\r`: a `\n` opening the next chunk belongs to the same line break. */
  private pendingCarriageReturn = false
  private eventType = ''
  private data = ''
  private hasData = false
  private lastEventId = ''
  private retry: number | undefined

  constructor(lastEventId = '') {
    this.lastEventId = lastEventId
  }

  /** Feeds decoded text; returns the messages completed by it. */
  push(chunk: string): SseMessage[] {
    let text = chunk
    if (this.pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1)
    this.pendingCarriageReturn = false
    this.buffer += text

    const messages: SseMessage[] = []
    let start = 0
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer[i]
      if (char !== '\n' && char !== '\r') continue
      const message = this.processLine(this.buffer.slice(start, i))
      if (message) messages.push(message)
      if (char === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCarriageReturn = true
        else if (this.buffer[i + 1] === '\n') i++
      }
      start = i + 1
    }
    this.buffer = this.buffer.slice(start)
    return messages
  }

  /** The stream ended: an unterminated message is discarded, as the spec says. */
  end(): void {
    this.buffer = ''
    this.resetMessage()
  }

  private processLine(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) return undefined

    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)

    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data += this.hasData ? `\n${value}` : value
        this.hasData = true
        break
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value
        break
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value)
        break
      default:
        // Unknown fields are ignored by the spec.
        break
    }
    return undefined
  }

  private dispatch(): SseMessage | undefined {
    if (!this.hasData) {
      this.resetMessage()
      return undefined
    }
    const message: SseMessage = {
      event: this.eventType || 'message',
      data: this.data,
      id: this.lastEventId,
      ...(this.retry === undefined ? {} : { retry: this.retry }),
    }
    this.resetMessage()
    return message
  }

  private resetMessage(): void {
    this.eventType = ''
    this.data = ''
    this.hasData = false
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
