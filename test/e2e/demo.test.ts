import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'

/**
 * The demo shop in a real browser against a real server: a catalog checkout is created, shown,
 * and follows its status live while the merchant acts on it; every page of the demo loads under
 * its strict CSP; the script-tag page needs nothing but the single script-tag file; the theme and
 * language switchers reach into the elements.
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

  /** A custom property as computed inside the element's shadow root (on its `base` part). */
  const tokenInside = (element: Locator, name: string) =>
    element.evaluate(
      (host, property) => getComputedStyle(host.shadowRoot!.querySelector('[part~="base"]')!).getPropertyValue(property).trim(),
      name,
    )

  /** Every element's status line on the page, in order. */
  const statuses = () => page.locator('[part~="status"]').evaluateAll((lines) => lines.map((line) => line.textContent?.trim()))

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
    await expect.poll(() => page.locator('pay-crypto [part~="amount"]').textContent()).toMatch(/US\$\s?19,90/)
    // The choice holds across pages (and is put back for the tests after this one).
    await page.goto(`${server.url}/elements/pay-cvs.html`)
    expect(await page.locator('#lang').inputValue()).toBe('id')
    await expect.poll(() => page.locator('pay-cvs').getByRole('button', { name: 'Dapatkan kode pembayaran' }).count()).toBe(1)
    await page.selectOption('#lang', 'en')
    await expect.poll(() => page.locator('pay-cvs').getByRole('button', { name: 'Get payment code' }).count()).toBe(1)
  })

  it('lists the verified webhook of that cancellation on the webhooks page, linked from the navigation', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('navigation', { name: 'Demo pages' }).getByRole('link', { name: 'Webhooks' }).click()
    await page.waitForURL(/\/webhooks\.html$/)
    const row = page.locator('#webhooks tr', { hasText: 'checkout.canceled' })
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1)
    expect(await row.locator('.ok').textContent()).toBe('verified')
    const [received] = (await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as { id: string; checkout: string }[]
    expect(received!.id).toMatch(/^msg_/)
    expect(await row.textContent()).toContain(received!.checkout)
    expect(await row.textContent()).toContain(received!.id)
  })

  it('serves every page under the strict Content-Security-Policy, each showing its elements', async () => {
    const pages: [path: string, ready: () => Promise<unknown>][] = [
      ['/', () => expect.poll(() => page.getByRole('button', { name: /Gift voucher.*pay-cvs$/ }).count()).toBe(1)],
      ['/webhooks.html', () => expect.poll(() => page.locator('#webhooks tr').count()).toBeGreaterThan(0)],
      ...['pay-crypto', 'pay-card', 'pay-cvs', 'pay-checkout'].map((tag): [string, () => Promise<unknown>] => [
        `/elements/${tag}.html`,
        async () => {
          await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+ open/)
          await expect.poll(() => page.locator('#parts input[type="checkbox"]').count()).toBeGreaterThan(3)
          expect(await page.locator('#markup').textContent()).toContain(`<${tag} server="${server.url}"`)
        },
      ]),
      ['/npm.html', () => expect.poll(statuses).toEqual(Array(3).fill('Awaiting payment'))],
    ]
    for (const [path, ready] of pages) {
      const response = await page.goto(`${server.url}${path}`)
      const policy = response?.headers()['content-security-policy'] ?? ''
      expect(policy).toContain("script-src 'self'")
      expect(policy).toContain("style-src 'self'")
      expect(policy).not.toContain('unsafe')
      expect(await page.getByRole('banner').getByRole('link', { name: 'Shop' }).count()).toBe(1)
      await ready()
    }
  })

  it('registers all three elements on the script-tag page from the single script-tag file alone', async () => {
    const scripts: string[] = []
    const recordScript = (request: { resourceType(): string; url(): string }) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
    }
    // Leave the previous page first: its idle prefetches must not be counted as this page's.
    await page.goto('about:blank')
    page.on('request', recordScript)
    await page.goto(`${server.url}/script-tag.html`)
    await expect.poll(statuses).toEqual(Array(3).fill('Awaiting payment'))
    page.off('request', recordScript)

    // The widget came from the IIFE only; the one other script is the demo's header, also a classic script.
    expect(scripts.sort()).toEqual(['/js/demo-chrome.js', '/js/pay-elements.js'])
    expect(await page.locator('script[type="module"]').count()).toBe(0)
    expect(await page.evaluate(() => ['pay-crypto', 'pay-card', 'pay-cvs'].map((tag) => customElements.get(tag) !== undefined))).toEqual([
      true,
      true,
      true,
    ])
    const served = await fetch(`${server.url}/js/pay-elements.js`)
    expect(served.headers.get('content-type')).toMatch(/javascript/)
    expect(await served.text()).not.toMatch(/^\s*(import|export)\b/m)
    // The snippet shown is the markup that is running.
    expect(await page.locator('pre').first().textContent()).toContain(`<pay-crypto server="${server.url}" product="tee"></pay-crypto>`)
  })

  it('re-themes the elements live: light, dark, and a brand through --pay-* properties', async () => {
    await page.goto(`${server.url}/elements/pay-crypto.html`)
    const element = page.locator('pay-crypto')
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 10_000 }).toContain('Awaiting payment')

    await page.selectOption('#theme', 'light')
    expect(await element.getAttribute('theme')).toBe('light')
    expect(await tokenInside(element, '--_pay-color-accent')).toBe('#1d4ed8')

    await page.selectOption('#theme', 'dark')
    expect(await element.getAttribute('theme')).toBe('dark')
    expect(await tokenInside(element, '--_pay-color-accent')).toBe('#7aa7ff')
    expect(await page.locator('#markup').textContent()).toContain('theme="dark"')

    await page.selectOption('#theme', 'brand')
    expect(await tokenInside(element, '--pay-color-accent')).toBe('#6d28d9')
    expect(await tokenInside(element, '--pay-radius')).toBe('1.25rem')
    const button = element.getByRole('button', { name: 'Show payment address' })
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(109, 40, 217)')

    await page.selectOption('#theme', 'system')
    expect(await element.getAttribute('theme')).toBeNull()
  })

  it('lets the crypto payer run the order out and then pay late, which still completes the checkout', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
    const element = page.locator('pay-crypto')
    await element.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => element.locator('[part~="address"]').count(), { timeout: 5000 }).toBe(1)

    const sandbox = page.locator('#sandbox')
    await sandbox.getByRole('button', { name: 'Let the order expire' }).click()
    await expect.poll(() => page.locator('#events').textContent()).toContain('sandbox let the order expire → Expired')
    await sandbox.getByRole('button', { name: 'Pay late' }).click()
    await expect.poll(() => page.locator('#events').textContent()).toMatch(/sandbox pay late \(after the order expired\) → Paid\(Overdue\)/)
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
  })

  it("lists the card simulator's test cards in the sandbox panel, each number copyable", async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(`${server.url}/elements/pay-card.html`)
    const sandbox = page.locator('#sandbox')
    const simulator = await fetch(`${server.url}/sandbox/ccbill/test-cards`)
    expect(simulator.status).toBe(200)
    const cards = (await simulator.json()) as { number: string; outcome: string }[]
    const list = sandbox.getByRole('list', { name: 'Test cards' })
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 10_000 }).toBe(cards.length)
    for (const card of cards) expect(await list.textContent()).toContain(card.number)
    const last = cards.at(-1)!
    await sandbox.getByRole('button', { name: `Copy number ${last.number}` }).click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(last.number.replace(/\s+/g, ''))
  })

  it('ran under the strict Content-Security-Policy with no violation, console error or failed request', () => {
    expect(demo.problems).toEqual([])
  })
})
