/**
 * `pay-elements/classes`: the element classes, events, API client and types, registering nothing.
 * For server-side rendering code that must not touch `customElements`, for subclasses, and for
 * registering the elements under tag names of your own. The other entries register as they load.
 */
export { PayCard } from './pay-card/pay-card.js'
export { PayCheckout } from './pay-checkout/pay-checkout.js'
export { PayCrypto } from './pay-crypto/pay-crypto.js'
export { PayCvs } from './pay-cvs/pay-cvs.js'

export { definePayElement, PayElement, type PayTheme } from './shared/pay-element.js'
export {
  createPayApi,
  EVENTS_UNSUPPORTED,
  PayApiError,
  type CheckoutEvent,
  type PayApi,
  type PayApiErrorInit,
  type PayApiOptions,
  type RequestOptions,
} from './shared/api.js'
export * from './shared/events/index.js'
export {
  COMPLETE_STATUSES,
  FINAL_STATUSES,
  isCompleteStatus,
  isFinalStatus,
  type CheckoutStatus,
  type ClientCheckout,
  type ClientCheckoutCreated,
  type ErrorBody,
  type PaymentMethod,
} from './shared/types.js'
export type { LocaleCode, Translation } from './i18n/translation.js'
