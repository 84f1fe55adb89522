import { expect } from '@open-wc/testing'
import { makeCheckout } from '../test-helpers/fake-pay-api.js'
import { createPayApi, EVENTS_UNSUPPORTED, PayApiError, type CheckoutEvent } from './api.js'
import { parseRetryAfter } from './error-view.js'

interface Recorded {
  url: string
  init: RequestInit
}

/** A fetch that records each request and answers with the next prepared response. */
function stubFetch(...responses: Array<Response | Error>) {
  const requests: Recorded[] = []
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    requests.push({ url: String(input), init })
    const next = responses.shift()
    if (!next) throw new Error('unexpected request')
    if (next instanceof Error) throw next
    return next
  }
  return { fetch: fetch as typeof globalThis.fetch, requests }
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

const signal = () => new AbortController().signal

function header(recorded: Recorded | undefined, name: string): string | null {
  return new Headers(recorded?.init.headers).get(name)
}

async function rejection(promise: Promise<unknown>): Promise<PayApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).to.be.instanceOf(PayApiError)
    return error as PayApiError
  }
  throw new Error('expected a rejection')
}

describe('createPayApi', () => {
  it("follows the checkout with the secret in a header, cookies to the page's own origin only, and the signal", async () => {
    const checkout = makeCheckout()
    const { fetch, requests } = stubFetch(json(checkout))
    const abort = new AbortController()
    const api = createPayApi('http://localhost:8787/', { fetch })

    expect(await api.waitForChange('cs_secret', 0, 25, { signal: abort.signal })).to.deep.equal(checkout)
    const [request] = requests
    expect(request?.url).to.equal('http://localhost:8787/v1/client/checkout?after=0&wait=25')
    expect(header(request, 'X-Client-Secret')).to.equal('cs_secret')
    // fetch's default, `same-origin`: never `include` (another origin's cookies), nor `omit`, which
    // would keep a server on the page's own origin off the page's connection.
    expect(request?.init).not.to.have.property('credentials')
    expect(request?.init.signal).to.equal(abort.signal)
    expect(request?.url).not.to.contain('cs_secret')
  })

  it('makes the first read a simple request (no preflight): text/plain, the secret in the body, no header of ours', async () => {
    const read = { checkout: makeCheckout(), cvs: { payment: null } }
    const { fetch, requests } = stubFetch(json(read))
    const api = createPayApi('http://localhost:8787', { fetch })
    expect(await api.bootstrap('cs_secret', ['cvs'], 'state.sig', { signal: signal() })).to.deep.equal(read)
    const [request] = requests
    expect(request?.url).to.equal('http://localhost:8787/v1/client/bootstrap')
    expect(request?.init.method).to.equal('POST')
    expect(request?.init).not.to.have.property('credentials')
    // Only CORS-safelisted request headers, and a safelisted content type.
    expect(Object.keys(request?.init.headers as Record<string, string>).sort()).to.deep.equal(['Accept', 'Content-Type'])
    expect(header(request, 'Content-Type')).to.equal('text/plain;charset=UTF-8')
    expect(JSON.parse(request?.init.body as string)).to.deep.equal({
      client_secret: 'cs_secret',
      methods: ['cvs'],
      initial_state: 'state.sig',
    })
  })

  it('long-polls with after and a wait capped at 30 seconds', async () => {
    const { fetch, requests } = stubFetch(json(makeCheckout({ version: 5 })))
    const api = createPayApi('https://pay.example.com/base', { fetch })
    await api.waitForChange('cs', 4, 90, { signal: signal() })
    expect(requests[0]?.url).to.equal('https://pay.example.com/base/v1/client/checkout?after=4&wait=30')
  })

  it('creates a catalog checkout with a JSON body', async () => {
    const created = { client_secret: 'cs_new', checkout: makeCheckout() }
    const { fetch, requests } = stubFetch(json(created, 201))
    const api = createPayApi('http://localhost:8787', { fetch })
    expect(await api.createFromProduct('sku-1', ['crypto'], { signal: signal() })).to.deep.equal(created)
    expect(requests[0]?.url).to.equal('http://localhost:8787/v1/client/checkouts')
    expect(requests[0]?.init.method).to.equal('POST')
    expect(requests[0]?.init.body).to.equal('{"product":"sku-1","methods":["crypto"]}')
    expect(requests[0]?.init).not.to.have.property('credentials')
  })

  it('turns an error body into a PayApiError that is not retryable for a 4xx', async () => {
    const body = { error: { code: 'unknown_product', message: 'No such product', field: 'product' } }
    const { fetch } = stubFetch(json(body, 400))
    const error = await rejection(createPayApi('http://x', { fetch }).createFromProduct('nope', [], { signal: signal() }))
    expect(error).to.include({ status: 400, code: 'unknown_product', field: 'product', retryable: false })
    expect(error.message).to.equal('No such product')
  })

  it('marks 5xx, 429 (with Retry-After) and network failures retryable', async () => {
    const { fetch } = stubFetch(
      new Response('<html>Bad gateway</html>', { status: 502 }),
      json({ error: { code: 'rate_limited', message: 'Slow down' } }, 429, { 'Retry-After': '7' }),
      new TypeError('Failed to fetch'),
    )
    const api = createPayApi('http://x', { fetch })
    const gateway = await rejection(api.bootstrap('cs', [], undefined, { signal: signal() }))
    expect(gateway).to.include({ status: 502, code: 'http_502', retryable: true })
    const limited = await rejection(api.bootstrap('cs', [], undefined, { signal: signal() }))
    expect(limited).to.include({ status: 429, code: 'rate_limited', retryable: true, retryAfterMs: 7000 })
    const offline = await rejection(api.bootstrap('cs', [], undefined, { signal: signal() }))
    expect(offline).to.include({ status: 0, code: 'network_error', retryable: true })
  })

  it('lets an abort through unchanged', async () => {
    const abort = new AbortController()
    abort.abort()
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      init?.signal?.throwIfAborted()
      throw new Error('not reached')
    }) as typeof globalThis.fetch
    try {
      await createPayApi('http://x', { fetch }).bootstrap('cs', [], undefined, { signal: abort.signal })
      expect.fail('should reject')
    } catch (error) {
      expect(error).not.to.be.instanceOf(PayApiError)
      expect((error as DOMException).name).to.equal('AbortError')
    }
  })

  it('streams checkout events from a chunked body, sending Last-Event-ID', async () => {
    const first = makeCheckout({ version: 2 })
    const second = makeCheckout({ version: 3, status: 'paid' })
    const text = `: ping\n\nid: 2\nevent: checkout\ndata: ${JSON.stringify(first)}\n\nevent: other\ndata: x\n\nid: 3\r\nevent: checkout\r\ndata: ${JSON.stringify(second)}\r\n\r\n`
    const bytes = new TextEncoder().encode(text)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 17) controller.enqueue(bytes.slice(i, i + 17))
        controller.close()
      },
    })
    const { fetch, requests } = stubFetch(new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } }))
    const events: CheckoutEvent[] = []
    for await (const event of createPayApi('http://x', { fetch }).openEvents('cs', '1', { signal: signal() })) {
      events.push(event)
    }
    expect(events).to.deep.equal([
      { id: '2', checkout: first },
      { id: '3', checkout: second },
    ])
    expect(requests[0]?.url).to.equal('http://x/v1/client/checkout/events')
    expect(header(requests[0], 'Last-Event-ID')).to.equal('1')
    expect(header(requests[0], 'Accept')).to.equal('text/event-stream')
    expect(header(requests[0], 'X-Client-Secret')).to.equal('cs')
  })

  it('reports a missing or non-stream endpoint as unsupported', async () => {
    const { fetch } = stubFetch(json({ error: { code: 'not_found', message: 'Not found' } }, 404), json({}))
    const api = createPayApi('http://x', { fetch })
    for (let attempt = 0; attempt < 2; attempt++) {
      const iterator = api.openEvents('cs', null, { signal: signal() })[Symbol.asyncIterator]()
      const error = await rejection(iterator.next())
      expect(error.code).to.equal(EVENTS_UNSUPPORTED)
    }
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('12', now)).to.equal(12_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).to.equal(30_000)
    expect(parseRetryAfter('soon', now)).to.equal(undefined)
    expect(parseRetryAfter(null, now)).to.equal(undefined)
  })
})
