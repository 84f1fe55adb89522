import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { PayApiError, type PayApi } from '../api.js'
import { isFinalStatus, type ClientCheckout } from '../types.js'

export interface LiveStatusTimings {
  /** `wait` of each long-poll request, in seconds (the server caps it at 30). */
  longPollSeconds: number
  /** First delay after a failure; doubles per consecutive failure. */
  backoffInitialMs: number
  backoffMaxMs: number
  /** Consecutive long-poll failures after which plain polling takes over. */
  failuresBeforePolling: number
  /** Between successful plain polls. */
  pollIntervalMs: number
  /** After the event stream failed, how long the fallback runs before the stream is tried again. */
  eventsRetryMs: number
  /** Before reopening a stream the server closed early (it may override this with `retry:`). */
  eventsReconnectMs: number
}

export const DEFAULT_LIVE_STATUS_TIMINGS: LiveStatusTimings = {
  longPollSeconds: 25,
  backoffInitialMs: 1_000,
  backoffMaxMs: 30_000,
  failuresBeforePolling: 2,
  pollIntervalMs: 5_000,
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
  now?: () => number
}

/** How the controller currently learns of changes. */
export type LiveStatusMode = 'idle' | 'events' | 'long-poll' | 'poll' | 'stopped'

interface Target {
  api: PayApi
  secret: string
}

type StreamOutcome = 'received' | 'failed'

/**
 * Follows one checkout until it reaches a final status: the event stream first; when the stream
 * fails or is not offered, long-poll; after repeated long-poll failures, plain polling with
 * exponential backoff and jitter. The stream is tried again every `eventsRetryMs`. Runs only while
 * the host is connected.
 */
export class LiveStatusController implements ReactiveController {
  private readonly host: ReactiveControllerHost
  private readonly options: LiveStatusOptions
  private readonly timings: LiveStatusTimings
  private readonly random: () => number
  private readonly now: () => number
  private target: Target | undefined
  private lastVersion = -1
  private lastEventId: string | null = null
  private reconnectMs: number
  private finished = false
  private connected = false
  private run: AbortController | undefined
  private currentMode: LiveStatusMode = 'idle'

  constructor(host: ReactiveControllerHost, options: LiveStatusOptions) {
    ;(this.host = host).addController(this)
    this.options = options
    this.timings = { ...DEFAULT_LIVE_STATUS_TIMINGS, ...options.timings }
    this.random = options.random ?? Math.random
    this.now = options.now ?? Date.now
    this.reconnectMs = this.timings.eventsReconnectMs
  }

  get mode(): LiveStatusMode {
    return this.currentMode
  }

  /** The newest version seen. */
  get version(): number {
    return this.lastVersion
  }

  /** Starts following from `checkout` (already shown by the host, so it is not reported again). */
  follow(api: PayApi, secret: string, checkout: ClientCheckout): void {
    this.stop()
    this.target = { api, secret }
    this.lastVersion = checkout.version
    this.lastEventId = null
    this.reconnectMs = this.timings.eventsReconnectMs
    this.finished = isFinalStatus(checkout.status)
    this.currentMode = this.finished ? 'stopped' : 'idle'
    if (this.connected) this.start()
  }

  /** Stops for good (until `follow` is called again). */
  stop(): void {
    this.abortRun()
    this.target = undefined
    this.currentMode = 'idle'
  }

  /** One immediate read, e.g. when the countdown runs out and the server should have expired it. */
  async refresh(): Promise<void> {
    const target = this.target
    const signal = this.run?.signal
    if (!target || !signal || this.finished) return
    try {
      this.accept(await target.api.getCheckout(target.secret, { signal }))
    } catch {
      // The running loop owns error handling; a failed extra read changes nothing.
    }
  }

  hostConnected(): void {
    this.connected = true
    if (this.target && !this.finished) this.start()
  }

  hostDisconnected(): void {
    this.connected = false
    this.abortRun()
    if (!this.finished) this.currentMode = 'idle'
  }

  private start(): void {
    if (this.run || !this.target) return
    const run = new AbortController()
    this.run = run
    void this.loop(this.target, run.signal).finally(() => {
      if (this.run === run) this.run = undefined
    })
  }

