/**
 * `npm run bench:live`: how long after a CCPayment webhook is accepted the payer sees the new
 * status. Each run: a checkout with a crypto deposit on the companion server (its own process,
 * SQLite, then PostgreSQL), `<pay-crypto>` from the production build in a fresh headless Chromium
 * context showing the deposit with its live stream (SSE) open, then a signed deposit webhook paying
 * the order in full, posted as CCPayment posts it. The clock stops in the page once the element has
 * rendered "paid" (its `pay-status-change` event, its `updateComplete`, then the frame after).
 * Both clocks are the machine's wall clock (`performance.timeOrigin + performance.now()`).
 */
import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { ccpaymentHeaders } from '../../server/providers/ccpayment/sign.js'
import { DIALECTS } from '../helpers/databases.js'
import { launchChromium } from '../helpers/demo-server.js'
import { buildPages, elementPage, servePages, type PageServer } from './pages.js'
import {
  CCPAYMENT_CREDENTIALS,
  USDT_TRC20,
  createBenchDatabase,
  createCheckout,
  depositOrders,
  depositWebhookBody,
  fixed,
  machineDescription,
  markdownTable,
  median,
  percentile,
  startCompanionServer,
  type BenchDatabase,
  type Dialect,
  type ServerProcess,
} from './shared.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 50)
const TARGET_P99_MS = 1000

const now = () => performance.timeOrigin + performance.now()

interface Sample {
  /** ms from the webhook's 200 reaching the sender to the new status painted. */
  fromAccepted: number
  /** ms from the webhook being sent. */
  fromSent: number
}

/**
 * Page-side (a string, so the page gets it as written): `window.benchPaid` resolves with the time
 * "paid" has been painted. The statement itself returns nothing, so evaluating it does not wait.
 */
const WATCH_FOR_PAID = `void (window.benchPaid = new Promise((resolve) => {
  const element = document.querySelector('pay-crypto')
  element.addEventListener('pay-status-change', async (event) => {
    if (event.detail.checkout.status !== 'paid') return
    await element.updateComplete
    requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now())))
  })
}))`

async function oneRun(browser: Browser, server: ServerProcess, database: BenchDatabase, pages: PageServer): Promise<Sample> {
  const checkout = await createCheckout(server.url, { amount: '19.90', currency: 'USD', description: 'Blue T-shirt', methods: ['crypto'] })
  const deposit = await fetch(`${server.url}/v1/client/crypto/deposits`, {
    method: 'POST',
    headers: { 'x-client-secret': checkout.client_secret, 'content-type': 'application/json' },
    body: JSON.stringify({ token_id: USDT_TRC20 }),
  })
  if (deposit.status !== 201) throw new Error(`starting a deposit: ${deposit.status} ${await deposit.text()}`)
  const order = (await depositOrders(database)).find((o) => o.checkoutId === checkout.id)!

  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const streamOpen = page.waitForResponse((response) => response.url().includes('/v1/client/checkout/events') && response.ok())
    await page.goto(
      pages.add(elementPage('pay-crypto', { server: server.url, 'client-secret': checkout.client_secret }, ['pay-crypto.js'])),
    )
    await streamOpen
    await page.waitForFunction(`!!document.querySelector('pay-crypto').shadowRoot.querySelector('[part~="deposit"]')`)
    await page.evaluate(WATCH_FOR_PAID)
    // A random pause, so webhooks do not land in step with the stream's own timers.
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200))

    const body = depositWebhookBody(order, `${Date.now()}live`, order.orderAmount)
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      ...(await ccpaymentHeaders(CCPAYMENT_CREDENTIALS, body, Date.now())),
    }
    const sent = now()
    const response = await fetch(`${server.url}/webhooks/ccpayment`, { method: 'POST', headers, body })
    const accepted = now()
    if (response.status !== 200 || (await response.text()) !== 'success') throw new Error(`webhook refused: ${response.status}`)
    const painted = (await page.evaluate('window.benchPaid')) as number
    return { fromAccepted: painted - accepted, fromSent: painted - sent }
  } finally {
    await context.close()
  }
}

async function benchDatabase(dialect: Dialect, browser: Browser, pages: PageServer): Promise<Sample[]> {
  const database = await createBenchDatabase(dialect)
  const server = await startCompanionServer(database.url, { PAY_LOG_LEVEL: 'warn' })
  const samples: Sample[] = []
  try {
    await oneRun(browser, server, database, pages) // warm-up, not counted
    for (let run = 0; run < RUNS; run++) samples.push(await oneRun(browser, server, database, pages))
  } finally {
    await server.stop()
    await database.dispose()
  }
  return samples
}

const outDir = await buildPages()
const pages = await servePages(outDir)
const browser = await launchChromium()
const chromiumVersion = browser.version()
const results: { dialect: Dialect; samples: Sample[] }[] = []
try {
  for (const dialect of DIALECTS) {
    process.stderr.write(`[${dialect}] ${RUNS} runs\n`)
    results.push({ dialect, samples: await benchDatabase(dialect, browser, pages) })
  }
} finally {
  await browser.close().catch(() => {})
  pages.close()
  rmSync(outDir, { recursive: true, force: true })
}

const table = markdownTable(
  [
    'database (change feed)',
    'runs',
    'accepted → painted median ms',
    'p99 ms',
    'max ms',
    'sent → painted median ms',
    'p99 ms',
    'p99 target < 1 s',
  ],
  results.map(({ dialect, samples }) => {
    const accepted = samples.map((s) => s.fromAccepted)
    const sent = samples.map((s) => s.fromSent)
    return [
      dialect === 'sqlite' ? 'sqlite (in-process)' : 'postgres (LISTEN/NOTIFY)',
      samples.length,
      fixed(median(accepted)),
      fixed(percentile(accepted, 99)),
      fixed(Math.max(...accepted)),
      fixed(median(sent)),
      fixed(percentile(sent, 99)),
      percentile(accepted, 99) < TARGET_P99_MS ? 'met' : 'MISSED',
    ]
  }),
)
process.stdout.write(`\n## Live status latency (npm run bench:live)\n\n`)
process.stdout.write(
  `${machineDescription([`chromium: ${chromiumVersion} (headless)`, `${RUNS} runs per database, after one warm-up run`])}\n\n`,
)
process.stdout.write(`${table}\n`)
