import type { Translation } from './translation.js'

const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',

  statuses: {
    open: 'Awaiting payment',
    pending: 'Payment in progress',
    underpaid: 'Partly paid',
    paid: 'Paid',
    overpaid: 'Paid (more than the amount due)',
    failed: 'Payment failed',
    expired: 'Expired',
    canceled: 'Canceled',
    refunded: 'Refunded',
  },
  loading: 'Loading…',
  pay: (amount) => `Pay ${amount}`,
  amountDue: (amount) => `${amount} still due`,
  paymentReceived: 'Payment received',
  checkoutExpired: 'This checkout has expired',
  retry: 'Retry',
  errorRetryable: 'We could not reach the payment server. Check your connection and try again.',
}

export default en
