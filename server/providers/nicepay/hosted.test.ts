import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'

/**
 * Hosted mode of `<pay-cvs>` on the server, on every database: one registration through NICEPAY's
 * API checkout per checkout (however many requests arrive at once), the payer picking the store on
 * the simulator's payment page, and the callback that believes nothing in its query until an
 * inquiry made with what the server stored confirms it.
 */

const PAYER = { name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi@example.id' }
const SHOP = 'https://shop.example'
/** NICEPAY as seen from the server in the concurrency test: a host of its own, so its calls can be held. */
const GATED_NICEPAY = 'http://nicepay.gate'

describe.each(DIALECTS)('NICEPAY hosted payment page on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  const start = async (options: { env?: Record<string, string>; fetch?: typeof fetch } = {}) => {
    t = await createTestApp(dialect, {
      env: { PAY_PROVIDER_TIMEOUT_MS: '2000', PAY_ALLOWED_ORIGINS: `${SHOP},localhost`, ...options.env },
      deps: { fetch: options.fetch ?? (async () => new Response(null, { status: 204 })) },
    })
    return t
  }
  const idrCheckout = () => t.createCheckout({ amount: '150000', currency: 'IDR', description: 'Gift voucher' })
  const client = (path: string, secret: string, body?: unknown) =>
    t.app.request(`/v1/client/cvs${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-client-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const simTransactions = async (): Promise<Json[]> => readJson(await t.app.request('/sandbox/nicepay/control/transactions'))
  const paymentRow = async (checkoutId: string) =>
    t.database.db.selectFrom('payments').selectAll().where('checkout_id', '=', checkoutId).executeTakeFirstOrThrow()
  const merchantView = async (id: string): Promise<Json> => readJson(await t.merchant(`/v1/checkouts/${id}`))
  /** The payer on NICEPAY's page: picks a store; the page sends the browser to the callback. */
  const pickStore = async (paymentUrl: string, mitraCd: 'ALMA' | 'INDO') => {
    const url = new URL(paymentUrl)
    const page = await t.app.request(url.pathname + url.search)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Alfamart')
    const done = await t.app.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tXid: url.searchParams.get('tXid')!, mitraCd }).toString(),
    })
    expect(done.status).toBe(303)
    return new URL(done.headers.get('location')!)
  }
  const follow = (callback: URL) => t.app.request(callback.pathname + callback.search)

  it('registers through the API checkout, and shows the code once the callback is confirmed by inquiry', async () => {
    await start()
    const created = await idrCheckout()
    const first = await client('/hosted', created.client_secret, { ...PAYER, return_url: `${SHOP}/order/42` })
    expect(first.status).toBe(201)
    const hosted = await readJson(first)
    expect(hosted.payment).toBeNull()
    expect(hosted.payment_url).toMatch(
      new RegExp(`^${t.config.publicUrl}/sandbox/nicepay/nicepay/redirect/v2/payment\\?tXid=IONPAYTEST00\\d{18}$`),
    )
    const row = await paymentRow(created.id)
    expect(row).toMatchObject({ provider: 'nicepay', status: 'issued' })
    expect(JSON.parse(row.details)).toMatchObject({
      flow: 'hosted',
      mitraCd: null,
      referenceNo: `${created.id}-PAGE`,
      returnUrl: `${SHOP}/order/42`,
      customer: { phone: '081234567890' },
    })
    // A payment has started at NICEPAY: the checkout is pending, as for a hosted crypto page.
    expect((await merchantView(created.id)).status).toBe('pending')
    const [registered] = await simTransactions()
    expect(registered).toMatchObject({ payNo: null, store: null, billingNm: 'Budi Santoso', amt: '150000' })

    // Asked again (a reload, a second click): the same page, no second registration; the details go unused.
    const again = await client('/hosted', created.client_secret, {})
    expect(again.status).toBe(200)
    expect(await readJson(again)).toEqual(hosted)
    // The direct route will not issue a second code beside it.
    const direct = await client('/payment', created.client_secret, { store: 'indomaret', ...PAYER })
    expect(direct.status).toBe(409)
    expect((await readJson(direct)).error.code).toBe('payment_on_provider_page')
    expect(await simTransactions()).toHaveLength(1)

    const callback = await pickStore(hosted.payment_url, 'ALMA')
    expect(callback.origin + callback.pathname).toBe(`${t.config.publicUrl}/webhooks/nicepay/callback`)
    const back = await follow(callback)
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`${SHOP}/order/42`)

    const { payment } = await readJson(await client('/payment', created.client_secret))
    expect(payment).toMatchObject({ store: 'alfamart', pay_no: callback.searchParams.get('payNo'), amount: '150000', status: 'issued' })
    expect(await readJson(await client('/hosted', created.client_secret, {}))).toEqual({ payment, payment_url: null })

    // Paid at the till: NICEPAY's notification, confirmed by inquiry, as for a direct code.
    await t.app.request('/sandbox/nicepay/store/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payNo: payment.pay_no }),
    })
    expect(await merchantView(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
  })

  it('registers once when six requests arrive while the registration is held at NICEPAY', async () => {
    let registrations = 0
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let reached!: () => void
    const first = new Promise<void>((resolve) => (reached = resolve))
    await start({
      env: { NICEPAY_BASE_URL: `${GATED_NICEPAY}/sandbox/nicepay` },
      // NICEPAY's host is the simulator of this same app; a redirect registration waits for the test.
      fetch: async (input, init) => {
        const request = new Request(input, init)
        const url = new URL(request.url)
        if (url.origin !== GATED_NICEPAY) return new Response(null, { status: 204 })
        if (url.pathname.endsWith('/redirect/v2/registration')) {
          registrations++
          reached()
          await held
        }
        const answer = await t.app.request(url.pathname, { method: request.method, headers: request.headers, body: await request.text() })
        // The simulator names its page on the app's own host; NICEPAY's page is on NICEPAY's.
        return new Response((await answer.text()).replaceAll(t.config.publicUrl, GATED_NICEPAY), answer)
      },
    })
    const created = await idrCheckout()
    const asking = Array.from({ length: 6 }, () => client('/hosted', created.client_secret, PAYER))
    await first
    // Every request is in; the first holds the claim while NICEPAY answers, the others wait on it.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(registrations).toBe(1)
    release()
    const responses = await Promise.all(asking)
    const bodies = await Promise.all(responses.map(readJson))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
    expect(new Set(bodies.map((b) => b.payment_url)).size).toBe(1)
    expect(bodies[0].payment_url).toMatch(new RegExp(`^${GATED_NICEPAY}/sandbox/nicepay/nicepay/redirect/v2/payment\\?tXid=`))
    expect(registrations).toBe(1)
    expect(await t.count('payments')).toBe(1)
  })

  it('changes nothing for a forged callback query; only the inquiry with our own tXid counts', async () => {
    await start()
    const created = await idrCheckout()
    const other = await idrCheckout()
    const hosted = await readJson(await client('/hosted', created.client_secret, { ...PAYER, return_url: `${SHOP}/order/42` }))
    const otherHosted = await readJson(await client('/hosted', other.client_secret, PAYER))
    const tXid = new URL(hosted.payment_url).searchParams.get('tXid')!
    const before = await paymentRow(created.id)
    const callback = (query: Record<string, string>) =>
      t.app.request(`/webhooks/nicepay/callback?${new URLSearchParams(query)}`, { method: 'GET' })

    // The payer has picked nothing yet, whatever the query claims: code, store, success, payment.
    const forged = {
      tXid,
      referenceNo: `${created.id}-PAGE`,
      amt: '1',
      amount: '1',
      payNo: '512345678901',
      mitraCd: 'ALMA',
      resultCd: '0000',
      resultMsg: 'SUCCESS',
      status: '0',
    }
    const back = await callback(forged)
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`${SHOP}/order/42`)
    // The same as a POST with a JSON body, as one line of NICEPAY's documents has it.
    const posted = await t.app.request('/webhooks/nicepay/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    })
    expect(posted.status).toBe(303)
    // Our referenceNo with another checkout's tXid: not acted on; another checkout's callback leads to its own page.
    const otherTxid = new URL(otherHosted.payment_url).searchParams.get('tXid')!
    expect((await callback({ ...forged, tXid: otherTxid, referenceNo: `${other.id}-PAGE` })).status).toBe(200)
    expect((await callback({ ...forged, tXid: 'IONPAYTEST00000000000000000000', referenceNo: 'co_nope-PAGE' })).status).toBe(404)
    expect((await callback({ referenceNo: '<script>' })).status).toBe(404)

    expect(await readJson(await client('/payment', created.client_secret))).toEqual({ payment: null })
    const after = await paymentRow(created.id)
    // The inquiry's word (unpaid) is all that was taken in.
    expect(JSON.parse(after.details)).toEqual({ ...JSON.parse(before.details), providerStatus: '3' })
    expect(after.status).toBe('issued')
    expect(await merchantView(created.id)).toMatchObject({ status: 'pending', amount_paid: '0' })
    expect(await readJson(await client('/hosted', created.client_secret, {}))).toEqual(hosted)
  })

  it('shows a page of its own to a payer who came in a popup (no return URL), and the code once confirmed', async () => {
    await start()
    const created = await idrCheckout()
    const hosted = await readJson(await client('/hosted', created.client_secret, PAYER))
    // The element in the other window asked a moment ago; the callback still asks NICEPAY itself.
    expect(await readJson(await client('/payment/check', created.client_secret, {}))).toEqual({ payment: null })
    const callback = await pickStore(hosted.payment_url, 'INDO')
    const page = await follow(callback)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('Your payment code is ready')
    expect(html).not.toMatch(/<script|style=/)
    // The page in the other window learns of it by asking.
    const { payment } = await readJson(await client('/payment/check', created.client_secret, {}))
    expect(payment).toMatchObject({ store: 'indomaret', pay_no: callback.searchParams.get('payNo') })
  })

  it('finds the code by inquiry when the callback never came (the payer closed NICEPAY’s page)', async () => {
    await start()
    const created = await idrCheckout()
    const hosted = await readJson(await client('/hosted', created.client_secret, PAYER))
    const callback = await pickStore(hosted.payment_url, 'ALMA')
    expect(await readJson(await client('/payment', created.client_secret))).toEqual({ payment: null })
    const { payment } = await readJson(await client('/payment/check', created.client_secret, {}))
    expect(payment).toMatchObject({ store: 'alfamart', pay_no: callback.searchParams.get('payNo'), status: 'issued' })
  })

  it('withdraws the registration at NICEPAY when the merchant cancels before the payer picked a store', async () => {
    await start()
    const created = await idrCheckout()
    const hosted = await readJson(await client('/hosted', created.client_secret, PAYER))
    expect((await t.merchant(`/v1/checkouts/${created.id}/cancel`, { method: 'POST' })).status).toBe(200)
    expect((await simTransactions())[0]).toMatchObject({ status: '4', payNo: null })
    // NICEPAY's page gives no code for it any more, and the element is offered none.
    const url = new URL(hosted.payment_url)
    const picked = await t.app.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tXid: url.searchParams.get('tXid')!, mitraCd: 'ALMA' }).toString(),
    })
    expect(picked.status).toBe(410)
    expect(await readJson(await client('/hosted', created.client_secret, {}))).toEqual({ payment: null, payment_url: null })
    expect(await merchantView(created.id)).toMatchObject({ status: 'canceled' })
    // A checkout closed before any registration is refused as such, before any detail is asked for.
    const closed = await idrCheckout()
    expect((await t.merchant(`/v1/checkouts/${closed.id}/cancel`, { method: 'POST' })).status).toBe(200)
    const refused = await client('/hosted', closed.client_secret, {})
    expect(refused.status).toBe(409)
    expect((await readJson(refused)).error.code).toBe('checkout_not_payable')
  })

  it('refuses missing details, a return URL on a foreign origin and another currency, naming the field, and keeps nothing', async () => {
    await start()
    const created = await idrCheckout()
    const refused = async (body: unknown, field: string, secret = created.client_secret) => {
      const response = await client('/hosted', secret, body)
      expect(response.status).toBe(400)
      expect((await readJson(response)).error.field).toBe(field)
    }
    await refused({ phone: PAYER.phone, email: PAYER.email }, 'name')
    await refused({ ...PAYER, phone: '12' }, 'phone')
    await refused({ ...PAYER, return_url: 'https://evil.example/steal' }, 'return_url')
    await refused({ ...PAYER, return_url: 'javascript:alert(1)' }, 'return_url')
    await refused({ ...PAYER, extra: 1 }, 'extra')
    const usd = await t.createCheckout({ amount: '10.00', currency: 'USD' })
    await refused(PAYER, 'currency', usd.client_secret)
    expect(await t.count('payments')).toBe(0)
    expect(await simTransactions()).toHaveLength(0)
    // Loopback pages (allowed with "localhost") and the server's own pages are fine.
    expect((await client('/hosted', created.client_secret, { ...PAYER, return_url: 'http://127.0.0.1:5173/shop' })).status).toBe(201)
  })

  it('registers again under the next referenceNo when the answer is lost; the lost one can produce no code', async () => {
    await start({ env: { PAY_PROVIDER_TIMEOUT_MS: '300' } })
    const created = await idrCheckout()
    await t.app.request('/sandbox/nicepay/control/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failure: 'http_502', failure_after_processing: true, failure_count: 1, failure_endpoints: ['registration'] }),
    })
    const hosted = await readJson(await client('/hosted', created.client_secret, PAYER))
    expect(hosted.payment_url).toMatch(/tXid=/)
    const row = await paymentRow(created.id)
    expect(JSON.parse(row.details)).toMatchObject({ referenceNo: `${created.id}-PAGE-2`, lostReferences: [`${created.id}-PAGE`] })
    const transactions = await simTransactions()
    expect(transactions.map((x) => x.referenceNo).sort()).toEqual([`${created.id}-PAGE`, `${created.id}-PAGE-2`])
    expect(new URL(hosted.payment_url).searchParams.get('tXid')).toBe(transactions.find((x) => x.referenceNo.endsWith('-2'))!.tXid)
  })
})
