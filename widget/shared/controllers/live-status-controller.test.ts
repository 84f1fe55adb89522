import { aTimeout, expect, waitUntil } from '@open-wc/testing'
import { makeCheckout, networkError, notFoundError } from '../../test-helpers/fake-pay-api.js'
import { TestHost } from '../../test-helpers/test-host.js'
import { PayApiError, type CheckoutEvent, type PayApi } from '../api.js'
import type { ClientCheckout } from '../types.js'
import { LiveStatusController, type LiveStatusTimings } from './live-status-controller.js'

const FAST: LiveStatusTimings = {
  longPollSeconds: 0,
  backoffInitialMs: 5,
  backoffMaxMs: 20,
  eventsRetryMs: 10_000,
  eventsReconnectMs: 5,
}

type Call = { method: 'openEvents'; lastEventId: string | null } | { method: 'waitForChange' | 'bootstrap' }

/** A PayApi whose methods a test scripts; every call is logged. */
function scriptedApi(script: {
  openEvents?: (call: number) => AsyncIterable<CheckoutEvent>
  waitForChange?: (call: number) => Promise<ClientCheckout>
  bootstrap?: (call: number) => Promise<ClientCheckout>
}) {
  const calls: Call[] = []
  const count = (method: Call['method']) => calls.filter((call) => call.method === method).length
  const api: PayApi = {
    openEvents(_secret, lastEventId) {
      calls.push({ method: 'openEvents', lastEventId })
      return script.openEvents?.(count('openEvents')) ?? failingStream(networkError())
    },
    async waitForChange() {
      calls.push({ method: 'waitForChange' })
      return script.waitForChange ? script.waitForChange(count('waitForChange')) : Promise.reject(networkError())
    },
    async bootstrap() {
      calls.push({ method: 'bootstrap' })
      return { checkout: await (script.bootstrap ? script.bootstrap(count('bootstrap')) : Promise.reject(networkError())) }
    },
    async createFromProduct() {
      throw new Error('not used')
    },
  }
  return { api, calls, count }
}

/** A stream that fails on its first read, as openEvents does when the server refuses it. */
function failingStream(error: Error): AsyncIterable<CheckoutEvent> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) }
}

async function* stream(events: ClientCheckout[], { thenHangUntil }: { thenHangUntil?: AbortSignal } = {}): AsyncGenerator<CheckoutEvent> {
  for (const checkout of events) yield { id: String(checkout.version), checkout }
  if (thenHangUntil) {
    await new Promise((resolve) => thenHangUntil.addEventListener('abort', resolve, { once: true }))
  }
}

function setUp(timings: Partial<LiveStatusTimings> = {}) {
  const host = new TestHost()
  const seen: ClientCheckout[] = []
  const errors: PayApiError[] = []
  const controller = new LiveStatusController(host, {
    onCheckout: (checkout) => seen.push(checkout),
    onError: (error) => errors.push(error),
    timings: { ...FAST, ...timings },
    random: () => 0.5,
  })
  host.connect()
  return { host, controller, seen, errors }
}

