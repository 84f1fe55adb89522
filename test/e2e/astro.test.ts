import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { launchChromium, startDemoServer } from '../helpers/demo-server.js'
import { eventually, freePort } from '../helpers/wait.js'

/**
 * The server-rendered example (demo/astro-app: Astro with its Node adapter), built by its own
 * `npm run build` from the workspace's built packages and run as its standalone server. Each request
 * creates a checkout on the server and writes `<pay-card client-secret="…">` into the HTML (the page
 * imports `pay-elements` on the server too); in Chromium the element upgrades and a card payment
 * completes.
 */
const run = promisify(execFile)

describe('the server-rendered Astro example', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>
  let site: ChildProcess
  let siteUrl: string
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    await run('npm', ['run', 'build', '-w', 'pay-elements-example-astro'], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 << 20,
    })
    server = await startDemoServer()
    const port = await freePort()
    siteUrl = `http://localhost:${port}`
    site = spawn(process.execPath, ['demo/astro-app/dist/server/entry.mjs'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PAY_SERVER_URL: server.url, PAY_SECRET_KEY: SECRET_KEY },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    await eventually(
      async () => {
        if (site.exitCode !== null) throw new Error(`the Astro server exited with ${site.exitCode}`)
        await fetch(`${siteUrl}/favicon.ico`)
      },
      30_000,
      200,
    )
    browser = await launchChromium()
    page = await browser.newPage()
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
        problems.push(`${message.text()} ${message.location().url}`)
    })
  })
  afterAll(async () => {
    await browser?.close()
    if (site && site.exitCode === null) {
      site.kill('SIGTERM')
      await new Promise((resolve) => site.once('exit', resolve))
    }
    await server?.stop()
  })

  it('renders the element with a fresh checkout on the server', async () => {
    const html = await (await fetch(`${siteUrl}/`)).text()
    const element = html.match(/<pay-card server="([^"]+)" client-secret="(cs_\w+)" initial-state="([\w-]+\.[\w-]+)"><\/pay-card>/)
    expect(element?.[1]).toBe(server.url)
    // The server's signed first screen, for the element to draw before it asks anything.
    const state = JSON.parse(Buffer.from(element![3]!.split('.')[0]!, 'base64url').toString()) as { checkout: { status: string } }
    expect(state.checkout.status).toBe('open')
    const id = html.match(/Rendered on the server for checkout (co_\w+) \(awaiting payment\)/)?.[1]
    expect(id).toBeDefined()
    // The secret key stays on the server.
    expect(html).not.toContain(SECRET_KEY)
  })

  it('upgrades <pay-card> in the browser and takes a card payment', async () => {
    await page.goto(`${siteUrl}/`)
    const id = (await page.locator('#rendered').textContent())!.match(/(co_\w+)/)![1]!
    const card = page.locator('pay-card')
    await expect.poll(() => card.getByLabel('Card number').count(), { timeout: 15_000 }).toBe(1)
    await card.getByLabel('Card number').fill('4111 1111 1111 1111')
    await card.getByLabel('Expiry date (MM / YY)').fill('11 / 33')
    await card.getByLabel('Security code (CVV)').fill('737')
    await card.getByLabel('Name on card').fill('Anna Schmidt')
    await card.getByLabel('Email').fill('anna@example.de')
    await card.getByLabel('Country').selectOption('DE')
    await card.getByLabel('Postal code').fill('10115')
    await card.getByRole('button', { name: 'Pay €49.00' }).click()

    await expect.poll(() => page.locator('#result').textContent(), { timeout: 15_000 }).toBe(`Paid ${id} 49.00`)
    const checkout = await (await fetch(`${server.url}/v1/checkouts/${id}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })).json()
    expect(checkout).toMatchObject({ status: 'paid', amount_paid: '49.00', currency: 'EUR', description: 'Grey hoodie' })
    expect(problems).toEqual([])
  })
})
