#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs'
import { createLogger, StartError, loadConfigOrExit, startServer, stopOnSignals } from './node.js'

/**
 * `pay-server`: the companion server. Configuration comes from the environment and `.env`
 * (see the README); `--help` lists the main variables, `--version` prints the version.
 */

const HELP = `pay-server: the pay-elements companion server

Usage: pay-server              start (configuration from the environment and ./.env)
       pay-server --version    print the version
       pay-server --help       print this

Main variables: PAY_MODE (sandbox|live), PORT (8787), PAY_SECRET_KEY, DATABASE_URL
(file:./data/pay.sqlite or postgres://…), PAY_PUBLIC_URL, PAY_ALLOWED_ORIGINS,
PAY_MERCHANT_WEBHOOK_URL, PAY_MERCHANT_WEBHOOK_SECRET, PAY_CATALOG, PAY_RECONCILE_INTERVAL,
PAY_SHUTDOWN_GRACE_MS, PAY_METRICS_TOKEN, provider credentials (CCPAYMENT_*, CCBILL_*,
NICEPAY_*). The README has the full table.

SIGTERM or SIGINT stops it gracefully (requests in flight finish); a second one stops it at once.
`

/** The package's own version: package.json sits beside cli.ts, and one level up from dist/cli.js. */
function version(): string {
  for (const path of ['./package.json', '../package.json']) {
    const url = new URL(path, import.meta.url)
    if (!existsSync(url)) continue
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === '@pay-elements/server' && pkg.version) return pkg.version
  }
  return 'unknown'
}

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP)
  process.exit(0)
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${version()}\n`)
  process.exit(0)
}
if (args.length) {
  process.stderr.write(`pay-server: unknown argument "${args[0]}" (configuration comes from the environment; see --help)\n`)
  process.exit(64) // EX_USAGE
}

const config = loadConfigOrExit()
const log = createLogger(config)
let server
try {
  server = await startServer(config, { log })
} catch (error) {
  if (!(error instanceof StartError)) throw error
  process.stderr.write(`pay-server: ${error.message}\n`)
  process.exit(69) // EX_UNAVAILABLE
}
const stop = stopOnSignals(server, log)

// Under `npx pay-server` (and scripts without `exec`) npm runs us through `sh -c`; npm passes its
// SIGTERM to that shell, which dies without passing it on. Our parent changing means exactly that.
if (process.env.npm_command) {
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(watch)
    stop('parent process exited')
  }, 500)
  watch.unref()
}
