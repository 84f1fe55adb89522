import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Announce at 10, 5, 2 and 1 minutes and 30 seconds left: often enough to help, rare enough not to nag. */
export const DEFAULT_ANNOUNCE_AT: readonly number[] = [600, 300, 120, 60, 30]

export interface CountdownOptions {
  /** ISO 8601 expiry, read before every host update; empty stops the countdown. */
  expiresAt: () => string | null | undefined
  /** Called once when the time runs out while the host is connected. */
  onExpire?: () => void
  /** Seconds-left thresholds at which a screen-reader announcement becomes due. */
  announceAt?: readonly number[]
  /** Clock in milliseconds (tests inject one). */
  now?: () => number
  /** How often the clock is read. Short so the display never lags a whole second; renders only on change. */
  tickMs?: number
}

/**
 * Counts down to an expiry. The remaining time is always computed from the clock, so throttled
 * background timers cannot make it drift.
 */
export class CountdownController implements ReactiveController {
  private readonly host: ReactiveControllerHost
  private readonly options: CountdownOptions
  private readonly now: () => number
  private readonly announceAt: readonly number[]
  private timer: ReturnType<typeof setInterval> | undefined
  private expiresAt: string | null | undefined
  private expiryMs = Number.NaN
  private remaining: number | null = null
  private threshold: number | null = null
  private announced: number | null = null
  private expiredFired = false

  constructor(host: ReactiveControllerHost, options: CountdownOptions) {
    this.options = options
    this.now = options.now ?? Date.now
    this.announceAt = [...(options.announceAt ?? DEFAULT_ANNOUNCE_AT)].sort((a, b) => a - b)
    // Last: a host already on the page calls hostConnected at once.
    ;(this.host = host).addController(this)
  }

  /** Whole seconds left (rounded up, so "00:00" means expired), or null without an expiry. */
  get remainingSeconds(): number | null {
    return this.remaining
  }

  /** "mm:ss" or "h:mm:ss"; empty without an expiry. */
  get formatted(): string {
    return this.remaining === null ? '' : formatDuration(this.remaining)
  }

  get expired(): boolean {
    return this.remaining === 0
  }

  /**
   * The threshold (in seconds) most recently crossed while counting, meant for a polite live
   * region: its value changes only at those moments. Null until the first crossing, so a page that
   * opens with four minutes left is not told "5 minutes left".
   */
  get announcement(): number | null {
    return this.announced
  }

  hostConnected(): void {
    this.sync()
  }

  hostUpdate(): void {
    this.sync()
  }

  hostDisconnected(): void {
    this.stopTimer()
  }

  private sync(): void {
    const expiresAt = this.options.expiresAt() || null
    if (expiresAt !== this.expiresAt) {
      this.expiresAt = expiresAt
      this.expiryMs = expiresAt ? Date.parse(expiresAt) : Number.NaN
      this.announced = null
      this.expiredFired = false
      this.remaining = this.computeRemaining()
      this.threshold = this.thresholdFor(this.remaining)
    }
    if (this.remaining !== null && this.remaining > 0) this.startTimer()
    else this.stopTimer()
  }

  private tick = (): void => {
    const remaining = this.computeRemaining()
    if (remaining === this.remaining) return
    this.remaining = remaining

    const threshold = this.thresholdFor(remaining)
    if (threshold !== null && threshold !== this.threshold && remaining !== null && remaining > 0) {
      this.announced = threshold
    }
    this.threshold = threshold

    if (remaining === 0) {
      this.stopTimer()
      if (!this.expiredFired) {
        this.expiredFired = true
        this.options.onExpire?.()
      }
    }
    this.host.requestUpdate()
  }

  private computeRemaining(): number | null {
    if (Number.isNaN(this.expiryMs)) return null
    return Math.max(0, Math.ceil((this.expiryMs - this.now()) / 1000))
  }

  /** The smallest threshold not below `remaining`: crossing into a new one is what gets announced. */
  private thresholdFor(remaining: number | null): number | null {
    if (remaining === null) return null
    return this.announceAt.find((seconds) => remaining <= seconds) ?? null
  }

  private startTimer(): void {
    this.timer ??= setInterval(this.tick, this.options.tickMs ?? 250)
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
  }
}

/** Seconds as "mm:ss", or "h:mm:ss" from one hour up. Negative values show as zero. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  const pad = (value: number) => String(value).padStart(2, '0')
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${pad(minutes)}:${pad(rest)}`
}
