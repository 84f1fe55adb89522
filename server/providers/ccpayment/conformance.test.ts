import { afterEach, describe, expect, it } from 'vitest'
import { createCcpaymentClient, CcpaymentError } from './client.js'
import { ccpaymentHeaders, ccpaymentSign } from './sign.js'
import { createCcpaymentSimulator } from './simulator.js'

/**
 * CCPayment v1 as its own documents and official SDKs show it, replayed against the simulator, and
 * the documented answers fed to our client. Each case names where it comes from:
 * - "docs": docs.ccpayment.com v1.0 API pages (as recorded in our provider notes, providers.md §1);
 * - "Go SDK", "Node SDK", "Python SDK": cctip/ccpayment-sdk at its v1 snapshot (commit 16b630b,
 *   golang/ccpayment.go + model.go, nodejs/ccpayment.js + ccpayment-test.js, python/ccpayment.py +
 *   ccpayment_test.py); "PHP SDK": the same repository's php/src/CCPaymentClient.php (e8c6a85).
 * Requests are written as each SDK serializes them (the Python SDK's `json.dumps` puts a space
 * after every colon and comma; the Node and Go SDKs send compact JSON), because the signature covers
 * those exact bytes. Token ids are the simulator's (the SDK examples' ids belong to real accounts).
 */

const APP = { appId: 'conformance-app', appSecret: 'conformance-secret' }
const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'

interface ApiCase {
  source: string
  what: string
  path: string
  /** The body exactly as the client puts it on the wire; null for none. */
  body: string | null
  code: number
  data?: unknown
}

const order = () => `conf-${Math.random().toString(36).slice(2)}`

const API_CASES: ApiCase[] = [
  {
    source: 'Node SDK getSupportCoin (sends no body); docs "Token ID Interface"',
    what: 'coin/all with an empty body',
    path: 'coin/all',
    body: null,
    code: 10000,
    data: { list: expect.arrayContaining([expect.objectContaining({ coin_id: expect.any(String), tokens: expect.any(Array) })]) },
  },
  {
    source: 'Python SDK get_support_coin (sends json.dumps({}))',
    what: 'coin/all with "{}"',
    path: 'coin/all',
    body: '{}',
    code: 10000,
  },
  {
    source: 'PHP SDK getSupportToken (postV1 with json_encode([]), which is "[]"); Node and Python SDKs call it too',
    what: 'support/token with "[]"',
    path: 'support/token',
    body: '[]',
    code: 10000,
    data: {
      list: expect.arrayContaining([expect.objectContaining({ crypto: 'USDT', token_id: expect.any(String), price: expect.any(String) })]),
    },
  },
  {
    source: "Node SDK getTokenChain (docs: a token's networks)",
    what: 'token/chain of USDT',
    path: 'token/chain',
    body: '{"token_id":"1d6e2b6c-6d70-4a7d-a2e7-5b1d4d8a6f01"}',
    code: 10000,
    data: { list: expect.arrayContaining([expect.objectContaining({ token_id: USDT_TRC20, network: 'TRC20', chain: 'TRX' })]) },
  },
  {
    source: 'Go SDK CreateOrderReq (order_valid_period is a plain int: 0 when unset); docs "orders will be valid for 24 hrs by default"',
    what: 'bill/create with order_valid_period 0',
    path: 'bill/create',
    body: `{"remark":"","token_id":"${USDT_TRC20}","product_price":"0.5","merchant_order_id":"${order()}","denominated_currency":"USD","order_valid_period":0}`,
    code: 10000,
    data: {
      amount: '0.5',
      order_id: expect.any(String),
      network: 'TRC20',
      pay_address: expect.any(String),
      token_id: USDT_TRC20,
      crypto: 'USDT',
      order_valid_period: 86_400,
    },
  },
  {
    source: 'Python SDK create_order (json.dumps, with spaces; no order_valid_period)',
    what: 'bill/create signed over a body with spaces',
    path: 'bill/create',
    body: `{"product_price": "6", "merchant_order_id": "${order()}", "token_id": "${USDT_TRC20}", "denominated_currency": "USD"}`,
    code: 10000,
    data: { amount: '6', order_valid_period: 86_400 },
  },
  {
    source: 'Node SDK ccpayment-test.js checkoutURL',
    what: 'concise/url/get with an order_valid_period under 10 days',
    path: 'concise/url/get',
    body: `{"order_valid_period":823456,"product_price":"0.01","merchant_order_id":"${order()}","product_name":"test","return_url":"https://app.gitbook.com/xxxxx"}`,
    code: 10000,
    data: { payment_url: expect.stringMatching(/\/pay\?key=/) },
  },
  {
    source: 'Python SDK ccpayment_test.py checkout_url',
    what: 'concise/url/get with a 300 s period',
    path: 'concise/url/get',
    body: `{"product_price": "12", "merchant_order_id": "${order()}", "order_valid_period": 300, "product_name": "product_name", "return_url": "return_url"}`,
    code: 10000,
  },
  {
    source: 'docs "Current Token Rate Interface" request',
    what: 'token/rate',
    path: 'token/rate',
    body: `{"amount":"1000","token_id":"${USDT_TRC20}"}`,
    code: 10000,
    data: { price: expect.stringMatching(/^\d+(\.\d+)?$/), value: '1000' },
  },
  {
    source: 'docs "API Deposit Order Information Interface" request (merchant_order_ids, at most 100)',
    what: 'bill/info of an unknown order',
    path: 'bill/info',
    body: '{"merchant_order_ids":["1684723374629"]}',
    code: 10000,
    data: [],
  },
  {
    source: 'docs v1 checkout pages: a period above 10 days (PHP SDK comment: maximum 10 days); code borrowed from v2 (11012)',
    what: 'bill/create with an 11-day period',
    path: 'bill/create',
    body: `{"token_id":"${USDT_TRC20}","product_price":"1","merchant_order_id":"${order()}","denominated_currency":"USD","order_valid_period":950400}`,
    code: 11012,
  },
]

