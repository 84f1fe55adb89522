/**
 * `<pay-crypto>`, `<pay-card>`, `<pay-cvs>` and `<pay-checkout>` in React 19 JSX: `import type {} from 'pay-elements/jsx-react'`
 * once in the app (or list `pay-elements/jsx-react` in tsconfig `types`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react'
import type { PayCard, PayCheckout, PayCrypto, PayCvs } from 'pay-elements/classes'
import type { PayCardAttributes, PayCheckoutAttributes, PayCryptoAttributes, PayCvsAttributes } from './jsx-types.js'

type Tag<Element extends HTMLElement, Attributes> = DetailedHTMLProps<HTMLAttributes<Element>, Element> & Attributes

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'pay-crypto': Tag<PayCrypto, PayCryptoAttributes>
      'pay-card': Tag<PayCard, PayCardAttributes>
      'pay-cvs': Tag<PayCvs, PayCvsAttributes>
      'pay-checkout': Tag<PayCheckout, PayCheckoutAttributes>
    }
  }
}
