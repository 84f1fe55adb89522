/**
 * The logger the app needs: pino's shape, so the Node entry passes a pino instance and tests pass
 * `silentLogger`. Keeping it an interface keeps `createApp` free of Node-only modules.
 */
export interface LogFn {
  (message: string): void
  (fields: Record<string, unknown>, message?: string): void
}

export interface Logger {
  error: LogFn
  warn: LogFn
  info: LogFn
  debug: LogFn
  child(bindings: Record<string, unknown>): Logger
}

type LogArgs = [message: string] | [fields: Record<string, unknown>, message?: string]
type Level = 'error' | 'warn' | 'info' | 'debug'

/**
 * `parent.child(bindings)`, made the first time something is logged through it: most requests log
 * nothing of their own, and a child per request is a measurable share of a fast read.
 */
export class DeferredChild implements Logger {
  private made: Logger | undefined

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  error(...args: LogArgs) {
    this.write('error', args)
  }
  warn(...args: LogArgs) {
    this.write('warn', args)
  }
  info(...args: LogArgs) {
    this.write('info', args)
  }
  debug(...args: LogArgs) {
    this.write('debug', args)
  }
  child(bindings: Record<string, unknown>): Logger {
    return this.logger().child(bindings)
  }

  private logger(): Logger {
    return (this.made ??= this.parent.child(this.bindings))
  }

  private write(level: Level, args: LogArgs) {
    const logger = this.logger()
    ;(logger[level] as (...args: LogArgs) => void).apply(logger, args)
  }
}

const noop = () => {}
export const silentLogger: Logger = { error: noop, warn: noop, info: noop, debug: noop, child: () => silentLogger }

/** Paths pino removes from every log line: secrets must never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-client-secret"]',
  // A site that routes the browser API through its own origin sends its cookies along.
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-client-secret"]',
  'headers.cookie',
  'client_secret',
  '*.client_secret',
  'secret',
  '*.secret',
  'secretKey',
  '*.secretKey',
]