describe('CCPayment conformance: documented requests against the simulator', () => {
  const sim = createCcpaymentSimulator({ ...APP, publicBase: 'https://pay.example/sandbox/ccpayment', fetch: async () => new Response('') })

  it.each(API_CASES)('$source: $what', async ({ path, body, code, data }) => {
    const text = body ?? ''
    // The SDKs' headers: Appid, Timestamp (10-digit seconds), Sign; the Python SDK's own Content-Type spelling.
    const response = await sim.app.request(`/ccpayment/v1/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=uf8', ...(await ccpaymentHeaders(APP, text, Date.now())) },
      body: text,
    })
    expect(response.status).toBe(200)
    const raw = await response.text()
    const json = JSON.parse(raw) as { code: number; msg: string; data: unknown }
    expect(json.code).toBe(code)
    if (data !== undefined) expect(json.data).toEqual(Array.isArray(data) ? data : expect.objectContaining(data))
    // The answer is signed as the SDKs verify it: over the raw body, and (Node SDK) over JSON.stringify of the parsed body.
    if (code === 10000) {
      const sign = await ccpaymentSign(APP.appId, APP.appSecret, response.headers.get('timestamp')!, raw)
      expect(response.headers.get('sign')).toBe(sign)
      expect(JSON.stringify(JSON.parse(raw))).toBe(raw)
    }
  })
})

describe('CCPayment conformance: webhook acknowledgements', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => stop?.())

  /** Pays an order and counts the deliveries its notify_url gets while answering `ack`. */
  async function deliveries(ack: string): Promise<string[]> {
    const received: string[] = []
    const sim = createCcpaymentSimulator({
      ...APP,
      publicBase: 'https://pay.example/sandbox/ccpayment',
      retryDelaysMs: [5, 5, 5, 5, 5, 5],
      fetch: async (_url, init) => {
        received.push(String(init?.body))
        return new Response(ack, { status: 200 })
      },
    })
    stop = () => sim.settle()
    const id = order()
    const body = `{"token_id":"${USDT_TRC20}","product_price":"1","merchant_order_id":"${id}","denominated_currency":"USD","notify_url":"https://merchant.example/hook"}`
    await sim.app.request('/ccpayment/v1/bill/create', { method: 'POST', headers: await ccpaymentHeaders(APP, body, Date.now()), body })
    await sim.app.request(`/control/orders/${id}/pay`, { method: 'POST', body: '{}' })
    await sim.settle()
    return received
  }

  it.each([
    ['docs "API Deposit Webhook Notification": HTTP 200 with a body containing success', 'success', 1],
    ["CCPayment's own demo server answers Success", 'Success', 1],
    ['anything else counts as a failure and is sent again, up to 6 times', 'ok', 7],
  ])('%s', async (_source, ack, count) => {
    const received = await deliveries(ack)
    expect(received).toHaveLength(count)
    // docs: the notification's fields.
    expect(Object.keys(JSON.parse(received[0]!))).toEqual(
      expect.arrayContaining([
        'pay_status',
        'order_type',
        'record_id',
        'order_id',
        'product_price',
        'denominated_currency',
        'order_amount',
        'fiat_rate',
        'paid_amount',
        'token_rate',
        'chain',
        'contract',
        'crypto',
        'extend',
      ]),
    )
  })
})

describe("CCPayment conformance: our client reads CCPayment's documented answers", () => {
  /** A client whose every call gets `body`, signed as CCPayment signs answers. */
  const clientAnswering = (body: string) =>
    createCcpaymentClient({
      ...APP,
      baseUrl: 'https://admin.ccpayment.com',
      fetch: async () => new Response(body, { headers: await ccpaymentHeaders(APP, body, Date.now()) }),
    })

  it('docs "Current Token Rate Interface" error example: HTTP 200 {"code":224066,…,"data":null} is a retryable refusal', async () => {
    const error = await clientAnswering('{"code":224066,"msg":"Service error, please try again","data":null}')
      .billInfo(['x'])
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CcpaymentError)
    expect((error as CcpaymentError).retryable).toBe(true)
  })

  it('docs "API Deposit Order Information Interface" example (with its missing comma restored)', async () => {
    const example =
      '{"code":10000,"msg":"success","data":[{"order_detail":{"product_price":"0.1","denominated_currency":"USD","product_name":"gmail-deposit","merchant_order_id":"1684723374629","chain":"FTM","contract":"250","crypto":"FTM","order_amount":"0.279173646007816863","status":"Successful","token_rate":"0.3582","created":1684723398},"trade_list":[{"amount":"0.279173646007816863","chain":"FTM","contract":"250","crypto":"FTM","service_fee":"0.000083752093802346","network_fee":"0.0000","txid":"0x5caa","pay_time":1684727677,"token_rate":"0.3582"}],"refund_list":[]}]}'
    const [info] = await clientAnswering(example).billInfo(['1684723374629'])
    expect(info).toMatchObject({
      order_detail: { merchant_order_id: '1684723374629', order_amount: '0.279173646007816863', status: 'Successful' },
      trade_list: [{ amount: '0.279173646007816863', txid: '0x5caa', pay_time: 1684727677 }],
    })
  })

  it('Go SDK OrderInfo: the bill/create answer (amount, order_id, logo, network, pay_address, memo, token_id, crypto, order_valid_period)', async () => {
    const example =
      '{"code":10000,"msg":"success","data":{"amount":"0.5","order_id":"202302200951001627606736097771520","logo":"https://resource.cwallet.com/token/icon/usdt.png","network":"TRC20","pay_address":"TXsVf2fEUXcXnzUqsL5Zk2ysNyeD8iMuED","memo":"","token_id":"8e5741cf-6e51-4892-9d04-3d40e1dd0128","crypto":"USDT","order_valid_period":86400}}'
    const bill = await clientAnswering(example).createBill({
      token_id: USDT_TRC20,
      product_price: '0.5',
      merchant_order_id: 'o-1',
      order_valid_period: 86_400,
      notify_url: 'https://pay.example/webhooks/ccpayment',
      custom_value: '',
    })
    expect(bill).toMatchObject({ amount: '0.5', pay_address: 'TXsVf2fEUXcXnzUqsL5Zk2ysNyeD8iMuED', network: 'TRC20' })
  })
})
