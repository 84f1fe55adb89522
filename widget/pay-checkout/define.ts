/**
 * `pay-elements/pay-checkout`: registers `<pay-checkout>` (a second copy of the script neither
 * throws nor replaces the first). The element of the method the payer picks is loaded, and
 * registered, on choice. Its class is exported by `pay-elements/classes` and `pay-elements`; the
 * types of its events come with this entry.
 */
import { registerPayCheckout } from './register.js'

export type { PayCheckout } from './pay-checkout.js'
export type * from '../shared/events/index.js'

registerPayCheckout()
