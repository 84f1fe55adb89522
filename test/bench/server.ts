/**
 * `npm run bench:server`: companion server throughput with autocannon on loopback, each figure
 * also as a share of a bare Hono "hello" app measured the same way in the same run. The server
 * runs as `npm start` runs it (server/cli.ts, sandbox mode, default log level, merchant webhooks
 * on) in its own process; autocannon runs here, so each has one of the two cores.
 *
 * Per database (SQLite, then PostgreSQL): create checkouts, start a crypto deposit for some of
 * them, read checkout status as the browser does and as the merchant does, then ingest signed
 * CCPayment deposit webhooks, each a new payment that moves its checkout and writes an outbox row.
 */
import autocannon, { type AutocannonOptions, type AutocannonRequest, type AutocannonResult } from 'autocannon'
import Big from 'big.js'
import { ccpaymentHeaders } from '../../server/providers/ccpayment/sign.js'
import { DIALECTS } from '../helpers/databases.js'
import {
  CCPAYMENT_CREDENTIALS,
  SECRET_KEY,
  USDT_TRC20,
  createBenchDatabase,
  createCheckout,
  depositOrders,
  depositWebhookBody,
  fixed,
  machineDescription,
  markdownTable,
  megabytes,
  outboxDrained,
  startCompanionServer,
  startProcess,
  withPeakMemory,
  type BenchDatabase,
  type Dialect,
  type ServerProcess,
} from './shared.js'

/** Seconds per timed phase. */
const DURATION = Number(process.env.BENCH_DURATION ?? 6)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
/** Checkouts with a deposit: the status reads spread over them, and each receives three webhooks. */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 2400)
/** Seconds of the bare Hono run before each timed run. */
const BASELINE_SECONDS = 3
/** Orders whose webhooks warm the server up before the timed webhook run. */
const WARMUP_ORDERS = 300
/** `BENCH_DATABASES=sqlite` (comma-separated) measures only those; default: every database that answers. */
const BENCH_DIALECTS = process.env.BENCH_DATABASES
  ? DIALECTS.filter((dialect) => process.env.BENCH_DATABASES!.split(',').includes(dialect))
  : DIALECTS

const CHECKOUT = { amount: '19.90', currency: 'USD', description: 'Blue T-shirt', methods: ['crypto'] }

const TARGET_STATUS_SHARE = 0.6
const TARGET_WEBHOOKS_PER_SECOND_SQLITE = 2000

interface Row {
  database: Dialect | '-'
  operation: string
  requestsPerSecond: number
  /** Requests/s of the bare Hono app, measured just before. */
  baseline: number
  p50: number
  p99: number
  peakBytes: number
  requests: number
}

