import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../app-types.js'
import { ApiError } from '../errors.js'
import { bearerAuth } from '../http/bearer.js'

/** How long `/readyz` waits for the database before calling it unreachable. */
const DATABASE_CHECK_MS = 2000

/**
 * What operators and orchestrators ask: `/livez` (the process answers), `/readyz` (it can serve:
 * database reachable, migrations applied, PostgreSQL change listener connected, not shutting
 * down), `/healthz` (the database answers a query) and `/metrics` (Prometheus text, behind
 * `PAY_METRICS_TOKEN` when that is set).
 */
export function operationsRoutes(deps: AppDeps) {
  const { ctx, config } = deps
  const databaseAnswers = () =>
    Promise.race([
      ctx.db
        .selectFrom('checkouts')
        .select('id')
        .limit(1)
        .execute()
        .then(
          () => true,
          () => false,
        ),
      new Promise<false>((resolve) => setTimeout(resolve, DATABASE_CHECK_MS, false).unref?.()),
    ])
  const metricsToken = config.metricsToken
  const metricsAuth = metricsToken ? bearerAuth(() => metricsToken, 'metrics token') : null

  return new Hono<AppEnv>()
    .get('/livez', (c) => c.json({ ok: true }))
    .get('/readyz', async (c) => {
      const checks: Record<string, boolean> = { database: await databaseAnswers(), listener: ctx.changes.listening }
      Object.assign(checks, await (deps.readiness?.() ?? {}))
      // While draining, the load balancer should send new requests elsewhere.
      checks.accepting = !deps.draining?.aborted
      const ok = Object.values(checks).every(Boolean)
      c.header('Cache-Control', 'no-store')
      return c.json({ ok, checks }, ok ? 200 : 503)
    })
    .get('/healthz', async (c) => {
      await ctx.db.selectFrom('checkouts').select('id').limit(1).execute()
      return c.json({ ok: true, mode: config.mode })
    })
    .get('/metrics', async (c, next) => (metricsAuth ? metricsAuth(c, next) : next()))
    .get('/metrics', async (c) => {
      if (!deps.metrics) throw new ApiError(404, 'not_found', 'This server collects no metrics')
      const { contentType, body } = await deps.metrics.render()
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' })
    })
}
