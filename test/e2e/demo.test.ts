import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'

/**
 * The demo shop in a real browser against a real server: a catalog checkout is created, shown,
 * and follows its status live while the merchant acts on it; all under the demo's strict CSP.
 */
describe('demo shop in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page

  beforeAll(async () => {
    demo = await openDemo()
    ;({ server, page } = demo)
  })
  afterAll(() => demo?.close())

  it('creates a catalog checkout, shows it, and follows the merchant cancelling it live', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()

    const element = page.locator('pay-crypto')
    await expect.poll(() => element.locator('[part~="amount"]').textContent()).toContain('19.90')
    await expect.poll(() => element.locator('[part~="status"]').textContent()).toContain('Awaiting payment')
    await expect.poll(() => element.locator('[part~="countdown"]').count()).toBe(1)
    const checkoutId = (await page.locator('#events').textContent())?.match(/pay-ready (co_\w+)/)?.[1]
    expect(checkoutId).toBeTruthy()

    await page.getByRole('button', { name: 'Cancel this checkout' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Canceled')
    await expect.poll(() => page.locator('#events').textContent()).toContain('pay-status-change open → canceled')

    // The merchant's backend got one signed event, and the API agrees.
    await expect.poll(() => page.locator('#webhooks').textContent(), { timeout: 10_000 }).toContain('checkout.canceled')
    expect(await page.locator('#webhooks tr').count()).toBe(1)
    expect(await page.locator('#webhooks .ok').textContent()).toBe('verified')
    const read = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(await read.json()).toMatchObject({ status: 'canceled', amount: '19.90', product: 'tee' })
  })

  it('follows the page language', async () => {
    await page.selectOption('#lang', 'id')
    await expect.poll(() => page.locator('pay-crypto [part~="status"]').textContent()).toContain('Dibatalkan')
  })

  it('ran under the strict Content-Security-Policy with no violation, console error or failed request', () => {
    expect(demo.problems).toEqual([])
  })
})
