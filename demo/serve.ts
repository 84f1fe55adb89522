/**
 * `npm run demo`: the companion server in sandbox mode plus a small demo shop, in one process.
 * It builds the demo pages and the single script-tag file with Vite, serves them beside the API,
 * and receives its own merchant webhooks so you can see them arrive and verify. No configuration
 * needed; every variable of the server still applies (PORT, DATABASE_URL, PAY_CATALOG…).
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { Webhook } from 'standardwebhooks'
import { build } from 'vite'
import { SOURCE_CONDITION } from '../vite.config.js'
import { SANDBOX_DEFAULTS } from '../server/config.js'
import { createLogger, loadConfigOrExit, readEnvironment, startServer, stopOnSignals, type RunningServer } from '../server/node.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = `${root}dist/demo`

const DEMO_CATALOG = [
  { id: 'tee', name: 'Blue T-shirt', price: '19.90', currency: 'USD', methods: ['crypto'] },
  { id: 'hoodie', name: 'Grey hoodie', price: '49.00', currency: 'EUR', methods: ['card'] },
  { id: 'voucher', name: 'Gift voucher', price: '150000', currency: 'IDR', methods: ['cvs'] },
  { id: 'cap', name: 'Canvas cap', price: '24.00', currency: 'USD', methods: ['card', 'crypto'] },
]

/** The demo's pages, as paths under demo/ without `.html`. */
const PAGES = ['index', 'webhooks', 'script-tag', 'npm', 'elements/element']

/** What differs between the per-element pages, all built from demo/elements/element.html. */
const ELEMENT_PAGES: Record<string, { intro: string; partCss: string }> = {
  'pay-crypto': {
    intro:
      'Crypto deposits through CCPayment. The payer picks a coin and network, then sees the amount, address, memo where the chain needs one, a QR code and the deposit status live, down to underpaid and overdue.',
    partCss:
      'pay-crypto::part(amount) {\n  font-size: 2rem;\n}\npay-crypto::part(qr-code) {\n  border: 4px solid var(--pay-color-accent);\n}\npay-crypto {\n  --pay-crypto-qr-size: 14rem;\n}',
  },
  'pay-card': {
    intro:
      'Card payments through CCBill, with 3-D Secure when the bank asks. Card data goes from the page to CCBill only; the server never sees a card number.',
    partCss: 'pay-card::part(amount) {\n  font-size: 2rem;\n}\npay-card::part(status) {\n  font-weight: 600;\n}',
  },
  'pay-cvs': {
    intro:
      'Cash at an Indonesian convenience store through NICEPAY. The payer picks Indomaret or Alfamart and gets a payment code, large and grouped for reading out at the till, with the steps, the deadline and the status live.',
    partCss: 'pay-cvs::part(payment-code) {\n  letter-spacing: 0.1em;\n}\npay-cvs {\n  --pay-cvs-code-size: 2.5rem;\n}',
  },
  'pay-checkout': {
    intro:
      "Every method the checkout allows in one element. The payer picks card or crypto (with the crypto estimate beside it) and only the chosen method's element loads; they can switch until a payment starts, then only that method stays.",
    partCss: 'pay-checkout::part(methods) {\n  border-width: 2px;\n}\npay-checkout::part(method-price) {\n  font-weight: 600;\n}',
  },
}

const env = readEnvironment(`${root}.env`)
const port = env.PORT ?? '8787'
const config = loadConfigOrExit({
  PAY_CATALOG: JSON.stringify(DEMO_CATALOG),
  PAY_MERCHANT_WEBHOOK_URL: `http://localhost:${port}/demo/api/webhooks`,
  ...env,
  PAY_MODE: 'sandbox',
})
const log = createLogger(config)

log.info('building the demo pages and the script-tag file')
await build({
  configFile: false,
  root: `${root}demo`,
  logLevel: 'warn',
  resolve: { conditions: [SOURCE_CONDITION, 'module', 'browser', 'production'] },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { input: Object.fromEntries(PAGES.map((page) => [page, `${root}demo/${page}.html`])) },
  },
})
// The single self-registering file exactly as `vite build --mode script` makes it (the project's
// own Vite config), rebuilt on every start so the script-tag page never shows a stale copy.
await build({ root, mode: 'script', logLevel: 'warn', build: { outDir: `${outDir}/js`, emptyOutDir: false } })
// The demo's header as a classic script too, so the script-tag page loads no module at all.
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: `${outDir}/js`,
    emptyOutDir: false,
    sourcemap: true,
    lib: { entry: `${root}demo/chrome.ts`, formats: ['iife'], name: 'PayDemoChrome', fileName: () => 'demo-chrome.js' },
  },
})

