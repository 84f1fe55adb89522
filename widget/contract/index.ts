/**
 * The browser ⇄ server contract of pay-elements: the shapes of the browser API (`/v1/client/…`),
 * the status lists, the CVS stores and the phone rule. The elements (`pay-elements`) and the
 * companion server (`@pay-elements/server`) both depend on this package, so they cannot disagree.
 * No dependencies, no DOM, no Node: it runs anywhere.
 */
export * from './card.js'
export * from './checkout.js'
export * from './crypto.js'
export * from './cvs.js'
export * from './phone.js'
