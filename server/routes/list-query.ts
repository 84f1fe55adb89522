import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import { z } from 'zod'
import type { Database } from '../db/schema.js'

/**
 * What the merchant API's lists share: newest first, `limit` (1–100, default 10), the cursor
 * `starting_after` (the id of the last item of the previous page) and a `created` range in ISO 8601
 * (`created[gte]`, `created[gt]`, `created[lte]`, `created[lt]`), as Stripe's lists take them.
 */

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as "2025-01-31T00:00:00Z"' })
  .transform((value) => Date.parse(value))

/** An id as this server makes them (`co_…`, `msg_…`): a prefix and letters and digits. */
export const idParam = z.string().regex(/^[a-z]{1,8}_[A-Za-z0-9]{1,64}$/, 'must be an id such as "co_…" from this API')

export const pageQuery = {
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100'))
    .optional(),
  starting_after: idParam.optional(),
  'created[gte]': instant.optional(),
  'created[gt]': instant.optional(),
  'created[lte]': instant.optional(),
  'created[lt]': instant.optional(),
}

export type PageQuery = { [K in keyof typeof pageQuery]?: z.output<(typeof pageQuery)[K]> }

/** A comma-separated list of values from `allowed` (e.g. `status=paid,overpaid`). */
export const listOf = <T extends string>(allowed: readonly T[], what: string) =>
  z.string().transform((value, ctx) => {
    const parts = value.split(',')
    if (parts.every((part): part is T => (allowed as readonly string[]).includes(part))) return [...new Set(parts)]
    ctx.addIssue({ code: 'custom', message: `must be ${what}: ${allowed.join(', ')} (comma-separated)` })
    return z.NEVER
  })

export type { ListPage as Page } from '../merchant-api.js'

type Listed = 'checkouts' | 'outbox'

/**
 * Applies the created range and the cursor (rows strictly after `cursor` in newest-first order,
 * i.e. older, ties broken by id) and the order, and fetches one more row than asked to tell
 * whether more follow.
 */
export async function fetchPage<T extends Listed, R extends { id: string }>(
  query: SelectQueryBuilder<Database, T, R>,
  page: PageQuery,
  cursor: { created_at: number; id: string } | null,
): Promise<{ rows: R[]; hasMore: boolean }> {
  const limit = page.limit ?? 10
  // The column names are the same in both tables; Kysely's types cannot see that through the generic.
  const col = (name: 'created_at' | 'id') => name as never
  let q = query
  const bounds: [keyof PageQuery, '>=' | '>' | '<=' | '<'][] = [
    ['created[gte]', '>='],
    ['created[gt]', '>'],
    ['created[lte]', '<='],
    ['created[lt]', '<'],
  ]
  for (const [name, op] of bounds) {
    const value = page[name]
    if (typeof value === 'number') q = q.where(col('created_at'), op, value as never)
  }
  if (cursor) {
    q = q.where((eb: ExpressionBuilder<Database, T>) =>
      eb.or([
        eb(col('created_at'), '<', cursor.created_at as never),
        eb.and([eb(col('created_at'), '=', cursor.created_at as never), eb(col('id'), '<', cursor.id as never)]),
      ]),
    )
  }
  const rows = await q
    .orderBy(col('created_at'), 'desc')
    .orderBy(col('id'), 'desc')
    .limit(limit + 1)
    .execute()
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit }
}
