/**
 * `npm run bench:render`: time from an element's script tag to its first meaningful paint in
 * headless Chromium, for a checkout already created on the real companion server (sandbox mode,
 * a temporary SQLite file), against a bare Lit element that renders as many elements and as much
 * text on the same kind of page, under several network profiles (render/delay-proxy.ts), counting
 * the round trips the page waited for one after the other (render/round-trips.ts). Every load is a
 * new tab with nothing to reuse (see `load`), and each round loads every page once in a shuffled
 * order, so drift on a busy machine hits both sides alike. "First meaningful paint" is defined in
 * render/probe.ts.
 *
 * BENCH_RUNS: rounds, for every profile ("15") or some ("100:15,slow3g:5"; the others keep their
 * default). BENCH_PROFILES (0,100,100-warm,slow3g), BENCH_VARIANTS (as-is,preload,same-origin,initial-state),
 * BENCH_ELEMENTS (pay-crypto,pay-cvs,pay-card,pay-checkout): comma-separated subsets, for quick runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchChromiumProfile } from '../helpers/demo-server.js'
import { buildPages, elementPage, servePages, staticImports } from './pages.js'
import { delayProxy, Link, selfSignedCertificate, type DelayProxy, type NetworkProfile, type RequestRecord } from './render/delay-proxy.js'
import { PAINTED_MESSAGE } from './render/painted-message.js'
import type { BenchResult } from './render/probe.js'
import { criticalChain, describeChain, type CriticalChain } from './render/round-trips.js'
import {
  createBenchDatabase,
  createCheckout,
  fixed,
  machineDescription,
  markdownTable,
  median,
  percentile,
  startCompanionServer,
} from './shared.js'

interface Profile extends NetworkProfile {
  /**
   * Rounds by default, for about ten minutes in all: fewer where loads take seconds, whose times
   * the network sets more than this busy machine does.
   */
  runs: number
}

const PROFILES: Profile[] = [
  { key: '0', name: '0 ms', rttMs: 0, runs: 12 },
  { key: '100', name: '100 ms', rttMs: 100, runs: 10 },
  // The same round trip on connections that cost nothing to open (a warm CDN edge, HTTP/3 resumption,
  // or a proxy that delays requests only): the model in which "page, entry, one read" is 3 round trips.
  { key: '100-warm', name: '100 ms, connections open at once', rttMs: 100, setupRoundTrips: 0, runs: 10 },
  { key: 'slow3g', name: 'slow 3G', rttMs: 400, downKbps: 400, upKbps: 400, runs: 3 },
]

interface ElementSpec {
  key: 'pay-crypto' | 'pay-cvs' | 'pay-card' | 'pay-checkout'
  /** What the payer needs to see first: the amount and the first thing to act on. */
  ready: string[]
  checkout: Record<string, unknown>
  /**
   * What the element loads by `import()` beside its first request, every time: the preload hints
   * name these and everything they and the entry import statically.
   */
  loadsBeside: string[]
  /** Attributes the page sets beside its preload hints, as README recommends with them. */
  hinted?: Record<string, string>
}

const ELEMENTS: ElementSpec[] = [
  {
    key: 'pay-crypto',
    ready: ['[part~="amount"]', '[part~="coin-picker"]'],
    checkout: { amount: '19.90', currency: 'USD', description: 'Blue T-shirt', methods: ['crypto'] },
    loadsBeside: ['chunks/follow.js'],
  },
  {
    key: 'pay-cvs',
    ready: ['[part~="amount"]', '[part~="form"]'],
    checkout: { amount: '150000', currency: 'IDR', description: 'Gift voucher', methods: ['cvs'] },
    loadsBeside: ['chunks/follow.js'],
  },
  {
    key: 'pay-card',
    ready: ['[part~="amount"]', 'input[autocomplete="cc-number"]'],
    checkout: { amount: '49.00', currency: 'EUR', description: 'Grey hoodie', methods: ['card'] },
    loadsBeside: ['chunks/follow.js'],
  },
  {
    key: 'pay-checkout',
    // The choice, and the card number of `<pay-card>` (the first method, shown at once) in its light DOM.
    ready: ['[part~="methods"]', 'input[autocomplete="cc-number"]'],
    checkout: { amount: '25.00', currency: 'USD', description: 'Canvas tote', methods: ['card', 'crypto'] },
    // The first method's element (loaded while the read is on its way, `method` naming it) and the follow chunk.
    loadsBeside: ['pay-card.js', 'chunks/follow.js'],
    // The page that preloads `<pay-card>` names it as the method to start with, so its code is
    // evaluated while the first read is on its way.
    hinted: { method: 'card' },
  },
]