  private abortRun(): void {
    this.run?.abort()
    this.run = undefined
  }

  private accept(checkout: ClientCheckout): void {
    if (this.finished || checkout.version <= this.lastVersion) return
    this.lastVersion = checkout.version
    if (isFinalStatus(checkout.status)) {
      this.finished = true
      this.currentMode = 'stopped'
      this.run?.abort()
    }
    this.options.onCheckout(checkout)
    this.host.requestUpdate()
  }

  private async loop(target: Target, signal: AbortSignal): Promise<void> {
    let eventsRetryAt = 0
    let streamDrops = 0
    let failures = 0
    let lastError: PayApiError | undefined

    while (!signal.aborted && !this.finished) {
      if (this.now() >= eventsRetryAt) {
        this.currentMode = 'events'
        const openedAt = this.now()
        const outcome = await this.followEvents(target, signal)
        if (signal.aborted || this.finished) return
        if (outcome === 'received') {
          // The stream worked, then closed (a proxy timeout, a server restart): reopen it, backing
          // off only when it keeps dropping quickly.
          failures = 0
          streamDrops = this.now() - openedAt >= this.timings.backoffMaxMs ? 1 : streamDrops + 1
          const delay = streamDrops > 1 ? this.backoff(streamDrops - 1, undefined) : 0
          await sleep(Math.max(this.reconnectMs, delay), signal)
        } else {
          streamDrops = 0
          eventsRetryAt = this.now() + this.timings.eventsRetryMs
          failures = 0
        }
        continue
      }

      const polling = failures >= this.timings.failuresBeforePolling
      this.currentMode = polling ? 'poll' : 'long-poll'
      if (failures > 0) await sleep(this.backoff(failures, lastError), signal)
      else if (polling) await sleep(this.timings.pollIntervalMs, signal)
      if (signal.aborted) return

      const startedAt = this.now()
      try {
        const checkout = polling
          ? await target.api.getCheckout(target.secret, { signal })
          : await target.api.waitForChange(target.secret, this.lastVersion, this.timings.longPollSeconds, { signal })
        const changed = checkout.version > this.lastVersion
        this.accept(checkout)
        if (polling) {
          // Stay on plain polling until the stream is retried: long-poll just failed repeatedly.
          if (!changed) await sleep(this.timings.pollIntervalMs, signal)
        } else {
          failures = 0
          // A server that ignores `wait` would otherwise be asked in a tight loop.
          if (!changed && this.now() - startedAt < this.timings.backoffInitialMs) {
            await sleep(this.timings.pollIntervalMs, signal)
          }
        }
        lastError = undefined
      } catch (error) {
        if (signal.aborted) return
        const apiError = PayApiError.from(error)
        if (!apiError.retryable) {
          this.finished = true
          this.currentMode = 'stopped'
          this.options.onError?.(apiError)
          return
        }
        lastError = apiError
        failures++
      }
    }
  }

  /** Reads the stream until it ends; reports whether it delivered anything. */
  private async followEvents(target: Target, signal: AbortSignal): Promise<StreamOutcome> {
    let received = false
    try {
      for await (const event of target.api.openEvents(target.secret, this.lastEventId, { signal })) {
        received = true
        if (event.id) this.lastEventId = event.id
        if (event.retry !== undefined) this.reconnectMs = event.retry
        this.accept(event.checkout)
        if (this.finished) break
      }
    } catch {
      // Any stream failure (unsupported, refused, cut off) sends us to the fallback; a fatal
      // error such as an unknown secret surfaces there, from a plain request.
      return received && !signal.aborted ? 'received' : 'failed'
    }
    // A stream that closes without a single message is not working either.
    return received ? 'received' : 'failed'
  }

  /** Exponential backoff with "equal jitter" (half fixed, half random), never shorter than Retry-After. */
  private backoff(failures: number, error: PayApiError | undefined): number {
    const { backoffInitialMs, backoffMaxMs } = this.timings
    const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** (failures - 1))
    const delay = ceiling / 2 + (this.random() * ceiling) / 2
    return Math.max(delay, error?.retryAfterMs ?? 0)
  }
}

/** Resolves after `ms`, or early when the signal aborts (callers check the signal afterwards). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
