/** A plain decimal string as the server sends it: "19.99", "150000", "-0.5". */
const DECIMAL = /^-?\d+(?:\.(\d+))?$/

/**
 * Formats a money amount for display. The amount stays a string end to end: Intl.NumberFormat
 * formats decimal strings exactly where supported (and older engines convert them to a number,
 * which is acceptable for display only). The fraction digits are the ones the server sent, since
 * the server already writes amounts in the currency's precision ("150000" IDR → "Rp 150.000").
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const match = DECIMAL.exec(amount.trim())
  if (!match) return `${amount} ${currency}`
  const digits = Math.min(match[1]?.length ?? 0, 20)
  const value = amount.trim() as Intl.StringNumericLiteral
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value)
  } catch {
    // Not an ISO 4217 code (a crypto ticker such as "USDT"): number in the locale, code after it.
    try {
      const number = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value)
      return `${number} ${currency}`
    } catch {
      return `${amount} ${currency}`
    }
  }
}
