import { createHash } from 'node:crypto'
import Big from 'big.js'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../../test/helpers/databases.js'
import { createTestApp, readJson, SECRET_KEY, type Json, type TestApp } from '../../../test/helpers/app.js'
import { checkoutMessages } from '../../../test/helpers/sse.js'
import { eventually } from '../../../test/helpers/wait.js'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { ccpaymentHeaders, ccpaymentSign, checkCcpaymentSignature } from './sign.js'
import { depositStatus } from './deposit-status.js'
import { paymentUri } from './payment-uri.js'
import { LATE_CREDIT_MS } from './deposits.js'

const credentials = { appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID, appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET }
const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const USDT_ERC20 = '264f4725-3cfd-4ff6-bc80-ff9d799d5fb2'
const BTC = 'f137d42c-f3a6-4f23-9402-76f0395d0cfe'
const XRP = '0b7e4f2a-6c1d-4e8f-a3b5-9d2c7e6f1a40'

describe('CCPayment signing', () => {
  it('is SHA-256 of appId + secret + timestamp + raw body, as an independent implementation computes it', async () => {
    const body = '{"merchant_order_id":"o-1","product_price":"19.90"}'
    const expected = createHash('sha256').update(`app-1secret-11677152490${body}`, 'utf8').digest('hex')
    expect(await ccpaymentSign('app-1', 'secret-1', '1677152490', body)).toBe(expected)
    expect(await ccpaymentSign('app-1', 'secret-1', '1677152490', '')).toBe(
      createHash('sha256').update('app-1secret-11677152490').digest('hex'),
    )
  })
})

describe('CCPayment signature check', () => {
  const now = 1_700_000_000_000
  const body = '{"record_id":"r-1"}'
  const headersFor = async (overrides: Record<string, string | null> = {}, signedBody = body, at = now) => {
    const headers = new Headers(await ccpaymentHeaders(credentials, signedBody, at))
    for (const [name, value] of Object.entries(overrides)) {
      if (value === null) headers.delete(name)
      else headers.set(name, value)
    }
    return headers
  }
  const check = async (headers: Headers, text = body) => checkCcpaymentSignature(credentials, headers, text, now)

  it('accepts the three headers over the exact body, the signature in either case, within two minutes', async () => {
    expect(await check(await headersFor())).toBeNull()
    const sign = (await headersFor()).get('sign')!
    expect(await check(await headersFor({ sign: sign.toUpperCase() }))).toBeNull()
    expect(await check(await headersFor({}, body, now - 120_000))).toBeNull()
    expect(await check(await headersFor({}, body, now + 120_999))).toBeNull()
  })

  it('names what is wrong: missing headers, another app, a stale or malformed timestamp, a bad signature', async () => {
    for (const name of ['appid', 'timestamp', 'sign']) expect(await check(await headersFor({ [name]: null }))).toBe('missing_headers')
    for (const appId of ['another-app', credentials.appId.slice(0, -1), `${credentials.appId}x`, credentials.appId.toUpperCase()]) {
      if (appId !== credentials.appId) expect(await check(await headersFor({ appid: appId }))).toBe('wrong_app_id')
    }
    expect(await check(await headersFor({}, body, now - 121_000))).toBe('stale_timestamp')
    expect(await check(await headersFor({}, body, now + 121_000))).toBe('stale_timestamp')
    expect(await check(await headersFor({ timestamp: `0${Math.floor(now / 1000)}` }))).toBe('stale_timestamp')
    const sign = (await headersFor()).get('sign')!
    const flipped = `${sign.slice(0, 10)}${sign[10] === '0' ? '1' : '0'}${sign.slice(11)}`
    for (const bad of [flipped, sign.slice(0, -1), `${sign}0`, `${sign.slice(0, -1)}g`]) {
      expect(await check(await headersFor({ sign: bad }))).toBe('bad_signature')
    }
    expect(await check(await headersFor(), `${body} `)).toBe('bad_signature')
    expect(await check(await headersFor({}, '{"record_id":"r-2"}'))).toBe('bad_signature')
  })
})