/** Each built page, with `{{origin}}` where the page's own origin goes (the `server` attribute in copyable markup). */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const pages = new Map<string, string>()
for (const page of PAGES.filter((p) => p !== 'elements/element')) {
  pages.set(page === 'index' ? '/' : `/${page}.html`, await readFile(`${outDir}/${page}.html`, 'utf8'))
}
const elementTemplate = await readFile(`${outDir}/elements/element.html`, 'utf8')
for (const [tag, { intro, partCss }] of Object.entries(ELEMENT_PAGES)) {
  const fill = { tag, intro, 'part-css': partCss } as Record<string, string>
  pages.set(
    `/elements/${tag}.html`,
    elementTemplate.replace(/\{\{(tag|intro|part-css)\}\}/g, (_, key: string) => escapeHtml(fill[key]!)),
  )
}

interface ReceivedWebhook {
  id: string
  type: string
  checkout: string
  status: string
  verified: boolean
  error: string | null
  received_at: string
}

const received: ReceivedWebhook[] = []
const verifier = new Webhook(config.merchantWebhook?.secret ?? SANDBOX_DEFAULTS.PAY_MERCHANT_WEBHOOK_SECRET)

/** Asks the companion server itself, as the demo's backend would over HTTP. */
const callServer = (path: string, init?: RequestInit) => server.app.request(path, init)
const relay = (response: Response) => new Response(response.body, response)

/** The checkout's current CCPayment order at the simulator (its merchant order id), if a deposit was started. */
async function cryptoOrderOf(checkoutId: string): Promise<string | undefined> {
  const payment = await server.database.db
    .selectFrom('payments')
    .select('provider_reference')
    .where('checkout_id', '=', checkoutId)
    .where('provider', '=', 'ccpayment')
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return payment?.provider_reference
}

const demo = new Hono()
  .use(
    secureHeaders({
      // The demo obeys the strict policy merchants are told the elements work under, on every page.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  )
  // The demo's own merchant backend: it receives and verifies the server's webhooks…
  .post('/demo/api/webhooks', async (c) => {
    const body = await c.req.text()
    const entry: ReceivedWebhook = {
      id: c.req.header('webhook-id') ?? '',
      type: '',
      checkout: '',
      status: '',
      verified: false,
      error: null,
      received_at: new Date().toISOString(),
    }
    try {
      const event = verifier.verify(body, Object.fromEntries(c.req.raw.headers)) as { type: string; data: { id: string; status: string } }
      Object.assign(entry, { type: event.type, checkout: event.data.id, status: event.data.status, verified: true })
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error)
    }
    // A real backend drops a webhook-id it has already processed.
    if (!received.some((r) => r.id === entry.id && r.verified)) received.unshift(entry)
    received.splice(100)
    return entry.verified ? c.body(null, 204) : c.json({ error: entry.error }, 400)
  })
  .get('/demo/api/webhooks', (c) => c.json(received))
  .get('/demo/api/products', (c) => c.json([...config.catalog.values()]))
  // …and acts on checkouts with the secret key, which never reaches the page.
  .post('/demo/api/checkouts/:id/cancel', async (c) =>
    relay(
      await callServer(`/v1/checkouts/${encodeURIComponent(c.req.param('id'))}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.secretKey}` },
      }),
    ),
  )
  // The sandbox payer: pays or lets expire the checkout's CCPayment order through the simulator's controls.
  .post('/demo/api/checkouts/:id/crypto/:action{pay|expire}', async (c) => {
    const order = await cryptoOrderOf(c.req.param('id'))
    if (!order) return c.json({ error: 'Start a deposit first' }, 404)
    return relay(
      await callServer(`/sandbox/ccpayment/control/orders/${encodeURIComponent(order)}/${c.req.param('action')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: await c.req.text(),
      }),
    )
  })
  // The card simulator's test cards, or `null` while this server has no card simulator.
  .get('/demo/api/test-cards', async (c) => {
    const response = await callServer('/sandbox/ccbill/test-cards')
    return c.json(response.ok ? await response.json() : null)
  })
  .get('*', async (c, next) => {
    const html = pages.get(c.req.path)
    return html === undefined ? next() : c.html(html.replaceAll('{{origin}}', escapeHtml(new URL(c.req.url).origin)))
  })
  .use('/*', serveStatic({ root: outDir }))

const isDemoPath = (path: string) =>
  path === '/' || path.startsWith('/demo/') || path.startsWith('/assets/') || path.startsWith('/js/') || path.endsWith('.html')

const server: RunningServer = await startServer(config, {
  log,
  before: (request) => (isDemoPath(new URL(request.url).pathname) ? demo.fetch(request) : undefined),
})
stopOnSignals(server, log)
process.stdout.write(`\n  pay-elements demo shop (sandbox): ${server.url}/\n\n`)
