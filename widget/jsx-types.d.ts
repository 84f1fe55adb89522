/**
 * What JSX may say on `<pay-crypto>`, `<pay-card>`, `<pay-cvs>` and `<pay-checkout>` as plain tags, shared by the
 * React and Preact typings (`pay-elements/jsx-react`, `pay-elements/jsx-preact`). Attributes are
 * written as in HTML; events are listened to as `onpay-complete` (the whole event name after `on`,
 * which React 19 and Preact pass to `addEventListener`). For camelCase event props in React use
 * the wrappers of `@pay-elements/react`.
 */
import type { PayCompleteEvent, PayErrorEvent, PayReadyEvent, PayStatusChangeEvent } from 'pay-elements/classes'

export interface PayElementAttributes {
  /** Base URL of the companion server. */
  server?: string
  /** Client secret of a checkout created by your backend. */
  'client-secret'?: string
  /** The create-checkout reply's `initial_state`: drawn at once, then confirmed with the server. */
  'initial-state'?: string
  /** Catalog product id, for pages without a backend. */
  product?: string
  /** `light` or `dark`; unset follows the operating system. */
  theme?: 'light' | 'dark'
  'onpay-ready'?: (event: PayReadyEvent) => void
  'onpay-status-change'?: (event: PayStatusChangeEvent) => void
  'onpay-complete'?: (event: PayCompleteEvent) => void
  'onpay-error'?: (event: PayErrorEvent) => void
}

export interface PayCheckoutAttributes extends PayElementAttributes {
  /** The method chosen at first, when the checkout allows it. */
  method?: 'crypto' | 'card' | 'cvs'
  /** Passed on to the method's element (`<pay-crypto mode="hosted">`). */
  mode?: 'native' | 'hosted'
  /** Passed on to the method's element: where a hosted page sends the payer back. */
  'return-url'?: string
}

export interface PayCryptoAttributes extends PayElementAttributes {
  /** `native` (address and QR in the page) or `hosted` (CCPayment's checkout page). */
  mode?: 'native' | 'hosted'
  /** Where CCPayment's hosted page sends the payer back. */
  'return-url'?: string
}

export interface PayCvsAttributes extends PayElementAttributes {
  /** `native` (store choice and code in the page) or `hosted` (the store is picked on NICEPAY's payment page). */
  mode?: 'native' | 'hosted'
  /** Where NICEPAY's page sends the payer back (through the server's callback); an allowed origin. */
  'return-url'?: string
}

export interface PayCardAttributes extends PayElementAttributes {
  /** The payer's country (ISO 3166-1 alpha-2) the card form starts on, when the page knows it. */
  country?: string
}
