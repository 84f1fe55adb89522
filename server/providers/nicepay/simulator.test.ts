import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import { cancelToken, inquiryToken, notificationToken, registrationToken, wibDateTime, wibTimestamp } from './sign.js'

/**
 * The simulator on its own, spoken to as a merchant would speak to NICEPAY: signed JSON in, flat
 * JSON with nulls out, errors as HTTP 200 with a resultCd, form-encoded notifications to
 * dbProcessUrl. Notifications go to a capture "merchant" outside the app.
 */

const KEY = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
const BASE = '/sandbox/nicepay'
const MERCHANT = 'http://merchant.test/nicepay/notify'

interface Captured {
  url: string
  headers: Headers
  body: string
}

let t: TestApp
let captured: Captured[]
let merchantStatus: number[]

beforeEach(async () => {
  captured = []
  merchantStatus = []
  t = await createTestApp('sqlite', {
    deps: {
      // The merchant's server, outside this app: records what NICEPAY sends it.
      fetch: async (input, init) => {
        const request = new Request(input, init)
        captured.push({ url: request.url, headers: request.headers, body: await request.text() })
        return new Response('OK', { status: merchantStatus.shift() ?? 200 })
      },
    },
  })
})
afterEach(() => t.dispose())

const post = (path: string, body: unknown, raw = false) =>
  t.app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  })

let sequence = 0
async function registration(overrides: Record<string, unknown> = {}, sign = true): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {
    timeStamp: wibTimestamp(t.clock()),
    iMid: KEY.iMid,
    payMethod: '03',
    currency: 'IDR',
    amt: '150000',
    referenceNo: `ORD-${Date.now()}-${++sequence}`,
    goodsNm: 'Gift voucher',
    billingNm: 'Budi Santoso',
    billingPhone: '081234567890',
    billingEmail: 'budi@example.id',
    billingAddr: '',
    billingCity: '',
    billingState: '',
    billingPostCd: '',
    billingCountry: 'Indonesia',
    cartData: JSON.stringify({ count: '1', item: [{ goods_name: 'Gift voucher', goods_amt: '150000' }] }),
    mitraCd: 'ALMA',
    payValidDt: '',
    payValidTm: '',
    dbProcessUrl: MERCHANT,
    ...overrides,
  }
  if (sign && !('merchantToken' in overrides)) {
    body.merchantToken = await registrationToken(KEY, {
      timeStamp: String(body.timeStamp),
      referenceNo: String(body.referenceNo),
      amt: String(body.amt),
    })
  }
  return body
}

async function register(overrides: Record<string, unknown> = {}): Promise<Json> {
  const response = await post('/nicepay/direct/v2/registration', await registration(overrides))
  expect(response.status).toBe(200)
  return readJson(response)
}

async function inquire(tXid: string, referenceNo: string, amt = '150000', overrides: Record<string, unknown> = {}): Promise<Json> {
  const timeStamp = wibTimestamp(t.clock())
  const response = await post('/nicepay/direct/v2/inquiry', {
    timeStamp,
    tXid,
    iMid: KEY.iMid,
    referenceNo,
    amt,
    merchantToken: await inquiryToken(KEY, { timeStamp, referenceNo, amt }),
    ...overrides,
  })
  expect(response.status).toBe(200)
  return readJson(response)
}

