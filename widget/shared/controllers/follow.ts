import { html, nothing, type ReactiveControllerHost } from 'lit'
import type { LocalizeController } from '../../i18n/localize.js'
import type { PayApiError } from '../api.js'
import type { ClientCheckout } from '../types.js'
import { CountdownController } from './countdown-controller.js'
import { countdownStrings, type CountdownStrings } from './countdown-i18n.js'
import { LiveStatusController } from './live-status-controller.js'

/**
 * What an element needs once its checkout has arrived, and not before: the countdown (with its
 * view and English words; the others come with the shared words) and the live status. One module, fetched by `import()` beside the checkout
 * request, so none of it weighs on the first load and the checkout is drawn with its countdown as
 * soon as both are in.
 */

export interface FollowOptions {
  /** ISO 8601 expiry while the checkout can be paid; null otherwise. */
  expiresAt: () => string | null
  /** Every newer version of the checkout. */
  onCheckout: (checkout: ClientCheckout) => void
  /** Following failed for good. */
  onError: (error: PayApiError) => void
}

export interface Followed {
  /** Started by the element once the checkout is drawn. */
  live: LiveStatusController
  /** The time left, while the checkout is `payable`. */
  renderCountdown(payable: boolean): unknown
}

/** Sets up the countdown and the live status on `host`, with the countdown's words in the language shown. */
export function follow(
  host: ReactiveControllerHost & HTMLElement,
  localize: LocalizeController,
  { expiresAt, onCheckout, onError }: FollowOptions,
): Followed {
  const live = new LiveStatusController(host, { onCheckout, onError })
  // The server expires the checkout; when the time is up, ask it now rather than wait for the next update.
  const countdown = new CountdownController(host, { expiresAt, onExpire: () => void live.refresh() })
  return { live, renderCountdown: (payable) => renderCountdown(countdown, countdownStrings(localize.translation), payable) }
}

/**
 * The visible timer changes every second and is kept silent (role="timer" is not live); a separate
 * polite region, always present so screen readers watch it, speaks only at the thresholds.
 */
function renderCountdown(countdown: CountdownController, s: CountdownStrings, payable: boolean) {
  const visible = payable && countdown.remainingSeconds !== null
  const announcement = countdown.announcement
  const announcementText =
    announcement === null || !visible ? '' : announcement >= 60 ? s.minutesLeft(Math.round(announcement / 60)) : s.secondsLeft(announcement)
  return html`
    ${visible ? html`<p part="countdown" class="countdown" role="timer">${s.expiresIn(countdown.formatted)}</p>` : nothing}
    <span class="visually-hidden" aria-live="polite">${announcementText}</span>
  `
}
