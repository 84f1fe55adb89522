import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { amountDue, checkCurrency, MoneyError, normalizeAmount, numericCurrencyCode } from './money.js'

describe('money', () => {
  it('normalises to the currency precision without changing the value', () => {
    expect(normalizeAmount('19.9', 'USD')).toBe('19.90')
    expect(normalizeAmount('5', 'USD')).toBe('5.00')
    expect(normalizeAmount('150000', 'IDR')).toBe('150000')
    expect(normalizeAmount('1000', 'JPY')).toBe('1000')
    expect(normalizeAmount('0.01', 'USD')).toBe('0.01')
    expect(normalizeAmount('999999999999.99', 'USD')).toBe('999999999999.99')
  })

  it('keeps every valid two-decimal amount exact (no float on the way)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 99_999_999_999_999n }), (cents) => {
        const text = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`
        expect(normalizeAmount(text, 'USD')).toBe(text)
      }),
    )
  })

  it('refuses numbers, whatever their value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer()), (n) => {
        expect(() => normalizeAmount(n, 'USD')).toThrow(MoneyError)
      }),
    )
  })

  it('refuses strings that are not plain positive decimals', () => {
    for (const bad of ['', '-1', '+1', '1e2', '0x10', '1,00', '01', '1.', '.5', ' 1', '1 ', 'NaN', 'Infinity', '0', '0.00', '١٢']) {
      expect(() => normalizeAmount(bad, 'USD'), bad).toThrow(MoneyError)
    }
  })

  it('computes what is still due exactly and never below zero', () => {
    expect(amountDue('0.30', '0.10', 'USD')).toBe('0.20') // 0.3 - 0.1 in floats is 0.19999999999999998
    expect(amountDue('10.00', '12.50', 'USD')).toBe('0.00')
    expect(amountDue('150000', '50000', 'IDR')).toBe('100000')
  })

  it('knows the numeric ISO codes CCBill needs', () => {
    expect(['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY'].map(numericCurrencyCode)).toEqual(['840', '978', '826', '124', '036', '392'])
  })

  it('tells an unknown currency from a known but unsupported one', () => {
    expect(() => checkCurrency('QQQ')).toThrow(/not an ISO 4217 currency/)
    expect(() => checkCurrency('CHF')).toThrow(/not supported/)
    expect(checkCurrency('idr')).toBe('IDR')
  })
})