describe('NICEPAY simulator: direct registration', () => {
  it('registers a CVS payment and answers with the documented flat object, nulls included', async () => {
    const body = await registration({ mitraCd: 'ALMA', description: 'Order 42' })
    const response = await post('/nicepay/direct/v2/registration', body)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const json = await readJson(response)
    // The sample response's keys, in its order.
    expect(Object.keys(json)).toEqual([
      'resultCd',
      'resultMsg',
      'tXid',
      'referenceNo',
      'payMethod',
      'amt',
      'transDt',
      'transTm',
      'description',
      'bankCd',
      'vacctNo',
      'mitraCd',
      'payNo',
      'currency',
      'goodsNm',
      'billingNm',
      'vacctValidDt',
      'vacctValidTm',
      'payValidDt',
      'payValidTm',
    ])
    const { date, time } = wibDateTime(t.clock())
    expect(json).toMatchObject({
      resultCd: '0000',
      resultMsg: 'SUCCESS',
      referenceNo: body.referenceNo,
      payMethod: '03',
      amt: '150000',
      transDt: date,
      transTm: time,
      description: 'Order 42',
      bankCd: null,
      vacctNo: null,
      mitraCd: 'ALMA',
      currency: null,
      goodsNm: null,
      billingNm: null,
      payValidDt: null,
      payValidTm: null,
    })
    // iMid + payMethod + WIB yyyyMMddHHmmss + 4 digits.
    expect(json.tXid).toMatch(new RegExp(`^IONPAYTEST03${date}${time}\\d{4}$`))
    expect(json.payNo).toMatch(/^\d{12}$/)
    expect((await register({ mitraCd: 'INDO' })).payNo).toMatch(/^\d{16}$/)
  })

  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown iMid', { iMid: 'TESTIDTEST' }, '9011'],
    ['a payment method other than CVS', { payMethod: '02' }, '9012'],
    ['no amt', { amt: undefined }, '9007'],
    ['a currency other than IDR', { currency: 'USD' }, '9013'],
    ['no referenceNo', { referenceNo: '' }, '9014'],
    ['no goodsNm', { goodsNm: undefined }, '9015'],
    ['no billingNm', { billingNm: '' }, '9016'],
    ['no billingPhone', { billingPhone: undefined }, '9017'],
    ['no billingEmail', { billingEmail: undefined }, '9018'],
    ['no dbProcessUrl', { dbProcessUrl: '' }, '9020'],
    ['no billingCity', { billingCity: undefined }, '9025'],
    ['no billingState', { billingState: undefined }, '9026'],
    ['no billingPostCd', { billingPostCd: undefined }, '9027'],
    ['no billingCountry', { billingCountry: undefined }, '9028'],
    ['an amount with decimals', { amt: '150000.00' }, '9008'],
    ['an amount with a thousands separator', { amt: '150.000' }, '9008'],
    ['a referenceNo longer than 40', { referenceNo: 'R'.repeat(41) }, '9507'],
    ['a timestamp that is not 14 digits', { timeStamp: '2024-01-01 10:00' }, '9031'],
    ['a token made with the wrong key', { merchantToken: 'f'.repeat(64) }, '9010'],
    ['an unknown store', { mitraCd: 'LAWS' }, '9505'],
    ['no store', { mitraCd: undefined }, '9505'],
    ['an amount of Rp 0', { amt: '0', cartData: '' }, '9509'],
    ['cartData that is not JSON', { cartData: '{"count":' }, '9022'],
    ['cartData whose goods do not add up to amt', { cartData: JSON.stringify({ item: [{ goods_amt: '1000' }] }) }, '9023'],
    ['an impossible expiry date', { payValidDt: '20241350', payValidTm: '120000' }, '9510'],
    ['an impossible expiry time', { payValidDt: '20991231', payValidTm: '256000' }, '9511'],
    ['an expiry in the past', { payValidDt: '20200101', payValidTm: '000000' }, '9510'],
  ]

  it.each(cases)('answers %s with HTTP 200 and resultCd %s, and registers nothing', async (_what, overrides, code) => {
    const body = await registration(overrides)
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete body[k]
    const response = await post('/nicepay/direct/v2/registration', body)
    expect(response.status).toBe(200)
    const json = await readJson(response)
    expect(json).toEqual({ resultCd: code, resultMsg: expect.any(String) })
    // Nothing was registered: the same referenceNo then registers fine.
    if (typeof body.referenceNo === 'string' && body.referenceNo.length > 0 && body.referenceNo.length <= 40) {
      const retry = await register({ referenceNo: body.referenceNo })
      expect(retry.resultCd).toBe('0000')
    }
  })

  it("takes the machine's local time NICEPAY's own libraries send, and refuses a timestamp more than a day off with 9031", async () => {
    // The Python and Node libraries stamp requests with local time: UTC here, 7 hours behind WIB.
    const utc = new Date(t.clock()).toISOString().replace(/\D/g, '').slice(0, 14)
    expect((await register({ timeStamp: utc })).resultCd).toBe('0000')
    const stale = new Date(t.clock() - 2 * 86_400_000).toISOString().replace(/\D/g, '').slice(0, 14)
    expect((await register({ timeStamp: stale })).resultCd).toBe('9031')
    expect((await register({ timeStamp: '2024-01-01' })).resultCd).toBe('9031')
  })

  it('takes amounts as JSON numbers, as the Python and Node libraries send amt and goods_amt, and small ones', async () => {
    const cart = JSON.stringify({ count: 3, item: [{ goods_amt: 1000 }, { goods_amt: 5000 }, { goods_amt: '4000' }] })
    const body = await registration({ amt: '10000', cartData: cart })
    const json = await readJson(await post('/nicepay/direct/v2/registration', { ...body, amt: 10000 }))
    expect(json).toMatchObject({ resultCd: '0000', amt: '10000' })
    expect(await inquire(json.tXid, json.referenceNo, '10000', { amt: 10000 })).toMatchObject({ resultCd: '0000', status: '3' })
    // The PHP library's README registers Rp 100.
    expect((await register({ amt: '100', cartData: '' })).resultCd).toBe('0000')
  })

  it('checks the token over the amount exactly as sent', async () => {
    const body = await registration({ amt: '150000' })
    body.amt = '0150000'
    expect((await readJson(await post('/nicepay/direct/v2/registration', body))).resultCd).toBe('9010')
  })

  it('refuses a second registration of the same referenceNo with 9009', async () => {
    const first = await register()
    expect(first.resultCd).toBe('0000')
    const second = await register({ referenceNo: first.referenceNo })
    expect(second).toEqual({
      resultCd: '9009',
      resultMsg: 'Reference Number already exist. Please generate unique [referenceNo].',
    })
  })

  it('answers a body that is not JSON with resultCd 9001 on HTTP 200', async () => {
    const response = await post('/nicepay/direct/v2/registration', 'timeStamp=1&iMid=x', true)
    expect(response.status).toBe(200)
    expect((await readJson(response)).resultCd).toBe('9001')
  })

  it('keeps the validity the merchant sends, and applies a default when it is empty', async () => {
    const later = wibDateTime(t.clock() + 3 * 3600_000)
    const sent = await register({ payValidDt: later.date, payValidTm: later.time })
    const asked = await inquire(sent.tXid, sent.referenceNo)
    expect(asked).toMatchObject({ payValidDt: later.date, payValidTm: later.time })
    // Guess of the simulator (the record is silent): 24 hours.
    const plain = await register()
    const defaulted = wibDateTime(t.clock() + 24 * 3600_000)
    expect(await inquire(plain.tXid, plain.referenceNo)).toMatchObject({ payValidDt: defaulted.date, payValidTm: defaulted.time })
  })
})

