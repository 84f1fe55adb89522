#!/usr/bin/env node
import { createLogger, loadConfigOrExit, startServer, stopOnSignals } from './node.js'

/**
 * `pay-server`: the companion server. Configuration comes from the environment and `.env`
 * (see the README); `--help` lists the variables.
 */
const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`pay-server: the pay-elements companion server

Usage: pay-server            start (configuration from the environment and ./.env)

Main variables: PAY_MODE (sandbox|live), PORT (8787), PAY_SECRET_KEY, DATABASE_URL
(file:./data/pay.sqlite or postgres://…), PAY_PUBLIC_URL, PAY_ALLOWED_ORIGINS,
PAY_MERCHANT_WEBHOOK_URL, PAY_MERCHANT_WEBHOOK_SECRET, PAY_CATALOG, provider credentials
(CCPAYMENT_*, CCBILL_*, NICEPAY_*). The README has the full table.
`)
  process.exit(0)
}

const config = loadConfigOrExit()
const log = createLogger(config)
const server = await startServer(config, { log })
stopOnSignals(server, log)
