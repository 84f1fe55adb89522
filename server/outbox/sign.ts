import { fromBase64, hmacSha256, toBase64 } from '../lib/crypto.js'

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}` with the base64 secret after `whsec_`, sent as
 * `webhook-signature: v1,<base64>`. Merchants verify with any Standard Webhooks library.
 */
export async function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const key = fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret)
  const signature = toBase64(await hmacSha256(key, `${id}.${timestampSeconds}.${body}`))
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  }
}
