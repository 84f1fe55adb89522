/**
 * `pay-elements/pay-card`: registers `<pay-card>` (a second copy of the script neither throws nor
 * replaces the first). Its class is exported by `pay-elements/classes` and `pay-elements`; the
 * types of its events come with this entry.
 */
import { registerPayCard } from './register.js'

export type { PayCard } from './pay-card.js'
export type * from '../shared/events/index.js'

registerPayCard()
