import type { ClientCheckout } from '../types.js'

export interface PayReadyDetail {
  checkout: ClientCheckout
}

/** The checkout has loaded and the element shows it. */
export class PayReadyEvent extends Event {
  readonly detail: PayReadyDetail

  constructor(detail: PayReadyDetail) {
    super('pay-ready', { bubbles: true, composed: true })
    this.detail = detail
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pay-ready': PayReadyEvent
  }
}
