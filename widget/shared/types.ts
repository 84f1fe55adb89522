/**
 * The wire contract, re-exported from `@pay-elements/contract`, the one definition the elements and
 * the server both depend on, so they can never disagree.
 */
export type {
  CheckoutStatus,
  ClientBootstrap,
  ClientCheckout,
  ClientCheckoutCreated,
  ClientFirstScreens,
  ErrorBody,
  InitialState,
  PaymentMethod,
} from '@pay-elements/contract'
export { COMPLETE_STATUSES, FINAL_STATUSES } from '@pay-elements/contract'

import type { CheckoutStatus, ClientCheckout } from '@pay-elements/contract'
import { COMPLETE_STATUSES, FINAL_STATUSES } from '@pay-elements/contract'

/** Nothing more will happen to a checkout in this status, so following it can stop. */
export function isFinalStatus(status: CheckoutStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/**
 * Nothing can change this checkout any more, so following it can stop. The server says so
 * (`final`): an expired crypto checkout may still be paid late. A server without the field: by status.
 */
export function isFinal(checkout: ClientCheckout): boolean {
  return checkout.final ?? isFinalStatus(checkout.status)
}

/** The payer has paid what was asked (or more). */
export function isCompleteStatus(status: CheckoutStatus): boolean {
  return COMPLETE_STATUSES.includes(status)
}
