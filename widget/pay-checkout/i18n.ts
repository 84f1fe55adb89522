import type { PaymentMethod } from '@pay-elements/contract'
import { LocaleStrings } from '../i18n/localize.js'

/** `<pay-checkout>`'s own words; the shared ones (loading, errors) are in widget/i18n. English is built in, the others load on demand. */
export interface CheckoutStrings {
  chooseMethod: string
  methods: Record<PaymentMethod, string>
  /** `amounts` lists what the payer would send in a few coins, already formatted. */
  cryptoEstimate: (amounts: string) => string
  /** Read out when the payer picks a method. */
  chosen: (method: string) => string
  /** Why the other methods are gone once a payment has started with this one. */
  started: Record<PaymentMethod, string>
}

const en: CheckoutStrings = {
  chooseMethod: 'Pay with',
  methods: { card: 'Card', crypto: 'Crypto', cvs: 'Cash at a convenience store' },
  cryptoEstimate: (amounts) => `About ${amounts}`,
  chosen: (method) => `${method} selected`,
  started: {
    card: 'A card payment has started, so this checkout can now only be paid by card.',
    crypto: 'A crypto deposit has started, so this checkout can now only be paid in crypto.',
    cvs: 'A payment code has been issued, so this checkout can now only be paid at the store.',
  },
}

export const checkoutStrings = new LocaleStrings<CheckoutStrings>(en, {
  id: () => import('./i18n-id.js'),
  'zh-CN': () => import('./i18n-zh-CN.js'),
})
