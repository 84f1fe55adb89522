import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { axeViolations } from '../helpers/axe.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'
import { screenshotThemes } from '../helpers/screenshots.js'

/**
 * `<pay-crypto>` in the demo shop, in Chromium, against the real server and its CCPayment
 * simulator: USDT on TRC20, half paid, then the rest, under the demo's strict CSP.
 */
describe('crypto checkout in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page

  beforeAll(async () => {
    demo = await openDemo()
    ;({ server, page } = demo)
  })
  afterAll(() => demo?.close())

  it('pays USDT on TRC20 in two halves and tells the merchant once', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
    const element = page.locator('pay-crypto')

    await element.getByRole('radio', { name: /^USDT Tether/ }).check()
    await element.getByRole('radio', { name: /^TRC20/ }).check()
    await screenshotThemes(element, 'pay-crypto-picker')
    await element.getByRole('button', { name: 'Show payment address' }).click()

    await expect.poll(() => element.locator('[part~="address"]').textContent()).toMatch(/T\w{33}/)
    expect(await element.getByRole('img', { name: /QR code to pay with USDT/ }).count()).toBe(1)
    expect(await element.locator('[part~="countdown"]').textContent()).toMatch(/\d+:\d\d/)
    expect(await element.locator('[part~="deposit-status"]').textContent()).toContain('Awaiting payment')
    await screenshotThemes(element, 'pay-crypto-address')

    await page.locator('#sandbox').getByRole('button', { name: 'Pay half' }).click()
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 }).toContain('Underpayment')
    expect(await element.locator('[part~="amount-due"]').textContent()).toContain('$9.95')
    expect(await element.locator('[part~="deposit"]').textContent()).toContain('Send 9.95 USDT more')
    await screenshotThemes(element, 'pay-crypto-underpaid')

    await page.locator('#sandbox').getByRole('button', { name: 'Pay the rest' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    // The deposit is re-read after the checkout changes, so its line catches up a moment later.
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 }).toContain('Paid')
    await screenshotThemes(element, 'pay-crypto-paid')

    await expect.poll(() => page.locator('#webhooks').textContent(), { timeout: 10_000 }).toContain('checkout.paid')
    const rows = await page.locator('#webhooks tr').allTextContents()
    expect(rows.filter((r) => r.includes('checkout.paid'))).toHaveLength(1)
    expect(rows.every((r) => r.includes('verified'))).toBe(true)

    const checkoutId = (await page.locator('#events').textContent())?.match(/pay-ready (co_\w+)/)?.[1]
    const read = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(await read.json()).toMatchObject({
      status: 'paid',
      amount_paid: '19.90',
      payments: [{ provider: 'ccpayment', status: 'active' }],
    })
  })

  it('pays BTC in full in one transfer', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
    const element = page.locator('pay-crypto')
    await element.getByRole('radio', { name: /^BTC/ }).check()
    await element.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => element.locator('[part~="address"]').count(), { timeout: 5000 }).toBe(1)
    expect(await element.getByRole('img', { name: /QR code to pay with BTC/ }).count()).toBe(1)

    await page.locator('#sandbox').getByRole('button', { name: 'Pay in full' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    const checkoutId = (await page.locator('#events').textContent())
      ?.match(/pay-ready (co_\w+)/g)
      ?.at(-1)
      ?.slice('pay-ready '.length)
    const read = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(await read.json()).toMatchObject({ status: 'paid', amount_paid: '19.90' })
  })

  it('lets the order expire at CCPayment: the open element says so at once; money sent afterwards completes it live, as Paid(Overdue)', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
    const element = page.locator('pay-crypto')
    await element.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => element.locator('[part~="address"]').count(), { timeout: 5000 }).toBe(1)
    // An address waiting for a transfer: nothing is in progress yet.
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Awaiting your transfer')

    const sandbox = page.locator('#sandbox')
    await sandbox.getByRole('button', { name: 'Let the order expire' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('This checkout has expired')
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 }).toContain('Expired')
    expect(await element.locator('[part~="countdown"]').count()).toBe(0)
    expect(await element.locator('[part~="address"]').count()).toBe(0)
    expect(await element.getByText('Do not send anything to this address any more').count()).toBe(1)
    expect(await axeViolations(element)).toEqual([])

    await sandbox.getByRole('button', { name: 'Pay the rest' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    await expect
      .poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 })
      .toMatch(/Paid\(Overdue\)\s*\(paid in full after the deadline\)/)
    const checkoutId = (await page.locator('#events').textContent())
      ?.match(/pay-ready (co_\w+)/g)
      ?.at(-1)
      ?.slice('pay-ready '.length)
    expect(await page.locator('#events').textContent()).toContain(`pay-complete ${checkoutId}`)
    expect(await axeViolations(element)).toEqual([])
    type Received = { type: string; checkout: string }
    const received = async () =>
      ((await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as Received[])
        .filter((w) => w.checkout === checkoutId)
        .map((w) => w.type)
    await expect.poll(received, { timeout: 10_000 }).toEqual(['checkout.paid', 'checkout.expired', 'checkout.pending'])
  })

  it('runs out: the checkout expires with nothing paid, the element says so, the merchant hears once; a late payment is then shown live with pay-complete', async () => {
    // The shortest life a checkout may have (60 s): the one test here that waits for the clock.
    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '5.00', currency: 'USD', methods: ['crypto'], description: 'Sticker', expires_in: 60 }),
    })
    const { id, client_secret } = (await created.json()) as { id: string; client_secret: string }
    await page.goto(`${server.url}/elements/pay-crypto.html`)
    await page.evaluate(
      ([origin, secret]) => {
        const element = document.createElement('pay-crypto')
        element.id = 'expiring'
        element.setAttribute('server', origin!)
        element.setAttribute('client-secret', secret!)
        document.body.append(element)
      },
      [server.url, client_secret],
    )
    const element = page.locator('#expiring')
    await element.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => element.locator('[part~="address"]').count(), { timeout: 5000 }).toBe(1)

    await expect
      .poll(() => element.locator('[part~="status"]').textContent(), { timeout: 90_000, interval: 1000 })
      .toContain('This checkout has expired')
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 }).toContain('Expired')
    const read = await fetch(`${server.url}/v1/checkouts/${id}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(await read.json()).toMatchObject({ status: 'expired', amount_paid: '0.00' })
    type Received = { type: string; checkout: string; verified: boolean }
    const expiredEvents = async () =>
      ((await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as Received[]).filter(
        (w) => w.checkout === id && w.type === 'checkout.expired',
      )
    await expect.poll(expiredEvents, { timeout: 10_000 }).toEqual([expect.objectContaining({ verified: true })])
    expect(await axeViolations(element)).toEqual([])

    // Money sent after the deadline still counts (CCPayment credits it as overdue): the element,
    // still open on the expired checkout, shows it as it lands and fires pay-complete.
    await page.evaluate(() => {
      document.querySelector('#expiring')!.addEventListener('pay-complete', (e) => {
        ;(window as unknown as { completed: string }).completed = (e as CustomEvent<{ checkout: { id: string } }>).detail.checkout.id
      })
    })
    const paid = await fetch(`${server.url}/demo/api/checkouts/${id}/crypto/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fraction: '1' }),
    })
    expect(((await paid.json()) as { status: string }).status).toBe('Paid(Overdue)')
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    await expect.poll(() => page.evaluate(() => (window as unknown as { completed?: string }).completed), { timeout: 5000 }).toBe(id)
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 5000 }).toContain('Paid(Overdue)')
    expect(await element.getByText('Do not send anything to this address any more').count()).toBe(0)
    expect(await axeViolations(element)).toEqual([])
  }, 120_000)

  it('showed no console errors and broke no CSP rule', () => {
    expect(demo.problems).toEqual([])
  })
})
