import { Hono, type Context } from 'hono'
import type { AppEnv } from '../../app-types.js'
import type { CheckoutContext } from '../../checkouts/checkouts.js'
import type { CcbillConfig } from '../../config.js'
import { ApiError } from '../../errors.js'
import { jsonDepthWithin, storable } from '../../http/body.js'
import { timingSafeEqual } from '../../lib/crypto.js'
import type { Logger } from '../../log.js'
import { SettleLater, type CardCharges } from './charges.js'
import { CcbillRefused, CcbillUnavailable, type CcbillClient } from './client.js'
import { ipAllowlist, LOOPBACK_RANGES } from './ip-allowlist.js'

/**
 * `POST /webhooks/ccbill`. CCBill signs nothing (providers.md §3.7), so a webhook is believed in
 * steps: the source address must be in the allowlist (CCBill's published ranges by default), the
 * account number must be ours, the charge must be one this server made (its `X-charge_id`
 * pass-through), the event is taken once per transactionId (by database key, in the same
 * transaction as the change), and an approval counts only once CCBill's own "view charges" lists
 * its subscriptionId. Anything else we do not act on is answered 200 (CCBill redelivers until it
 * gets one) and logged.
 */

const EVENTS = ['UpSaleSuccess', 'UpSaleFailure'] as const
const utf8 = new TextDecoder('utf-8', { fatal: true })

export interface WebhookDeps {
  ctx: CheckoutContext
  config: CcbillConfig
  mode: 'sandbox' | 'live'
  client: CcbillClient
  charges: CardCharges
  clientAddress: (c: Context) => string
  log: Logger
  /** The header the built-in simulator marks its (in-process, socket-less) deliveries with. */
  simulatorMark: { name: string; value: string } | null
}

/** The body as a record of strings, from JSON or form encoding (CCBill sends either, per configuration). */
async function readFields(c: Context): Promise<{ fields: Record<string, string> }> {
  const { fields } = await decodeFields(c)
  // Nothing CCBill sends holds a NUL; such a value could be neither stored nor looked up.
  if (!Object.entries(fields).every(([name, value]) => storable(name) && storable(value))) {
    throw new ApiError(400, 'invalid_webhook', 'The body holds a field that is not text')
  }
  return { fields }
}

async function decodeFields(c: Context): Promise<{ fields: Record<string, string> }> {
  const type = c.req.header('content-type') ?? ''
  let raw: string
  try {
    raw = utf8.decode(await c.req.arrayBuffer())
  } catch {
    throw new ApiError(400, 'invalid_webhook', 'The body is not valid UTF-8')
  }
  if (/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return { fields: Object.fromEntries(new URLSearchParams(raw)) }
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the webhook as application/json or application/x-www-form-urlencoded')
  }
  // CCBill's JSON is one flat object; anything nested is refused before it is parsed.
  if (!jsonDepthWithin(raw, 1)) throw new ApiError(400, 'invalid_webhook', 'The body must be a flat JSON object of fields')
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new ApiError(400, 'invalid_webhook', 'The body is not valid JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(400, 'invalid_webhook', 'The body must be a JSON object')
  // Every value is a string in CCBill's JSON format; numbers, booleans and nulls are kept as their text.
  const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]))
  return { fields }
}

/**
 * CCBill's sale events describe the card (`bin`, `last4`, `expDate`, `cardType`, `paymentAccount`).
 * The server needs none of it, so the record it keeps of an event leaves those out: no card data is
 * stored here, whatever CCBill sends.
 */
const CARD_FIELDS = new Set(['bin', 'last4', 'expDate', 'cardType', 'paymentAccount', 'prePaid'])

function recordOf(fields: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([name]) => !CARD_FIELDS.has(name))))
}

