import type { CvsStore } from '@pay-elements/contract'
import { LocaleStrings } from '../i18n/localize.js'
import type { CvsActionStrings } from './cvs-actions.js'
import type { CvsViewStrings } from './payment-view.js'

/**
 * `<pay-cvs>`'s own words on first load (the form); the English of those shown after the payer acts
 * comes with the code that shows them (cvs-actions.ts, payment-view.ts), the shared ones (statuses,
 * countdown) are in widget/i18n.
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
  /** Hosted mode's button: the store is picked on NICEPAY's page next. */
  hostedSubmit: string
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
  hostedSubmit: 'Choose a store on NICEPAY',
  submitting: 'Getting your payment code…',
  notAvailable: 'Payment at a convenience store is not available for this order.',
}

/** What each language's file (i18n-id.ts, i18n-zh-CN.ts) holds: every word of `<pay-cvs>`. */
export interface CvsTranslation extends CvsStrings {
  actions: CvsActionStrings
  views: CvsViewStrings
}

/** English is built in; another language arrives whole, in one file, before the element first renders in it. */
export const cvsStrings = new LocaleStrings<CvsStrings & Partial<CvsTranslation>>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
