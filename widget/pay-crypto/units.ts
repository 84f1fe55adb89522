/**
 * An amount of a coin ("USDT", "BTC"), read by the payer: the number in the separators of their
 * language with every digit the server sent, the coin after it ("9.95 USDT" in English, "9,95 USDT"
 * in Indonesian), as money is written beside it. What the payer copies stays the plain string.
 */
export function formatUnits(amount: string, unit: string, locale: string): string {
  const digits = /\.(\d+)$/.exec(amount)?.[1]?.length ?? 0
  try {
    const options = { minimumFractionDigits: digits, maximumFractionDigits: digits }
    return `${new Intl.NumberFormat(locale, options).format(amount as Intl.StringNumericLiteral)} ${unit}`
  } catch {
    return `${amount} ${unit}`
  }
}
