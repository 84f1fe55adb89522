import { expect } from '@open-wc/testing'
import { readSse, SseParser, type SseMessage } from './sse.js'

/** Feeds the chunks one by one and collects every message. */
function parse(chunks: string[]): SseMessage[] {
  const parser = new SseParser()
  return chunks.flatMap((chunk) => parser.push(chunk))
}

/** Every way of cutting `text` in two. */
function allSplits(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)])
}

const STREAM =
  ': ping\r\n' +
  'id: 3\r\n' +
  'event: checkout\r\n' +
  'data: {"a":1,\r\n' +
  'data: "b":2}\r\n' +
  '\r\n' +
  ': ping\n' +
  '\n' +
  'id: 4\r' +
  'event: checkout\r' +
  'data:{"a":3}\r' +
  '\r'

describe('SseParser', () => {
  it('parses id, event, multi-line data and comments', () => {
    expect(parse([STREAM])).to.deep.equal([
      { event: 'checkout', data: '{"a":1,\n"b":2}', id: '3' },
      { event: 'checkout', data: '{"a":3}', id: '4' },
    ])
  })

  it('gives the same messages however the stream is cut in two', () => {
    const whole = parse([STREAM])
    for (const chunks of allSplits(STREAM)) {
      expect(parse(chunks), JSON.stringify(chunks)).to.deep.equal(whole)
    }
  })

  it('gives the same messages when fed one character at a time', () => {
    expect(parse([...STREAM])).to.deep.equal(parse([STREAM]))
  })

  it('treats \\r\\n split across chunks as one line break, not an empty line', () => {
    expect(parse(['data: x\r', '\ndata: y\r', '\n\r', '\n'])).to.deep.equal([{ event: 'message', data: 'x\ny', id: '' }])
  })

  it('keeps the last id for later messages and reads retry', () => {
    expect(parse(['id: 7\ndata: a\n\nretry: 2500\ndata: b\n\n'])).to.deep.equal([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7', retry: 2500 },
    ])
  })

  it('dispatches nothing for a block of comments and fields without data', () => {
    expect(parse([': ping\n\nevent: checkout\nid: 9\n\n'])).to.deep.equal([])
  })

  it('strips only one leading space and keeps empty data lines', () => {
    expect(parse(['data:  two spaces\ndata\ndata:\n\n'])).to.deep.equal([{ event: 'message', data: ' two spaces\n\n', id: '' }])
  })

  it('discards a message the stream cut off before its blank line', () => {
    const parser = new SseParser()
    expect(parser.push('data: partial\n')).to.deep.equal([])
    parser.end()
    expect(parser.push('\n')).to.deep.equal([])
  })
})

describe('readSse', () => {
  it('decodes UTF-8 split inside a character across chunks', async () => {
    const bytes = new TextEncoder().encode('data: 支付 €\n\n')
    // Cut in the middle of the three-byte "支".
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7))
        controller.enqueue(bytes.slice(7))
        controller.close()
      },
    })
    const messages: SseMessage[] = []
    for await (const message of readSse(body)) messages.push(message)
    expect(messages).to.deep.equal([{ event: 'message', data: '支付 €', id: '' }])
  })
})
