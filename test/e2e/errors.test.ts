import type { Server } from 'node:http'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openDemo, startDemoServer, type DemoSession } from '../helpers/demo-server.js'
import { freePort } from '../helpers/wait.js'
import { startMerchantShop } from '../helpers/merchant-shop.js'

/**
 * Failures of different kinds, each shown as what it is, in Chromium against the real server: a
 * catalog checkout refused with 429 says when to try again (and the demo's sandbox panel drops the
 * last checkout's controls), and a page whose origin the server does not allow says so, with
 * `pay-error` naming the setting, instead of blaming the payer's connection.
 */

/** The browser's own console line for a refused request: expected when a test provokes one. */
const refusedLoad = (text: string) => /Failed to load resource|blocked by CORS policy/.test(text)

describe('errors told apart in Chromium', () => {
  describe('rate limited', () => {
    let demo: DemoSession
    let page: Page

    beforeAll(async () => {
      demo = await openDemo({ expected: (message) => /status of 429/.test(message.text()) })
      page = demo.page
    })
    afterAll(() => demo?.close())

    it('says when to try again after a 429 and keeps no sandbox controls of the previous checkout', async () => {
      await page.goto(`${demo.server.url}/`)
      await page.getByRole('button', { name: /Gift voucher.*pay-cvs$/ }).click()
      const sandbox = page.locator('#sandbox-controls')
      await expect.poll(() => sandbox.getByRole('button').count(), { timeout: 10_000 }).toBeGreaterThan(0)

      // Use up this address's catalog checkouts for the minute, as a busy page (or a bot) would.
      const statuses = await page.evaluate(async () => {
        const seen: number[] = []
        for (let i = 0; i < 40 && !seen.includes(429); i++) {
          const response = await fetch('/v1/client/checkouts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ product: 'tee' }),
          })
          seen.push(response.status)
        }
        return seen
      })
      expect(statuses.at(-1)).toBe(429)

      await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
      const element = page.locator('pay-crypto')
      const error = element.locator('[part~="error"]')
      await expect
        .poll(() => error.textContent(), { timeout: 10_000 })
        .toMatch(/Too many attempts just now\. Please try again in \d+ seconds?\./)
      expect(await error.textContent()).not.toContain('connection')
      expect(await element.getByRole('button', { name: 'Retry' }).count()).toBe(1)
      await expect.poll(() => page.locator('#events').textContent()).toMatch(/pay-error rate_limited: /)
      // The voucher's controls are gone: nothing here acts on a checkout that is not on screen.
      expect(await sandbox.getByRole('button').count()).toBe(0)
      expect(await sandbox.textContent()).toContain('The element shows an error')
      expect(await page.getByRole('button', { name: 'Cancel this checkout' }).isDisabled()).toBe(true)
    })

    it('had no console error besides the 429s it provoked', () => {
      expect(demo.problems).toEqual([])
    })
  })

  describe('origin not allowed', () => {
    let server: Awaited<ReturnType<typeof startDemoServer>>
    let browser: Awaited<ReturnType<typeof launchChromium>>
    const shops: Server[] = []

    beforeAll(async () => {
      // Only the merchant's real shop may call; the page below is elsewhere.
      server = await startDemoServer({ PAY_ALLOWED_ORIGINS: 'https://shop.example.com' })
      browser = await launchChromium()
    })
    afterAll(async () => {
      for (const shop of shops) shop.close()
      await browser?.close()
      await server?.stop()
    })

    /** A merchant page on its own origin with the script-tag file and `markup` (see startMerchantShop). */
    async function merchantPage(markup: string, api = server.url): Promise<{ page: Page; origin: string; problems: string[] }> {
      const script = await (await fetch(`${server.url}/js/pay-elements.js`)).text()
      const { origin, server: shop } = await startMerchantShop(script, markup, api)
      shops.push(shop)
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' && !refusedLoad(message.text()) && !message.text().includes('PAY_ALLOWED_ORIGINS'))
          problems.push(message.text())
      })
      page.on('pageerror', (error) => problems.push(error.message))
      // Before any script of the page (init scripts are not the page's own, so its CSP does not apply).
      await page.addInitScript(() => {
        const errors: unknown[] = ((window as unknown as { payErrors: unknown[] }).payErrors = [])
        document.addEventListener('pay-error', (event) => errors.push((event as CustomEvent).detail))
      })
      await page.goto(`${origin}/`)
      return { page, origin, problems }
    }

    it('tells the payer the shop is not set up and the developer which variable to set', async () => {
      const { page, origin, problems } = await merchantPage(`<pay-crypto server="${server.url}" product="tee"></pay-crypto>`)
      const element = page.locator('pay-crypto')
      const error = element.locator('[part~="error"]')
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain('This shop cannot reach its payment server yet')
      expect(await error.textContent()).not.toContain('connection')
      expect(await element.getByRole('button', { name: 'Retry' }).count()).toBe(0)
      const errors = await page.evaluate(
        () => (window as unknown as { payErrors: { code: string; message: string; retryable: boolean }[] }).payErrors,
      )
      expect(errors).toHaveLength(1)
      expect(errors.at(-1)).toMatchObject({ code: 'origin_not_allowed', retryable: false })
      expect(errors.at(-1)!.message).toContain('PAY_ALLOWED_ORIGINS')
      expect(errors.at(-1)!.message).toContain(origin)
      expect(problems).toEqual([])
      await page.close()
    })

    it('still says the server is out of reach when it is', async () => {
      const nobody = `http://127.0.0.1:${await freePort()}`
      const { page } = await merchantPage(`<pay-crypto server="${nobody}" product="tee"></pay-crypto>`, nobody)
      const error = page.locator('pay-crypto [part~="error"]')
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain('We could not reach the payment server')
      await page.close()
    })
  })
})
