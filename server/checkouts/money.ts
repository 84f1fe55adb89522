import Big from 'big.js'
import currencyCodes from 'currency-codes'
import type { PaymentMethod } from '@pay-elements/contract'

/**
 * Money rules. Amounts are decimal strings everywhere; arithmetic goes through big.js, never
 * floats. ISO 4217 (the `currency-codes` table) gives the numeric code CCBill wants; the number
 * of decimals is the providers', not ISO's: NICEPAY takes whole rupiah although ISO gives IDR two.
 */

interface CurrencyRule {
  /** Decimals the providers accept for this currency. */
  digits: number
  methods: PaymentMethod[]
}

const CURRENCY_RULES: Record<string, CurrencyRule> = {
  // CCPayment prices in USD with at most two decimals; CCBill takes six numeric ISO 4217 codes.
  USD: { digits: 2, methods: ['crypto', 'card'] },
  EUR: { digits: 2, methods: ['card'] },
  GBP: { digits: 2, methods: ['card'] },
  CAD: { digits: 2, methods: ['card'] },
  AUD: { digits: 2, methods: ['card'] },
  JPY: { digits: 0, methods: ['card'] },
  // NICEPAY convenience-store payments: rupiah, digits only (its error 9008).
  IDR: { digits: 0, methods: ['cvs'] },
}

/** Twelve integer digits: NICEPAY's `amt` is N 12, the narrowest of the three providers. */
const MAX_INTEGER_DIGITS = 12

export class MoneyError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code = 'invalid_amount',
  ) {
    super(message)
    this.name = 'MoneyError'
  }
}

export function supportedCurrencies(): string[] {
  return Object.keys(CURRENCY_RULES)
}

export function methodsForCurrency(currency: string): PaymentMethod[] {
  return CURRENCY_RULES[currency]?.methods ?? []
}

/** Decimals for a supported currency (throws for an unsupported one). */
export function currencyDigits(currency: string): number {
  const rule = CURRENCY_RULES[currency]
  if (!rule) throw new MoneyError('currency', `${currency} is not supported`, 'unsupported_currency')
  return rule.digits
}

/** The three-digit ISO 4217 numeric code, e.g. "840" for USD. */
export function numericCurrencyCode(currency: string): string {
  const entry = currencyCodes.code(currency)
  if (!entry) throw new MoneyError('currency', `${currency} is not an ISO 4217 currency`, 'unknown_currency')
  return entry.number
}

/** Checks an ISO 4217 alphabetic code and that some payment method can take it. */
export function checkCurrency(value: string, field = 'currency'): string {
  if (!/^[A-Za-z]{3}$/.test(value)) throw new MoneyError(field, 'must be a three-letter ISO 4217 code such as "USD"', 'unknown_currency')
  const currency = value.toUpperCase()
  if (!currencyCodes.code(currency)) throw new MoneyError(field, `${currency} is not an ISO 4217 currency`, 'unknown_currency')
  if (!CURRENCY_RULES[currency]) {
    throw new MoneyError(field, `${currency} is not supported; use one of ${supportedCurrencies().join(', ')}`, 'unsupported_currency')
  }
  return currency
}

/**
 * Parses a positive decimal string and returns it with exactly the currency's decimals
 * ("5" USD → "5.00"). Refuses numbers, exponents, signs, spaces and extra decimals, so what the
 * merchant wrote is what the payer pays.
 */
export function normalizeAmount(value: unknown, currency: string, field = 'amount'): string {
  if (typeof value !== 'string') throw new MoneyError(field, 'must be a decimal string such as "19.99", not a number')
  const digits = currencyDigits(checkCurrency(currency))
  const match = /^(0|[1-9]\d*)(?:\.(\d+))?$/.exec(value)
  if (!match) throw new MoneyError(field, 'must be a positive decimal string such as "19.99"')
  const [, integer = '', fraction = ''] = match
  if (integer.length > MAX_INTEGER_DIGITS) throw new MoneyError(field, `must be below 10^${MAX_INTEGER_DIGITS}`)
  if (fraction.length > digits) {
    throw new MoneyError(
      field,
      digits === 0 ? `${currency} takes whole amounts, no decimals` : `${currency} takes at most ${digits} decimals`,
    )
  }
  const amount = new Big(value)
  if (amount.lte(0)) throw new MoneyError(field, 'must be greater than zero')
  return amount.toFixed(digits)
}

/** `a - b`, never below zero, in the currency's precision. */
export function amountDue(amount: string, paid: string, currency: string): string {
  const due = new Big(amount).minus(paid)
  return (due.gt(0) ? due : new Big(0)).toFixed(currencyDigits(currency))
}

export function addAmounts(a: string, b: string, currency: string): string {
  return new Big(a).plus(b).toFixed(currencyDigits(currency))
}

export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  return new Big(a).cmp(b) as -1 | 0 | 1
}
