import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { axeViolations } from '../helpers/axe.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'
import { screenshotThemes } from '../helpers/screenshots.js'

/**
 * `<pay-cvs>` in the demo shop, in Chromium, against the real server and its NICEPAY simulator:
 * the payer gets a code, the simulator's cashier takes the money, NICEPAY's notification (checked
 * by token and inquiry) moves the checkout, and the merchant hears of it once. All under the
 * demo's strict CSP.
 */
describe('convenience-store checkout in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page

  beforeAll(async () => {
    demo = await openDemo({
      // NICEPAY notifies neither a cashier's lookup nor a code's expiry: while the payer watches, the
      // server asks it, here every second.
      env: { PAY_WATCH_INTERVAL: '1' },
      expected: (message) =>
        // Refusals provoked on purpose (409), which the browser logs: the store refusing an expired
        // code, and the server refusing a code for a checkout about to end.
        (message.location().url.endsWith('/sandbox/nicepay/store/pay') || message.location().url.endsWith('/v1/client/cvs/payment')) &&
        message.text().includes('409'),
    })
    ;({ server, page } = demo)
  })
  afterAll(() => demo?.close())

  /** Starts a voucher checkout, asks for a code at `store`, returns the element, checkout id and code. */
  async function getCode(store: 'Indomaret' | 'Alfamart', shots = false): Promise<{ element: Locator; checkoutId: string; code: string }> {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Gift voucher.*pay-cvs$/ }).click()
    const element = page.locator('pay-cvs')
    await element.getByRole('radio', { name: new RegExp(`^${store}`) }).check()
    await element.getByLabel('Full name').fill('Budi Santoso')
    await element.getByLabel('Mobile number').fill('+62 812-3456-7890')
    await element.getByLabel('Email').fill('budi@example.id')
    if (shots) await screenshotThemes(element, 'pay-cvs-form')
    await element.getByRole('button', { name: 'Get payment code' }).click()

    await expect.poll(() => element.locator('[part~="payment-code"] .code-group').count(), { timeout: 5000 }).toBeGreaterThan(2)
    const code = (await element.locator('[part~="payment-code"] .code-group').allTextContents()).join('')
    expect(code).toMatch(store === 'Alfamart' ? /^\d{12}$/ : /^\d{16}$/)
    expect(await element.locator('[part~="store"]').textContent()).toContain(`Pay at ${store}`)
    expect(await element.locator('[part~="payment-amount"]').textContent()).toMatch(/IDR\s150,000/)
    expect(await element.locator('[part~="countdown"]').textContent()).toMatch(/\d+:\d\d/)
    expect(await element.locator('[part~="status"]').textContent()).toContain('Awaiting payment at the store')
    const checkoutId = (await page.locator('#events').textContent())?.match(/pay-ready (co_\w+)/)?.[1] ?? ''
    expect(checkoutId).toMatch(/^co_/)
    if (shots) await screenshotThemes(element, 'pay-cvs-code')
    return { element, checkoutId, code }
  }

  /** The merchant's receiver (the demo's backend) for one checkout. */
  async function merchantEvents(checkoutId: string): Promise<{ type: string; verified: boolean }[]> {
    const all = (await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as { type: string; checkout: string; verified: boolean }[]
    return all.filter((w) => w.checkout === checkoutId)
  }

  /** Pays `code` at the store and waits for the element to say so; its speed is measured by the live-status benchmark. */
  async function payAtStore(code: string, element: Locator): Promise<void> {
    const sandbox = page.locator('#sandbox')
    await sandbox.getByLabel(/Payment code/).fill(code)
    await sandbox.getByRole('button', { name: 'Pay at the store' }).click()
    await expect
      .poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000, interval: 50 })
      .toContain('Payment received')
  }

  it('Alfamart: the cashier looks the code up and takes the money; the element shows paid; the merchant hears once', async () => {
    const { element, checkoutId, code } = await getCode('Alfamart', true)
    const sandbox = page.locator('#sandbox')
    await sandbox.getByLabel(/Payment code/).fill(code)
    await sandbox.getByRole('button', { name: 'Cashier looks the code up' }).click()
    await expect.poll(() => page.locator('#nicepay-result').textContent()).toContain('ready to pay')
    // Announced in the status line (a live region) as soon as the server learns of it, with no "check now".
    const status = element.getByRole('status').filter({ hasText: 'The cashier has found your bill' })
    await expect.poll(() => status.count(), { timeout: 5000 }).toBe(1)
    expect(await status.getAttribute('part')).toBe('status')
    expect(await axeViolations(element)).toEqual([])

    await payAtStore(code, element)
    expect(await element.locator('[part~="result"]').textContent()).toContain('Paid. Thank you!')
    await screenshotThemes(element, 'pay-cvs-paid')
    await expect.poll(() => page.locator('#nicepay-result').textContent()).toContain('notification → HTTP 200')

    await expect
      .poll(async () => (await merchantEvents(checkoutId)).filter((e) => e.type === 'checkout.paid'), { timeout: 10_000 })
      .toHaveLength(1)
    const events = await merchantEvents(checkoutId)
    expect(events.filter((e) => e.type === 'checkout.paid')).toEqual([expect.objectContaining({ verified: true })])
    expect(events.every((e) => e.verified)).toBe(true)

    const read = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(await read.json()).toMatchObject({
      status: 'paid',
      amount_paid: '150000',
      payments: [{ provider: 'nicepay', method: 'cvs', status: 'paid' }],
    })
  })

  it('Indomaret: paid at the store, shown paid, one signed checkout.paid', async () => {
    const { element, checkoutId, code } = await getCode('Indomaret')
    await payAtStore(code, element)
    await expect
      .poll(async () => (await merchantEvents(checkoutId)).filter((e) => e.type === 'checkout.paid'), { timeout: 10_000 })
      .toHaveLength(1)
  })

  it('an expired code: the element says so and the store refuses it', async () => {
    const { element, code } = await getCode('Indomaret')
    const sandbox = page.locator('#sandbox')
    await sandbox.getByLabel(/Payment code/).fill(code)
    await sandbox.getByRole('button', { name: 'Let the code expire' }).click()
    await expect.poll(() => page.locator('#nicepay-result').textContent()).toContain('expired')
    // NICEPAY sends nothing when a code expires; the open element hears of it without "check now".
    await expect.poll(() => element.locator('[part~="result"]').textContent(), { timeout: 5000 }).toContain('This payment code has expired')
    expect(await element.locator('[part~="status"]').textContent()).toContain('This checkout has expired')
    expect(await element.locator('[part~="payment-code"]').count()).toBe(0)
    expect(await axeViolations(element)).toEqual([])
    await screenshotThemes(element, 'pay-cvs-expired')
    await sandbox.getByRole('button', { name: 'Pay at the store' }).click()
    await expect.poll(() => page.locator('#nicepay-result').textContent()).toContain('has expired')
  })

  it('a checkout ending within two minutes: says it is too late for a store, drops the form, and at expiry does not speak of a code', async () => {
    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '150000', currency: 'IDR', methods: ['cvs'], description: 'Voucher', expires_in: 60 }),
    })
    const { client_secret } = (await created.json()) as { client_secret: string }
    await page.goto(`${server.url}/elements/pay-cvs.html`)
    await page.evaluate(
      ([origin, secret]) => {
        const element = document.createElement('pay-cvs')
        element.id = 'expiring'
        element.setAttribute('server', origin!)
        element.setAttribute('client-secret', secret!)
        document.body.append(element)
      },
      [server.url, client_secret],
    )
    const element = page.locator('#expiring')
    await element.getByRole('radio', { name: /^Indomaret/ }).check()
    await element.getByLabel('Full name').fill('Budi Santoso')
    await element.getByLabel('Mobile number').fill('0812 3456 7890')
    await element.getByLabel('Email').fill('budi@example.id')
    await element.getByRole('button', { name: 'Get payment code' }).click()

    const message = element.locator('[part~="action-error"]')
    await expect.poll(() => message.textContent(), { timeout: 5000 }).toContain('too soon to be paid at a store')
    expect(await message.getAttribute('role')).toBe('alert')
    expect(await element.locator('[part~="form"]').count()).toBe(0)
    // Keyboard users continue at the message that took the form's place.
    expect(
      await message.evaluate(
        (node) => node.getRootNode() instanceof ShadowRoot && (node.getRootNode() as ShadowRoot).activeElement === node,
      ),
    ).toBe(true)
    expect(await axeViolations(element)).toEqual([])

    await expect
      .poll(() => element.locator('[part~="status"]').textContent(), { timeout: 90_000, interval: 1000 })
      .toContain('This checkout has expired')
    const result = element.locator('[part~="result"]')
    await expect.poll(() => result.textContent(), { timeout: 5000 }).toContain('No payment code was issued')
    expect(await result.textContent()).not.toContain('This payment code has expired')
    expect(await axeViolations(element)).toEqual([])
  }, 120_000)

  it('showed no console errors and broke no CSP rule', () => {
    expect(demo.problems).toEqual([])
  })
})
