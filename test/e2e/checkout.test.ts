import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'
import { screenshotThemes } from '../helpers/screenshots.js'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * `<pay-checkout>` in the demo shop, in Chromium, against the real server and its simulators,
 * under the demo's strict CSP: a USD checkout paid by card and another by crypto (the payer
 * switching methods first), and an IDR checkout paid at a convenience store; each screen passes
 * axe and holds at 320 px.
 */
describe('<pay-checkout> in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page

  beforeAll(async () => {
    demo = await openDemo()
    ;({ server, page } = demo)
  })
  afterAll(() => demo?.close())

  /** axe-core's violations inside the element (injected over the DevTools protocol, which the page's CSP does not govern). */
  async function axeViolations(): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
    return page.evaluate(async () => {
      const { violations } = await (
        window as unknown as { axe: { run(context: string): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
      ).axe.run('pay-checkout')
      return violations.map((violation) => `${violation.id} (${violation.nodes.length})`)
    })
  }

  /** At 320 px wide neither the page nor the element (nor the method's element in it) scrolls sideways. */
  async function expectNoOverflowAt320(element: Locator): Promise<void> {
    const before = page.viewportSize()
    await page.setViewportSize({ width: 320, height: 800 })
    try {
      const widths = await element.evaluate((el) => {
        const boxes = [document.documentElement, el, ...el.children, ...el.shadowRoot!.querySelectorAll('[part~="base"]')]
        return boxes.map((box) => ({ name: box.localName, scroll: box.scrollWidth, client: box.clientWidth }))
      })
      for (const { name, scroll, client } of widths) expect(scroll, name).toBeLessThanOrEqual(client)
    } finally {
      if (before) await page.setViewportSize(before)
    }
  }

  async function checkAccessibleAndNarrow(element: Locator): Promise<void> {
    expect(await axeViolations()).toEqual([])
    await expectNoOverflowAt320(element)
  }

  async function merchantView(checkoutId: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    return (await response.json()) as Record<string, unknown>
  }

  async function paidWebhooks(checkoutId: string): Promise<{ verified: boolean }[]> {
    const all = (await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as { type: string; checkout: string; verified: boolean }[]
    return all.filter((w) => w.checkout === checkoutId && w.type === 'checkout.paid')
  }

  /** The element's events as the shop logged them, oldest first. */
  const loggedEvents = async () =>
    (await page.locator('#events li').allTextContents()).flatMap((line) => line.match(/\bpay-[a-z-]+ .*$/) ?? []).reverse()

  const methodNote = (element: Locator) => element.locator('[part~="started-note"]')

  /** Opens the cap (card or crypto, USD) in the shop; returns the element and its checkout id. */
  async function startCap(): Promise<{ element: Locator; checkoutId: string }> {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Canvas cap.*pay-checkout/ }).click()
    const element = page.locator('pay-checkout')
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+ open/)
    const checkoutId = (await page.locator('#events').textContent())!.match(/pay-ready (co_\w+)/)![1]!
    return { element, checkoutId }
  }

  it('pays a USD checkout by card: both methods offered with their prices, card chosen, paid once', async () => {
    const { element, checkoutId } = await startCap()
    const card = element.getByRole('radio', { name: /^Card/ })
    const crypto = element.getByRole('radio', { name: /^Crypto/ })
    expect(await element.getByRole('group', { name: 'Pay with' }).count()).toBe(1)
    expect(await card.isChecked()).toBe(true)
    await expect
      .poll(() => element.locator('[part~="method-option"]').allTextContents())
      .toEqual([expect.stringMatching(/Card\s*\$24\.00/), expect.stringMatching(/Crypto\s*About 24(\.0+)? USDT/)])
    expect(await element.locator('pay-card').getByLabel('Card number').count()).toBe(1)
    expect(await element.locator('pay-crypto').count()).toBe(0)
    await screenshotThemes(element, 'pay-checkout-choice')
    await checkAccessibleAndNarrow(element)

    // Over to crypto and back: still one pay-ready, the card form as it was.
    await element.getByLabel('Name on card').fill('Anna Schmidt')
    await crypto.check()
    await expect.poll(() => element.getByRole('button', { name: 'Show payment address' }).count(), { timeout: 10_000 }).toBe(1)
    await card.check()
    expect(await element.getByLabel('Name on card').inputValue()).toBe('Anna Schmidt')

    await element.getByLabel('Card number').fill('4111 1111 1111 1111')
    await element.getByLabel('Expiry date (MM / YY)').fill('11 / 33')
    await element.getByLabel('Security code (CVV)').fill('737')
    await element.getByLabel('Email').fill('anna@example.de')
    await element.getByLabel('Country').selectOption('DE')
    await element.getByLabel('Postal code').fill('10115')
    await element.getByRole('button', { name: 'Pay $24.00' }).click()

    await expect.poll(() => element.locator('[part~="receipt"]').textContent(), { timeout: 10_000 }).toContain('Payment approved')
    // Paid by card, the choice is gone: only the card's element stays, with a note saying why.
    expect(await element.getByRole('radio').count()).toBe(0)
    expect(await methodNote(element).textContent()).toContain('only be paid by card')
    expect(await element.locator('pay-crypto').count()).toBe(0)
    expect(await axeViolations()).toEqual([])

    expect(await merchantView(checkoutId)).toMatchObject({
      status: 'paid',
      amount: '24.00',
      currency: 'USD',
      amount_paid: '24.00',
      payments: [expect.objectContaining({ provider: 'ccbill', method: 'card' })],
    })
    await expect.poll(() => paidWebhooks(checkoutId), { timeout: 10_000 }).toEqual([expect.objectContaining({ verified: true })])
    await expect
      .poll(loggedEvents)
      .toEqual([
        `pay-ready ${checkoutId} open`,
        'pay-status-change open → pending',
        'pay-status-change pending → paid',
        `pay-complete ${checkoutId}`,
      ])
  })

  it('pays a USD checkout by crypto; once the deposit starts the payer can no longer switch', async () => {
    const { element, checkoutId } = await startCap()
    await element.getByRole('radio', { name: /^Crypto/ }).check()
    const crypto = element.locator('pay-crypto')
    await crypto.getByRole('radio', { name: /^USDT Tether/ }).check()
    await crypto.getByRole('radio', { name: /^TRC20/ }).check()
    await checkAccessibleAndNarrow(element)
    await crypto.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => crypto.locator('[part~="address"]').textContent(), { timeout: 5000 }).toMatch(/T\w{33}/)

    await expect.poll(() => element.getByRole('radio', { name: /^Card/ }).count()).toBe(0)
    expect(await methodNote(element).textContent()).toContain('only be paid in crypto')
    await checkAccessibleAndNarrow(element)

    await page.locator('#sandbox').getByRole('button', { name: 'Pay in full' }).click()
    await expect.poll(() => crypto.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    expect(await merchantView(checkoutId)).toMatchObject({
      status: 'paid',
      amount_paid: '24.00',
      payments: [expect.objectContaining({ provider: 'ccpayment', method: 'crypto' })],
    })
    await expect.poll(() => paidWebhooks(checkoutId), { timeout: 10_000 }).toEqual([expect.objectContaining({ verified: true })])
    await expect
      .poll(loggedEvents)
      .toEqual([
        `pay-ready ${checkoutId} open`,
        'pay-status-change open → pending',
        'pay-status-change pending → paid',
        `pay-complete ${checkoutId}`,
      ])
  })

  it('pays an IDR checkout at a convenience store: one method, so straight to its element', async () => {
    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '150000', currency: 'IDR', methods: ['cvs'], description: 'Gift voucher' }),
    })
    const { id, client_secret } = (await created.json()) as { id: string; client_secret: string }
    await page.goto(`${server.url}/`)
    // What a merchant's page does with the client secret its backend created.
    await page.evaluate(
      ([origin, secret]) => {
        const element = document.createElement('pay-checkout')
        element.setAttribute('server', origin!)
        element.setAttribute('client-secret', secret!)
        document.getElementById('checkout')!.replaceChildren(element)
      },
      [server.url, client_secret],
    )
    const element = page.locator('pay-checkout')
    const cvs = element.locator('pay-cvs')
    await expect.poll(() => cvs.getByRole('button', { name: 'Get payment code' }).count(), { timeout: 10_000 }).toBe(1)
    expect(await element.getByRole('radio', { name: /^Cash/ }).count()).toBe(0)
    await checkAccessibleAndNarrow(element)

    await cvs.getByRole('radio', { name: /^Indomaret/ }).check()
    await cvs.getByLabel('Full name').fill('Budi Santoso')
    await cvs.getByLabel('Mobile number').fill('0812 3456 7890')
    await cvs.getByLabel('Email').fill('budi@example.id')
    await cvs.getByRole('button', { name: 'Get payment code' }).click()
    await expect.poll(() => cvs.locator('[part~="payment-code"] .code-group').count(), { timeout: 5000 }).toBeGreaterThan(2)
    const code = (await cvs.locator('[part~="payment-code"] .code-group').allTextContents()).join('')
    expect(code).toMatch(/^\d{16}$/)
    expect(await axeViolations()).toEqual([])

    // The payer at the till, played through the NICEPAY simulator's store.
    const paid = await fetch(`${server.url}/sandbox/nicepay/store/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payNo: code }),
    })
    expect(paid.status).toBe(200)
    await expect.poll(() => cvs.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    expect(await merchantView(id)).toMatchObject({
      status: 'paid',
      amount_paid: '150000',
      payments: [expect.objectContaining({ provider: 'nicepay', method: 'cvs', status: 'paid' })],
    })
    await expect.poll(() => paidWebhooks(id), { timeout: 10_000 }).toEqual([expect.objectContaining({ verified: true })])
  })

  it('showed no console errors and broke no CSP rule', () => {
    expect(demo.problems).toEqual([])
  })
})