describe('LiveStatusController', () => {
  it('reports only versions newer than the last one seen', async () => {
    const { controller, seen } = setUp()
    const { api } = scriptedApi({
      openEvents: () =>
        stream([
          makeCheckout({ version: 1 }),
          makeCheckout({ version: 3, status: 'pending' }),
          makeCheckout({ version: 2, status: 'open' }),
          makeCheckout({ version: 3, status: 'pending' }),
          makeCheckout({ version: 4, status: 'paid' }),
        ]),
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped')
    expect(seen.map((checkout) => checkout.version)).to.deep.equal([3, 4])
  })

  it('follows an expired checkout the server says is not final (late money counts) until it is', async () => {
    const { controller, seen } = setUp()
    const { api } = scriptedApi({
      openEvents: (call) =>
        call === 1
          ? stream([makeCheckout({ version: 2, status: 'expired', final: false })])
          : stream([
              makeCheckout({ version: 3, status: 'paid', final: false }),
              // The time for late money ran out: the same version again, now final.
              makeCheckout({ version: 3, status: 'paid', final: true }),
            ]),
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped', 'never stopped', { timeout: 2000 })
    expect(seen.map((c) => [c.version, c.status, c.final])).to.deep.equal([
      [2, 'expired', false],
      [3, 'paid', false],
      [3, 'paid', true],
    ])
  })

  it('does not follow a checkout that arrives final', () => {
    const { controller } = setUp()
    controller.follow(scriptedApi({}).api, 'cs', makeCheckout({ status: 'expired', final: true }))
    expect(controller.mode).to.equal('stopped')
  })

  it('falls back from a failing stream to long-poll, keeps asking through failures, and stops at a final status', async () => {
    const { controller, seen } = setUp()
    const { api, calls } = scriptedApi({
      waitForChange: async (call) => {
        if (call < 3) throw networkError()
        return makeCheckout({ version: 2, status: 'paid' })
      },
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped', 'never stopped', { timeout: 2000 })

    expect(calls.map((call) => call.method)).to.deep.equal(['openEvents', 'waitForChange', 'waitForChange', 'waitForChange'])
    expect(seen.map((checkout) => checkout.status)).to.deep.equal(['paid'])

    const before = calls.length
    await aTimeout(60)
    expect(calls.length, 'no request after the final status').to.equal(before)
  })

  it('uses long-poll with the last version and keeps it while it works', async () => {
    const { controller, seen } = setUp()
    const afters: number[] = []
    const { api } = scriptedApi({
      waitForChange: async (call) => {
        afters.push(controller.version)
        return makeCheckout({ version: call + 1, status: call === 3 ? 'expired' : 'open' })
      },
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped')
    expect(afters).to.deep.equal([1, 2, 3])
    expect(seen.map((checkout) => checkout.version)).to.deep.equal([2, 3, 4])
  })

  it('tries the stream again later and resumes it with Last-Event-ID', async () => {
    const { controller, seen } = setUp({ eventsRetryMs: 30 })
    const { api, calls } = scriptedApi({
      openEvents: (call) => (call === 1 ? failingStream(networkError()) : stream([makeCheckout({ version: 5, status: 'paid' })])),
      waitForChange: async () => {
        await aTimeout(5)
        return makeCheckout({ version: 1 })
      },
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped', 'never stopped', { timeout: 2000 })
    const streams = calls.filter((call) => call.method === 'openEvents')
    expect(streams).to.have.length(2)
    expect(seen.map((checkout) => checkout.status)).to.deep.equal(['paid'])
  })

  it('reopens a stream the server closed early, sending the last event id', async () => {
    const { controller } = setUp()
    const { api, calls } = scriptedApi({
      openEvents: (call) =>
        call === 1 ? stream([makeCheckout({ version: 2 })]) : stream([makeCheckout({ version: 3, status: 'failed' })]),
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped')
    expect(calls).to.deep.equal([
      { method: 'openEvents', lastEventId: null },
      { method: 'openEvents', lastEventId: '2' },
    ])
  })

  it('stops and reports an error retrying cannot fix', async () => {
    const { controller, errors } = setUp()
    const { api, calls } = scriptedApi({ waitForChange: () => Promise.reject(notFoundError()) })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => errors.length > 0)
    expect(errors[0]?.code).to.equal('checkout_not_found')
    expect(controller.mode).to.equal('stopped')
    const before = calls.length
    await aTimeout(40)
    expect(calls.length).to.equal(before)
  })

  it('waits at least as long as Retry-After before asking again', async () => {
    const { controller } = setUp({ eventsRetryMs: 10_000 })
    const times: number[] = []
    const limited = new PayApiError({ status: 429, code: 'rate_limited', message: '', retryable: true, retryAfterMs: 80 })
    const { api } = scriptedApi({
      waitForChange: async (call) => {
        times.push(performance.now())
        if (call === 1) throw limited
        return makeCheckout({ version: 2, status: 'paid' })
      },
    })
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => controller.mode === 'stopped')
    expect(times).to.have.length(2)
    expect((times[1] ?? 0) - (times[0] ?? 0)).to.be.at.least(75)
  })

  it('makes no request after the host disconnects, and resumes when it reconnects', async () => {
    const { host, controller, seen } = setUp()
    let currentSignal: AbortSignal | undefined
    const { api, calls } = scriptedApi({})
    api.openEvents = (_secret, lastEventId, options) => {
      calls.push({ method: 'openEvents', lastEventId })
      currentSignal = options.signal
      return stream([makeCheckout({ version: calls.length + 1 })], { thenHangUntil: options.signal })
    }
    controller.follow(api, 'cs', makeCheckout({ version: 1 }))
    await waitUntil(() => seen.length === 1)

    host.disconnect()
    expect(currentSignal?.aborted, 'the open stream is aborted').to.equal(true)
    expect(controller.mode).to.equal('idle')
    await aTimeout(50)
    expect(calls).to.have.length(1)

    host.connect()
    await waitUntil(() => calls.length === 2)
    expect(calls[1]).to.deep.equal({ method: 'openEvents', lastEventId: '2' })
    controller.stop()
  })

  it('does not start when the checkout is already final', async () => {
    const { controller } = setUp()
    const { api, calls } = scriptedApi({})
    controller.follow(api, 'cs', makeCheckout({ status: 'paid' }))
    await aTimeout(20)
    expect(calls).to.have.length(0)
    expect(controller.mode).to.equal('stopped')
  })
})
