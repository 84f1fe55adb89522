import type { SharedTranslation } from '../../i18n/translation.js'

/** The countdown's words; the English ones come with the countdown (follow.ts), the others are in each language's shared file (widget/i18n). */
export interface CountdownStrings {
  /** `time` is "mm:ss" or "h:mm:ss". */
  expiresIn: (time: string) => string
  /** Screen-reader announcements as the countdown crosses a threshold. */
  minutesLeft: (minutes: number) => string
  secondsLeft: (seconds: number) => string
}

const en: CountdownStrings = {
  expiresIn: (time) => `Expires in ${time}`,
  minutesLeft: (minutes) => (minutes === 1 ? '1 minute left to pay' : `${minutes} minutes left to pay`),
  secondsLeft: (seconds) => (seconds === 1 ? '1 second left to pay' : `${seconds} seconds left to pay`),
}

/** The countdown's words in the language of `shared` (the shared words in use): English has them here. */
export const countdownStrings = (shared: Partial<SharedTranslation>): CountdownStrings => shared.countdown ?? en
