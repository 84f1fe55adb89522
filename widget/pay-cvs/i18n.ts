import type { CvsStore } from '@pay-elements/contract'
import { LocaleStrings } from '../i18n/localize.js'

/**
 * `<pay-cvs>`'s own words on first load (the form); those shown after the payer acts come with the
 * code that shows them (cvs-actions.ts, payment-view.ts), the shared ones (statuses, countdown) are
 * in widget/i18n. English is built in, the others load on demand.
 */
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
  notAvailable: string
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
  notAvailable: 'Payment at a convenience store is not available for this order.',
}

export const cvsStrings = new LocaleStrings<CvsStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
