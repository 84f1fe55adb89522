import { Hono } from 'hono'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../app-types.js'
import { PAYMENT_AFTER_CANCEL } from '../checkouts/checkouts.js'
import { eventTypeFor } from '../checkouts/state.js'
import { CHECKOUT_STATUSES } from '@pay-elements/contract'
import type { OutboxTable } from '../db/schema.js'
import type { MerchantEvent, MerchantEventType, WebhookEvent } from '../merchant-api.js'
import { ApiError, notFound } from '../errors.js'
import { bearerAuth } from '../http/bearer.js'
import { storable, validate } from '../http/body.js'
import { fetchPage, idParam, listOf, pageQuery, type Page } from './list-query.js'

/**
 * The merchant webhook events (`/v1/events`): the outbox, as the merchant's back office reads it.
 * Each event is the exact body that is (or was) posted to `PAY_MERCHANT_WEBHOOK_URL`, with how its
 * delivery stands. Events are written only while a webhook URL is configured, and delivered ones
 * are kept `PAY_EVENT_RETENTION_DAYS` (undelivered ones until they are delivered).
 */

/** Every type the outbox writes: one per status, and money that reached a canceled checkout. */
export const EVENT_TYPES: MerchantEventType[] = [...CHECKOUT_STATUSES.map(eventTypeFor), PAYMENT_AFTER_CANCEL]

export const listEventsQuery = z.strictObject({
  ...pageQuery,
  type: listOf(EVENT_TYPES, 'event types').optional(),
  checkout: idParam.optional(),
})

type OutboxRow = Selectable<OutboxTable>

const iso = (ms: number) => new Date(ms).toISOString()

export function toMerchantEvent(row: OutboxRow): MerchantEvent {
  const body = JSON.parse(row.payload) as WebhookEvent
  const delivered = row.delivered_at !== null
  return {
    id: row.id,
    object: 'event',
    type: row.type as MerchantEventType,
    checkout_id: row.checkout_id,
    created_at: iso(row.created_at),
    data: body.data,
    delivery: {
      status: delivered ? 'delivered' : row.attempts > 0 ? 'retrying' : 'pending',
      attempts: row.attempts,
      delivered_at: delivered ? iso(row.delivered_at!) : null,
      next_attempt_at: delivered ? null : iso(row.next_attempt_at),
      last_error: row.last_error,
    },
  }
}

export function merchantEventRoutes(deps: AppDeps) {
  const { ctx } = deps
  const findEvent = async (id: string) =>
    storable(id) ? ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst() : undefined

  return (
    new Hono<AppEnv>()
      .use(
        '*',
        bearerAuth(() => deps.config.secretKey, 'secret key'),
      )
      .get('/', async (c) => {
        const query = validate(listEventsQuery, c.req.query())
        let cursor = null
        if (query.starting_after !== undefined) {
          cursor =
            (await ctx.db.selectFrom('outbox').select(['id', 'created_at']).where('id', '=', query.starting_after).executeTakeFirst()) ??
            null
          if (!cursor) throw new ApiError(400, 'invalid_request', 'starting_after: no event has this id', 'starting_after')
        }
        let select = ctx.db.selectFrom('outbox').selectAll()
        if (query.type) select = select.where('type', 'in', query.type)
        if (query.checkout !== undefined) select = select.where('checkout_id', '=', query.checkout)
        const { rows, hasMore } = await fetchPage(select, query, cursor)
        c.header('Cache-Control', 'no-store')
        return c.json({ object: 'list', data: rows.map(toMerchantEvent), has_more: hasMore } satisfies Page<MerchantEvent>)
      })
      .get('/:id', async (c) => {
        const row = await findEvent(c.req.param('id'))
        if (!row) throw notFound('Event')
        c.header('Cache-Control', 'no-store')
        return c.json(toMerchantEvent(row))
      })
      // Sends the event to the webhook URL again, as soon as the sender gets to it (at least once more).
      .post('/:id/redeliver', async (c) => {
        if (!deps.config.merchantWebhook) {
          throw new ApiError(409, 'webhook_not_configured', 'This server has no PAY_MERCHANT_WEBHOOK_URL to deliver to')
        }
        const id = c.req.param('id')
        if (!(await findEvent(id))) throw notFound('Event')
        const now = ctx.clock()
        // A row a sender holds right now is left alone: its outcome would overwrite this request.
        const updated = await ctx.db
          .updateTable('outbox')
          .set({ delivered_at: null, next_attempt_at: now, last_error: null })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
          .executeTakeFirst()
        if (updated.numUpdatedRows === 0n) {
          throw new ApiError(409, 'event_delivering', 'This event is being delivered right now; try again in a moment', undefined, {
            'Retry-After': '10',
          })
        }
        ctx.onOutbox?.()
        c.header('Cache-Control', 'no-store')
        return c.json(toMerchantEvent((await findEvent(id))!), 202)
      })
  )
}
