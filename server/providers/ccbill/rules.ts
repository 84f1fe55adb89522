import isoCountries from 'i18n-iso-countries'

/**
 * CCBill's field rules (providers.md §3.3–3.4), in one place for the simulator's API and its
 * stand-in Advanced Widget script (which embeds them as data), so the browser-side check and the
 * API check cannot disagree. Patterns are strings because they travel into the script's source.
 */

export const CCBILL_ACCNUM = { min: 900000, max: 999999 } as const
export const CCBILL_SUBACC = { min: 0, max: 9999 } as const
/** `timeToLive` (hours) and `validNumberOfUse`; the maximum means "unlimited". */
export const CCBILL_INT_MAX = 2147483647

/** The numeric ISO 4217 codes CCBill takes, with their alphabetic code and decimals. */
export const CCBILL_CURRENCIES: Record<string, { alpha: string; digits: number }> = {
  '840': { alpha: 'USD', digits: 2 },
  '978': { alpha: 'EUR', digits: 2 },
  '826': { alpha: 'GBP', digits: 2 },
  '124': { alpha: 'CAD', digits: 2 },
  '036': { alpha: 'AUD', digits: 2 },
  '392': { alpha: 'JPY', digits: 0 },
}

/** `nameOnCard` as CCBill's schema has it (letters, spaces and . ' -), used with the `u` flag. */
export const NAME_ON_CARD_PATTERN = "^[\\p{L} .'-]+$"
/** "Name as it appears on the card, between 2-45 characters" (the Advanced Widget's rule; the API's schema gives no length). */
export const NAME_ON_CARD_LENGTH = { min: 2, max: 45 } as const
export const EXP_MONTH_PATTERN = '^(0?[1-9]|1[012])$'
export const EXP_YEAR_RANGE = { min: 2018, max: 2100 } as const
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
export const EMAIL_MAX = 254
export const ADDRESS_MAX = 50
export const POSTAL_CODE_MAX = 16
export const PAYMENT_TOKEN_ID_PATTERN = '^[a-zA-Z0-9]+$'

/** ISO 3166-1 alpha-2 codes. */
export const COUNTRY_CODES: readonly string[] = Object.keys(isoCountries.getAlpha2Codes())

/**
 * "Must be a valid postal code for the country provided": CCBill's own per-country rules are not
 * public, so these are the common national formats; other countries get the generic rule.
 */
export const POSTAL_CODE_PATTERNS: Record<string, string> = {
  US: '^\\d{5}(-\\d{4})?$',
  CA: '^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$',
  GB: '^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$',
  DE: '^\\d{5}$',
  FR: '^\\d{5}$',
  ES: '^\\d{5}$',
  IT: '^\\d{5}$',
  NL: '^\\d{4} ?[A-Za-z]{2}$',
  AU: '^\\d{4}$',
  JP: '^\\d{3}-?\\d{4}$',
  ID: '^\\d{5}$',
}
export const GENERIC_POSTAL_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 -]{0,15}$'

export function postalCodeValid(country: string, postalCode: string): boolean {
  if (postalCode.length > POSTAL_CODE_MAX) return false
  return new RegExp(POSTAL_CODE_PATTERNS[country.toUpperCase()] ?? GENERIC_POSTAL_CODE_PATTERN).test(postalCode)
}

export const countryValid = (country: string) => /^[A-Z]{2}$/.test(country) && COUNTRY_CODES.includes(country)
export const emailValid = (email: string) => email.length <= EMAIL_MAX && new RegExp(EMAIL_PATTERN).test(email)
export const nameOnCardValid = (name: string) => name.length <= 100 && new RegExp(NAME_ON_CARD_PATTERN, 'u').test(name)