type VariantKey = 'as-is' | 'preload' | 'same-origin' | 'initial-state'
const VARIANTS: { key: VariantKey; name: string }[] = [
  { key: 'as-is', name: 'as is' },
  { key: 'preload', name: 'with preload hints' },
  { key: 'same-origin', name: "with preload hints, server on the page's origin" },
  { key: 'initial-state', name: 'with initial state' },
]

/** The items BENCH_<NAME> names (comma-separated keys), all of them when it is unset. */
function selected<T extends { key: string }>(name: string, all: T[]): T[] {
  const value = process.env[`BENCH_${name}`]
  if (!value) return all
  const keys = value.split(',').map((key) => key.trim())
  const unknown = keys.filter((key) => !all.some((item) => item.key === key))
  if (unknown.length) throw new Error(`BENCH_${name}: unknown ${unknown.join(', ')} (known: ${all.map((item) => item.key).join(', ')})`)
  return all.filter((item) => keys.includes(item.key))
}

/** BENCH_RUNS read: rounds for every profile, or for some by key. */
const roundsAsked = ((value = ''): { all?: number; byKey: Map<string, number> } => {
  const fail = () => new Error(`BENCH_RUNS: "${value}" is neither a number of rounds nor profile:rounds pairs`)
  if (/^[1-9]\d*$/.test(value)) return { all: Number(value), byKey: new Map() }
  const byKey = new Map<string, number>()
  for (const entry of value ? value.split(',') : []) {
    const [, key, rounds] = /^([\w-]+):([1-9]\d*)$/.exec(entry.trim()) ?? []
    if (!key || !PROFILES.some((profile) => profile.key === key)) throw fail()
    byKey.set(key, Number(rounds))
  }
  return { byKey }
})(process.env.BENCH_RUNS)

const roundsOn = (profile: Profile) => roundsAsked.all ?? roundsAsked.byKey.get(profile.key) ?? profile.runs

const profiles = selected('PROFILES', PROFILES)
const elements = selected('ELEMENTS', ELEMENTS)
let variants = selected('VARIANTS', VARIANTS)

function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

interface Times {
  painted: number[]
  /** ms from the page's own request leaving (its connection open) to the paint: the page's round trip counted too. */
  fromPage: number[]
  roundTrips: number[]
  /** Requests in that chain, page included: the round trips with connection set-up left out. */
  requests: number[]
  /** Each load's chain, described. */
  chains: string[]
}

const noTimes = (): Times => ({ painted: [], fromPage: [], roundTrips: [], requests: [], chains: [] })

/** One page variant of an element on one link. */
interface Row extends Times {
  variant: (typeof VARIANTS)[number]
  /** element ÷ bare within the same round. */
  ratios: number[]
  /** The same, timed from the page's request. */
  pageRatios: number[]
}

/** An element on one link: what it draws, its bare baseline, its page variants. */
interface ElementRun {
  profile: Profile
  spec: ElementSpec
  size: { elements: number; textLength: number }
  bare: Times
  rows: Row[]
}

const outDir = await buildPages()
const probe = readFileSync(join(outDir, 'bare/probe.js'), 'utf8')
const database = await createBenchDatabase('sqlite')
const pages = await servePages(outDir)
const certificate = selfSignedCertificate()
const link = new Link(PROFILES[0]!)
const pageProxy = await delayProxy(link, pages.url, 'page', certificate)
const server = await startCompanionServer(database.url, {
  PAY_LOG_LEVEL: 'warn',
  // The page's origin is https (the proxy's), which the sandbox's loopback default does not cover.
  PAY_ALLOWED_ORIGINS: pageProxy.url,
  // The proxy in front of the server names the payer (see Link.payerAddress).
  PAY_TRUSTED_PROXIES: '127.0.0.1',
})
pages.forwardApi(server.url)
const profileDir = mkdtempSync(join(tmpdir(), 'pay-bench-chromium-'))
// A regular profile, where Chromium honours preconnect hints. The proxies' certificate counts as
// valid there, so nothing behaves as on a site with a certificate error.
const browser = await launchChromiumProfile(profileDir, [`--ignore-certificate-errors-spki-list=${certificate.spkiHash}`])
const chromiumVersion = browser.browser()?.version() ?? 'unknown'
const notes: string[] = []

/**
 * Each load reaches the companion server at an origin never used before (a proxy on a new port),
 * so that nothing of an earlier load serves it in the one browser profile: no open connection, no
 * cached CORS preflight, no connection the browser learnt to open early.
 */
const serverPorts = new Set<number>()
async function newServerProxy(): Promise<DelayProxy> {
  const taken: DelayProxy[] = []
  try {
    for (;;) {
      const proxy = await delayProxy(link, server.url, 'server', certificate)
      if (!serverPorts.has(proxy.port)) {
        serverPorts.add(proxy.port)
        return proxy
      }
      taken.push(proxy)
    }
  } finally {
    taken.forEach((proxy) => proxy.close())
  }
}

