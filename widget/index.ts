/** The npm entry: registers the three elements and exposes their classes, events and types. */
import './pay-crypto/define.js'
import './pay-card/define.js'
import './pay-cvs/define.js'

export * from './classes.js'
