import type { CheckoutStatus, ClientCheckout } from '../types.js'

export interface PayStatusChangeDetail {
  checkout: ClientCheckout
  previousStatus: CheckoutStatus
}

/** The checkout's status changed after it loaded (reported by the server, live). */
export class PayStatusChangeEvent extends Event {
  readonly detail: PayStatusChangeDetail

  constructor(detail: PayStatusChangeDetail) {
    super('pay-status-change', { bubbles: true, composed: true })
    this.detail = detail
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pay-status-change': PayStatusChangeEvent
  }
}