interface Load extends BenchResult {
  chain: CriticalChain
  fromPage: number
}

/**
 * Loads the page `html` makes for the companion server's origin in a new tab and waits for its
 * first meaningful paint. The page's connections are closed first, so every load starts with none.
 * BENCH_WATERFALL=1 prints every load's requests (ms from the first; * waited for its connection).
 */
async function load(html: (serverOrigin: string) => Promise<string>): Promise<Load> {
  const serverProxy = await newServerProxy()
  const tab = await browser.newPage()
  try {
    const url = pages.add(await html(serverProxy.url), pageProxy.url)
    pageProxy.dropConnections()
    link.reset()
    const painted = tab.waitForEvent('console', { predicate: (message) => message.text() === PAINTED_MESSAGE, timeout: 60_000 })
    await tab.goto(url, { timeout: 60_000 })
    await painted
    const result = (await tab.evaluate(() => window.benchResult))!
    if (process.env.BENCH_WATERFALL) process.stderr.write(waterfall(url, link.records, result.paintedAt))
    const page = link.records.find((r) => r.via === 'page' && r.url.startsWith('/page'))!
    return {
      ...result,
      chain: criticalChain(link.records, result.paintedAt, link.profile.rttMs),
      fromPage: result.paintedAt - (page.start + page.setupWait),
    }
  } finally {
    await tab.close()
    serverProxy.close()
  }
}

function waterfall(url: string, records: RequestRecord[], paintedAt: number): string {
  const from = records[0]?.start ?? paintedAt
  const ms = (time: number) => (time - from).toFixed(0).padStart(6)
  const lines = records.map((r) => `${ms(r.start)} ${ms(r.end)} ${r.setupWait ? '*' : ' '} ${r.via} ${r.method} ${r.url}`)
  return `\n${url}\n${lines.join('\n')}\n${ms(paintedAt)} first meaningful paint\n`
}

/**
 * The preload hints: every module of the element's first load, and a connection to the server
 * unless the server is reached on the page's own origin.
 */
const hints = (spec: ElementSpec, serverOrigin: string | undefined) =>
  [...new Set([...spec.loadsBeside, ...staticImports(outDir, [`${spec.key}.js`, ...spec.loadsBeside])])]
    .map((file) => `<link rel="modulepreload" href="/${file}">`)
    .concat(
      // `crossorigin`: the elements' requests go without credentials, and Chromium keeps the
      // connections for those apart from the ones a plain preconnect opens.
      serverOrigin ? [`<link rel="preconnect" href="${serverOrigin}" crossorigin>`] : [],
    )

/** The element's page for a checkout created just before, in one of the variants. */
const elementHtml = (spec: ElementSpec, variant: VariantKey) => async (serverOrigin: string) => {
  const checkout = await createCheckout(server.url, spec.checkout)
  // On the page's origin the site passes the browser API on to the server (pages.forwardApi).
  const sameOrigin = variant === 'same-origin'
  const attributes: Record<string, string> = {
    server: sameOrigin ? pageProxy.url : serverOrigin,
    'client-secret': checkout.client_secret,
    'data-ready': spec.ready.join('|'),
  }
  if (variant !== 'as-is') Object.assign(attributes, spec.hinted)
  if (variant === 'initial-state') attributes['initial-state'] = checkout.initial_state!
  return elementPage(spec.key, attributes, [`${spec.key}.js`], {
    head: variant === 'as-is' ? [] : hints(spec, sameOrigin ? undefined : serverOrigin),
    inlineModule: probe,
  })
}

/** The bare element's page, drawing as much as the element did. */
const bareHtml = (size: ElementRun['size']) => async () => {
  const attributes = { elements: String(size.elements), 'text-length': String(size.textLength), 'data-ready': '[part~="last"]' }
  return elementPage('bench-bare', attributes, ['bare/element.js'], { inlineModule: probe })
}

