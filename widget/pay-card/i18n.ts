import type { CardDeclineReason } from '../../server/providers/ccbill/views.js'
import { LocaleStrings } from '../i18n/localize.js'

export type CardField = 'number' | 'expiry' | 'cvv' | 'name' | 'email' | 'country' | 'postal'

/** `<pay-card>`'s own words; the shared ones (statuses, "Pay $X", countdown) are in widget/i18n. English is built in, the others load on demand. */
export interface CardStrings {
  labels: Record<CardField, string>
  /** What to fix, shown under a field that is wrong. */
  invalid: Record<CardField, string>
  paying: string
  challenge: string
  checking: string
  /** Why a charge did not go through, in plain words. */
  declined: Record<CardDeclineReason, string>
  /** CCBill's own words, shown second. */
  bankSaid: (text: string) => string
  cardRefused: string
  approved: string
  cardEnding: (last4: string) => string
  reference: (id: string) => string
  notAvailable: string
  errorRetryable: string
  errorFatal: string
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
  invalid: {
    number: 'Enter the card number as printed on the card.',
    expiry: 'Enter the expiry date as MM / YY. The card must not have expired.',
    cvv: 'Enter the security code: 3 digits on the back, or 4 on the front of an American Express card.',
    name: 'Enter the name as it appears on the card, in letters.',
    email: 'Enter an email address such as name@example.com.',
    country: 'Choose your country.',
    postal: 'Enter your postal code (letters and digits, at most 16).',
  },
  paying: 'Paying…',
  challenge: 'Your bank wants to confirm it is you. Follow the steps below.',
  checking: 'Checking the payment with your bank…',
  declined: {
    declined: 'Your bank declined this card. Nothing was charged. Try another card, or ask your bank why.',
    authentication_failed: 'Your bank could not confirm it was you, so nothing was charged. Try again or use another card.',
    try_again: 'Your bank could not be reached just now. Nothing was charged. Please try again in a moment.',
  },
  bankSaid: (text) => `Message from the bank: ${text}`,
  cardRefused: 'These card details were not accepted. Check them and try again.',
  approved: 'Payment approved. Thank you!',
  cardEnding: (last4) => `Card ending ${last4}`,
  reference: (id) => `Reference: ${id}`,
  notAvailable: 'Card payment is not available for this order.',
  errorRetryable: 'The payment could not be completed just now. Please try again.',
  errorFatal: 'This order cannot be paid by card. Please contact the merchant.',
}

export const cardStrings = new LocaleStrings<CardStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
