import type { EventName } from '@lit/react'
import type { PayCompleteEvent, PayErrorEvent, PayReadyEvent, PayStatusChangeEvent } from 'pay-elements/classes'

/** The elements' events as camelCase React props, each typed with its event class. */
export const payEvents = {
  onPayReady: 'pay-ready' as EventName<PayReadyEvent>,
  onPayStatusChange: 'pay-status-change' as EventName<PayStatusChangeEvent>,
  onPayComplete: 'pay-complete' as EventName<PayCompleteEvent>,
  onPayError: 'pay-error' as EventName<PayErrorEvent>,
}

export type { PayCompleteEvent, PayErrorEvent, PayReadyEvent, PayStatusChangeEvent }
