import type { DepositStatus } from '@pay-elements/contract'
import Big from 'big.js'

// CCPayment's eight deposit statuses are part of the browser contract (the element shows them).
export { DEPOSIT_STATUSES, type DepositStatus } from '@pay-elements/contract'

export interface DepositRecord {
  /** Crypto amount of one on-chain payment, decimal string. */
  amount: string
  /** When it arrived, ms. */
  at: number
}

/**
 * - nothing paid: Awaiting payment until the deadline, then Expired;
 * - part paid: Underpayment until the deadline, then Underpayment(Overdue);
 * - paid in full or more: Paid / Overpayment when the payment that completed it arrived in time,
 *   otherwise the (Overdue) form. Extra money after completion changes Paid into Overpayment but
 *   not the timing.
 */
export function depositStatus(ordered: string, records: readonly DepositRecord[], validUntil: number, now: number): DepositStatus {
  const sorted = [...records].sort((a, b) => a.at - b.at)
  let sum = new Big(0)
  let completedAt: number | null = null
  for (const record of sorted) {
    sum = sum.plus(record.amount)
    if (completedAt === null && sum.gte(ordered)) completedAt = record.at
  }
  if (sum.eq(0)) return now <= validUntil ? 'Awaiting payment' : 'Expired'
  if (completedAt === null) return now <= validUntil ? 'Underpayment' : 'Underpayment(Overdue)'
  const overdue = completedAt > validUntil
  if (sum.gt(ordered)) return overdue ? 'Overpayment(Overdue)' : 'Overpayment'
  return overdue ? 'Paid(Overdue)' : 'Paid'
}

/** Sum of record amounts, exact. */
export function totalPaid(records: readonly DepositRecord[]): string {
  return records.reduce((sum, r) => sum.plus(r.amount), new Big(0)).toString()
}
