import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../helpers/app.js'
import { openDemo, type DemoSession } from '../helpers/demo-server.js'

/**
 * Every state of the three elements, and every demo page, at the narrowest phones (320 and 375 CSS
 * pixels) in English, Indonesian and Chinese: nothing may stick out sideways, neither the page
 * (document scrollWidth) nor anything in the element (its scrollWidth, and every box inside it,
 * shadow and light DOM), and axe finds nothing in the element. Driven through the demo shop, as a
 * payer on a phone would, under the demo's strict CSP.
 */

const WIDTHS = [320, 375]
const LANGUAGES = ['en', 'id', 'zh-CN']
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('layout from 320 px up, in Chromium', () => {
  let demo: DemoSession
  let server: DemoSession['server']
  let page: Page
  /** What overflowed or failed axe, by state, width and language: the test prints them all at once. */
  const failures: string[] = []
  let checked = 0

  beforeAll(async () => {
    demo = await openDemo({
      // The expired-code state has the store refuse the code on purpose (409): the browser logs it.
      expected: (message) => message.text().includes('409'),
    })
    ;({ server, page } = demo)
    await page.setViewportSize({ width: 375, height: 800 })
  })
  afterAll(() => demo?.close())

  /** Everything that sticks out sideways at the current width: the page, the element, each box inside it. */
  function overflow(selector: string | null): Promise<string[]> {
    return page.evaluate((selector) => {
      const found: string[] = []
      const root = document.documentElement
      if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth} px wide in ${root.clientWidth} px`)
      // A table that has to be scrolled sideways hides its last columns.
      for (const wrap of document.querySelectorAll('.table-wrap'))
        if (wrap.scrollWidth > wrap.clientWidth) found.push(`a table is ${wrap.scrollWidth} px wide in ${wrap.clientWidth} px`)
      const element = selector ? document.querySelector<HTMLElement>(selector) : null
      if (!element) return found
      if (element.scrollWidth > element.clientWidth)
        found.push(`<${element.localName}> scrolls: ${element.scrollWidth} > ${element.clientWidth}`)
      const edge = element.getBoundingClientRect()
      const name = (node: Element) =>
        `${node.localName}${node.getAttribute('part') ? `[part=${node.getAttribute('part')}]` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.split(' ').join('.')}` : ''}`
      const visit = (scope: Element | ShadowRoot) => {
        for (const node of scope.querySelectorAll('*')) {
          if (node.shadowRoot) visit(node.shadowRoot)
          const box = node.getBoundingClientRect()
          if (box.width === 0 || box.height === 0) continue
          // Visually hidden text is clipped to nothing where it stands.
          const style = getComputedStyle(node)
          if (style.position === 'absolute' && box.width <= 1) continue
          if (box.right > edge.right + 0.5 || box.left < edge.left - 0.5) {
            found.push(
              `${name(node)} runs out of the element: ${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(edge.left)}–${Math.round(edge.right)}`,
            )
          }
          // A box that scrolls sideways hides part of what it holds (fields scroll their own text, as they should).
          if (
            !['input', 'select', 'textarea'].includes(node.localName) &&
            node.scrollWidth > node.clientWidth + 1 &&
            /auto|scroll|hidden/.test(style.overflowX)
          ) {
            found.push(`${name(node)} cuts its content: ${node.scrollWidth} > ${node.clientWidth}`)
          }
        }
      }
      if (element.shadowRoot) visit(element.shadowRoot)
      visit(element)
      return found
    }, selector)
  }

  async function axe(selector: string): Promise<string[]> {
    // Evaluated by the browser's debugging protocol, which the page's CSP (no eval) does not govern.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
    return page.evaluate(async (selector) => {
      const { violations } = await (
        window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }
      ).axe.run({ include: [selector] })
      return violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
    }, selector)
  }

  /** Checks the page (and the element, when given) at every width and in every language; collects what fails. */
  async function check(state: string, element: string | null): Promise<void> {
    for (const lang of LANGUAGES) {
      await page.selectOption('#lang', lang)
      if (element) await page.locator(element).evaluate((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete)
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 })
        await page.evaluate(() => new Promise(requestAnimationFrame))
        for (const problem of await overflow(element)) failures.push(`${state} at ${width} px (${lang}): ${problem}`)
        checked++
      }
      if (element) for (const violation of await axe(element)) failures.push(`${state} (${lang}): axe ${violation}`)
    }
    await page.selectOption('#lang', 'en')
    await page.setViewportSize({ width: 375, height: 800 })
  }

  const sandbox = () => page.locator('#sandbox')

  async function startCheckout(product: RegExp, tag: string): Promise<Locator> {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: product }).click()
    const element = page.locator(tag)
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+/)
    return element
  }

  it('keeps every demo page within 320 px, the header and its language switcher included', async () => {
    await page.goto(`${server.url}/`)
    await expect.poll(() => page.locator('.product').count()).toBeGreaterThan(2)
    await check('shop', null)
    // With webhooks in the table: a checkout the merchant cancels.
    await page.getByRole('button', { name: /Blue T-shirt.*crypto/ }).click()
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+/)
    await page.getByRole('button', { name: 'Cancel this checkout' }).click()
    await page.goto(`${server.url}/webhooks.html`)
    await expect.poll(() => page.locator('#webhooks tr td.ok').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await check('webhooks page', null)
    for (const tag of ['pay-crypto', 'pay-card', 'pay-cvs']) {
      await page.goto(`${server.url}/elements/${tag}.html`)
      await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+/)
      await check(`${tag} page`, tag)
    }
    await page.goto(`${server.url}/script-tag.html`)
    await check('script-tag page', null)
    await page.goto(`${server.url}/npm.html`)
    await check('npm page', null)
  })

  it('shows every webhook column whole on the webhooks page at 800 px', async () => {
    // One signed webhook at least: a checkout the merchant cancels.
    await startCheckout(/Blue T-shirt.*crypto/, 'pay-crypto')
    await page.getByRole('button', { name: 'Cancel this checkout' }).click()
    await page.goto(`${server.url}/webhooks.html`)
    await expect.poll(() => page.locator('#webhooks tr td.ok').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.setViewportSize({ width: 800, height: 800 })
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('table')].flatMap((table) => {
        const frame = table.parentElement!.getBoundingClientRect()
        return [...table.querySelectorAll('th, td')]
          .filter((cell) => cell.getBoundingClientRect().right > frame.right + 0.5 || cell.scrollWidth > cell.clientWidth + 1)
          .map((cell) => cell.textContent!.trim().slice(0, 40))
      }),
    )
    expect(cut).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)
    await page.setViewportSize({ width: 375, height: 800 })
  })

  it('<pay-crypto>: picker, deposit, underpaid, paid; and an order run out', async () => {
    const element = await startCheckout(/Blue T-shirt.*crypto/, 'pay-crypto')
    await expect.poll(() => element.getByRole('radio').count(), { timeout: 10_000 }).toBeGreaterThan(3)
    await check('crypto picker', 'pay-crypto')
    // The coins fill their rows evenly (no coin alone on a row), at every width.
    for (const width of [...WIDTHS, 800]) {
      await page.setViewportSize({ width, height: 800 })
      const rows = await element.evaluate((el) => {
        const perRow = new Map<number, number>()
        for (const tile of el.shadowRoot!.querySelectorAll('.coins .choice')) {
          const top = Math.round(tile.getBoundingClientRect().top)
          perRow.set(top, (perRow.get(top) ?? 0) + 1)
        }
        return [...perRow.values()]
      })
      expect(rows.length, `${width} px`).toBeGreaterThan(1)
      expect(new Set(rows).size, `${width} px: ${rows.join(' + ')} coins a row`).toBe(1)
    }
    await page.setViewportSize({ width: 375, height: 800 })
    await element.getByRole('radio', { name: /^USDT/ }).check()
    await element.getByRole('radio', { name: /^ERC20/ }).check()
    await element.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => element.locator('[part~="address"]').count(), { timeout: 10_000 }).toBe(1)
    await check('crypto deposit', 'pay-crypto')
    await sandbox().getByRole('button', { name: 'Pay half' }).click()
    await expect.poll(() => element.locator('[part~="deposit-status"]').textContent(), { timeout: 10_000 }).toContain('Underpayment')
    await check('crypto underpaid', 'pay-crypto')
    await sandbox().getByRole('button', { name: 'Pay the rest' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 10_000 }).toContain('Payment received')
    await check('crypto paid', 'pay-crypto')

    // A memo chain, and then an order run out.
    const another = await startCheckout(/Blue T-shirt.*crypto/, 'pay-crypto')
    await expect.poll(() => another.getByRole('radio').count(), { timeout: 10_000 }).toBeGreaterThan(3)
    const memoCoin = another.getByRole('radio', { name: /^(XRP|TON)/ }).first()
    if ((await memoCoin.count()) > 0) await memoCoin.check()
    await another.getByRole('button', { name: 'Show payment address' }).click()
    await expect.poll(() => another.locator('[part~="address"]').count(), { timeout: 10_000 }).toBe(1)
    await check('crypto deposit with memo', 'pay-crypto')
    await page.getByRole('button', { name: 'Cancel this checkout' }).click()
    await expect.poll(() => another.locator('[part~="status"]').textContent(), { timeout: 10_000 }).toContain('Canceled')
    await check('crypto canceled', 'pay-crypto')
  })

  it('<pay-card>: form, field errors, declined, 3-D Secure challenge, subscription terms, receipt', async () => {
    const element = await startCheckout(/Grey hoodie.*card/, 'pay-card')
    await expect.poll(() => element.getByLabel('Card number').count()).toBe(1)
    await check('card form', 'pay-card')
    await element.getByRole('button', { name: /^Pay / }).click()
    await expect.poll(() => element.locator('.pay-card-error').count()).toBeGreaterThan(3)
    await check('card field errors', 'pay-card')

    const fill = async (number: string) => {
      await element.getByLabel('Card number').fill(number)
      await element.getByLabel('Expiry date (MM / YY)').fill('11 / 33')
      await element.getByLabel('Security code (CVV)').fill('737')
      await element.getByLabel('Name on card').fill('Anna Schmidt')
      await element.getByLabel('Email').fill('anna@example.de')
      await element.getByLabel('Country').selectOption('DE')
      await element.getByLabel('Postal code').fill('10115')
    }
    await fill('4000 0000 0000 0002')
    await element.getByRole('button', { name: /^Pay / }).click()
    await expect.poll(() => element.locator('[part~="notice"]').textContent(), { timeout: 10_000 }).toContain('declined')
    await check('card declined', 'pay-card')

    await fill('4000 0000 0000 3220')
    await element.getByRole('button', { name: /^Pay / }).click()
    const challenge = page.frameLocator('iframe[title="3-D Secure verification"]')
    await challenge.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 10_000 })
    // Not through the language switcher here: the bank's step is under way.
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 })
      await page.evaluate(() => new Promise(requestAnimationFrame))
      for (const problem of await overflow('pay-card')) failures.push(`card 3-D Secure at ${width} px: ${problem}`)
    }
    await page.setViewportSize({ width: 375, height: 800 })
    await challenge.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => element.locator('[part~="receipt"]').textContent(), { timeout: 10_000 }).toContain('Payment approved')
    await check('card receipt', 'pay-card')

    // A subscription: its terms above the form.
    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: '49.00',
        currency: 'EUR',
        description: 'Pro plan with a rather long name for a small screen',
        subscription: { initial_period_days: 30, recurring_amount: '19.99', recurring_period_days: 30, rebills: 99 },
      }),
    })
    const { client_secret: secret } = (await created.json()) as { client_secret: string }
    await page.goto(`${server.url}/elements/pay-card.html`)
    await expect.poll(() => page.locator('#events').textContent(), { timeout: 10_000 }).toMatch(/pay-ready co_\w+/)
    const secretField = page.locator('#attributes [name="client-secret"]')
    await secretField.fill(secret)
    await secretField.dispatchEvent('change')
    await expect.poll(() => page.locator('pay-card [part~="subscription-terms"]').count(), { timeout: 10_000 }).toBe(1)
    await check('card subscription terms', 'pay-card')
  })

  it('<pay-cvs>: form, the 16-digit Indomaret code, the Alfamart code, paid, expired', async () => {
    const getCode = async (store: string) => {
      const element = await startCheckout(/Gift voucher.*pay-cvs$/, 'pay-cvs')
      await expect.poll(() => element.getByRole('radio').count(), { timeout: 10_000 }).toBe(2)
      await element.getByRole('radio', { name: new RegExp(`^${store}`) }).check()
      await element.getByLabel('Full name').fill('Budi Santoso')
      await element.getByLabel('Mobile number').fill('+62 812-3456-7890')
      await element.getByLabel('Email').fill('budi@example.id')
      return element
    }
    let element = await getCode('Indomaret')
    await check('cvs form', 'pay-cvs')
    await element.getByRole('button', { name: 'Get payment code' }).click()
    await expect.poll(() => element.locator('[part~="payment-code"]').count(), { timeout: 10_000 }).toBe(1)
    const code = (await element.locator('[part~="payment-code"] .code-group').allTextContents()).join('')
    expect(code).toMatch(/^\d{16}$/)
    await check('cvs Indomaret code', 'pay-cvs')
    await sandbox()
      .getByLabel(/Payment code/)
      .fill(code)
    await sandbox().getByRole('button', { name: 'Let the code expire' }).click()
    await expect.poll(() => page.locator('#nicepay-result').textContent()).toContain('expired')
    await element.getByRole('button', { name: 'I have paid: check now' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 10_000 }).toContain('expired')
    await check('cvs expired', 'pay-cvs')

    element = await getCode('Alfamart')
    await element.getByRole('button', { name: 'Get payment code' }).click()
    await expect.poll(() => element.locator('[part~="payment-code"]').count(), { timeout: 10_000 }).toBe(1)
    await check('cvs Alfamart code', 'pay-cvs')
    const alfamart = (await element.locator('[part~="payment-code"] .code-group').allTextContents()).join('')
    await sandbox()
      .getByLabel(/Payment code/)
      .fill(alfamart)
    await sandbox().getByRole('button', { name: 'Pay at the store' }).click()
    await expect.poll(() => element.locator('[part~="status"]').textContent(), { timeout: 10_000 }).toContain('Payment received')
    await check('cvs paid', 'pay-cvs')
  })

  it('found nothing sticking out and no axe violation in any state', () => {
    expect(checked).toBeGreaterThan(100)
    expect(failures).toEqual([])
  })

  it('broke no CSP rule and logged no error', () => {
    expect(demo.problems).toEqual([])
  })
})
