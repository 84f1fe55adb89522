import type { Handler } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../app-types.js'
import { expireIfDue, toMerchantCheckout, type MerchantCheckout, type PaymentRow } from '../checkouts/checkouts.js'
import { canExpire } from '../checkouts/state.js'
import { CHECKOUT_STATUSES, type CheckoutStatus } from '@pay-elements/contract'
import { ApiError } from '../errors.js'
import { text, validate } from '../http/body.js'
import { fetchPage, listOf, pageQuery, type Page } from './list-query.js'

export const listCheckoutsQuery = z.strictObject({
  ...pageQuery,
  status: listOf(CHECKOUT_STATUSES, 'checkout statuses').optional(),
  reference: text(128).min(1).optional(),
})

const EXPIRABLE = CHECKOUT_STATUSES.filter(canExpire)

/**
 * `GET /v1/checkouts`: the merchant's checkouts, newest first, filtered by status (as they read
 * now: one whose time ran out counts as expired even before the sweep moves it), reference and
 * creation time, one page at a time.
 */
export function listCheckouts(deps: AppDeps): Handler<AppEnv> {
  const { ctx } = deps
  return async (c) => {
    const query = validate(listCheckoutsQuery, c.req.query())
    const now = ctx.clock()
    let cursor = null
    if (query.starting_after !== undefined) {
      cursor =
        (await ctx.db.selectFrom('checkouts').select(['id', 'created_at']).where('id', '=', query.starting_after).executeTakeFirst()) ??
        null
      if (!cursor) throw new ApiError(400, 'invalid_request', 'starting_after: no checkout has this id', 'starting_after')
    }
    let select = ctx.db.selectFrom('checkouts').selectAll()
    if (query.reference !== undefined) select = select.where('reference', '=', query.reference)
    if (query.status) {
      const wanted = new Set<CheckoutStatus>(query.status)
      select = select.where((eb) =>
        eb.or([
          // Stored as one of the wanted statuses, and not one that has in truth expired already…
          eb.and([eb('status', 'in', [...wanted]), eb.or([eb('status', 'not in', EXPIRABLE), eb('expires_at', '>', now)])]),
          // …or due to expire, when expired is wanted.
          ...(wanted.has('expired') ? [eb.and([eb('status', 'in', EXPIRABLE), eb('expires_at', '<=', now)])] : []),
        ]),
      )
    }
    const { rows, hasMore } = await fetchPage(select, query, cursor)
    const payments = new Map<string, PaymentRow[]>()
    if (rows.length) {
      const all = await ctx.db
        .selectFrom('payments')
        .selectAll()
        .where(
          'checkout_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
      for (const payment of all) payments.set(payment.checkout_id, [...(payments.get(payment.checkout_id) ?? []), payment])
    }
    const data: MerchantCheckout[] = []
    for (const found of rows) {
      const row = await expireIfDue(ctx, found)
      data.push(toMerchantCheckout(row, payments.get(row.id) ?? [], deps.config.mode))
    }
    c.header('Cache-Control', 'no-store')
    return c.json({ object: 'list', data, has_more: hasMore } satisfies Page<MerchantCheckout>)
  }
}
