import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHECKOUT_STATUSES, FINAL_STATUSES, type CheckoutStatus } from '@pay-elements/contract'
import { canCancel, canTransition, nextStatuses } from './state.js'

/** Applies the moves the machine allows, skipping the rest, as transitionCheckout does. */
function run(moves: CheckoutStatus[]): CheckoutStatus[] {
  const path: CheckoutStatus[] = ['open']
  for (const to of moves) if (canTransition(path.at(-1)!, to)) path.push(to)
  return path
}

describe('checkout state machine', () => {
  it('never returns to a status it has left, whatever evidence arrives in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHECKOUT_STATUSES), { maxLength: 40 }), (moves) => {
        const path = run(moves)
        expect(new Set(path).size).toBe(path.length)
        expect(path.slice(1)).not.toContain('open')
      }),
    )
  })

  it('reaches every status from open', () => {
    const seen = new Set<CheckoutStatus>(['open'])
    const queue: CheckoutStatus[] = ['open']
    while (queue.length) {
      for (const next of nextStatuses(queue.shift()!)) {
        if (!seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    expect([...seen].sort()).toEqual([...CHECKOUT_STATUSES].sort())
  })

  it('lets only money move a checkout out of expired, failed or paid, besides a refund', () => {
    expect(nextStatuses('expired')).toEqual(['paid', 'overpaid'])
    expect(nextStatuses('failed')).toEqual(['paid', 'overpaid'])
    expect(nextStatuses('paid')).toEqual(['overpaid', 'refunded'])
    expect(nextStatuses('overpaid')).toEqual(['refunded'])
    expect(nextStatuses('canceled')).toEqual([])
    expect(nextStatuses('refunded')).toEqual([])
  })

  it('keeps underpaid open to the rest of the money and to its deadline', () => {
    expect(FINAL_STATUSES).not.toContain('underpaid')
    expect(nextStatuses('underpaid')).toEqual(['paid', 'overpaid', 'expired'])
  })

  it('lets the merchant cancel only before money has arrived', () => {
    expect(CHECKOUT_STATUSES.filter(canCancel)).toEqual(['open', 'pending'])
  })
})
