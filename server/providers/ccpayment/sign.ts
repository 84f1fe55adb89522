import { constantTimeEqual, sha256Hex } from '../../lib/crypto.js'

/**
 * CCPayment v1 signatures: lowercase hex SHA-256 of appId + appSecret + timestamp + body, where
 * body is the exact text on the wire (the empty string when there is none). The same rule signs
 * requests, responses and webhooks, in the headers `Appid`, `Timestamp` and `Sign`.
 */
export function ccpaymentSign(appId: string, appSecret: string, timestamp: string, body: string): Promise<string> {
  return sha256Hex(appId + appSecret + timestamp + body)
}

/** Requests and webhooks are valid for two minutes either side of our clock. */
export const TIMESTAMP_WINDOW_SECONDS = 120

export type SignatureProblem = 'missing_headers' | 'wrong_app_id' | 'stale_timestamp' | 'bad_signature'

/** Checks the three headers against the raw body; returns what is wrong, or null when all is well. */
export async function checkCcpaymentSignature(
  credentials: { appId: string; appSecret: string },
  headers: Headers,
  body: string,
  nowMs: number,
): Promise<SignatureProblem | null> {
  const appId = headers.get('appid')
  const timestamp = headers.get('timestamp')
  const sign = headers.get('sign')
  if (!appId || !timestamp || !sign) return 'missing_headers'
  if (!constantTimeEqual(appId, credentials.appId)) return 'wrong_app_id'
  if (!/^\d{10}$/.test(timestamp) || Math.abs(Number(timestamp) - nowMs / 1000) > TIMESTAMP_WINDOW_SECONDS) return 'stale_timestamp'
  const expected = await ccpaymentSign(credentials.appId, credentials.appSecret, timestamp, body)
  return constantTimeEqual(sign.toLowerCase(), expected) ? null : 'bad_signature'
}

/** The three headers for a body sent now. */
export async function ccpaymentHeaders(
  credentials: { appId: string; appSecret: string },
  body: string,
  nowMs: number,
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(nowMs / 1000))
  return {
    Appid: credentials.appId,
    Timestamp: timestamp,
    Sign: await ccpaymentSign(credentials.appId, credentials.appSecret, timestamp, body),
  }
}
