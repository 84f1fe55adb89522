import type { CheckoutContext } from './checkouts/checkouts.js'
import type { DbOrTrx } from './db/schema.js'
import { ApiError } from './errors.js'
import { sha256Hex } from './lib/crypto.js'

/**
 * `Idempotency-Key` as draft-ietf-httpapi-idempotency-key-header says: the same key and body
 * replays the first response; the same key with another body is 422; a retry while the first is
 * still running is 409. The response is stored in the same transaction as the work, so a crash
 * never leaves work done without its stored answer. Only successes are stored: a failed request
 * may be retried with the same key.
 */

export interface StoredResponse {
  status: number
  body: unknown
}

/** A key still "running" after this long belongs to a process that died before committing. */
const ABANDONED_AFTER_MS = 60_000

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

export function checkIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null
  // Structured-field strings arrive quoted ("abc"); plain tokens are accepted too.
  const key = /^".*"$/.test(value) ? value.slice(1, -1) : value
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters', 'Idempotency-Key')
  }
  return key
}

/** Key order does not matter: {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export async function idempotent(
  ctx: Pick<CheckoutContext, 'db' | 'clock'>,
  request: { scope: string; key: string | null; body: unknown },
  work: (trx: DbOrTrx) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const { scope, key } = request
  if (key === null) return { ...(await ctx.db.transaction().execute(work)), replayed: false }

  const fingerprint = await sha256Hex(canonicalJson(request.body))
  const now = ctx.clock()
  const claimed = await ctx.db
    .insertInto('idempotency_keys')
    .values({ scope, key, fingerprint, state: 'running', response_status: null, response_body: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst()

  if (!claimed.numInsertedOrUpdatedRows) {
    const existing = await ctx.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst()
    if (!existing)
      throw new ApiError(
        409,
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is being processed; retry shortly',
        'Idempotency-Key',
      )
    if (existing.fingerprint !== fingerprint) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body', 'Idempotency-Key')
    }
    if (existing.state === 'done') {
      return { status: existing.response_status!, body: JSON.parse(existing.response_body!), replayed: true }
    }
    // Still running: in flight elsewhere, unless its process died before committing (nothing was done then).
    const takenOver =
      existing.updated_at < now - ABANDONED_AFTER_MS
        ? await ctx.db
            .updateTable('idempotency_keys')
            .set({ updated_at: now })
            .where('scope', '=', scope)
            .where('key', '=', key)
            .where('state', '=', 'running')
            .where('updated_at', '=', existing.updated_at)
            .executeTakeFirst()
        : null
    if (!takenOver?.numUpdatedRows) {
      throw new ApiError(
        409,
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is being processed; retry shortly',
        'Idempotency-Key',
      )
    }
  }

  try {
    const response = await ctx.db.transaction().execute(async (trx) => {
      const result = await work(trx)
      await trx
        .updateTable('idempotency_keys')
        .set({ state: 'done', response_status: result.status, response_body: JSON.stringify(result.body), updated_at: ctx.clock() })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute()
      return result
    })
    return { ...response, replayed: false }
  } catch (error) {
    await ctx.db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('state', '=', 'running').execute()
    throw error
  }
}
