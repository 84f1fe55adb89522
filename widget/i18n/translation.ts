import type { CountdownStrings } from '../shared/controllers/countdown-i18n.js'
import type { ErrorStrings } from '../shared/error-view.js'
import type { CheckoutStatus } from '../shared/types.js'

/** The locales the widget ships. Other languages fall back to English. */
export type LocaleCode = 'en' | 'id' | 'zh-CN'

/**
 * The strings every element shows from its first render. `en.ts` is the source; each locale
 * implements this interface (within `SharedTranslation`), so TypeScript flags a missing or mistyped
 * entry. Interpolation is a function entry.
 */
export interface Translation {
  $code: LocaleCode
  /** The language's own name, for pickers. */
  $name: string
  $dir: 'ltr' | 'rtl'

  /** What the payer reads for each checkout status. */
  statuses: Record<CheckoutStatus, string>
  loading: string
  /** `amount` is already formatted, e.g. "$19.99". */
  pay: (amount: string) => string
  amountDue: (amount: string) => string
  paymentReceived: string
  checkoutExpired: string
  retry: string
  /** A failure that trying again may fix (network, server busy); each kind has its own words in shared/error-view.ts. */
  errorRetryable: string
}

/**
 * What a language's file of shared words holds (id.ts, zh-CN.ts): the strings above, and those of
 * the shared parts that load on demand, whose English comes with their code. A page in that
 * language fetches the file once, before its first element renders.
 */
export interface SharedTranslation extends Translation {
  countdown: CountdownStrings
  errors: ErrorStrings
}
