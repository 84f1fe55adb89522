import { LocaleStrings } from '../i18n/localize.js'

export type CardField = 'number' | 'expiry' | 'cvv' | 'name' | 'email' | 'country' | 'postal'

/**
 * `<pay-card>`'s words for drawing the form; the shared ones (statuses, "Pay $X", countdown) are in
 * widget/i18n, and those shown after the payer submits are in card-result.ts. English is built in,
 * the others load on demand.
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

export const cardStrings = new LocaleStrings<CardStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
