/**
 * `@pay-elements/react`: `<PayCrypto>`, `<PayCard>`, `<PayCvs>` and `<PayCheckout>`, React components around the
 * pay-elements custom elements (built with `@lit/react`): properties are set as properties, and
 * the events arrive as typed camelCase props (`onPayReady`, `onPayStatusChange`, `onPayComplete`,
 * `onPayError`). Each element also has its own entry (`@pay-elements/react/pay-card` …), which
 * loads only that element.
 */
export { PayCard, type PayCardElement } from './pay-card.js'
export { PayCheckout, type PayCheckoutElement } from './pay-checkout.js'
export { PayCrypto, type PayCryptoElement } from './pay-crypto.js'
export { PayCvs, type PayCvsElement } from './pay-cvs.js'
export * from './events.js'
