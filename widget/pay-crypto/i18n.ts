import type { DepositStatus } from '@pay-elements/contract'
import { LocaleStrings } from '../i18n/localize.js'

/** `<pay-crypto>`'s own words; the shared ones (statuses, countdown) are in widget/i18n. English is built in, the others load on demand. */
export interface CryptoStrings {
  chooseCoin: string
  chooseNetwork: (coin: string) => string
  continue: string
  loadingCoins: string
  sendExactly: string
  toAddress: string
  network: string
  memo: string
  memoWarning: (coin: string) => string
  depositStatus: string
  /** CCPayment's deposit statuses in this language, shown beside its own English word (none in English). */
  depositStatuses?: Record<DepositStatus, string>
  cryptoDue: (amount: string) => string
  copy: string
  copied: string
  copyFailed: string
  changeCoin: string
  qrLabel: (coin: string) => string
  hostedButton: string
  hostedWaiting: string
  hostedOpenAgain: string
  expiredNoPay: string
}

const en: CryptoStrings = {
  chooseCoin: 'Choose a coin',
  chooseNetwork: (coin) => `Network for ${coin}`,
  continue: 'Show payment address',
  loadingCoins: 'Loading coins…',
  sendExactly: 'Send exactly',
  toAddress: 'To this address',
  network: 'Network',
  memo: 'Memo / tag',
  memoWarning: (coin) => `Include this memo with your ${coin} transfer. Without it your payment cannot be matched and may be lost.`,
  depositStatus: 'Deposit status',
  cryptoDue: (amount) => `Send ${amount} more to complete the payment`,
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy; select the text instead',
  changeCoin: 'Pay with another coin',
  qrLabel: (coin) => `QR code to pay with ${coin}`,
  hostedButton: 'Pay with crypto on CCPayment',
  hostedWaiting: 'Finish the payment in the CCPayment window; this page updates by itself.',
  hostedOpenAgain: 'Open the payment page again',
  expiredNoPay: 'Do not send anything to this address any more.',
}

export const cryptoStrings = new LocaleStrings<CryptoStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
