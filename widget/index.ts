/** The npm entry: registers the elements and exposes their classes, events and types. */
import './pay-crypto/define.js'
import './pay-card/define.js'
import './pay-cvs/define.js'
import './pay-checkout/define.js'

export * from './classes.js'
