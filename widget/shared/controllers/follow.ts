import { html, nothing } from 'lit'
import type { LocalizeController } from '../../i18n/localize.js'
import type { CountdownController } from './countdown-controller.js'

/**
 * What an element needs once its checkout has arrived, and not before: the countdown (with its
 * view) and the live status. One module, fetched by `import()` beside the checkout request, so
 * none of it weighs on the first load and the checkout is drawn with its countdown as soon as both
 * are in.
 */
export { CountdownController } from './countdown-controller.js'
export { LiveStatusController } from './live-status-controller.js'

/**
 * The time left, while the checkout is `payable`. The visible timer changes every second and is
 * kept silent (role="timer" is not live); a separate polite region, always present so screen
 * readers watch it, speaks only at the thresholds.
 */
export function renderCountdown(countdown: CountdownController, localize: LocalizeController, payable: boolean) {
  const visible = payable && countdown.remainingSeconds !== null
  const announcement = countdown.announcement
  const announcementText =
    announcement === null || !visible
      ? ''
      : announcement >= 60
        ? localize.term('minutesLeft', Math.round(announcement / 60))
        : localize.term('secondsLeft', announcement)
  return html`
    ${visible ? html`<p part="countdown" class="countdown" role="timer">${localize.term('expiresIn', countdown.formatted)}</p>` : nothing}
    <span class="visually-hidden" aria-live="polite">${announcementText}</span>
  `
}
