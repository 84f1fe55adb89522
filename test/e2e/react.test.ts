import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { launchChromium, startDemoServer } from '../helpers/demo-server.js'
import { freePort } from '../helpers/wait.js'

/**
 * The Vite + React 19 example (demo/react-app), built by `npm run build` of its own (its type check
 * included: `<PayCard onPayComplete>` and the plain `<pay-cvs>` tag in JSX) from the workspace's
 * built packages, served from its own origin against the demo's companion server: a card payment
 * through `<PayCard>` completes and its camelCase event props fire.
 */
const run = promisify(execFile)

describe('the React example in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>
  let site: ServerType
  let siteUrl: string
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    await run('npm', ['run', 'build', '-w', 'pay-elements-example-react'], { maxBuffer: 16 << 20 })
    server = await startDemoServer()
    const port = await freePort()
    site = serve({ fetch: new Hono().use('/*', serveStatic({ root: 'demo/react-app/dist' })).fetch, port, hostname: '127.0.0.1' })
    siteUrl = `http://localhost:${port}`
    browser = await launchChromium()
    page = await browser.newPage()
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => {
      // The example ships no favicon.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
        problems.push(`${message.text()} ${message.location().url}`)
    })
  })
  afterAll(async () => {
    await browser?.close()
    site?.close()
    await server?.stop()
  })

  /** The page's event log, one line per event. */
  const events = async () => (await page.locator('#events li').allTextContents()).join('\n')

  it('pays by card through <PayCard>, and onPayReady, onPayStatusChange, onPayComplete fire', async () => {
    await page.goto(`${siteUrl}/?server=${encodeURIComponent(server.url)}`)
    const card = page.locator('pay-card')
    await expect.poll(() => card.getByLabel('Card number').count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(events).toMatch(/card ready co_\w+/)
    // The plain tag's `onpay-ready`, which React 19 hands to addEventListener.
    await expect.poll(events).toMatch(/cvs ready co_\w+/)
    const checkoutId = (await events()).match(/card ready (co_\w+)/)![1]!

    await card.getByLabel('Card number').fill('4111 1111 1111 1111')
    await card.getByLabel('Expiry date (MM / YY)').fill('11 / 33')
    await card.getByLabel('Security code (CVV)').fill('737')
    await card.getByLabel('Name on card').fill('Anna Schmidt')
    await card.getByLabel('Email').fill('anna@example.de')
    await card.getByLabel('Country').selectOption('DE')
    await card.getByLabel('Postal code').fill('10115')
    await card.getByRole('button', { name: 'Pay €49.00' }).click()

    await expect.poll(events, { timeout: 15_000 }).toContain(`card paid ${checkoutId} 49.00`)
    expect(await events()).toContain('card status paid')
    const checkout = await (
      await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    ).json()
    expect(checkout).toMatchObject({ status: 'paid', amount_paid: '49.00', currency: 'EUR' })
    expect(problems).toEqual([])
  })
})
