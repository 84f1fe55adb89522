import type { Context } from 'hono'
import type { AppEnv } from '../app-types.js'
import { expireIfDue, findCheckoutBySecret, type CheckoutContext, type CheckoutRow } from '../checkouts/checkouts.js'
import { ApiError } from '../errors.js'

/** The shape of every client secret (`cs_` and 43 base62 characters): anything else is not looked up. */
const CLIENT_SECRET = /^cs_[0-9A-Za-z]{43}$/

/** The checkout named by `X-Client-Secret` (expired on the spot if its time is up), or a 401. */
export function checkoutFromClientSecret(ctx: CheckoutContext, c: Context<AppEnv>): Promise<CheckoutRow> {
  return checkoutFromSecret(ctx, c.req.header('x-client-secret') ?? '', 'X-Client-Secret')
}

/** The checkout named by `secret`, sent as `field` (expired on the spot if its time is up), or a 401 naming the field. */
export async function checkoutFromSecret(ctx: CheckoutContext, secret: string, field: string): Promise<CheckoutRow> {
  const row = CLIENT_SECRET.test(secret) ? await findCheckoutBySecret(ctx.db, secret) : undefined
  if (!row) throw new ApiError(401, 'invalid_client_secret', `${field} does not name a checkout`, field)
  return expireIfDue(ctx, row)
}
