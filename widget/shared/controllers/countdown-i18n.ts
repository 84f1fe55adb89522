import { LocaleStrings } from '../../i18n/localize.js'

/** The countdown's words; they come with the countdown (follow.ts). English is built in, the others load on demand. */
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

export const countdownStrings = new LocaleStrings<CountdownStrings>(en, {
  id: () => import('./countdown-i18n-id.js'),
  'zh-CN': () => import('./countdown-i18n-zh-CN.js'),
})
