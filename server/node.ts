import { setMaxListeners } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { parseEnv } from 'node:util'
import type { Server as HttpServer } from 'node:http'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { pino } from 'pino'
import type { AppDeps } from './app-types.js'
import type { createApp } from './app.js'
import { parseConfig, type Config } from './config.js'
import { openDatabase, type OpenDatabase } from './db/database.js'
import { createPayServer } from './embed.js'
import { REDACTED_PATHS, type Logger } from './log.js'
import { createPrometheusMetrics } from './metrics-prometheus.js'
import { outboxBacklog, type OutboxSender } from './outbox/sender.js'
import type { Reconciler } from './reconcile/reconciler.js'

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
  reconciler: Reconciler | null
  app: ReturnType<typeof createApp>
  /**
   * Stops gracefully: `/readyz` turns 503, no new connections are accepted, live streams end with a
   * reconnect hint, requests in flight may finish for `graceMs` (then their connections are cut),
   * the outbox finishes the delivery it is making and releases the rest, reconciliation finishes
   * the checkout it is asking about, and the database closes last.
   */
  close(graceMs?: number): Promise<void>
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

/** Start-up failed for a reason the operator fixes (database unreachable, port taken); the message is one line. */
export class StartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'StartError'
  }
}

/** `DATABASE_URL` as it may be shown: the password replaced. */
export function redactDatabaseUrl(url: string): string {
  if (!URL.canParse(url)) return url
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/** Error codes that mean "not (yet) reachable": the database may be starting beside us. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', '57P03'])

function errorCode(error: unknown): string | undefined {
  if (error instanceof AggregateError) return errorCode(error.errors[0])
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  if (error instanceof Error && error.cause !== undefined) return errorCode(error.cause)
  // pg reports a connection that took too long as a plain Error.
  return error instanceof Error && /timeout/i.test(error.message) ? 'ETIMEDOUT' : undefined
}

/**
 * Opens (and migrates) the database, retrying with backoff (0.5 s doubling to 10 s) while it is
 * unreachable, for at most `PAY_DATABASE_WAIT_SECONDS`: a container that starts beside its
 * database comes up once the database does.
 */
export async function openDatabaseWithRetry(config: Config, log: Logger, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  const where = redactDatabaseUrl(config.databaseUrl)
  const deadline = Date.now() + config.databaseWaitSeconds * 1000
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await openDatabase(config.databaseUrl, {
        onIdleError: (error) => log.warn({ err: error }, 'idle database connection lost'),
      })
    } catch (error) {
      const code = errorCode(error)
      if (!code || !UNREACHABLE.has(code)) {
        throw new StartError(`cannot open the database at DATABASE_URL=${where}: ${(error as Error).message}`, {
          cause: error,
        })
      }
      if (Date.now() + delay > deadline) {
        throw new StartError(
          `cannot reach the database at DATABASE_URL=${where} (${code}); gave up after ${config.databaseWaitSeconds} s (PAY_DATABASE_WAIT_SECONDS)`,
          { cause: error },
        )
      }
      log.warn({ database: where, code, retryInMs: delay }, 'database unreachable; retrying')
      await sleep(delay)
    }
  }
}

/** Opens the database (migrating it), starts the HTTP server, the outbox sender, reconciliation and the expiry sweep. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config)
  const database = await openDatabaseWithRetry(config, log)
  const metrics = createPrometheusMetrics({ backlog: () => outboxBacklog(database.db) })
  const pay = await createPayServer({
    config,
    database,
    log,
    clientAddress: clientAddressResolver(config.trustedProxies),
    metrics,
    sweepMs: options.sweepMs,
    appOverrides: options.appOverrides,
  })
  // Every open live stream and long-poll listens for the drain: no limit is a leak here.
  setMaxListeners(0, pay.draining)
  const { app, sender, reconciler } = pay

  const before = options.before
  // The Node bindings (socket) go along, so the app still sees the caller's address.
  const fetch: typeof app.fetch = before ? async (request, env) => (await before(request)) ?? app.fetch(request, env) : app.fetch
  // Plain HTTP/1.1 (no createServer option is passed), so the server is Node's http.Server.
  let server: HttpServer
  try {
    server = await new Promise<HttpServer>((resolve, reject) => {
      const s = serve({ fetch, port: config.port, hostname: '0.0.0.0' }, () => {
        s.off('error', reject)
        resolve(s as HttpServer)
      })
      s.once('error', reject)
    })
  } catch (error) {
    await pay.stop()
    await database.close()
    throw new StartError(`cannot listen on PORT=${config.port} (${errorCode(error) ?? (error as Error).message})`, { cause: error })
  }
  answerClientErrors(server)
  const port = (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`

  pay.start()

  log.info(
    {
      url,
      mode: config.mode,
      database: database.dialect,
      merchantWebhook: config.merchantWebhook?.url ?? null,
      reconcileIntervalSeconds: config.reconcileIntervalSeconds,
    },
    'pay-server listening',
  )

  /** Stops accepting, lets requests in flight finish for `graceMs`, then cuts what is left. */
  const drainHttp = (graceMs: number) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      // Kept-alive connections between requests are closed as soon as they fall idle.
      server.closeIdleConnections()
      const idle = setInterval(() => server.closeIdleConnections(), 50)
      const cut = setTimeout(() => server.closeAllConnections(), graceMs)
      server.once('close', () => {
        clearInterval(idle)
        clearTimeout(cut)
      })
    })

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    config,
    database,
    sender,
    reconciler,
    app,
    close: (graceMs = config.shutdownGraceMs) =>
      (closing ??= (async () => {
        await pay.stop(drainHttp(graceMs))
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
function answerClientErrors(server: HttpServer): void {
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

/** Stops gracefully on SIGINT/SIGTERM (a second signal stops at once). */
export function stopOnSignals(server: RunningServer, log: Pick<Logger, 'info'>): (reason: string) => void {
  let stopping = false
  const stop = (reason: string) => {
    if (stopping) {
      log.info({ reason }, 'stopping now')
      process.exit(1)
    }
    stopping = true
    log.info({ reason, graceMs: server.config.shutdownGraceMs }, 'shutting down')
    server.close().then(
      () => {
        log.info({}, 'stopped')
        process.exit(0)
      },
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  return stop
}
