/**
 * `pay-elements/pay-cvs`: registers `<pay-cvs>` (a second copy of the script neither throws nor
 * replaces the first). Its class is exported by `pay-elements/classes` and `pay-elements`; the
 * types of its events come with this entry.
 */
import { registerPayCvs } from './register.js'

export type { PayCvs } from './pay-cvs.js'
export type * from '../shared/events/index.js'

registerPayCvs()
