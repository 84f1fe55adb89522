import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { parseEnv } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { pino } from 'pino'
import type { AppDeps } from './app-types.js'
import { createApp } from './app.js'
import { expireDueCheckouts, type CheckoutContext } from './checkouts/checkouts.js'
import { parseConfig, type Config } from './config.js'
import { openDatabase, type OpenDatabase } from './db/database.js'
import { createLocalChangeFeed, createPostgresChangeFeed } from './live/changes.js'
import { REDACTED_PATHS, type Logger } from './log.js'
import { createOutboxSender, type OutboxSender } from './outbox/sender.js'

/** The environment with `.env` beneath it: a variable already set wins over the file. */
export function readEnvironment(envFile = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {}
  return { ...fromFile, ...env }
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'pay-server' } })
}

/** The caller's address; `X-Forwarded-For` counts only when the socket peer is a trusted proxy. */
export function clientAddressResolver(trustedProxies: string[]) {
  const trusted = new Set(trustedProxies)
  return (c: Context): string => {
    let address: string | undefined
    try {
      address = getConnInfo(c).remote.address
    } catch {
      address = undefined // not a Node socket (app.request in tests)
    }
    if (!address) return 'unknown'
    if (!trusted.has(address)) return address
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
    // Walk from the nearest hop outwards; the first untrusted one is the client.
    for (let i = forwarded.length - 1; i >= 0; i--) if (!trusted.has(forwarded[i]!)) return forwarded[i]!
    return address
  }
}

export interface RunningServer {
  url: string
  port: number
  config: Config
  database: OpenDatabase
  sender: OutboxSender | null
  app: ReturnType<typeof createApp>
  close(): Promise<void>
}

export interface StartOptions {
  log?: Logger
  /** Expiry sweep interval, ms. */
  sweepMs?: number
  /** Passed to createApp (tests use it to tune limits). */
  appOverrides?: Partial<Pick<AppDeps, 'rateLimits' | 'streamRecheckMs'>>
  /** Extra routes served before the app, e.g. the demo shop. Return undefined to fall through. */
  before?: (request: Request) => Response | Promise<Response | undefined> | undefined
}

/** Opens the database (migrating it), starts the HTTP server, the outbox sender and the expiry sweep. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config)
  const database = await openDatabase(config.databaseUrl, {
    onIdleError: (error) => log.warn({ err: error }, 'idle database connection lost'),
  })
  const changes = database.pool ? await createPostgresChangeFeed(database.pool, log) : createLocalChangeFeed()

  const sender = config.merchantWebhook
    ? createOutboxSender({ db: database.db, clock: Date.now, log: log.child({ part: 'outbox' }), ...config.merchantWebhook })
    : null
  const ctx: CheckoutContext = {
    db: database.db,
    dialect: database.dialect,
    clock: Date.now,
    changes,
    log,
    config,
    onOutbox: () => sender?.wake(),
  }
  const app = createApp({ config, ctx, log, clientAddress: clientAddressResolver(config.trustedProxies), ...options.appOverrides })

  const before = options.before
  // The Node bindings (socket) go along, so the app still sees the caller's address.
  const fetch: typeof app.fetch = before ? async (request, env) => (await before(request)) ?? app.fetch(request, env) : app.fetch
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: config.port, hostname: '0.0.0.0' }, () => resolve(s))
  })
  answerClientErrors(server)
  const port = (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`

  sender?.start()
  let sweeping = false
  const sweep = setInterval(() => {
    if (sweeping) return
    sweeping = true
    expireDueCheckouts(ctx)
      .catch((error: unknown) => log.error({ err: error }, 'expiry sweep failed'))
      .finally(() => (sweeping = false))
  }, options.sweepMs ?? 2000)

  log.info(
    { url, mode: config.mode, database: database.dialect, merchantWebhook: config.merchantWebhook?.url ?? null },
    'pay-server listening',
  )

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    config,
    database,
    sender,
    app,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // Live streams would hold the server open; they reconnect elsewhere.
          ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
        })
        await sender?.stop()
        await changes.close()
        await database.close()
      })()),
  }
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'The request headers took too long to arrive'],
}

/**
 * Requests Node's HTTP parser refuses before the app sees them (headers over its limit, a body
 * longer than its Content-Length, bytes that are not HTTP) get the same JSON error shape as the
 * app's own refusals, instead of Node's empty answer.
 */
function answerClientErrors(server: ServerType): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
    const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'The request is not well-formed HTTP']
    const body = JSON.stringify({
      error: { code: status === 400 ? 'bad_request' : status === 431 ? 'headers_too_large' : 'request_timeout', message },
    })
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}

/** Reads the configuration or prints one line per problem and exits. */
export function loadConfigOrExit(env = readEnvironment()): Config {
  try {
    return parseConfig(env)
  } catch (error) {
    if (error instanceof Error && error.name === 'ConfigError') {
      process.stderr.write(`pay-server: ${error.message}\n`)
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
}

/** Stops cleanly on SIGINT/SIGTERM. */
export function stopOnSignals(server: RunningServer, log: Pick<Logger, 'info'>): void {
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}
