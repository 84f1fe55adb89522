import { createServer, request as forward, type Server } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../server/config.js'
import { launchChromium, startDemoServer } from '../helpers/demo-server.js'
import { freePort } from '../helpers/wait.js'
import { startMerchantShop } from '../helpers/merchant-shop.js'

/**
 * The first paint's requests, in Chromium against the real server, from a merchant page on its own
 * origin under a strict CSP: the element's first read is one request the browser sends without a
 * CORS preflight, and with the create-checkout reply's `initial_state` in the page it draws before
 * the server has answered, never showing a status the server did not give.
 */

interface Recorded {
  method: string
  path: string
}

/**
 * A pass-through proxy in front of the companion server that records every request (CORS
 * preflights included, which the page's own request events do not show) and can hold the answers
 * to the first read until released.
 */
async function recordingProxy(target: string) {
  const seen: Recorded[] = []
  let release: () => void = () => {}
  let held: Promise<void> | undefined
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/'
    seen.push({ method: incoming.method ?? 'GET', path })
    const go = () => {
      const upstream = forward(
        `${target}${path}`,
        { method: incoming.method, headers: { ...incoming.headers, host: new URL(target).host } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(outgoing)
        },
      )
      incoming.pipe(upstream)
    }
    if (held && path.startsWith('/v1/client/bootstrap')) void held.then(go)
    else go()
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    /** Holds every first-read answer until the returned function is called. */
    hold(): () => void {
      held = new Promise((resolve) => (release = resolve))
      return () => {
        held = undefined
        release()
      }
    },
    close: () => server.close(),
  }
}

