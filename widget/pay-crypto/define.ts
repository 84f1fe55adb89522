/**
 * `pay-elements/pay-crypto`: registers `<pay-crypto>` (a second copy of the script neither throws nor
 * replaces the first). Its class is exported by `pay-elements/classes` and `pay-elements`; the
 * types of its events come with this entry.
 */
import { registerPayCrypto } from './register.js'

export type { PayCrypto } from './pay-crypto.js'
export type * from '../shared/events/index.js'

registerPayCrypto()