export function ccbillWebhookRoutes(deps: WebhookDeps) {
  const { ctx, config, client, charges } = deps
  // In sandbox mode this host may post too (a developer replaying a webhook by hand).
  const allowed = ipAllowlist(deps.mode === 'sandbox' ? [...config.webhookAllowedIps, ...LOOPBACK_RANGES] : config.webhookAllowedIps)

  const fromSimulator = async (c: Context) =>
    deps.simulatorMark !== null && (await timingSafeEqual(c.req.header(deps.simulatorMark.name) ?? '', deps.simulatorMark.value))

  return new Hono<AppEnv>().post('/', async (c) => {
    const address = deps.clientAddress(c)
    if (!allowed(address) && !(await fromSimulator(c))) {
      c.var.log.warn({ address }, 'ccbill webhook from an address outside the allowlist')
      throw new ApiError(403, 'forbidden_source', 'This address may not post CCBill webhooks')
    }
    const { fields } = await readFields(c)
    // The event type travels in the query string; some captures show it in the body too.
    const eventType = c.req.query('eventType') ?? fields.eventType ?? ''
    const clientAccnum = c.req.query('clientAccnum') ?? fields.clientAccnum ?? ''
    const ignore = (why: string, extra: Record<string, unknown> = {}) => {
      c.var.log.warn({ eventType, transactionId: fields.transactionId, ...extra }, `ccbill webhook ignored: ${why}`)
      return c.json({ received: true, ignored: why })
    }
    // Another account's event (a shared endpoint, a misconfigured URL): answered 200 so CCBill stops
    // redelivering something this server will never act on; logged for a person to look at.
    if (Number(clientAccnum) !== Number(config.accnum)) return ignore('another CCBill account', { clientAccnum })
    if (!(EVENTS as readonly string[]).includes(eventType)) return ignore('an event type this server does not act on')
    const transactionId = fields.transactionId ?? ''
    if (!/^\d{1,30}$/.test(transactionId))
      throw new ApiError(400, 'invalid_webhook', 'transactionId must be CCBill digits', 'transactionId')

    const charge = await charges.findCharge(fields['X-charge_id'] ?? '')
    if (!charge || charge.checkout_id !== fields['X-checkout_id']) return ignore('not a charge this server made')
    const key = `${eventType}:${transactionId}`
    const seen = await ctx.db
      .selectFrom('provider_events')
      .select('event_key')
      .where('provider', '=', 'ccbill')
      .where('event_key', '=', key)
      .executeTakeFirst()
    if (seen) {
      c.set('webhookOutcome', 'duplicate')
      return c.json({ received: true, duplicate: true })
    }

    // The webhook is a hint: what CCBill lists for the token is the evidence.
    let subscriptionIds: string[]
    try {
      subscriptionIds = await client.charges(charge.payment_token_id, charge.threeds === 1)
    } catch (error) {
      if (!(error instanceof CcbillUnavailable) && !(error instanceof CcbillRefused)) throw error
      c.var.log.warn({ err: error, transactionId }, 'ccbill webhook could not be confirmed; CCBill will send it again')
      throw new ApiError(503, 'confirmation_failed', 'Could not confirm the webhook with CCBill; send it again later', undefined, {
        'Retry-After': '30',
      })
    }
    if (eventType === 'UpSaleSuccess') {
      const subscriptionId = fields.subscriptionId ?? ''
      if (!subscriptionIds.includes(subscriptionId))
        return ignore('CCBill does not list this subscription for the token', { subscriptionId })
      try {
        await charges.settleApproved(charge, subscriptionId, 'webhook confirmed by the token charges', { key, payload: recordOf(fields) })
      } catch (error) {
        if (!(error instanceof SettleLater)) throw error
        c.var.log.warn(
          { transactionId, chargeId: charge.id, unresolved: error.unresolvedChargeId },
          'ccbill webhook waits for another attempt',
        )
        throw new ApiError(503, 'settle_later', 'Another charge of this checkout is still being resolved; send it again later', undefined, {
          'Retry-After': '30',
        })
      }
    } else if (charge.status === 'charging' || charge.status === 'processing') {
      if ((await charges.uncredited(subscriptionIds)).length) return ignore('CCBill lists a charge for the token of this failure')
      await charges.settleDeclined(
        charge,
        { reason: 'declined', code: fields.failureCode ?? null, text: fields.failureReason ?? null },
        { key, payload: recordOf(fields) },
      )
    } else {
      // The charge's own answer already told us; the event is kept for the record.
      await ctx.db
        .insertInto('provider_events')
        .values({
          provider: 'ccbill',
          event_key: key,
          checkout_id: charge.checkout_id,
          payload: recordOf(fields),
          received_at: ctx.clock(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    c.var.log.info({ eventType, transactionId, chargeId: charge.id }, 'ccbill webhook taken')
    return c.json({ received: true })
  })
}