describe('deposit status', () => {
  const end = 1_000_000
  it.each([
    [[], end - 1, 'Awaiting payment'],
    [[], end + 1, 'Expired'],
    [[{ amount: '5', at: 10 }], end - 1, 'Underpayment'],
    [[{ amount: '5', at: 10 }], end + 1, 'Underpayment(Overdue)'],
    [
      [
        { amount: '5', at: 10 },
        { amount: '5', at: 20 },
      ],
      end + 5,
      'Paid',
    ],
    [[{ amount: '10', at: end + 1 }], end + 5, 'Paid(Overdue)'],
    [[{ amount: '10.000001', at: 10 }], end - 1, 'Overpayment'],
    [
      [
        { amount: '5', at: 10 },
        { amount: '6', at: end + 1 },
      ],
      end + 5,
      'Overpayment(Overdue)',
    ],
  ] as const)('%j at %d is %s', (records, now, status) => {
    expect(depositStatus('10', records, end, now)).toBe(status)
  })
})

describe('payment URIs', () => {
  it('uses BIP21, EIP-681 and the bare address where a chain has no standard', () => {
    expect(paymentUri({ chain: 'BTC', contract: 'BTC', address: 'bc1qxyz', amount: '0.00021811', memo: '' })).toBe(
      'bitcoin:bc1qxyz?amount=0.00021811',
    )
    expect(
      paymentUri({ chain: 'ETH', contract: '0xdAC17F958D2ee523a2206206994597C13D831ec7', address: '0xabc', amount: '19.9', memo: '' }),
    ).toBe('ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0xabc&uint256=19900000')
    expect(paymentUri({ chain: 'ETH', contract: '1', address: '0xabc', amount: '0.5', memo: '' })).toBe(
      'ethereum:0xabc@1?value=500000000000000000',
    )
    expect(paymentUri({ chain: 'TRX', contract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', address: 'TXyz', amount: '19.9', memo: '' })).toBe(
      'TXyz',
    )
    expect(paymentUri({ chain: 'XRP', contract: 'XRP', address: 'rAbc', amount: '9.1', memo: '123' })).toBe('rAbc')
  })
})

describe('CCPayment simulator', () => {
  let t: TestApp
  afterEach(() => t.dispose())

  async function call(path: string, body: unknown, headers?: Record<string, string>) {
    const text = body === undefined ? '' : JSON.stringify(body)
    const response = await t.app.request(`/sandbox/ccpayment/ccpayment/v1/${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        ...(await ccpaymentHeaders(credentials, text, Date.now())),
        ...headers,
      },
      body: text,
    })
    expect(response.status).toBe(200) // errors too, as the real one does
    return { response, json: (await readJson(response)) as { code: number; msg: string; data: Json } }
  }
  const bill = (overrides: Record<string, unknown> = {}) => ({
    token_id: USDT_TRC20,
    product_price: '19.90',
    merchant_order_id: `o-${Math.random()}`,
    denominated_currency: 'USD',
    ...overrides,
  })

  it('signs its answers in the same headers', async () => {
    t = await createTestApp('sqlite')
    const response = await t.app.request('/sandbox/ccpayment/ccpayment/v1/coin/all', {
      method: 'POST',
      headers: await ccpaymentHeaders(credentials, '', Date.now()),
      body: '',
    })
    const raw = await response.text()
    expect(JSON.parse(raw).code).toBe(10000)
    expect(response.headers.get('sign')).toBe(
      await ccpaymentSign(credentials.appId, credentials.appSecret, response.headers.get('timestamp')!, raw),
    )
  })

  it('refuses bad signatures, stale timestamps, missing headers and another app, with HTTP 200 and a code', async () => {
    t = await createTestApp('sqlite')
    expect((await call('coin/all', undefined, { Sign: '0'.repeat(64) })).json.code).toBe(11005)
    const stale = await ccpaymentHeaders(credentials, '', Date.now() - 121_000)
    expect((await call('coin/all', undefined, stale)).json.code).toBe(11006)
    expect((await call('coin/all', undefined, { Appid: 'someone-else' })).json.code).toBe(12001)
    const bare = await t.app.request('/sandbox/ccpayment/ccpayment/v1/coin/all', { method: 'POST', body: '' })
    expect(((await readJson(bare)) as Json).code).toBe(11001)
  })

  it('checks orders as CCPayment does', async () => {
    t = await createTestApp('sqlite')
    const first = await call('bill/create', bill({ merchant_order_id: 'dup-1' }))
    expect(first.json).toMatchObject({ code: 10000, data: { amount: '19.9', network: 'TRC20', memo: '' } })
    expect((await call('bill/create', bill({ merchant_order_id: 'dup-1' }))).json.code).toBe(11011)
    expect((await call('bill/create', bill({ product_price: '19.999' }))).json.code).toBe(11000)
    expect((await call('bill/create', bill({ token_id: 'nope' }))).json.code).toBe(13000)
    expect((await call('bill/create', bill({ order_valid_period: 864_001 }))).json.code).toBe(11012)
    expect((await call('concise/url/get', bill({ product_name: 'Tee' }))).json.data.payment_url).toMatch(/\/sandbox\/ccpayment\/pay\?key=/)
  })

  it('converts at exact decimals and quotes orders rounded up to the token precision', async () => {
    t = await createTestApp('sqlite')
    expect((await call('token/rate', { amount: '1000', token_id: BTC })).json.data).toEqual({
      price: '91234.56',
      value: '0.010960758730025113',
    })
    expect((await call('bill/create', bill({ token_id: BTC }))).json.data.amount).toBe('0.00021812')
  })
})

describe.each(DIALECTS)('<pay-crypto> server routes on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t?.dispose())

  const setup = async (env: Record<string, string> = {}) => {
    t = await createTestApp(dialect, {
      env: { PAY_MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks', PAY_PROVIDER_TIMEOUT_MS: '300', ...env },
    })
    const checkout = await t.createCheckout({ amount: '19.90', currency: 'USD', description: 'Blue T-shirt', expires_in: 3600 })
    const client = (path: string, init: { method?: string; body?: unknown } = {}) =>
      t.app.request(`/v1/client/crypto${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: { 'x-client-secret': checkout.client_secret, ...(init.body ? { 'content-type': 'application/json' } : {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
      })
    const control = (path: string, body?: unknown) =>
      t.app.request(`/sandbox/ccpayment/control${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const read = async () => (await readJson(await t.merchant(`/v1/checkouts/${checkout.id}`))) as Json
    const deposit = async () => (await readJson(await client('/deposit'))) as Json
    const orderRef = async () =>
      (await t.database.db.selectFrom('payments').select('provider_reference').where('status', '=', 'active').executeTakeFirstOrThrow())
        .provider_reference
    return { checkout, client, control, read, deposit, orderRef }
  }

  it('lists coins and networks with the amount this checkout costs in each', async () => {
    const { client } = await setup()
    const { coins } = (await readJson(await client('/options'))) as Json
    const usdt = coins.find((c: Json) => c.symbol === 'USDT')
    expect(usdt.networks.map((n: Json) => n.network)).toEqual(['TRC20', 'ERC20', 'BEP20'])
    expect(usdt.networks[0]).toMatchObject({ token_id: USDT_TRC20, amount: '19.9', memo: false })
    expect(coins.find((c: Json) => c.symbol === 'XRP').networks[0].memo).toBe(true)
  })

  it('starts a native deposit once per coin, with address, amount, QR and a pending checkout', async () => {
    const { client, read, control } = await setup()
    const first = await client('/deposits', { body: { token_id: USDT_TRC20 } })
    expect(first.status).toBe(201)
    const view = (await readJson(first)) as Json
    expect(view).toMatchObject({
      kind: 'native',
      status: 'Awaiting payment',
      crypto: 'USDT',
      network: 'TRC20',
      amount: '19.9',
      amount_paid: '0',
      amount_due: '19.9',
      memo: null,
    })
    expect(view.address).toMatch(/^T\w{33}$/)
    expect(view.payment_uri).toBe(view.address) // TRON has no payment URI standard
    expect(view.qr.size).toBeGreaterThanOrEqual(21)
    expect(atob(view.qr.modules).length).toBe(Math.ceil((view.qr.size * view.qr.size) / 8))

    const again = (await readJson(await client('/deposits', { body: { token_id: USDT_TRC20 } }))) as Json
    expect(again.address).toBe(view.address)
    expect(await t.count('payments')).toBe(1)
    expect((await read()).status).toBe('pending')
    const ref = (await t.database.db.selectFrom('payments').select('provider_reference').executeTakeFirstOrThrow()).provider_reference
    expect((await control(`/orders/${ref}`)).status).toBe(200)
  })

  it('shows the memo for memo chains and a standard URI where there is one', async () => {
    const { client } = await setup()
    const xrp = (await readJson(await client('/deposits', { body: { token_id: XRP } }))) as Json
    expect(xrp.memo).toMatch(/^\d+$/)
    const btc = (await readJson(await client('/deposits', { body: { token_id: BTC } }))) as Json
    expect(btc.payment_uri).toBe(`bitcoin:${btc.address}?amount=${btc.amount}`)
    const erc20 = (await readJson(await client('/deposits', { body: { token_id: USDT_ERC20 } }))) as Json
    expect(erc20.payment_uri).toMatch(
      /^ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1\/transfer\?address=0x[0-9a-f]{40}&uint256=19900000$/,
    )
  })

  it('refuses an unknown coin, a non-crypto checkout and a browser without a secret', async () => {
    const { client } = await setup()
    const unknown = await client('/deposits', { body: { token_id: 'not-a-token' } })
    expect(unknown.status).toBe(400)
    expect(((await readJson(unknown)) as Json).error.field).toBe('token_id')
    expect((await t.app.request('/v1/client/crypto/options')).status).toBe(401)
    const idr = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const refused = await t.app.request('/v1/client/crypto/deposits', {
      method: 'POST',
      headers: { 'x-client-secret': idr.client_secret, 'content-type': 'application/json' },
      body: JSON.stringify({ token_id: USDT_TRC20 }),
    })
    expect(refused.status).toBe(409)
    expect(await t.count('payments')).toBe(0)
  })

  it('pays half, shows Underpayment with what is due, then Paid, and tells the merchant once', async () => {
    const { client, control, read, deposit, orderRef } = await setup()
    await client('/deposits', { body: { token_id: USDT_TRC20 } })
    const ref = await orderRef()
    await control(`/orders/${ref}/pay`, { fraction: '0.5' })
    await eventually(async () => expect((await read()).status).toBe('underpaid'))
    expect(await deposit()).toMatchObject({ status: 'Underpayment', amount_paid: '9.95', amount_due: '9.95' })
    expect(await read()).toMatchObject({ amount_paid: '9.95', amount_due: '9.95' })

    await control(`/orders/${ref}/pay`, { amount: '9.95' })
    await eventually(async () => expect((await read()).status).toBe('paid'))
    expect(await deposit()).toMatchObject({ status: 'Paid', amount_due: '0' })
    expect(await read()).toMatchObject({ amount_paid: '19.90', amount_due: '0.00' })
    const events = await t.database.db.selectFrom('outbox').select('type').orderBy('created_at').execute()
    expect(events.map((e) => e.type)).toEqual(['checkout.pending', 'checkout.underpaid', 'checkout.paid'])
  })

  it('derives every one of the eight statuses', async () => {
    const seen = new Set<string>()
    const scenario = async (
      steps: (s: Awaited<ReturnType<typeof setup>>, ref: string) => Promise<void>,
      expected: string,
      checkoutStatus: string,
    ) => {
      const s = await setup()
      await s.client('/deposits', { body: { token_id: USDT_TRC20 } })
      const ref = await s.orderRef()
      await steps(s, ref)
      await eventually(async () => expect((await s.deposit()).status).toBe(expected))
      await eventually(async () => expect((await s.read()).status).toBe(checkoutStatus))
      seen.add(expected)
      await t.dispose()
    }
    const late = async () => t.clock.advance(3_601_000)
    const pay = async (s: Awaited<ReturnType<typeof setup>>, ref: string, body: object) => {
      await s.control(`/orders/${ref}/pay`, body)
    }
    await scenario(async () => {}, 'Awaiting payment', 'pending')
    await scenario(late, 'Expired', 'expired')
    await scenario((s, ref) => pay(s, ref, { fraction: '0.5' }), 'Underpayment', 'underpaid')
    await scenario(
      async (s, ref) => {
        await pay(s, ref, { fraction: '0.5' })
        await eventually(async () => expect((await s.read()).status).toBe('underpaid'))
        await late()
      },
      'Underpayment(Overdue)',
      'expired',
    )
    await scenario((s, ref) => pay(s, ref, { fraction: '1' }), 'Paid', 'paid')
    await scenario(
      async (s, ref) => {
        await late()
        await pay(s, ref, { fraction: '1' })
      },
      'Paid(Overdue)',
      'paid',
    )
    await scenario((s, ref) => pay(s, ref, { fraction: '1.1' }), 'Overpayment', 'overpaid')
    await scenario(
      async (s, ref) => {
        await late()
        await pay(s, ref, { fraction: '1.1' })
      },
      'Overpayment(Overdue)',
      'overpaid',
    )
    expect(seen.size).toBe(8)
    t = await createTestApp(dialect) // for afterEach
  }, 60_000) // nine fresh databases: PostgreSQL schemas are made one at a time across test workers

  it('takes a webhook replayed 6 times, and 6 copies at once, as one payment; all get success', async () => {
    const { client, control, read, orderRef } = await setup()
    await client('/deposits', { body: { token_id: USDT_TRC20 } })
    const ref = await orderRef()
    await control(`/orders/${ref}/pay`, { fraction: '0.5' })
    await eventually(async () => expect((await read()).status).toBe('underpaid'))
    const order = (await readJson(await control(`/orders/${ref}`))) as Json
    const body = order.records[0].webhook as string
    const send = async () =>
      t.app.request('/webhooks/ccpayment', { method: 'POST', headers: await ccpaymentHeaders(credentials, body, Date.now()), body })
    const versionBefore = (await read()).version
    for (let i = 0; i < 6; i++) expect(await (await send()).text()).toBe('success')
    const copies = await Promise.all(Array.from({ length: 6 }, send))
    expect(await Promise.all(copies.map((r) => r.text()))).toEqual(Array(6).fill('success'))
    expect((await control(`/orders/${ref}/redeliver`, {})).status).toBe(200) // the simulator's own resend
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await read()).toMatchObject({ status: 'underpaid', amount_paid: '9.95', version: versionBefore })
    expect(await t.count('provider_events')).toBe(1)
  })

  it('counts every one of several payments into one order that arrive at once, even those too small to move the checkout', async () => {
    const { client, control, read, orderRef } = await setup()
    await client('/deposits', { body: { token_id: USDT_TRC20 } })
    const ref = await orderRef()
    const order = (await readJson(await control(`/orders/${ref}`))) as Json
    const payAtOnce = async (tag: string, amounts: Big[]) => {
      const bodies = amounts.map((amount, i) =>
        JSON.stringify({
          pay_status: 'success',
          record_id: `${tag}-${i}`,
          order_id: order.order_id,
          paid_amount: amount.toString(),
          order_amount: order.order_amount,
          extend: { merchant_order_id: ref },
        }),
      )
      const responses = await Promise.all(
        bodies.map(async (body) =>
          t.app.request('/webhooks/ccpayment', { method: 'POST', headers: await ccpaymentHeaders(credentials, body, Date.now()), body }),
        ),
      )
      expect(await Promise.all(responses.map((r) => r.text()))).toEqual(Array(amounts.length).fill('success'))
    }
    const records = async () => {
      const payment = await t.database.db.selectFrom('payments').select('details').executeTakeFirstOrThrow()
      return ((JSON.parse(payment.details) as Json).records as Json[]).map((r) => r.record_id as string).sort()
    }

    // Dust: the first makes the checkout underpaid (0.00), the others leave it exactly as it is.
    const dust = new Big('0.000001')
    await payAtOnce('dust', Array(4).fill(dust))
    expect(await records()).toEqual(['dust-0', 'dust-1', 'dust-2', 'dust-3'])
    // Then the rest in four payments: paid exactly, only if every payment before counted.
    const quarter = new Big(order.order_amount).div(4).round(6, Big.roundDown)
    await payAtOnce('quarter', [quarter, quarter, quarter, new Big(order.order_amount).minus(quarter.times(3)).minus(dust.times(4))])
    expect(await read()).toMatchObject({ status: 'paid', amount_paid: '19.90' })
    expect((await records()).filter((id) => id.startsWith('quarter'))).toEqual(['quarter-0', 'quarter-1', 'quarter-2', 'quarter-3'])
  })

  it('refuses a wrong signature, a modified body and a stale timestamp with a 4xx and changes nothing', async () => {
    const { client, control, read, orderRef } = await setup()
    await client('/deposits', { body: { token_id: USDT_TRC20 } })
    const ref = await orderRef()
    await control(`/orders/${ref}/pay`, { fraction: '0.5' })
    await eventually(async () => expect((await read()).status).toBe('underpaid'))
    const body = ((await readJson(await control(`/orders/${ref}`))) as Json).records[0].webhook.replace(
      /"record_id":"[^"]+"/,
      '"record_id":"forged-1"',
    )
    const before = await read()
    const post = (headers: Record<string, string>, text = body) =>
      t.app.request('/webhooks/ccpayment', { method: 'POST', headers, body: text })

    const wrongKey = await ccpaymentHeaders({ ...credentials, appSecret: 'not-the-secret' }, body, Date.now())
    expect((await post(wrongKey)).status).toBe(401)
    const signed = await ccpaymentHeaders(credentials, body, Date.now())
    expect((await post(signed, body.replace('"paid_amount":"9.95"', '"paid_amount":"99.95"'))).status).toBe(401)
    expect((await post(signed, `${body} `)).status).toBe(401) // even one trailing byte
    expect((await post(await ccpaymentHeaders(credentials, body, Date.now() - 180_000))).status).toBe(400)
    expect((await post({})).status).toBe(401)
    expect(await read()).toEqual(before)
    expect(await t.count('provider_events')).toBe(1)
  })

  it('shows the payer a retryable error on 224066 and on a timeout, and creates one order when retried', async () => {
    const { client, control } = await setup()
    await control('/faults', { fault: 'code_224066' })
    const busy = await client('/deposits', { body: { token_id: USDT_TRC20 } })
    expect(busy.status).toBe(503)
    expect(((await readJson(busy)) as Json).error.code).toBe('provider_unavailable')
    expect(await t.count('payments')).toBe(0)

    await control('/faults', { fault: 'timeout' })
    const slow = await client('/deposits', { body: { token_id: USDT_TRC20 } })
    expect(slow.status).toBe(504)

    const ok = await client('/deposits', { body: { token_id: USDT_TRC20 } })
    expect(ok.status).toBe(201)
    const orders = await t.database.db.selectFrom('payments').select(['provider_reference', 'status']).execute()
    expect(orders).toHaveLength(1)
    expect(orders[0]!.status).toBe('active')
    // The simulator holds exactly that one order.
    expect((await control(`/orders/${orders[0]!.provider_reference}`)).status).toBe(200)
    expect((await control(`/orders/${orders[0]!.provider_reference}-2`)).status).toBe(404)
  })

  it('never shows an answer it cannot trust, and never two payable orders', async () => {
    const { client, control } = await setup()
    for (const fault of ['http_500', 'malformed_json', 'bad_signature']) {
      await control('/faults', { fault })
      expect((await client('/deposits', { body: { token_id: USDT_TRC20 } })).status).toBe(502)
    }
    const ok = (await readJson(await client('/deposits', { body: { token_id: USDT_TRC20 } }))) as Json
    expect(ok.status).toBe('Awaiting payment')
    // The orders created behind a bad answer are known to CCPayment but were never shown; they are set aside.
    const rows = await t.database.db.selectFrom('payments').select('status').execute()
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(1)
  })

  it('gets a hosted checkout URL once and follows the payment made on the hosted page', async () => {
    const { client, read } = await setup()
    const first = (await readJson(await client('/hosted', { body: { return_url: 'https://shop.example/thanks' } }))) as Json
    expect(first.url).toMatch(/^http:\/\/localhost:8787\/sandbox\/ccpayment\/pay\?key=\w+$/)
    const second = (await readJson(await client('/hosted', { body: {} }))) as Json
    expect(second.url).toBe(first.url)
    const key = new URL(first.url).searchParams.get('key')!
    const page = await t.app.request(`/sandbox/ccpayment/pay?key=${key}`)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await page.text()).toContain('Choose a coin')
    const form = (body: string) =>
      t.app.request(`/sandbox/ccpayment/pay/${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    expect((await form(`token_id=${USDT_TRC20}`)).status).toBe(303)
    expect(await (await t.app.request(`/sandbox/ccpayment/pay?key=${key}`)).text()).toContain('Awaiting payment')
    await form('fraction=1')
    await eventually(async () => expect((await read()).status).toBe('paid'))
  })

  describe('after the order runs out', () => {
    const status = async (secret: string) =>
      (await readJson(await t.app.request('/v1/client/checkout', { headers: { 'x-client-secret': secret } }))) as Json
    const stream = async (secret: string) =>
      checkoutMessages(await t.app.request('/v1/client/checkout/events', { headers: { 'x-client-secret': secret } }))

    it("keeps following an expired checkout whose address was shown: a late payment reaches the open stream, and CCPayment's word is Paid(Overdue)", async () => {
      const { checkout, client, control, deposit, orderRef } = await setup()
      await client('/deposits', { body: { token_id: USDT_TRC20 } })
      t.clock.advance(3_601_000)
      expect(await status(checkout.client_secret)).toMatchObject({ status: 'expired', final: false })

      const messages = await stream(checkout.client_secret)
      expect((await messages.next())?.data).toMatchObject({ status: 'expired', final: false })
      await control(`/orders/${await orderRef()}/pay`, { fraction: '1' })
      expect((await messages.next())?.data).toMatchObject({ status: 'paid', amount_paid: '19.90', final: true })
      expect(await messages.next()).toBeNull()
      expect(await deposit()).toMatchObject({ status: 'Paid(Overdue)' })
    })

    it('stops following once CCPayment credits no more, and at once when no address was ever shown', async () => {
      const { checkout, client } = await setup()
      const unshown = await t.createCheckout({ amount: '5.00', currency: 'USD', expires_in: 60 })
      await client('/deposits', { body: { token_id: USDT_TRC20 } })
      t.clock.advance(3_601_000)
      expect(await status(unshown.client_secret)).toMatchObject({ status: 'expired', final: true })
      const unshownStream = await stream(unshown.client_secret)
      expect((await unshownStream.next())?.data).toMatchObject({ status: 'expired', final: true })
      expect(await unshownStream.next()).toBeNull()

      t.clock.advance(LATE_CREDIT_MS - 2_000)
      expect(await status(checkout.client_secret)).toMatchObject({ status: 'expired', final: false })
      t.clock.advance(3_000)
      // Past the window: the same version, now final, said once more before the stream ends.
      const messages = await stream(checkout.client_secret)
      expect(await messages.next()).toMatchObject({ id: '3', data: { status: 'expired', version: 3, final: true } })
      expect(await messages.next()).toBeNull()
      const resumed = checkoutMessages(
        await t.app.request('/v1/client/checkout/events', { headers: { 'x-client-secret': checkout.client_secret, 'last-event-id': '3' } }),
      )
      expect((await resumed.next())?.data).toMatchObject({ version: 3, final: true })
    })

    it("the simulator's 'let the order expire' ends the checkout with it, live, and the merchant hears it once", async () => {
      const { checkout, client, control, read, deposit, orderRef } = await setup()
      await client('/deposits', { body: { token_id: USDT_TRC20 } })
      const messages = await stream(checkout.client_secret)
      expect((await messages.next())?.data).toMatchObject({ status: 'pending' })

      const expired = (await readJson(await control(`/orders/${await orderRef()}/expire`, {}))) as Json
      expect(expired.status).toBe('Expired')
      expect((await messages.next())?.data).toMatchObject({
        status: 'expired',
        final: false,
        expires_at: new Date(t.clock() - 1).toISOString(),
      })
      expect(await deposit()).toMatchObject({ status: 'Expired' })
      expect((await read()).status).toBe('expired')

      await control(`/orders/${await orderRef()}/pay`, { rest: true })
      expect((await messages.next())?.data).toMatchObject({ status: 'paid', final: true })
      expect(await deposit()).toMatchObject({ status: 'Paid(Overdue)' })
      const events = await t.database.db.selectFrom('outbox').select('type').orderBy('created_at').execute()
      expect(events.map((e) => e.type)).toEqual(['checkout.pending', 'checkout.expired', 'checkout.paid'])
    })
  })

  it('lets the merchant read the final state with its key', async () => {
    const { checkout } = await setup()
    const response = await t.app.request(`/v1/checkouts/${checkout.id}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    expect(response.status).toBe(200)
  })
})
