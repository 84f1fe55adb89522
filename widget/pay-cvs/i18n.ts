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
  codeLabel: string
  /** For screen readers: the code spelled out digit by digit. */
  codeSpoken: (digits: string) => string
  payAt: (store: string) => string
  amountToPay: string
  payBefore: string
  copy: string
  copied: string
  copyFailed: string
  ready: string
  instructionsTitle: string
  /** The first step at the till: which stores take the code. */
  goTo: Record<CvsStore, string>
  /** The other steps; `code` is grouped for reading aloud, `amount` formatted. */
  steps: (code: string, amount: string) => string[]
  print: string
  check: string
  checking: string
  paidTitle: string
  paidBody: (store: string) => string
  expiredTitle: string
  expiredBody: string
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
  codeLabel: 'Payment code',
  codeSpoken: (digits) => `Payment code ${digits}`,
  payAt: (store) => `Pay at ${store}`,
  amountToPay: 'Amount to pay',
  payBefore: 'Pay before',
  copy: 'Copy code',
  copied: 'Payment code copied',
  copyFailed: 'Could not copy. Select the code and copy it yourself.',
  ready: 'The cashier has found your bill. Pay now to finish.',
  instructionsTitle: 'How to pay',
  goTo: {
    indomaret: 'Go to any Indomaret store.',
    alfamart: 'Go to any Alfamart, Alfamidi, Lawson or Dan+Dan store.',
  },
  steps: (code, amount) => [
    'Tell the cashier you want to pay an online purchase with a NICEPAY payment code.',
    `Show this page or read out the payment code: ${code}.`,
    `Check the amount the cashier tells you: ${amount}.`,
    'Pay in cash and keep the receipt.',
    'This page shows "Payment received" once the store has confirmed it.',
  ],
  print: 'Print',
  check: 'I have paid: check now',
  checking: 'Checking…',
  paidTitle: 'Paid. Thank you!',
  paidBody: (store) => `Your payment at ${store} has been received.`,
  expiredTitle: 'This payment code has expired',
  expiredBody: 'Do not pay it at the store any more. Ask the merchant for a new order.',
  notAvailable: 'Payment at a convenience store is not available for this order.',
  errorRetryable: 'We could not get a payment code just now. Please try again.',
  errorFatal: 'A payment code cannot be issued for this order. Please contact the merchant.',
  tryAgain: 'Try again',
}

export const cvsStrings = new LocaleStrings<CvsStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
