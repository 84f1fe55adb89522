export interface PayErrorDetail {
  /** Machine-readable, from the server's error body (`network_error` when no answer came). */
  code: string
  message: string
  /** Whether trying again may help; the element then offers a Retry button. */
  retryable: boolean
}

/** Loading or following the checkout failed. */
export class PayErrorEvent extends Event {
  readonly detail: PayErrorDetail

  constructor(detail: PayErrorDetail) {
    super('pay-error', { bubbles: true, composed: true })
    this.detail = detail
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pay-error': PayErrorEvent
  }
}
