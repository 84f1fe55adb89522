/**
 * Indonesian phone numbers as payers type them: "0812-3456-7890", "+62 812 3456 7890",
 * "62 812…", "(021) 555-1234". Normalised to the national form NICEPAY's billingPhone takes (digits
 * only, N 15): "081234567890". Pure, with no imports: the `<pay-cvs>` element uses it too, so the
 * browser and the server agree on what a valid number is.
 */
export function normalizeIndonesianPhone(input: string): string | null {
  const trimmed = input.trim()
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null
  let digits = trimmed.replace(/\D/g, '')
  if (trimmed.startsWith('+') && !digits.startsWith('62')) return null
  // "+62 (0)812…" and "62 0812…" carry the trunk zero as well as the country code.
  if (digits.startsWith('620')) digits = digits.slice(3)
  else if (digits.startsWith('62')) digits = digits.slice(2)
  else if (digits.startsWith('0')) digits = digits.slice(1)
  else return null
  // Mobile numbers are 8 + 8–11 digits; landlines an area code (2–3 digits) and the subscriber number.
  if (!/^[1-9]\d{7,11}$/.test(digits)) return null
  return `0${digits}`
}
