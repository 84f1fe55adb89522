/** Card details as the payer types them, and as CCBill wants them. Nothing here leaves the page. */

/** The Luhn checksum every card number carries in its last digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2) digit = digit > 4 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return digits.length >= 12 && digits.length <= 19 && sum % 10 === 0
}

const BRANDS: [string, RegExp][] = [
  ['Visa', /^4/],
  ['Mastercard', /^(5[1-5]|2[2-7])/],
  ['American Express', /^3[47]/],
  ['Discover', /^6(011|5|4[4-9])/],
  ['JCB', /^35/],
  ['Diners Club', /^3[0689]/],
]

/** The card's brand from its first digits, as printed on cards (not translated). */
export function brandOf(digits: string): string | undefined {
  return BRANDS.find(([, prefix]) => prefix.test(digits))?.[0]
}

/** "4242424242424242" → "4242 4242 4242 4242". */
export function formatCardNumber(value: string): string {
  return value
    .replace(/\D/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** Typed or autofilled expiry → "MM / YY" ("4" → "04", "12/2028" → "12 / 28"). */
export function formatExpiry(value: string): string {
  const autofilled = /^\s*(\d{1,2})\s*[/-]\s*(?:20)?(\d{2})\s*$/.exec(value)
  let digits = autofilled ? autofilled[1]!.padStart(2, '0') + autofilled[2] : value.replace(/\D/g, '').slice(0, 4)
  if (/^[2-9]$/.test(digits)) digits = `0${digits}`
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits
}

/** "MM / YY" → CCBill's `expMonth` (2 digits) and `expYear` (4 digits), if the card has not expired. */
export function parseExpiry(value: string, now = new Date()): { expMonth: string; expYear: string } | undefined {
  const match = /^(0[1-9]|1[0-2]) \/ (\d{2})$/.exec(value)
  if (!match) return undefined
  const month = Number(match[1])
  const year = 2000 + Number(match[2])
  // A card works until the end of its expiry month.
  const current = now.getFullYear() * 12 + now.getMonth() + 1
  if (year * 12 + month < current || year > now.getFullYear() + 20) return undefined
  return { expMonth: match[1]!, expYear: String(year) }
}

/** Latin letters CCBill's ASCII rule cannot take and no accent-stripping reaches, as cards emboss them. */
const LATIN: Record<string, string> = {
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
}

/**
 * The name as CCBill takes it: its API document allows names and name on card "only ASCII
 * character set", so Latin letters lose their accents ("José Müller" → "Jose Muller", as cards
 * are embossed). Letters of other scripts have no safe spelling and stay as they are: the form
 * then asks for the name in Latin letters, as printed on the card.
 */
export function latinName(name: string): string {
  return name
    .trim()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßÆæŒœØøŁłĐđÞþı]/g, (ch) => LATIN[ch]!)
    .replace(/\s+/g, ' ')
}

/** CCBill's rule for `nameOnCard` ("between 2-45 characters", letters), in ASCII as its API document wants. */
export const nameOnCardValid = (latin: string) => latin.length >= 2 && latin.length <= 45 && /^[A-Za-z][A-Za-z .'-]*$/.test(latin)

/**
 * CCBill wants a first and a last name; the payer gives the name on the card. The last word is
 * taken as the family name, and a single name fills both.
 */
export function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/)
  const lastName = words.pop() ?? ''
  return { firstName: words.join(' ') || lastName, lastName }
}
