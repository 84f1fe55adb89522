import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'

/**
 * `<pay-cvs mode="hosted">` in Chromium against the real server and its NICEPAY simulator: the
 * payer gives their details in the element, picks the store on the simulator's payment page,
 * comes back through the server's callback (believed only after an inquiry), and the element shows
 * the code and follows it until the store takes the money. Once in a popup (the demo shop's catalog
 * checkout), once in the same tab (a merchant's checkout). All under the demo's strict CSP.
 */
describe('hosted convenience-store checkout in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

  beforeAll(async () => {
    demo = await openDemo()
    ;({ server, page } = demo)
  })
  afterAll(() => demo?.close())

  /**
   * Violations axe finds in `selector` (the element with its shadow root) or the whole page, run
   * through the debugger protocol, which the page's CSP does not govern.
   */
  async function axeViolations(on: Page, selector?: string): Promise<string[]> {
    await on.evaluate(axeSource)
    return on.evaluate(async (context) => {
      const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string }[] }> } }).axe
      return (await axe.run(context ? document.querySelector(context) : document)).violations.map((v) => v.id)
    }, selector)
  }

  /** The payer on NICEPAY's page: picks a store and is sent to the merchant's callback. */
  async function pickStore(on: Page, store: 'Alfamart' | 'Indomaret'): Promise<URL> {
    await on.waitForURL(/\/sandbox\/nicepay\/nicepay\/redirect\/v2\/payment\?tXid=IONPAYTEST00\d+$/)
    expect(await on.locator('main').textContent()).toMatch(/Gift voucher: Rp\s?150\.000/)
    await on.getByRole('radio', { name: new RegExp(`^${store}`) }).check()
    const callback = on.waitForRequest(/\/webhooks\/nicepay\/callback\?/)
    await on.getByRole('button', { name: 'Get payment code' }).click()
    return new URL((await callback).url())
  }

  async function payAtStore(payNo: string) {
    const answer = await fetch(`${server.url}/sandbox/nicepay/store/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payNo }),
    })
    expect(answer.status).toBe(200)
  }

  const merchantRead = async (id: string) =>
    (await (await fetch(`${server.url}/v1/checkouts/${id}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })).json()) as {
      status: string
      amount_paid: string
    }

  it('demo shop: NICEPAY’s page in a popup, the code back in the element, paid at Alfamart', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: /Gift voucher.*on NICEPAY’s page/ }).click()
    const element = page.locator('pay-cvs')
    await element.getByLabel('Full name').fill('Budi Santoso')
    await element.getByLabel('Mobile number').fill('+62 812-3456-7890')
    await element.getByLabel('Email').fill('budi@example.id')
    // The store is NICEPAY's question, not the element's.
    expect(await element.getByRole('radio').count()).toBe(0)
    expect(await axeViolations(page, 'pay-cvs')).toEqual([])

    const opening = page.waitForEvent('popup')
    await element.getByRole('button', { name: 'Choose a store on NICEPAY' }).click()
    const popup = await opening
    const popupProblems: string[] = []
    popup.on('console', (message) => message.type() === 'error' && popupProblems.push(message.text()))
    const callback = await pickStore(popup, 'Alfamart')
    await popup.waitForURL(/\/webhooks\/nicepay\/callback\?/)
    expect(await popup.getByRole('heading', { level: 1 }).textContent()).toBe('Your payment code is ready')
    expect(await axeViolations(popup)).toEqual([])
    const payNo = callback.searchParams.get('payNo')!
    expect(payNo).toMatch(/^\d{12}$/)

    const checkoutId = (await page.locator('#events').textContent())?.match(/pay-ready (co_\w+)/)?.[1] ?? ''
    expect(await merchantRead(checkoutId)).toMatchObject({ status: 'pending' })
    // The shop's window (its Cross-Origin-Opener-Policy cuts it off from the popup) looks for the code by itself.
    await popup.close()
    const groups = element.locator('[part~="payment-code"] .code-group')
    await expect.poll(async () => (await groups.allTextContents()).join(''), { timeout: 8000 }).toBe(payNo)
    expect(await element.locator('[part~="store"]').textContent()).toContain('Pay at Alfamart')
    expect(await element.locator('[part~="status"]').textContent()).toContain('Awaiting payment at the store')
    expect(await axeViolations(page, 'pay-cvs')).toEqual([])

    await payAtStore(payNo)
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    expect(await merchantRead(checkoutId)).toMatchObject({ status: 'paid', amount_paid: '150000' })
    expect(popupProblems).toEqual([])
  })

  it('merchant checkout: NICEPAY’s page in this tab, back through the callback to the page, paid at Indomaret', async () => {
    const created = (await (
      await fetch(`${server.url}/v1/checkouts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: '150000', currency: 'IDR', methods: ['cvs'], description: 'Gift voucher' }),
      })
    ).json()) as { id: string; client_secret: string }
    const orderPage = `${server.url}/elements/pay-cvs.html`
    /** The merchant's order page: the element for this checkout, in hosted mode. */
    const showCheckout = () =>
      page.evaluate(
        ([origin, secret]) => {
          const element = document.createElement('pay-cvs')
          element.id = 'order'
          element.setAttribute('server', origin!)
          element.setAttribute('client-secret', secret!)
          element.setAttribute('mode', 'hosted')
          document.querySelector('main')!.prepend(element)
        },
        [server.url, created.client_secret],
      )
    await page.goto(orderPage)
    await showCheckout()
    const element = page.locator('#order')
    await element.getByLabel('Full name').fill('Siti Rahayu')
    await element.getByLabel('Mobile number').fill('0857 1234 5678')
    await element.getByLabel('Email').fill('siti@example.id')
    await element.getByRole('button', { name: 'Choose a store on NICEPAY' }).click()

    const callback = await pickStore(page, 'Indomaret')
    // The callback confirmed the code by inquiry and sent the browser back to the page it came from.
    await page.waitForURL(orderPage)
    const payNo = callback.searchParams.get('payNo')!
    expect(payNo).toMatch(/^\d{16}$/)
    await showCheckout()
    const groups = element.locator('[part~="payment-code"] .code-group')
    await expect.poll(async () => (await groups.allTextContents()).join(''), { timeout: 5000 }).toBe(payNo)
    expect(await element.locator('[part~="store"]').textContent()).toContain('Pay at Indomaret')
    expect(await merchantRead(created.id)).toMatchObject({ status: 'pending' })

    await payAtStore(payNo)
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 5000 }).toContain('Payment received')
    expect(await merchantRead(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
  })

  it('showed no console errors and broke no CSP rule', () => {
    expect(demo.problems).toEqual([])
  })
})
