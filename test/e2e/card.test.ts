import type { Locator, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'
import { screenshotThemes } from '../helpers/screenshots.js'

/**
 * `<pay-card>` in the demo shop, in Chromium, against the real server, its CCBill simulator and the
 * simulator's stand-in for CCBill's Advanced Widget, under the demo's strict CSP: each test card
 * gives its outcome, and no card data ever reaches the companion server.
 */

const CVV = '737'
const EXPIRY = '11 / 33'
const CARDS = {
  approve: '4111 1111 1111 1111',
  decline: '4000 0000 0000 0002',
  threedsPass: '4000 0000 0000 3220',
  threedsFail: '4000 0084 0000 1629',
}

describe('card checkout in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page
  /** Every request the page sent to the companion server (not to CCBill, which the simulator plays under /sandbox/ccbill). */
  const toServer: Request[] = []

  beforeAll(async () => {
    demo = await openDemo()
    ;({ server, page } = demo)
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.origin === server.url && !url.pathname.startsWith('/sandbox/ccbill/')) toServer.push(request)
    })
  })
  afterAll(() => demo?.close())

  async function startCheckout(): Promise<{ element: Locator; checkoutId: string }> {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Grey hoodie.*card/ }).click()
    const element = page.locator('pay-card')
    await expect.poll(() => element.getByLabel('Card number').count()).toBe(1)
    // The form can be up a moment before the page has logged the element's pay-ready event.
    await expect.poll(() => page.locator('#events').textContent()).toMatch(/pay-ready co_\w+/)
    const checkoutId = (await page.locator('#events').textContent())!.match(/pay-ready (co_\w+)/)![1]!
    return { element, checkoutId }
  }

  async function fillCard(element: Locator, number: string, name = 'Anna Schmidt'): Promise<void> {
    await element.getByLabel('Card number').fill(number)
    await element.getByLabel('Expiry date (MM / YY)').fill(EXPIRY)
    await element.getByLabel('Security code (CVV)').fill(CVV)
    await element.getByLabel('Name on card').fill(name)
    await element.getByLabel('Email').fill('anna@example.de')
    await element.getByLabel('Country').selectOption('DE')
    await element.getByLabel('Postal code').fill('10115')
  }

  const pay = (element: Locator) => element.getByRole('button', { name: 'Pay €49.00' }).click()

  async function merchantView(checkoutId: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${server.url}/v1/checkouts/${checkoutId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    return (await response.json()) as Record<string, unknown>
  }

  async function merchantEvents(checkoutId: string): Promise<{ type: string; verified: boolean }[]> {
    const all = (await (await fetch(`${server.url}/demo/api/webhooks`)).json()) as { type: string; checkout: string; verified: boolean }[]
    return all.filter((w) => w.checkout === checkoutId)
  }

  async function expectPaidOnce(checkoutId: string): Promise<void> {
    expect(await merchantView(checkoutId)).toMatchObject({
      status: 'paid',
      amount: '49.00',
      currency: 'EUR',
      amount_paid: '49.00',
      payments: [expect.objectContaining({ provider: 'ccbill', method: 'card' })],
    })
    await expect
      .poll(async () => (await merchantEvents(checkoutId)).filter((e) => e.type === 'checkout.paid'), { timeout: 10_000 })
      .toHaveLength(1)
    expect((await merchantEvents(checkoutId)).every((e) => e.verified)).toBe(true)
  }

  const receipt = (element: Locator) => element.locator('[part~="receipt"]')
  const notice = (element: Locator) => element.locator('[part~="notice"]')

  it('approves a card without 3-D Secure and shows a receipt; the merchant hears once', async () => {
    const { element, checkoutId } = await startCheckout()
    await screenshotThemes(element, 'pay-card-form')
    await fillCard(element, CARDS.approve)
    expect(await element.locator('.pay-card-brand').textContent()).toContain('Visa')
    await pay(element)
    await expect.poll(() => receipt(element).textContent(), { timeout: 10_000 }).toContain('Payment approved')
    // The live status may say "paid" a moment before the charge's own answer, which names the card.
    await expect.poll(() => receipt(element).textContent(), { timeout: 10_000 }).toContain('Card ending 1111')
    expect(await element.locator('[part~="status"]').textContent()).toContain('Payment received')
    await screenshotThemes(element, 'pay-card-approved')
    await expectPaidOnce(checkoutId)
  })

  it('explains a decline, keeps the form, and then takes another card', async () => {
    const { element, checkoutId } = await startCheckout()
    await fillCard(element, CARDS.decline)
    await pay(element)
    await expect.poll(() => notice(element).textContent(), { timeout: 10_000 }).toContain('Your bank declined this card')
    expect(await notice(element).textContent()).toContain('Insufficient funds')
    expect(await element.getByLabel('Security code (CVV)').inputValue()).toBe('')
    expect(await element.getByLabel('Name on card').inputValue()).toBe('Anna Schmidt')
    await screenshotThemes(element, 'pay-card-declined')
    expect(await merchantView(checkoutId)).toMatchObject({ status: 'pending', amount_paid: '0.00' })
    expect((await merchantEvents(checkoutId)).filter((e) => e.type === 'checkout.paid')).toEqual([])

    await element.getByLabel('Card number').fill(CARDS.approve)
    await element.getByLabel('Security code (CVV)').fill(CVV)
    await pay(element)
    await expect.poll(() => receipt(element).textContent(), { timeout: 10_000 }).toContain('Payment approved')
    await expectPaidOnce(checkoutId)
  })

  /** What the page sent as `threeds` with its charge for this checkout's client secret. */
  async function chargedThreeds(): Promise<Record<string, unknown> | undefined> {
    const charge = toServer.filter((r) => new URL(r.url()).pathname === '/v1/client/card/charge' && r.method() === 'POST').at(-1)
    return (JSON.parse(charge?.postData() ?? '{}') as { threeds?: Record<string, unknown> }).threeds
  }

  it('runs the 3-D Secure challenge and charges when the payer passes it', async () => {
    const { element, checkoutId } = await startCheckout()
    // An accented name: the element hands CCBill (whose API takes ASCII only) the name as cards print it.
    await fillCard(element, CARDS.threedsPass, 'Zoë Müller')
    await pay(element)
    const challenge = page.frameLocator('iframe[title="3-D Secure verification"]')
    await challenge.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 10_000 })
    expect(await element.locator('[part~="progress"]').textContent()).toContain('Your bank wants to confirm it is you')
    // A step of its own: the form under the bank's window takes no input meanwhile…
    expect(await element.locator('form').evaluate((form) => (form as HTMLElement).inert)).toBe(true)
    await element.getByLabel('Card number').focus()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).not.toBe('cc-number')
    // …and the window ends just under the bank's buttons, with no blank space below them.
    const frameBox = (await page.locator('iframe[title="3-D Secure verification"]').boundingBox())!
    const buttonBox = (await challenge.getByRole('button', { name: 'Approve' }).boundingBox())!
    expect(frameBox.y + frameBox.height - (buttonBox.y + buttonBox.height)).toBeLessThan(48)
    // Still in the light DOM, where CCBill's script finds it by id.
    expect(await page.evaluate(() => document.querySelector('pay-card [id$="-3ds"] iframe') !== null)).toBe(true)
    await screenshotThemes(element, 'pay-card-3ds-challenge')
    await challenge.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => receipt(element).textContent(), { timeout: 10_000 }).toContain('Payment approved')
    await expectPaidOnce(checkoutId)
    // authenticateCustomer's result went to the server in the shape CCBill's newest guide documents.
    expect(await chargedThreeds()).toMatchObject({
      eci: '05',
      status: 'Y',
      success: true,
      protocolVersion: expect.any(String),
      amount: 49,
      currency: '978',
      clientTransactionId: expect.any(String),
      dsTransId: expect.any(String),
      acsTransId: expect.any(String),
      authenticationValue: expect.any(String),
    })
    // The charge went on the 3DS sub-account, and the token was made there.
    const charges = (await (await fetch(`${server.url}/sandbox/ccbill/control/charges`)).json()) as Record<string, unknown>[]
    expect(charges[0]).toMatchObject({ threeds: true, approved: true, clientSubacc: 1, amount: '49.00', currencyCode: '978' })
  })

  it('says plainly when 3-D Secure fails, and charges nothing', async () => {
    const { element, checkoutId } = await startCheckout()
    await fillCard(element, CARDS.threedsFail)
    await pay(element)
    const challenge = page.frameLocator('iframe[title="3-D Secure verification"]')
    await challenge.getByRole('button', { name: 'Approve' }).click({ timeout: 10_000 })
    await expect.poll(() => notice(element).textContent(), { timeout: 10_000 }).toContain('could not confirm it was you')
    expect(await chargedThreeds()).toMatchObject({ success: false, status: 'N', amount: 49, currency: '978' })
    expect(await element.getByLabel('Card number').count()).toBe(1)
    // The bank's step is over: the form takes input again.
    expect(await element.locator('form').evaluate((form) => (form as HTMLElement).inert)).toBe(false)
    expect(await element.getByLabel('Card number').isEditable()).toBe(true)
    expect(await merchantView(checkoutId)).toMatchObject({ status: 'pending', amount_paid: '0.00' })
    expect((await merchantEvents(checkoutId)).filter((e) => e.type === 'checkout.paid')).toEqual([])
  })

  it('shows the subscription terms before the Pay button and on the receipt, and starts on the country the merchant gave', async () => {
    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: '49.00',
        currency: 'EUR',
        description: 'Pro plan',
        customer: { country: 'AT' },
        subscription: { initial_period_days: 30, recurring_amount: '19.99', recurring_period_days: 30, rebills: 99 },
      }),
    })
    expect(created.status).toBe(201)
    const { id, client_secret: secret } = (await created.json()) as { id: string; client_secret: string }
    await page.goto(`${server.url}/elements/pay-card.html`)
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+/)
    const secretField = page.locator('#attributes [name="client-secret"]')
    await secretField.fill(secret)
    await secretField.dispatchEvent('change')
    const element = page.locator('pay-card')
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toContain(`pay-ready ${id}`)

    const terms = element.locator('[part~="subscription-terms"]')
    const expected = '€49.00 today for the first 30 days, then €19.99 every 30 days until you cancel.'
    await expect.poll(() => terms.textContent(), { timeout: 10_000 }).toContain(expected)
    expect(await terms.isVisible()).toBe(true)
    // Drawn above the Pay button.
    const termsBox = (await terms.boundingBox())!
    const payBox = (await element.getByRole('button', { name: 'Pay €49.00' }).boundingBox())!
    expect(termsBox.y + termsBox.height).toBeLessThanOrEqual(payBox.y)
    expect(await element.getByLabel('Country').inputValue()).toBe('AT')

    await fillCard(element, CARDS.approve)
    await pay(element)
    await expect.poll(() => receipt(element).textContent(), { timeout: 10_000 }).toContain('Payment approved')
    expect(await receipt(element).textContent()).toContain(expected)
    await expect.poll(async () => (await merchantView(id)).status, { timeout: 10_000 }).toBe('paid')
  })

  it('sent no card number, expiry or security code to the companion server', async () => {
    const numbers = Object.values(CARDS).map((n) => n.replace(/ /g, ''))
    const [month, year] = EXPIRY.split(' / ')
    const expiryForms = [`${month}/${year}`, `${month}${year}`, `${month} / ${year}`, `20${year}-${month}`]
    // Field names that would carry card data (CCBill's own `cvv2Response`, a match code, is not one).
    const cardishKey = /^(card.?num(ber)?|pan|cvv2?|cvc|csc|exp.?(month|year|date)|expiry)$/i

    /** Every string value in a JSON or form body, with its key. */
    const leaves = (text: string): [string, string][] => {
      try {
        const out: [string, string][] = []
        const walk = (value: unknown, key: string) => {
          if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k)
          else out.push([key, String(value)])
        }
        walk(JSON.parse(text), '')
        return out
      } catch {
        return [...new URLSearchParams(text)]
      }
    }

    expect(toServer.length).toBeGreaterThan(10)
    expect(toServer.some((r) => new URL(r.url()).pathname === '/v1/client/card/charge')).toBe(true)
    for (const request of toServer) {
      const url = decodeURIComponent(request.url())
      const headers = JSON.stringify(await request.allHeaders())
      const body = request.postData() ?? ''
      for (const text of [url, headers, body]) {
        for (const number of numbers) expect(text.replace(/[\s-]/g, '')).not.toContain(number)
        for (const form of expiryForms) expect(text).not.toContain(form)
      }
      for (const [key, value] of [...leaves(body), ...new URL(request.url()).searchParams]) {
        expect(key).not.toMatch(cardishKey)
        expect(value).not.toBe(CVV)
      }
    }

    // The other way in: CCBill's webhooks (the simulator's deliveries to /webhooks/ccbill).
    const deliveries = (await (await fetch(`${server.url}/sandbox/ccbill/control/webhooks`)).json()) as { fields: Record<string, string> }[]
    expect(deliveries.length).toBeGreaterThan(0)
    for (const { fields } of deliveries) {
      const text = JSON.stringify(fields)
      for (const number of numbers) expect(text).not.toContain(number)
      for (const key of Object.keys(fields)) expect(key).not.toMatch(cardishKey)
      expect(Object.values(fields)).not.toContain(CVV)
    }
  })

  it('showed no console errors and broke no CSP rule', () => {
    expect(demo.problems).toEqual([])
  })
})
