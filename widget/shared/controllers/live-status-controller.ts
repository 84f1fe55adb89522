import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { PayApiError, type PayApi } from '../api.js'
import { isFinal, type ClientCheckout } from '../types.js'

export interface LiveStatusTimings {
  /** `wait` of each long-poll request, in seconds (the server caps it at 30). */
  longPollSeconds: number
  /** First delay after a failure; doubles per consecutive failure. */
  backoffInitialMs: number
  backoffMaxMs: number
  /** After the event stream failed, how long long-poll runs before the stream is tried again. */
  eventsRetryMs: number
  /** Before reopening a stream the server closed early (it may override this with `retry:`). */
  eventsReconnectMs: number
}

const DEFAULT_TIMINGS: LiveStatusTimings = {
  longPollSeconds: 25,
  backoffInitialMs: 1_000,
  backoffMaxMs: 30_000,
  eventsRetryMs: 60_000,
  eventsReconnectMs: 1_000,
}

export interface LiveStatusOptions {
  /** Every version newer than the last one seen. */
  onCheckout: (checkout: ClientCheckout) => void
  /** An error retrying cannot fix (unknown secret, say); following has stopped. */
  onError?: (error: PayApiError) => void
  timings?: Partial<LiveStatusTimings>
  /** Jitter source in [0, 1) (tests make it deterministic). */
  random?: () => number
}

/** How the controller currently learns of changes. */
export type LiveStatusMode = 'idle' | 'events' | 'long-poll' | 'stopped'

/**
 * Follows one checkout until it is final (the server's `final`: an expired crypto checkout may
 * still be paid late, so it is followed on): the event stream first; when the stream
 * fails or is not offered, long-poll, backing off exponentially (with jitter, and never sooner than
 * `Retry-After`) while it fails. A long-poll that keeps failing is already a poll at the backoff's
 * pace, so there is no third tier. The stream is tried again every `eventsRetryMs`. Runs only while
 * the host is connected.
 */
export class LiveStatusController implements ReactiveController {
  mode: LiveStatusMode = 'idle'
  /** The newest version seen. */
  version = -1
  private readonly timings: LiveStatusTimings
  private api?: PayApi
  private secret = ''
  private lastEventId: string | null = null
  private reconnectMs = 0
  private connected = false
  private run?: AbortController

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveStatusOptions,
  ) {
    host.addController(this)
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings }
  }

  /** Starts following from `checkout` (already shown by the host, so it is not reported again). */
  follow(api: PayApi, secret: string, checkout: ClientCheckout): void {
    this.stop()
    this.api = api
    this.secret = secret
    this.version = checkout.version
    this.lastEventId = null
    this.reconnectMs = this.timings.eventsReconnectMs
    if (isFinal(checkout)) this.mode = 'stopped'
    else this.start()
  }

  /** Stops for good (until `follow` is called again). */
  stop(): void {
    this.abort()
    this.api = undefined
    this.mode = 'idle'
  }

  /** One immediate read, e.g. when the countdown runs out and the server should have expired it. */
  async refresh(): Promise<void> {
    const signal = this.run?.signal
    if (!this.api || !signal) return
    // A failed extra read changes nothing: the running loop owns error handling.
    this.accept((await this.api.bootstrap(this.secret, [], undefined, { signal }).catch(() => undefined))?.checkout)
  }

  hostConnected(): void {
    this.connected = true
    this.start()
  }

  hostDisconnected(): void {
    this.connected = false
    this.abort()
    if (this.mode !== 'stopped') this.mode = 'idle'
  }

  private start(): void {
    const api = this.api
    if (this.run || !api || !this.connected || this.mode === 'stopped') return
    const run = (this.run = new AbortController())
    void this.loop(api, run.signal).finally(() => {
      if (this.run === run) this.run = undefined
    })
  }

  private abort(): void {
    this.run?.abort()
    this.run = undefined
  }

  private get finished(): boolean {
    return this.mode === 'stopped'
  }

  private accept(checkout: ClientCheckout | undefined): void {
    // The same version comes again, final, when the time for late money has run out.
    const nowFinal = checkout?.version === this.version && isFinal(checkout)
    if (!checkout || this.finished || (checkout.version <= this.version && !nowFinal)) return
    this.version = checkout.version
    if (isFinal(checkout)) {
      this.mode = 'stopped'
      this.run?.abort()
    }
    this.options.onCheckout(checkout)
    this.host.requestUpdate()
  }

  private async loop(api: PayApi, signal: AbortSignal): Promise<void> {
    let eventsRetryAt = 0
    let streamDrops = 0
    let failures = 0
    let retryAfterMs = 0

    while (!signal.aborted && !this.finished) {
      if (Date.now() >= eventsRetryAt) {
        this.mode = 'events'
        const openedAt = Date.now()
        const received = await this.followEvents(api, signal)
        if (signal.aborted || this.finished) return
        failures = 0
        if (received) {
          // The stream worked, then closed (a proxy timeout, a server restart): reopen it, backing
          // off only when it keeps dropping quickly.
          streamDrops = Date.now() - openedAt >= this.timings.backoffMaxMs ? 1 : streamDrops + 1
          await sleep(Math.max(this.reconnectMs, streamDrops > 1 ? this.backoff(streamDrops - 1) : 0), signal)
        } else {
          streamDrops = 0
          eventsRetryAt = Date.now() + this.timings.eventsRetryMs
        }
        continue
      }

      this.mode = 'long-poll'
      if (failures > 0) await sleep(Math.max(this.backoff(failures), retryAfterMs), signal)
      if (signal.aborted) return
      const startedAt = Date.now()
      try {
        const checkout = await api.waitForChange(this.secret, this.version, this.timings.longPollSeconds, { signal })
        const changed = checkout.version > this.version
        this.accept(checkout)
        // A server that ignores `wait` answers at once with nothing new: back off rather than ask in a tight loop.
        failures = !changed && Date.now() - startedAt < this.timings.backoffInitialMs ? failures + 1 : 0
        retryAfterMs = 0
      } catch (error) {
        if (signal.aborted) return
        const apiError = PayApiError.from(error)
        if (!apiError.retryable) {
          this.mode = 'stopped'
          this.options.onError?.(apiError)
          return
        }
        retryAfterMs = apiError.retryAfterMs ?? 0
        failures++
      }
    }
  }

  /**
   * Reads the stream until it ends; returns whether it delivered anything. Any failure (not
   * offered, refused, cut off) sends the loop to long-poll, where a fatal error such as an unknown
   * secret surfaces from a plain request.
   */
  private async followEvents(api: PayApi, signal: AbortSignal): Promise<boolean> {
    let received = false
    try {
      for await (const event of api.openEvents(this.secret, this.lastEventId, { signal })) {
        received = true
        if (event.id) this.lastEventId = event.id
        if (event.retry !== undefined) this.reconnectMs = event.retry
        this.accept(event.checkout)
        if (this.finished) break
      }
    } catch {
      return received && !signal.aborted
    }
    return received
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(failures: number): number {
    const ceiling = Math.min(this.timings.backoffMaxMs, this.timings.backoffInitialMs * 2 ** (failures - 1))
    return ceiling / 2 + ((this.options.random ?? Math.random)() * ceiling) / 2
  }
}

/** Resolves after `ms`, or early when the signal aborts (callers check the signal afterwards). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
    if (signal.aborted) done()
  })
}
