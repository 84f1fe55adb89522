import type { Json } from './app.js'

export interface CheckoutMessage {
  id: string
  data: Json
}

/**
 * Reads the `checkout` messages of a live status stream one at a time: `next()` resolves with the
 * next one, or null once the server has ended the stream. `close()` stops reading.
 */
export function checkoutMessages(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const ready: CheckoutMessage[] = []
  let buffer = ''
  let ended = false
  return {
    async next(): Promise<CheckoutMessage | null> {
      while (!ready.length && !ended) {
        const { value, done } = await reader.read()
        if (done) {
          ended = true
          break
        }
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n')
          buffer = buffer.slice(end + 2)
          const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2)
          if (field('event') === 'checkout') ready.push({ id: field('id')!, data: JSON.parse(field('data')!) })
        }
      }
      return ready.shift() ?? null
    },
    close: () => reader.cancel().catch(() => undefined),
  }
}
