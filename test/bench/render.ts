/**
 * `npm run bench:render`: time from an element's script tag to its first meaningful paint in
 * headless Chromium, for a checkout already created on the real companion server (sandbox mode,
 * a temporary SQLite file), against a bare Lit element that renders as many elements and as much
 * text on the same kind of page. Every load is a fresh browser context (no cache), and each round
 * loads every page once in a shuffled order, so drift on a busy machine hits both sides alike.
 * "First meaningful paint" is defined in render/probe.ts.
 */
import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../helpers/demo-server.js'
import { buildPages, elementPage, servePages, type PageServer } from './pages.js'
import {
  createBenchDatabase,
  createCheckout,
  fixed,
  machineDescription,
  markdownTable,
  median,
  percentile,
  startCompanionServer,
  type ServerProcess,
} from './shared.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 40)

interface ElementSpec {
  tag: 'pay-crypto' | 'pay-cvs' | 'pay-card'
  /** What the payer needs to see first: the amount and the first thing to act on. */
  ready: string[]
  checkout: Record<string, unknown>
}

const ELEMENTS: ElementSpec[] = [
  {
    tag: 'pay-crypto',
    ready: ['[part~="amount"]', '[part~="coin-picker"]'],
    checkout: { amount: '19.90', currency: 'USD', description: 'Blue T-shirt', methods: ['crypto'] },
  },
  {
    tag: 'pay-cvs',
    ready: ['[part~="amount"]', '[part~="form"]'],
    checkout: { amount: '150000', currency: 'IDR', description: 'Gift voucher', methods: ['cvs'] },
  },
  {
    tag: 'pay-card',
    ready: ['[part~="amount"]', 'input[autocomplete="cc-number"]'],
    checkout: { amount: '49.00', currency: 'EUR', description: 'Grey hoodie', methods: ['card'] },
  },
]

interface Measurement {
  shown: number
  painted: number
  elements: number
  textLength: number
}

async function load(browser: Browser, url: string): Promise<Measurement> {
  const context = await browser.newContext()
  try {
    const tab = await context.newPage()
    await tab.goto(url)
    const handle = await tab.waitForFunction(() => window.benchResult, undefined, { timeout: 15_000 })
    return (await handle.jsonValue()) as Measurement
  } finally {
    await context.close()
  }
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

interface Series {
  spec: ElementSpec
  element: number[]
  bare: number[]
  /** element ÷ bare within the same round. */
  ratios: number[]
  size: { elements: number; textLength: number }
}

async function measure(browser: Browser, server: ServerProcess, pages: PageServer): Promise<Series[]> {
  const elementUrl = async (spec: ElementSpec) => {
    const checkout = await createCheckout(server.url, spec.checkout)
    const attributes = { server: server.url, 'client-secret': checkout.client_secret, 'data-ready': spec.ready.join('|') }
    return pages.add(elementPage(spec.tag, attributes, ['bare/probe.js', `${spec.tag}.js`]))
  }
  const bareUrl = (size: Series['size']) => {
    const attributes = { elements: String(size.elements), 'text-length': String(size.textLength), 'data-ready': '[part~="last"]' }
    return pages.add(elementPage('bench-bare', attributes, ['bare/probe.js', 'bare/element.js']))
  }

  const series: Series[] = []
  for (const spec of ELEMENTS) {
    // A first load, not counted, tells how much the element draws (and warms the server up).
    let size: Series['size']
    try {
      size = await load(browser, await elementUrl(spec))
    } catch (error) {
      process.stderr.write(
        `${spec.tag}: no first meaningful paint (${error instanceof Error ? error.message.split('\n')[0] : error}); left out\n`,
      )
      continue
    }
    series.push({ spec, element: [], bare: [], ratios: [], size: { elements: size.elements, textLength: size.textLength } })
  }

  for (let round = 0; round < RUNS; round++) {
    const results = new Map<string, number>()
    const jobs = series.flatMap((s) => [
      { key: `${s.spec.tag}:element`, url: () => elementUrl(s.spec) },
      { key: `${s.spec.tag}:bare`, url: async () => bareUrl(s.size) },
    ])
    for (const job of shuffled(jobs)) results.set(job.key, (await load(browser, await job.url())).painted)
    for (const s of series) {
      const element = results.get(`${s.spec.tag}:element`)!
      const bare = results.get(`${s.spec.tag}:bare`)!
      s.element.push(element)
      s.bare.push(bare)
      s.ratios.push(element / bare)
    }
    if ((round + 1) % 10 === 0) process.stderr.write(`round ${round + 1}/${RUNS}\n`)
  }
  return series
}

const outDir = await buildPages()
const database = await createBenchDatabase('sqlite')
const server = await startCompanionServer(database.url, { PAY_LOG_LEVEL: 'warn' })
const pages = await servePages(outDir)
const browser = await launchChromium()
const chromiumVersion = browser.version()
let series: Series[]
try {
  series = await measure(browser, server, pages)
} finally {
  await browser.close().catch(() => {})
  pages.close()
  await server.stop()
  await database.dispose()
  rmSync(outDir, { recursive: true, force: true })
}

const table = markdownTable(
  [
    'element',
    'DOM drawn (elements / text chars)',
    'element median ms',
    'element p90 ms',
    'bare Lit median ms',
    'bare Lit p90 ms',
    'ratio median',
    'ratio p90',
  ],
  series.map((s) => [
    `\`<${s.spec.tag}>\``,
    `${s.size.elements} / ${s.size.textLength}`,
    fixed(median(s.element)),
    fixed(percentile(s.element, 90)),
    fixed(median(s.bare)),
    fixed(percentile(s.bare, 90)),
    fixed(median(s.ratios), 2),
    fixed(percentile(s.ratios, 90), 2),
  ]),
)
process.stdout.write(`\n## First render (npm run bench:render)\n\n`)
process.stdout.write(
  `${machineDescription([`chromium: ${chromiumVersion} (headless)`, `${RUNS} fresh page loads per element and per baseline`])}\n\n`,
)
process.stdout.write(`${table}\n`)
const missing = ELEMENTS.filter((spec) => !series.some((s) => s.spec === spec))
if (missing.length) process.stdout.write(`\nNo first meaningful paint, left out: ${missing.map((spec) => `<${spec.tag}>`).join(', ')}\n`)
