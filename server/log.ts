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

const noop = () => {}
export const silentLogger: Logger = { error: noop, warn: noop, info: noop, debug: noop, child: () => silentLogger }

/** Paths pino removes from every log line: secrets must never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-client-secret"]',
  'headers.authorization',
  'headers["x-client-secret"]',
  'client_secret',
  '*.client_secret',
  'secret',
  '*.secret',
  'secretKey',
  '*.secretKey',
]
