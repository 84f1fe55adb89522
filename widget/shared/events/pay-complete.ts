import type { ClientCheckout } from '../types.js'

export interface PayCompleteDetail {
  checkout: ClientCheckout
}

/** The checkout is paid (or overpaid). Fired once per element and checkout. */
export class PayCompleteEvent extends Event {
  readonly detail: PayCompleteDetail

  constructor(detail: PayCompleteDetail) {
    super('pay-complete', { bubbles: true, composed: true })
    this.detail = detail
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pay-complete': PayCompleteEvent
  }
}
