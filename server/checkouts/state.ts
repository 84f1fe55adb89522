import type { CheckoutStatus } from '@pay-elements/contract'

/**
 * The checkout state machine (design §3) as data. A checkout only moves forward, and only on
 * provider evidence (a verified webhook or API read), time (expiry) or the merchant (cancel).
 * Nothing the browser sends can call these.
 *
 *   open → pending → underpaid → paid → overpaid
 *          ↘ failed | expired | canceled        paid | overpaid → refunded
 *
 * Money that arrives late is still money: an expired checkout can become paid or overpaid
 * (CCPayment's "Paid(Overdue)"), an underpaid one can expire (its "Underpayment(Overdue)"), and a
 * paid one becomes overpaid when more arrives (a second transfer, a card charged twice). Money that
 * reaches a canceled checkout leaves it canceled and is recorded on it (`applyTransition`).
 */
const NEXT: Record<CheckoutStatus, readonly CheckoutStatus[]> = {
  open: ['pending', 'underpaid', 'paid', 'overpaid', 'failed', 'expired', 'canceled'],
  pending: ['underpaid', 'paid', 'overpaid', 'failed', 'expired', 'canceled'],
  underpaid: ['paid', 'overpaid', 'expired'],
  expired: ['paid', 'overpaid'],
  failed: ['paid', 'overpaid'],
  paid: ['overpaid', 'refunded'],
  overpaid: ['refunded'],
  canceled: [],
  refunded: [],
}

export function canTransition(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return NEXT[from].includes(to)
}

export function nextStatuses(from: CheckoutStatus): readonly CheckoutStatus[] {
  return NEXT[from]
}

/** Statuses in which the clock may still expire the checkout. */
export function canExpire(status: CheckoutStatus): boolean {
  return canTransition(status, 'expired')
}

/**
 * The merchant may cancel before any money has arrived: while open, or pending at a provider (a
 * card charge or a payment code in flight is settled first; see the cancel route).
 */
export function canCancel(status: CheckoutStatus): boolean {
  return status === 'open' || status === 'pending'
}

/** The event type told to the merchant for a move into `status`. */
export function eventTypeFor(status: CheckoutStatus): `checkout.${CheckoutStatus}` {
  return `checkout.${status}`
}
