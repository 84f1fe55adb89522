import { createApp } from '../../server/app.js'
import type { AppDeps } from '../../server/app-types.js'
import type { CheckoutContext } from '../../server/checkouts/checkouts.js'
import { parseConfig, SANDBOX_DEFAULTS, type Config } from '../../server/config.js'
import type { Database, Dialect } from '../../server/db/schema.js'
import { createLocalChangeFeed, createPostgresChangeFeed, type ChangeFeed } from '../../server/live/changes.js'
import { silentLogger } from '../../server/log.js'
import { createTestDatabase, type TestDatabase } from './databases.js'

/** A JSON body as tests read it: shape checked by the assertions, not by the compiler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export const readJson = (response: Response): Promise<Json> => response.json()

export const SECRET_KEY = SANDBOX_DEFAULTS.PAY_SECRET_KEY
export const WEBHOOK_SECRET = SANDBOX_DEFAULTS.PAY_MERCHANT_WEBHOOK_SECRET

/** A clock the test moves by hand; it starts at the real time so signatures check out against it. */
export function manualClock(start = Date.now()) {
  let now = start
  const clock = () => now
  clock.advance = (ms: number) => void (now += ms)
  clock.set = (ms: number) => void (now = ms)
  return clock
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  ctx: CheckoutContext
  config: Config
  database: TestDatabase
  clock: ReturnType<typeof manualClock>
  changes: ChangeFeed
  dispose(): Promise<void>
  /** Calls the merchant API with the secret key. */
  merchant(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
  /** Creates a checkout through the merchant API and returns its JSON. */
  createCheckout(body?: Record<string, unknown>): Promise<{ id: string; client_secret: string; status: string; [key: string]: unknown }>
  count(table: keyof Database): Promise<number>
}

export async function createTestApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; deps?: Partial<AppDeps>; realClock?: boolean } = {},
): Promise<TestApp> {
  const config = parseConfig({ PAY_MODE: 'sandbox', ...options.env })
  const database = await createTestDatabase(dialect)
  const clock = manualClock()
  const changes = database.pool ? await createPostgresChangeFeed(database.pool, silentLogger) : createLocalChangeFeed()
  const ctx: CheckoutContext = {
    db: database.db,
    dialect: database.dialect,
    clock: options.realClock ? Date.now : clock,
    changes,
    log: silentLogger,
    config,
  }
  const app = createApp({ config, ctx, log: silentLogger, clientAddress: () => '198.51.100.7', ...options.deps })

  const merchant: TestApp['merchant'] = async (path, init = {}) =>
    app.request(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${SECRET_KEY}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    })

  return {
    app,
    ctx,
    config,
    database,
    clock,
    changes,
    merchant,
    async createCheckout(body = { amount: '19.99', currency: 'USD' }) {
      const response = await merchant('/v1/checkouts', { body })
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`)
      return readJson(response)
    },
    async count(table) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async dispose() {
      await changes.close()
      await database.dispose()
    },
  }
}
