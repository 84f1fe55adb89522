import { sha256Hex, timingSafeEqual } from '../../lib/crypto.js'

/**
 * NICEPAY's merchantToken (API v2, non-SNAP): lowercase hex SHA-256 of a straight concatenation of
 * field values exactly as sent, ending in the merchant key (providers.md §2.2). The formula differs
 * per call; each has its own function so a call cannot use another's by mistake.
 */

export interface NicepayCredentials {
  iMid: string
  merchantKey: string
}

/** Registration (direct and redirect) and status inquiry: timeStamp + iMid + referenceNo + amt + key. */
export function registrationToken(
  key: NicepayCredentials,
  fields: { timeStamp: string; referenceNo: string; amt: string },
): Promise<string> {
  return sha256Hex(fields.timeStamp + key.iMid + fields.referenceNo + fields.amt + key.merchantKey)
}

/** The inquiry uses the registration formula. */
export const inquiryToken = registrationToken

/** Cancel: timeStamp + iMid + tXid + amt + key. */
export function cancelToken(key: NicepayCredentials, fields: { timeStamp: string; tXid: string; amt: string }): Promise<string> {
  return sha256Hex(fields.timeStamp + key.iMid + fields.tXid + fields.amt + key.merchantKey)
}

/** The payment notification NICEPAY posts to dbProcessUrl: iMid + tXid + amt + key (no timestamp). */
export function notificationToken(key: NicepayCredentials, fields: { tXid: string; amt: string }): Promise<string> {
  return sha256Hex(key.iMid + fields.tXid + fields.amt + key.merchantKey)
}

/** Compares a received token with the expected one in constant time (case as sent: NICEPAY sends lowercase). */
export function tokensMatch(expected: string, received: unknown): Promise<boolean> {
  return typeof received === 'string' ? timingSafeEqual(expected, received) : Promise.resolve(false)
}

/** Western Indonesian Time, UTC+7 all year (no daylight saving). */
const WIB_OFFSET_MS = 7 * 3600_000

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `YYYYMMDDHHmmss` in Asia/Jakarta, the form of every NICEPAY timeStamp. */
export function wibTimestamp(ms: number): string {
  const { date, time } = wibDateTime(ms)
  return date + time
}

/** Date (`YYYYMMDD`) and time (`HHmmss`) in Asia/Jakarta, as in transDt/transTm and payValidDt/payValidTm. */
export function wibDateTime(ms: number): { date: string; time: string } {
  const d = new Date(ms + WIB_OFFSET_MS)
  return {
    date: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`,
  }
}

/** Parses `YYYYMMDD` + `HHmmss` in Asia/Jakarta to epoch ms; null when either is malformed or not a real date. */
export function parseWib(date: string | null | undefined, time: string | null | undefined): number | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '')
  const t = /^(\d{2})(\d{2})(\d{2})$/.exec(time ?? '')
  if (!d || !t) return null
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])]
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3])]
  if (h > 23 || mi > 59 || s > 59) return null
  const utc = Date.UTC(y, mo - 1, da, h, mi, s)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null
  return utc - WIB_OFFSET_MS
}

/** Parses a 14-digit timeStamp (WIB) to epoch ms, or null. */
export function parseWibTimestamp(value: string | null | undefined): number | null {
  if (!value || !/^\d{14}$/.test(value)) return null
  return parseWib(value.slice(0, 8), value.slice(8))
}
