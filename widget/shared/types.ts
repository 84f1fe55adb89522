/**
 * The wire contract, re-exported from its single definition in the server so the widget and the
 * server can never disagree. Only types and two small constant lists cross over.
 */
export type { CheckoutStatus, ClientCheckout, ClientCheckoutCreated, ErrorBody, PaymentMethod } from '../../server/checkouts/views.js'
export { COMPLETE_STATUSES, FINAL_STATUSES } from '../../server/checkouts/views.js'

import type { CheckoutStatus } from '../../server/checkouts/views.js'
import { COMPLETE_STATUSES, FINAL_STATUSES } from '../../server/checkouts/views.js'

/** Nothing more will happen to a checkout in this status, so following it can stop. */
export function isFinalStatus(status: CheckoutStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** The payer has paid what was asked (or more). */
export function isCompleteStatus(status: CheckoutStatus): boolean {
  return COMPLETE_STATUSES.includes(status)
}
