import { LocaleStrings } from '../i18n/localize.js'
import type { CardResultStrings } from './card-result.js'
import type { TermsStrings } from './subscription-terms.js'

export type CardField = 'number' | 'expiry' | 'cvv' | 'name' | 'email' | 'country' | 'postal'

/**
 * `<pay-card>`'s words for drawing the form; the shared ones (statuses, "Pay $X", countdown) are in
 * widget/i18n, and the English of those shown after the payer submits and of a subscription's terms
 * comes with the code that shows them (card-result.ts, subscription-terms.ts).
 */
export interface CardStrings {
  labels: Record<CardField, string>
  paying: string
  notAvailable: string
}

const en: CardStrings = {
  labels: {
    number: 'Card number',
    expiry: 'Expiry date (MM / YY)',
    cvv: 'Security code (CVV)',
    name: 'Name on card',
    email: 'Email',
    country: 'Country',
    postal: 'Postal code',
  },
  paying: 'Paying…',
  notAvailable: 'Card payment is not available for this order.',
}

/** What each language's file (i18n-id.ts, i18n-zh-CN.ts) holds: every word of `<pay-card>`. */
export interface CardTranslation extends CardStrings {
  result: CardResultStrings
  terms: TermsStrings
}

/** English is built in; another language arrives whole, in one file, before the element first renders in it. */
export const cardStrings = new LocaleStrings<CardStrings & Partial<CardTranslation>>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
