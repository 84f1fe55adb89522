/**
 * What the three benchmarks share: starting the companion server in its own process exactly as
 * `npm start` does (server/cli.ts), throw-away databases, the machine description, statistics and
 * markdown tables.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SANDBOX_DEFAULTS } from '../../server/config.js'
import { POSTGRES_URL } from '../helpers/databases.js'
import { eventually, freePort } from '../helpers/wait.js'

export const SECRET_KEY = SANDBOX_DEFAULTS.PAY_SECRET_KEY
export const CCPAYMENT_CREDENTIALS = { appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID, appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET }
export const NICEPAY_CREDENTIALS = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
/** USDT on TRON in the CCPayment simulator's coin list. */
export const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'

export type Dialect = 'sqlite' | 'postgres'

export interface BenchDatabase {
  dialect: Dialect
  /** DATABASE_URL for the server process. */
  url: string
  /** A direct connection for the benchmark's own reads (order references, counts). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
  dispose(): Promise<void>
}

/** A fresh database: a SQLite file in a temporary folder, or a new PostgreSQL schema dropped afterwards. */
export async function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pay-bench-'))
    const path = join(dir, 'pay.sqlite')
    const { default: SQLite } = await import('better-sqlite3')
    let reader: InstanceType<typeof SQLite> | undefined
    return {
      dialect,
      url: `file:${path}`,
      // Opened on first use: the server creates the file and its schema.
      async query<T>(sql: string, params: unknown[] = []) {
        reader ??= new SQLite(path, { fileMustExist: true })
        return reader.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as T[]
      },
      async dispose() {
        reader?.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2, options: `-c search_path=${schema}` })
  return {
    dialect,
    url: `${POSTGRES_URL}?options=-c%20search_path%3D${schema}`,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[]
    },
    async dispose() {
      await pool.end()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

export interface ServerProcess {
  url: string
  port: number
  pid: number
  stop(): Promise<void>
}

/**
 * Runs a TypeScript entry in its own Node process (through tsx, as `npm run demo` does) and waits
 * until `readyPath` answers. The benchmark driver and the server then each have a core.
 */
export async function startProcess(entry: string, env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const port = await freePort()
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--conditions=pay-elements-source', '--import', 'tsx', entry], {
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    // stdout (one JSON log line per request at the default level) goes nowhere, as to a log shipper that keeps up.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`)
      const response = await fetch(`${url}${readyPath}`)
      if (!response.ok) throw new Error(`${readyPath}: ${response.status}`)
    },
    60_000,
    100,
  )
  return {
    url,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** The companion server (`npm start`'s entry) in sandbox mode on `databaseUrl`. */
export function startCompanionServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startProcess('server/cli.ts', { PAY_MODE: 'sandbox', DATABASE_URL: databaseUrl, ...env }, '/healthz')
}

/** Resident memory of a process now, in bytes (Linux). */
export function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) * 1024 : 0
}

/** Samples a process's resident memory while `work` runs and reports the peak. */
export async function withPeakMemory<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = residentBytes(pid)
  const timer = setInterval(() => (peakBytes = Math.max(peakBytes, residentBytes(pid))), 100)
  try {
    const result = await work()
    return { result, peakBytes: Math.max(peakBytes, residentBytes(pid)) }
  } finally {
    clearInterval(timer)
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  // Nearest-rank: the smallest value with at least p% of the values at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export const median = (values: number[]) => percentile(values, 50)

export function markdownTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** The lines BENCHMARKS.md records about where a run happened. */
export function machineDescription(extra: string[] = []): string {
  return [
    `- date: ${new Date().toISOString()}`,
    `- cpu: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores (nproc)`,
    `- node: ${process.version}`,
    ...extra.map((line) => `- ${line}`),
  ].join('\n')
}

export interface CreatedCheckout {
  id: string
  client_secret: string
  amount: string
  currency: string
  /** What an element can draw from before its first request (`initial-state`), when the server sends it. */
  initial_state?: string
}

/** Creates a checkout through the merchant API. */
export async function createCheckout(serverUrl: string, body: Record<string, unknown>): Promise<CreatedCheckout> {
  const response = await fetch(`${serverUrl}/v1/checkouts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (response.status !== 201) throw new Error(`creating a checkout: ${response.status} ${await response.text()}`)
  return (await response.json()) as CreatedCheckout
}

/** The CCPayment order behind a checkout's active deposit, as the webhook must name it. */
export interface DepositOrder {
  checkoutId: string
  merchantOrderId: string
  orderId: string
  orderAmount: string
}

export async function depositOrders(database: BenchDatabase): Promise<DepositOrder[]> {
  const rows = await database.query<{ checkout_id: string; provider_reference: string; details: string }>(
    `select checkout_id, provider_reference, details from payments where provider = 'ccpayment' and status = 'active' order by checkout_id`,
  )
  return rows.map((row) => {
    const details = JSON.parse(row.details) as { order_id: string; order_amount: string }
    return {
      checkoutId: row.checkout_id,
      merchantOrderId: row.provider_reference,
      orderId: details.order_id,
      orderAmount: details.order_amount,
    }
  })
}

/**
 * The deposit webhook CCPayment sends for one on-chain payment into `order` (the simulator's exact
 * shape), with a record id of its own so the server takes it as a new payment.
 */
export function depositWebhookBody(order: DepositOrder, recordId: string, paidAmount: string): string {
  return JSON.stringify({
    pay_status: 'success',
    order_type: 'API Deposit',
    record_id: recordId,
    order_id: order.orderId,
    product_price: '19.90',
    denominated_currency: 'USD',
    order_amount: order.orderAmount,
    fiat_rate: '1',
    paid_amount: paidAmount,
    token_rate: '1',
    chain: 'TRX',
    txid: `0x${recordId.padStart(64, '0').slice(-64)}`,
    contract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    crypto: 'USDT',
    extend: { merchant_order_id: order.merchantOrderId, custom_value: '' },
  })
}

/** Waits until every merchant webhook written so far has been delivered. */
export async function outboxDrained(database: BenchDatabase, timeoutMs = 60_000): Promise<number> {
  return eventually(
    async () => {
      const [row] = await database.query<{ pending: number | string; total: number | string }>(
        'select count(*) filter (where delivered_at is null) as pending, count(*) as total from outbox',
      )
      if (Number(row!.pending) > 0) throw new Error(`${row!.pending} merchant webhooks still undelivered`)
      return Number(row!.total)
    },
    timeoutMs,
    200,
  )
}
