/**
 * The simulator's test cards: our own convention, documented here and served at
 * `/sandbox/ccbill/test-cards`. CCBill's official sandbox card list is not public
 * (providers.md §3.8), so none of these numbers mean anything at the real CCBill.
 *
 * Any other Luhn-valid number approves without 3DS; a Luhn-invalid one is a validation error.
 */

export type TestCardOutcome = 'approve' | 'decline' | '3ds-pass' | '3ds-fail'

export interface TestCard {
  /** Grouped in fours, as a payer types it. */
  number: string
  brand: string
  outcome: TestCardOutcome
  description: string
}

/**
 * Decline codes and texts the simulator answers with. 22 and 27 appear in CCBill's public
 * examples; the full list is not public, so 24, 54 and 55 are ours.
 */
export const DECLINES = {
  insufficientFunds: { code: 24, text: 'Insufficient funds' },
  authenticationFailed: { code: 54, text: '3DS authentication failed' },
  authenticationRequired: { code: 55, text: 'Strong customer authentication required' },
  bankUnavailable: { code: 22, text: 'Error contacting bank, please try again later' },
  systemError: { code: 27, text: 'System Error, Please Try Again' },
} as const

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4111 1111 1111 1111', brand: 'Visa', outcome: 'approve', description: 'Approves; no 3DS' },
  { number: '5555 5555 5555 4444', brand: 'Mastercard', outcome: 'approve', description: 'Approves; no 3DS' },
  {
    number: '4000 0000 0000 0002',
    brand: 'Visa',
    outcome: 'decline',
    description: `Declines with code ${DECLINES.insufficientFunds.code} "${DECLINES.insufficientFunds.text}"`,
  },
  {
    number: '4000 0000 0000 3220',
    brand: 'Visa',
    outcome: '3ds-pass',
    description: 'Needs 3DS; the challenge passes when the payer clicks Approve (Fail makes it fail), then the charge approves',
  },
  {
    number: '4000 0084 0000 1629',
    brand: 'Visa',
    outcome: '3ds-fail',
    description: 'Needs 3DS; the issuer refuses the authentication whatever the payer clicks, so the charge declines',
  },
]

export const digitsOf = (cardNumber: string) => cardNumber.replace(/[\s-]/g, '')

export function luhnValid(cardNumber: string): boolean {
  const digits = digitsOf(cardNumber)
  if (!/^\d{12,19}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** What a (Luhn-valid) card does at the simulator: a test card's outcome, else approve. */
export function outcomeOf(cardNumber: string): TestCardOutcome {
  const digits = digitsOf(cardNumber)
  return TEST_CARDS.find((card) => digitsOf(card.number) === digits)?.outcome ?? 'approve'
}

/** The outcome a card with this BIN and last four digits has, as `threeds-required` can tell from them alone. */
export function outcomeOfBinLast4(bin: string, last4: string): TestCardOutcome {
  return TEST_CARDS.find((card) => digitsOf(card.number).startsWith(bin) && digitsOf(card.number).endsWith(last4))?.outcome ?? 'approve'
}

export const needsThreeds = (outcome: TestCardOutcome) => outcome === '3ds-pass' || outcome === '3ds-fail'

/** Card brand by number prefix, as CCBill's webhooks name it in `cardType`. */
export function cardTypeOf(cardNumber: string): string {
  const digits = digitsOf(cardNumber)
  if (/^4/.test(digits)) return 'VISA'
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'MASTERCARD'
  if (/^3[47]/.test(digits)) return 'AMEX'
  if (/^35/.test(digits)) return 'JCB'
  if (/^6(011|5)/.test(digits)) return 'DISCOVER'
  return 'OTHER'
}
