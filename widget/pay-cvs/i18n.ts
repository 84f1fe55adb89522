import type { CvsStore } from '../../server/providers/nicepay/views.js'
import { LocaleStrings } from '../i18n/localize.js'

/** `<pay-cvs>`'s own words; the shared ones (statuses, countdown) are in widget/i18n. English is built in, the others load on demand. */
export interface CvsStrings {
  chooseStore: string
  storeNames: Record<CvsStore, string>
  storeNotes: Record<CvsStore, string>
  name: string
  phone: string
  phoneHint: string
  email: string
  submit: string
  submitting: string
  storeRequired: string
  nameRequired: string
  nameInvalid: string
  phoneInvalid: string
  emailInvalid: string
  notAvailable: string
  errorRetryable: string
  errorFatal: string
  tryAgain: string
}

const en: CvsStrings = {
  chooseStore: 'Where will you pay?',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: 'Any Indomaret store', alfamart: 'Also Alfamidi, Lawson and Dan+Dan' },
  name: 'Full name',
  phone: 'Mobile number',
  phoneHint: 'For example 0812 3456 7890 or +62 812 3456 7890',
  email: 'Email',
  submit: 'Get payment code',
  submitting: 'Getting your payment code…',
  storeRequired: 'Choose Indomaret or Alfamart.',
  nameRequired: 'Enter your name.',
  nameInvalid: 'Enter your name in letters.',
  phoneInvalid: 'Enter an Indonesian phone number, such as 0812 3456 7890.',
  emailInvalid: 'Enter an email address such as nama@contoh.co.id (at most 40 characters).',
  notAvailable: 'Payment at a convenience store is not available for this order.',
  errorRetryable: 'We could not get a payment code just now. Please try again.',
  errorFatal: 'A payment code cannot be issued for this order. Please contact the merchant.',
  tryAgain: 'Try again',
}

export const cvsStrings = new LocaleStrings<CvsStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
