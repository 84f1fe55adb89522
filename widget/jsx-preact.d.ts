/**
 * `<pay-crypto>`, `<pay-card>`, `<pay-cvs>` and `<pay-checkout>` in Preact JSX: `import type {} from 'pay-elements/jsx-preact'`
 * once in the app (or list `pay-elements/jsx-preact` in tsconfig `types`).
 */
import type { JSX as PreactJSX } from 'preact'
import type { PayCard, PayCheckout, PayCrypto, PayCvs } from 'pay-elements/classes'
import type { PayCardAttributes, PayCheckoutAttributes, PayCryptoAttributes, PayCvsAttributes } from './jsx-types.js'

type Tag<Element extends HTMLElement, Attributes> = Omit<PreactJSX.HTMLAttributes<Element>, keyof Attributes> & Attributes

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'pay-crypto': Tag<PayCrypto, PayCryptoAttributes>
      'pay-card': Tag<PayCard, PayCardAttributes>
      'pay-cvs': Tag<PayCvs, PayCvsAttributes>
      'pay-checkout': Tag<PayCheckout, PayCheckoutAttributes>
    }
  }
}