describe('NICEPAY simulator: inquiry, store side and notifications', () => {
  it('reports 3 unpaid, 5 after an Alfamart cashier looks the code up, then 0 paid, and notifies dbProcessUrl', async () => {
    const reg = await register({ mitraCd: 'ALMA' })
    let asked = await inquire(reg.tXid, reg.referenceNo)
    expect(asked).toMatchObject({ resultCd: '0000', status: '3', mitraCd: 'ALMA', payNo: reg.payNo, depositDt: null, receiptCode: null })
    // The flat inquiry object: card and VA fields are present and null.
    for (const field of ['cardNo', 'authNo', 'vacctNo', 'bankCd', 'acquBankCd', 'instmntMon', 'preauthToken', 'mRefNo']) {
      expect(asked[field], field).toBeNull()
    }

    const lookup = await post('/store/lookup', { payNo: reg.payNo, store: 'ALMA' })
    expect(lookup.status).toBe(200)
    expect(await readJson(lookup)).toMatchObject({ amt: '150000', status: '5', billingNm: 'Budi Santoso' })
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('5')

    t.clock.advance(60_000)
    const paid = await post('/store/pay', { payNo: reg.payNo })
    expect(paid.status).toBe(200)
    expect((await readJson(paid)).notifications).toEqual([{ status: 200, body: 'OK' }])
    asked = await inquire(reg.tXid, reg.referenceNo)
    const deposit = wibDateTime(t.clock())
    expect(asked).toMatchObject({
      status: '0',
      depositDt: deposit.date,
      depositTm: deposit.time,
      receiptCode: expect.stringMatching(/^ALF\d{9}$/),
    })

    expect(captured).toHaveLength(1)
    const [notification] = captured
    expect(notification!.url).toBe(MERCHANT)
    expect(notification!.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(notification!.headers.get('user-agent')).toBe('Jakarta Commons-HttpClient/3.1')
    const form = new URLSearchParams(notification!.body)
    expect(Object.fromEntries(form)).toMatchObject({
      tXid: reg.tXid,
      referenceNo: reg.referenceNo,
      payMethod: '03',
      amt: '150000',
      currency: 'IDR',
      matchCl: '1',
      status: '0',
      mitraCd: 'ALMA',
      payNo: reg.payNo,
      depositDt: deposit.date,
      depositTm: deposit.time,
    })
    expect(form.get('merchantToken')).toBe(await notificationToken(KEY, { tXid: reg.tXid, amt: '150000' }))
  })

  it('keeps an Indomaret code at 3 when the cashier looks it up (5 is for the Alfamart group)', async () => {
    const reg = await register({ mitraCd: 'INDO' })
    expect((await post('/store/lookup', { payNo: reg.payNo, store: 'INDO' })).status).toBe(200)
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('3')
    // An Alfamart cashier cannot find an Indomaret code.
    expect((await post('/store/lookup', { payNo: reg.payNo, store: 'ALMA' })).status).toBe(404)
    expect((await post('/store/pay', { payNo: reg.payNo, store: 'INDO' })).status).toBe(200)
    expect((await inquire(reg.tXid, reg.referenceNo)).receiptCode).toMatch(/^IDM\d{9}$/)
  })

  it('reports 4 once the validity has passed, and the store refuses the expired code', async () => {
    const valid = wibDateTime(t.clock() + 10 * 60_000)
    const reg = await register({ payValidDt: valid.date, payValidTm: valid.time })
    t.clock.advance(10 * 60_000 + 1000)
    expect(await inquire(reg.tXid, reg.referenceNo)).toMatchObject({ status: '4', resultMsg: 'expired' })
    const pay = await post('/store/pay', { payNo: reg.payNo })
    expect(pay.status).toBe(409)
    expect(captured).toHaveLength(0)
  })

  it('lets the tester expire a code now', async () => {
    const reg = await register()
    const expired = await post('/store/expire', { payNo: reg.payNo })
    expect(await readJson(expired)).toMatchObject({ status: '4' })
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('4')
    expect((await post('/store/lookup', { payNo: reg.payNo })).status).toBe(409)
  })

  it('needs the tXid the documents require, and refuses wrong tokens, amounts and ids', async () => {
    const reg = await register()
    expect((await inquire(reg.tXid, reg.referenceNo)).tXid).toBe(reg.tXid)
    // No inquiry by referenceNo alone.
    expect(await inquire('', reg.referenceNo)).toEqual({ resultCd: '9528', resultMsg: 'Transaction not found' })
    expect(await inquire('', 'never-registered')).toEqual({ resultCd: '9528', resultMsg: 'Transaction not found' })
    expect((await inquire(reg.tXid, reg.referenceNo, '150001')).resultCd).toBe('9528')
    expect((await inquire(`${reg.tXid.slice(0, -1)}0`, reg.referenceNo)).resultCd).toMatch(/^(9528|0000)$/)
    expect((await inquire(reg.tXid, reg.referenceNo, '150000', { merchantToken: 'x' })).resultCd).toBe('9010')
    expect((await inquire(reg.tXid, reg.referenceNo, '150000', { iMid: 'OTHERMID01' })).resultCd).toBe('9011')
  })

  it('sends duplicates on request, redelivers after a failed delivery, and can sign with a bad token', async () => {
    const reg = await register()
    const paid = await readJson(await post('/store/pay', { payNo: reg.payNo, copies: 3, concurrent: true }))
    expect(paid.notifications).toHaveLength(3)
    expect(new Set(captured.map((c) => c.body)).size).toBe(1)

    await post('/control/faults', { notification_token: 'bad', notification_retry_delays_ms: [20] })
    merchantStatus.push(500)
    const again = await readJson(await post('/control/notify', { tXid: reg.tXid }))
    expect(again.notifications).toEqual([{ status: 500, body: 'OK' }])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(captured).toHaveLength(5) // three copies, the failed one, one redelivery
    const bad = new URLSearchParams(captured[4]!.body)
    expect(bad.get('merchantToken')).not.toBe(await notificationToken(KEY, { tXid: reg.tXid, amt: '150000' }))
  })

  it('refuses store actions on unknown, malformed or already paid codes', async () => {
    expect((await post('/store/pay', { payNo: '123456789012' })).status).toBe(404)
    expect((await post('/store/pay', { payNo: 'abc' })).status).toBe(400)
    expect((await post('/store/pay', {})).status).toBe(400)
    const reg = await register()
    expect((await post('/store/pay', { payNo: reg.payNo })).status).toBe(200)
    expect((await post('/store/pay', { payNo: reg.payNo })).status).toBe(409)
    expect((await post('/store/expire', { payNo: reg.payNo })).status).toBe(409)
  })
})

describe('NICEPAY simulator: cancel', () => {
  const cancel = async (tXid: string, amt = '150000', overrides: Record<string, unknown> = {}) => {
    const timeStamp = wibTimestamp(t.clock())
    return readJson(
      await post('/nicepay/direct/v2/cancel', {
        timeStamp,
        tXid,
        iMid: KEY.iMid,
        payMethod: '03',
        cancelType: '1',
        amt,
        merchantToken: await cancelToken(KEY, { timeStamp, tXid, amt }),
        ...overrides,
      }),
    )
  }

  it('cancels an unpaid code (then reported as 4), and refuses paid codes, partial cancels and bad tokens', async () => {
    const reg = await register()
    expect((await cancel(reg.tXid, '150000', { merchantToken: 'x' })).resultCd).toBe('9010')
    expect((await cancel(reg.tXid, '150000', { cancelType: '2' })).resultCd).toBe('9301')
    expect((await cancel(reg.tXid, '100000')).resultCd).toBe('9301')
    expect(await cancel(reg.tXid)).toMatchObject({ resultCd: '0000', tXid: reg.tXid, referenceNo: reg.referenceNo })
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('4')
    expect((await post('/store/pay', { payNo: reg.payNo })).status).toBe(409)

    const paid = await register()
    await post('/store/pay', { payNo: paid.payNo })
    expect((await cancel(paid.tXid)).resultCd).toBe('9330')
    expect((await cancel('IONPAYTEST03000000000000000000')).resultCd).toBe('9528')
  })
})

describe('NICEPAY simulator: redirect flow (API checkout)', () => {
  it('registers, serves the payment page, issues the code there and returns to callBackUrl with both amount names', async () => {
    expect((await readJson(await post('/nicepay/redirect/v2/registration', await registration({ mitraCd: 'ALMA' })))).resultCd).toBe('9019')

    const body = await registration({ payMethod: '00', mitraCd: '', callBackUrl: 'https://shop.example/callback?order=42' })
    const reg = await readJson(await post('/nicepay/redirect/v2/registration', body))
    expect(reg).toMatchObject({ resultCd: '0000', payMethod: '00', currency: 'IDR', goodsNm: 'Gift voucher', billingNm: 'Budi Santoso' })
    expect(reg.tXid).toMatch(/^IONPAYTEST00\d{18}$/)
    expect(reg.paymentURL).toBe(`${t.config.publicUrl}/sandbox/nicepay/nicepay/redirect/v2/payment`)
    expect(reg.payValidDt).toMatch(/^\d{8}$/)

    // The browser is sent to paymentURL?tXid=…; the page has its own strict policy and no script.
    const pagePath = `${BASE}/nicepay/redirect/v2/payment?tXid=${reg.tXid}`
    const page = await t.app.request(pagePath)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('Indomaret')
    expect(html).not.toMatch(/<script|style=/)
    expect((await inquire(reg.tXid, reg.referenceNo)).resultMsg).toBe('init')

    const form = (fields: Record<string, string>) =>
      t.app.request(pagePath, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
    expect((await form({ tXid: reg.tXid })).status).toBe(400)
    const done = await form({ tXid: reg.tXid, mitraCd: 'INDO' })
    expect(done.status).toBe(303)
    const back = new URL(done.headers.get('location')!)
    expect(back.origin + back.pathname).toBe('https://shop.example/callback')
    const params = Object.fromEntries(back.searchParams)
    expect(params).toMatchObject({
      order: '42',
      tXid: reg.tXid,
      referenceNo: reg.referenceNo,
      amt: '150000',
      amount: '150000',
      mitraCd: 'INDO',
      resultCd: '0000',
      resultMsg: 'SUCCESS',
      transDt: reg.transDt,
      transTm: reg.transTm,
    })
    expect(params.payNo).toMatch(/^\d{16}$/)

    // The callback only means "code issued": the inquiry still says unpaid until the store takes the money.
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('3')
    await post('/store/pay', { payNo: params.payNo })
    expect((await inquire(reg.tXid, reg.referenceNo)).status).toBe('0')
    expect(captured).toHaveLength(1)
    // Coming back to the page later goes straight to the callback.
    expect((await t.app.request(pagePath)).status).toBe(302)
    expect((await t.app.request(`${BASE}/nicepay/redirect/v2/payment?tXid=nope`)).status).toBe(404)
  })
})

describe('NICEPAY simulator: field shapes (both registrations)', () => {
  const redirect = (overrides: Record<string, unknown>) =>
    registration({ payMethod: '00', mitraCd: '', callBackUrl: 'https://shop.example/callback', ...overrides })
  it.each([
    ['a callBackUrl that is not an http(s) URL', { callBackUrl: 'javascript:alert(1)' }, '9019'],
    ['a callBackUrl over 255 characters', { callBackUrl: `https://shop.example/${'a'.repeat(240)}` }, '9019'],
    ['a dbProcessUrl that is not a URL', { dbProcessUrl: 'merchant notify' }, '9020'],
    ['a billingPhone that is not digits', { billingPhone: '+6281234567890' }, '9017'],
    ['a billingPhone over 15 digits', { billingPhone: '0812345678901234' }, '9017'],
    ['a billingEmail over 40 characters', { billingEmail: `${'a'.repeat(30)}@example.co.id` }, '9018'],
    ['a billingNm over 100 characters', { billingNm: 'B'.repeat(101) }, '9016'],
    ['a goodsNm over 100 characters', { goodsNm: 'G'.repeat(101) }, '9015'],
  ])('refuses %s with the field’s code, registering nothing', async (_what, overrides, code) => {
    expect((await readJson(await post('/nicepay/redirect/v2/registration', await redirect(overrides)))).resultCd).toBe(code)
    if (!('callBackUrl' in overrides)) {
      expect((await readJson(await post('/nicepay/direct/v2/registration', await registration(overrides)))).resultCd).toBe(code)
    }
    expect(await readJson(await t.app.request(`${BASE}/control/transactions`))).toEqual([])
  })
})

describe('NICEPAY simulator: fault switches', () => {
  it('adds latency', async () => {
    await post('/control/faults', { latency_ms: 150 })
    const started = performance.now()
    expect((await register()).resultCd).toBe('0000')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it.each([
    ['http_500', 500, /Internal Server Error/],
    ['http_502', 502, /Bad Gateway/],
    ['http_503', 503, /Unavailable/],
    ['malformed_json', 200, /^\{"resultCd":"0000","resultMsg":"SUCC$/],
    ['empty_body', 200, /^$/],
    ['html', 200, /<html>/],
  ])('fails with %s for the chosen number of calls, before doing the work', async (failure, status, body) => {
    await post('/control/faults', { failure, failure_count: 1, failure_endpoints: ['registration'] })
    const first = await registration()
    const response = await post('/nicepay/direct/v2/registration', first)
    expect(response.status).toBe(status)
    expect(await response.text()).toMatch(body)
    // Not processed: the same referenceNo registers on the next (healthy) call.
    expect((await readJson(await post('/nicepay/direct/v2/registration', first))).resultCd).toBe('0000')
  })

  it('times out after doing the work, holding the connection until the caller gives up', async () => {
    await post('/control/faults', { failure: 'timeout', failure_count: 1, hang_ms: 5000 })
    const body = await registration()
    const started = performance.now()
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 100)
    const response = await t.app.request(`${BASE}/nicepay/direct/v2/registration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: abort.signal,
    })
    expect(response.status).toBe(504)
    expect(performance.now() - started).toBeLessThan(2000)
    // The registration happened although its answer was lost: its referenceNo is taken.
    expect((await register({ referenceNo: body.referenceNo })).resultCd).toBe('9009')
  })

  it('answers with a forced resultCd, and the switches can be read, refused and reset', async () => {
    expect((await readJson(await post('/control/faults', { result_cd: '9002', failure_endpoints: ['inquiry'] }))).result_cd).toBe('9002')
    const reg = await register()
    expect(reg.resultCd).toBe('0000')
    expect((await inquire(reg.tXid, reg.referenceNo)).resultCd).toBe('9002')
    expect((await post('/control/faults', { failure: 'explode' })).status).toBe(400)
    expect((await post('/control/faults', { latency_ms: -1 })).status).toBe(400)
    expect((await post('/control/faults', { surprise: true })).status).toBe(400)
    const reset = await readJson(await t.app.request(`${BASE}/control/faults`, { method: 'DELETE' }))
    expect(reset).toMatchObject({ failure: null, result_cd: null, latency_ms: 0, notification_token: 'valid' })
    expect((await inquire(reg.tXid, reg.referenceNo)).resultCd).toBe('0000')
  })
})