const runs: ElementRun[] = []
try {
  if (
    variants.some((v) => v.key === 'initial-state') &&
    typeof (await createCheckout(server.url, elements[0]!.checkout)).initial_state !== 'string'
  ) {
    notes.push('no initial_state in the create reply; variant left out')
    variants = variants.filter((v) => v.key !== 'initial-state')
  }

  for (const profile of profiles) {
    const started = performance.now()
    link.reset(profile)
    const profileRuns: ElementRun[] = []
    for (const spec of elements) {
      // A first load, not counted, tells how much the element draws on this link (the card form's
      // country list arrives before its first paint or after, depending on the link), and warms up.
      try {
        const { elements: drawn, textLength } = await load(elementHtml(spec, 'as-is'))
        const rows = variants.map((variant): Row => ({ variant, ratios: [], pageRatios: [], ...noTimes() }))
        profileRuns.push({ profile, spec, size: { elements: drawn, textLength }, bare: noTimes(), rows })
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
        notes.push(`${profile.name}: <${spec.key}> had no first meaningful paint (${reason}); left out`)
      }
    }
    runs.push(...profileRuns)

    const rounds = roundsOn(profile)
    for (let round = 0; round < rounds; round++) {
      const jobs = profileRuns.flatMap((run) => [
        { run, times: run.bare, html: bareHtml(run.size) },
        ...run.rows.map((row) => ({ run, times: row as Times, html: elementHtml(run.spec, row.variant.key) })),
      ])
      const results = new Map<Times, Load>()
      for (const job of shuffled(jobs)) results.set(job.times, await load(job.html))
      for (const { run, times } of jobs) {
        const result = results.get(times)!
        times.painted.push(result.painted)
        times.fromPage.push(result.fromPage)
        times.roundTrips.push(result.chain.roundTrips)
        times.requests.push(result.chain.requests.length)
        times.chains.push(describeChain(result.chain, profile.rttMs))
        if (times !== run.bare) {
          ;(times as Row).ratios.push(result.painted / results.get(run.bare)!.painted)
          ;(times as Row).pageRatios.push(result.fromPage / results.get(run.bare)!.fromPage)
        }
      }
    }
    process.stderr.write(`${profile.name}: ${rounds} rounds in ${fixed((performance.now() - started) / 1000, 0)} s\n`)
  }
} finally {
  await browser.close().catch(() => {})
  rmSync(profileDir, { recursive: true, force: true })
  pageProxy.close()
  pages.close()
  await server.stop()
  await database.dispose()
  rmSync(outDir, { recursive: true, force: true })
}

/** The chain of a load that took the median number of round trips. */
const typicalChain = (times: Times) => times.chains[times.roundTrips.indexOf(median(times.roundTrips))] ?? ''

const table = markdownTable(
  [
    'network',
    'element',
    'page',
    'DOM drawn (elements / text chars)',
    'requests in turn (median)',
    'round trips with connection set-up (median)',
    'element median ms',
    'element p90 ms',
    'bare Lit median ms',
    'bare Lit p90 ms',
    'bare Lit requests / round trips',
    'ratio median',
    'ratio p90',
    'from the page request: element / bare Lit median ms',
    'ratio median, from the page request',
    'ratio p90, from the page request',
  ],
  runs.flatMap(({ profile, spec, size, bare, rows }) =>
    rows.map((row) => [
      profile.name,
      `\`<${spec.key}>\``,
      row.variant.name,
      `${size.elements} / ${size.textLength}`,
      median(row.requests),
      median(row.roundTrips),
      fixed(median(row.painted)),
      fixed(percentile(row.painted, 90)),
      fixed(median(bare.painted)),
      fixed(percentile(bare.painted, 90)),
      `${median(bare.requests)} / ${median(bare.roundTrips)}`,
      fixed(median(row.ratios), 2),
      fixed(percentile(row.ratios, 90), 2),
      `${fixed(median(row.fromPage))} / ${fixed(median(bare.fromPage))}`,
      fixed(median(row.pageRatios), 2),
      fixed(percentile(row.pageRatios, 90), 2),
    ]),
  ),
)

const describeProfile = (p: Profile) =>
  `${p.name}: ` +
  (p.rttMs
    ? `${p.rttMs} ms round trip for every request (preflights included), ${(p.setupRoundTrips ?? 2) ? `${p.setupRoundTrips ?? 2} more to set up a connection` : 'none to set up a connection'}`
    : 'no delay') +
  (p.downKbps ? `, ${p.downKbps} kbit/s down and ${p.upKbps} kbit/s up shared by all` : '') +
  `; ${roundsOn(p)} rounds`
process.stdout.write(`\n## First render (npm run bench:render)\n\n`)
process.stdout.write(
  `${machineDescription([`chromium: ${chromiumVersion} (headless)`, ...profiles.map((p) => `network ${describeProfile(p)}`)])}\n\n`,
)
process.stdout.write(`${table}\n\n`)
process.stdout.write('Round trips of one load (one with the median count), in the order the page waited for them:\n\n')
for (const { profile, spec, rows } of runs) {
  for (const row of rows) process.stdout.write(`- ${profile.name}, \`<${spec.key}>\` ${row.variant.name}: ${typicalChain(row)}\n`)
}
for (const profile of profiles) {
  const bare = runs.find((run) => run.profile === profile)?.bare
  if (bare) process.stdout.write(`- ${profile.name}, bare Lit: ${typicalChain(bare)}\n`)
}
for (const note of notes) process.stdout.write(`\n${note}\n`)