describe('first paint in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>
  let proxy: Awaited<ReturnType<typeof recordingProxy>>
  let browser: Browser
  let script: string
  const shops: Server[] = []

  beforeAll(async () => {
    server = await startDemoServer()
    proxy = await recordingProxy(server.url)
    browser = await launchChromium()
    script = await (await fetch(`${server.url}/js/pay-elements.js`)).text()
    // A payer's read has fetched CCPayment's coin list, as on a server in use: the initial states
    // below carry the coins (a create never waits on CCPayment for them).
    const warm = await createCheckout({ amount: '1.00', currency: 'USD', methods: ['crypto'] })
    const read = await fetch(`${server.url}/v1/client/bootstrap`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ client_secret: warm.client_secret }),
    })
    expect(read.status).toBe(200)
  })
  afterAll(async () => {
    for (const shop of shops) shop.close()
    proxy?.close()
    await browser?.close()
    await server?.stop()
  })

  /** A checkout created as a merchant's backend creates it, with its client secret and initial state. */
  async function createCheckout(body: Record<string, unknown>): Promise<{ client_secret: string; initial_state: string }> {
    const response = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.PAY_SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(201)
    return (await response.json()) as { client_secret: string; initial_state: string }
  }

  /**
   * A merchant page on its own origin with the script-tag file and `markup`, under a strict CSP that
   * lets it call the server (through the proxy) only. Every status line and pay-* event the page ever
   * shows is recorded from the start.
   */
  async function merchantPage(markup: string): Promise<{ page: Page; problems: string[] }> {
    const { origin, server: shop } = await startMerchantShop(script, markup, proxy.url)
    shops.push(shop)
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())))
    page.on('pageerror', (error) => problems.push(error.message))
    await page.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { payTrace: string[] }).payTrace = seen
      for (const type of ['pay-ready', 'pay-status-change', 'pay-complete', 'pay-error'])
        document.addEventListener(type, () => seen.push(`event ${type}`))
      // Every status line any element shows: sampled often (what the initial state draws stays until
      // the server answers, held for longer than this by the tests below).
      setInterval(() => {
        for (const host of document.querySelectorAll('pay-crypto, pay-card, pay-cvs')) {
          const status = host.shadowRoot?.querySelector('[part~="status"]')?.textContent?.replace(/\s+/g, ' ').trim()
          if (status && seen.at(-1) !== `status ${status}`) seen.push(`status ${status}`)
        }
      }, 5)
    })
    await page.goto(`${origin}/`)
    return { page, problems }
  }

  const trace = (page: Page) => page.evaluate(() => (window as unknown as { payTrace: string[] }).payTrace)
  /** The browser-API calls since `from` until the live stream opens: what the first paint waited on. */
  const callsBeforeStream = (from: number) => {
    const calls = proxy.seen
      .slice(from)
      .filter(({ path }) => path.startsWith('/v1/client/'))
      .map(({ method, path }) => `${method} ${path.replace(/\?.*/, '')}`)
    // The stream opens a moment after pay-ready (its code loads first): every call so far when it has not yet.
    const stream = calls.findIndex((call) => call.includes('/checkout/events'))
    return stream < 0 ? calls : calls.slice(0, stream)
  }

  it('reads the checkout and the coins in one request, with no preflight before it', async () => {
    const { client_secret } = await createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    const from = proxy.seen.length
    const { page, problems } = await merchantPage(`<pay-crypto server="${proxy.url}" client-secret="${client_secret}"></pay-crypto>`)
    await page.locator('pay-crypto [part~="coin-picker"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => trace(page)).toContain('event pay-ready')
    // Before the live stream starts, nothing else was asked: not the deposit, not the coins, and no OPTIONS.
    expect(callsBeforeStream(from)).toEqual(['POST /v1/client/bootstrap'])
    expect(problems).toEqual([])
    await page.close()
  })

  it('draws from the initial state before the server answers, then fires pay-ready once it has', async () => {
    const { client_secret, initial_state } = await createCheckout({
      amount: '19.90',
      currency: 'USD',
      methods: ['crypto'],
      description: 'Kaus biru – ukuran M',
    })
    const release = proxy.hold()
    const { page, problems } = await merchantPage(
      `<pay-crypto server="${proxy.url}" client-secret="${client_secret}" initial-state="${initial_state}"></pay-crypto>`,
    )
    const element = page.locator('pay-crypto')
    await element.locator('[part~="coin-picker"]').waitFor({ timeout: 15_000 })
    expect(await element.locator('[part~="amount"]').textContent()).toBe('$19.90')
    expect(await element.locator('[part~="description"]').textContent()).toBe('Kaus biru – ukuran M')
    expect(await trace(page)).not.toContain('event pay-ready')
    release()
    await expect.poll(() => trace(page)).toContain('event pay-ready')
    expect(problems).toEqual([])
    await page.close()
  })

  it('never shows a status the server did not give when the page forges one', async () => {
    const { client_secret, initial_state } = await createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    const [payload, signature] = initial_state.split('.')
    const state = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { checkout: Record<string, unknown> }
    const forged = { ...state, checkout: { ...state.checkout, status: 'paid', amount_paid: '19.90', amount_due: '0.00' } }
    const forgedState = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`
    const release = proxy.hold()
    const { page } = await merchantPage(
      `<pay-crypto server="${proxy.url}" client-secret="${client_secret}" initial-state="${forgedState}"></pay-crypto>`,
    )
    await page.waitForTimeout(300)
    release()
    await expect.poll(() => trace(page), { timeout: 15_000 }).toContain('event pay-ready')
    await page.locator('pay-crypto [part~="coin-picker"]').waitFor()
    const seen = await trace(page)
    expect(seen.filter((line) => /Payment received|pay-complete/.test(line))).toEqual([])
    expect(seen).toContain('status Awaiting payment')
    await page.close()
  })

  it('<pay-checkout> draws the choice and the first method from the initial state, with one request in all', async () => {
    const { client_secret, initial_state } = await createCheckout({ amount: '49.00', currency: 'USD', methods: ['crypto', 'card'] })
    const from = proxy.seen.length
    const release = proxy.hold()
    const { page, problems } = await merchantPage(
      `<pay-checkout server="${proxy.url}" client-secret="${client_secret}" initial-state="${initial_state}"></pay-checkout>`,
    )
    const checkout = page.locator('pay-checkout')
    await checkout.locator('[part~="methods"]').waitFor({ timeout: 15_000 })
    await checkout.locator('pay-crypto [part~="coin-picker"]').waitFor()
    expect(await checkout.locator('[part~="method-price"]').first().textContent()).toMatch(/USDT/)
    release()
    await expect.poll(() => trace(page)).toContain('event pay-ready')
    expect(callsBeforeStream(from)).toEqual(['POST /v1/client/bootstrap'])
    expect(problems).toEqual([])
    await page.close()
  })
})
