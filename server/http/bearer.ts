import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.js'
import { timingSafeEqual } from '../lib/crypto.js'

/** A route group that wants `Authorization: Bearer <secret>` (compared in constant time), else a 401 naming the header. */
export function bearerAuth(secret: () => string, what: string): MiddlewareHandler {
  return async (c, next) => {
    const match = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')
    if (!match || !(await timingSafeEqual(match[1]!, secret()))) {
      throw new ApiError(401, 'unauthorized', `Send the ${what} as "Authorization: Bearer <key>"`, 'Authorization', {
        'WWW-Authenticate': 'Bearer realm="pay-elements"',
      })
    }
    await next()
  }
}