/** A distinct client address per checkout, passed by the trusted loopback proxy, as payers behind a load balancer. */
const clientAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`

/** Serves request `i` of `make(i)` to whichever connection asks next, so no two requests are alike. */
function eachRequest(make: (i: number) => AutocannonRequest): AutocannonRequest[] {
  let next = 0
  return [{ setupRequest: (request) => ({ ...request, ...make(next++) }) }]
}

/** One autocannon run against `server` (fixed requests go to `path`; `requests` name their own). */
async function run(server: ServerProcess, path: string, options: Omit<AutocannonOptions, 'url'>) {
  const { result, peakBytes } = await withPeakMemory(server.pid, () =>
    autocannon({ url: `${server.url}${path}`, connections: CONNECTIONS, timeout: 30, ...options }),
  )
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0)
    throw new Error(`${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors})`)
  return { result, peakBytes }
}

function row(
  database: Row['database'],
  operation: string,
  { result, peakBytes }: { result: AutocannonResult; peakBytes: number },
  baseline: number,
): Row {
  return {
    database,
    operation,
    requestsPerSecond: result['2xx'] / result.duration,
    baseline,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakBytes,
    requests: result['2xx'],
  }
}

async function benchDatabase(dialect: Dialect, helloServer: ServerProcess): Promise<Row[]> {
  const database: BenchDatabase = await createBenchDatabase(dialect)
  const server = await startCompanionServer(database.url, {
    PAY_TRUSTED_PROXIES: '127.0.0.1',
    PAY_MERCHANT_WEBHOOK_URL: `${helloServer.url}/merchant-webhooks`,
  })
  const rows: Row[] = []
  /** A timed run of the companion server, right after a run of the bare Hono app on the same machine state. */
  const compared = async (operation: string, measure: () => ReturnType<typeof run>) => {
    process.stderr.write(`[${dialect}] ${operation}\n`)
    const hello = await run(helloServer, '/', { duration: BASELINE_SECONDS })
    rows.push(row(dialect, operation, await measure(), hello.result['2xx'] / hello.result.duration))
  }
  try {
    await compared('create checkout `POST /v1/checkouts`', () =>
      run(server, '/v1/checkouts', {
        duration: DURATION,
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(CHECKOUT),
      }),
    )

    // On a slow run the timed creation may leave fewer checkouts than the deposits need: make up the rest.
    const created = await database.query<{ n: number | string }>('select count(*) as n from checkouts')
    for (let missing = ORDERS - Number(created[0]!.n); missing > 0; missing -= 8) {
      await Promise.all(Array.from({ length: Math.min(8, missing) }, () => createCheckout(server.url, CHECKOUT)))
    }
    const checkouts = await database.query<{ id: string; client_secret: string }>(
      'select id, client_secret from checkouts order by created_at, id limit $1',
      [ORDERS],
    )

    // Setup for what follows, timed as well: one CCPayment order per checkout, through the simulator.
    const depositBody = JSON.stringify({ token_id: USDT_TRC20 })
    await compared('start crypto deposit `POST /v1/client/crypto/deposits` (simulator in-process)', () =>
      run(server, '/', {
        amount: ORDERS,
        method: 'POST',
        requests: eachRequest((i) => ({
          path: '/v1/client/crypto/deposits',
          headers: {
            'x-client-secret': checkouts[i % ORDERS]!.client_secret,
            'x-forwarded-for': clientAddress(i),
            'content-type': 'application/json',
          },
          body: depositBody,
        })),
      }),
    )
    await outboxDrained(database)

    await compared('read status (browser) `GET /v1/client/checkout`', () =>
      run(server, '/', {
        duration: DURATION,
        requests: eachRequest((i) => ({
          path: '/v1/client/checkout',
          headers: { 'x-client-secret': checkouts[i % ORDERS]!.client_secret, 'x-forwarded-for': clientAddress(i % ORDERS) },
        })),
      }),
    )
    await compared('read checkout (merchant) `GET /v1/checkouts/:id`', () =>
      run(server, '/', {
        duration: DURATION,
        requests: eachRequest((i) => ({
          path: `/v1/checkouts/${checkouts[i % ORDERS]!.id}`,
          headers: { authorization: `Bearer ${SECRET_KEY}` },
        })),
      }),
    )

    const orders = await depositOrders(database)
    if (orders.length < ORDERS) throw new Error(`only ${orders.length} deposits were started; ${ORDERS} are needed`)
    const warmup = await signedWebhooks(orders.slice(0, WARMUP_ORDERS), 'w')
    await run(server, '/', { amount: warmup.length, method: 'POST', requests: eachRequest((i) => warmup[i % warmup.length]!) })
    // Signed just before sending: CCPayment signatures are good for two minutes.
    const webhooks = await signedWebhooks(orders.slice(WARMUP_ORDERS), 'm')
    await compared('ingest CCPayment webhook `POST /webhooks/ccpayment`', () =>
      run(server, '/', { amount: webhooks.length, method: 'POST', requests: eachRequest((i) => webhooks[i % webhooks.length]!) }),
    )

    // Every webhook must have done its whole job: a provider receipt, a checkout change and a merchant webhook each.
    const delivered = await outboxDrained(database)
    const count = async (sql: string) => Number((await database.query<{ n: number | string }>(sql))[0]!.n)
    const receipts = await count(`select count(*) as n from provider_events where provider = 'ccpayment'`)
    const paid = await count(`select count(*) as n from checkouts where status = 'paid'`)
    const moves = await count(`select count(*) as n from outbox where type in ('checkout.underpaid', 'checkout.paid')`)
    const sent = warmup.length + webhooks.length
    if (receipts !== sent || moves !== sent || paid !== orders.length) {
      throw new Error(
        `webhooks not all taken: ${receipts} receipts and ${moves} merchant events for ${sent} webhooks, ${paid} of ${orders.length} paid`,
      )
    }
    process.stderr.write(`[${dialect}] ${receipts} webhooks taken, ${delivered} merchant webhooks delivered\n`)
  } finally {
    await server.stop()
    await database.dispose()
  }
  return rows
}

/**
 * Three payments of half the order each, for every order: each one changes its checkout (pending →
 * underpaid → paid, then paid with more received: the state machine keeps it paid) and writes an
 * event and a merchant webhook in the outbox. The
 * first payments of all orders come first, so concurrent requests rarely touch the same checkout.
 */
async function signedWebhooks(orders: Awaited<ReturnType<typeof depositOrders>>, tag: string): Promise<AutocannonRequest[]> {
  const requests: AutocannonRequest[] = []
  const now = Date.now()
  for (let payment = 0; payment < 3; payment++) {
    for (const [i, order] of orders.entries()) {
      const half = new Big(order.orderAmount).div(2).round(6, Big.roundDown).toString()
      const body = depositWebhookBody(order, `${Math.floor(now / 1000)}${tag}${i}p${payment}`, half)
      requests.push({
        path: '/webhooks/ccpayment',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(await ccpaymentHeaders(CCPAYMENT_CREDENTIALS, body, now)) },
        body,
      })
    }
  }
  return requests
}

function report(rows: Row[]): string {
  const share = (r: Row) => r.requestsPerSecond / r.baseline
  const table = markdownTable(
    [
      'database',
      'operation',
      'requests/s',
      'bare Hono requests/s (run just before)',
      'share of bare Hono',
      'p50 ms',
      'p99 ms',
      'peak RSS',
      'requests',
    ],
    rows.map((r) => [
      r.database,
      r.operation,
      fixed(r.requestsPerSecond, 0),
      fixed(r.baseline, 0),
      `${fixed(share(r) * 100, 1)}%`,
      fixed(r.p50, 1),
      fixed(r.p99, 1),
      megabytes(r.peakBytes),
      r.requests,
    ]),
  )
  const targets = rows.flatMap((r) => {
    if (r.operation.startsWith('read status')) {
      const met = share(r) >= TARGET_STATUS_SHARE
      return [
        `- ${r.database}: status reads at ${fixed(share(r) * 100, 1)}% of bare Hono (target ≥ ${TARGET_STATUS_SHARE * 100}%): ${met ? 'met' : 'MISSED'}`,
      ]
    }
    if (r.operation.startsWith('ingest') && r.database === 'sqlite') {
      const met = r.requestsPerSecond >= TARGET_WEBHOOKS_PER_SECOND_SQLITE
      return [
        `- sqlite: ${fixed(r.requestsPerSecond, 0)} webhooks/s (target ≥ ${TARGET_WEBHOOKS_PER_SECOND_SQLITE}): ${met ? 'met' : 'MISSED'}`,
      ]
    }
    return []
  })
  return `${table}\n\n${targets.join('\n')}`
}

const helloServer = await startProcess('test/bench/hello-server.ts', {}, '/')
const rows: Row[] = []
try {
  for (const dialect of BENCH_DIALECTS) rows.push(...(await benchDatabase(dialect, helloServer)))
} finally {
  await helloServer.stop()
}
process.stdout.write(`\n## Server throughput (npm run bench:server)\n\n`)
process.stdout.write(
  `${machineDescription([`autocannon 9.0.0, ${CONNECTIONS} connections, ${DURATION} s per timed read/create run (${BASELINE_SECONDS} s of bare Hono before each), webhooks: ${(ORDERS - WARMUP_ORDERS) * 3} after ${WARMUP_ORDERS * 3} to warm up`, `databases: ${BENCH_DIALECTS.join(', ')}`])}\n\n`,
)
process.stdout.write(`${report(rows)}\n`)
if (!process.env.BENCH_DATABASES && !DIALECTS.includes('postgres'))
  process.stdout.write('\nPostgreSQL did not answer at 127.0.0.1:5432: its rows are missing.\n')
