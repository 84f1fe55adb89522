import Big from 'big.js'
import { Hono, type Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { randomId, toHex } from '../../lib/crypto.js'
import type { Logger } from '../../log.js'
import { depositStatus, type DepositRecord } from './deposit-status.js'
import { ccpaymentHeaders, checkCcpaymentSignature } from './sign.js'
import { findNetwork, SIMULATED_COINS } from './tokens.js'

/**
 * A CCPayment v1 stand-in, as strict as the real one: header signatures over the raw body, a
 * two-minute timestamp window, HTTP 200 for every answer with the outcome in `code`, responses
 * signed in the same headers, compact JSON. It keeps its orders in memory. Payer controls (pay,
 * expire) and fault switches sit under `/control`, and a hosted checkout page under `/pay`.
 *
 * Where CCPayment's public record is silent the simulator picks, and says so:
 * - v1's server error table is not public: the numbers are borrowed from v2's published table
 *   (11000 InvalidArgument, 11005 VerifySignFailed, 11006 ReqExpired, 11011 OrderDuplicate,
 *   11012 ExpiredAtTooMax, 12001 MerchantNotFound, 13000 InvalidCoin), plus v1's documented 224066.
 * - `custom_value` comes back inside the webhook's `extend` object.
 * - `bill/info`'s `order_detail.status` is "Pending" until paid in full, then "Successful".
 * - A webhook is sent per on-chain payment (`record_id`), retried up to 6 times until the body
 *   contains `success` (in any case: CCPayment's own demo server answers `Success`).
 * - `order_valid_period` 0 means the default 24 hours, as the official Go and PHP SDKs send 0 when
 *   no period is set.
 */

export const CCPAYMENT_CODES = {
  success: [10000, 'success'],
  invalidArgument: [11000, 'InvalidArgument'],
  headerInvalid: [11001, 'HeaderInvalidArgument'],
  notFound: [11003, 'NotFound'],
  verifySignFailed: [11005, 'VerifySignFailed'],
  requestExpired: [11006, 'ReqExpired'],
  orderDuplicate: [11011, 'OrderDuplicate'],
  expiredAtTooMax: [11012, 'ExpiredAtTooMax'],
  merchantNotFound: [12001, 'MerchantNotFound'],
  invalidCoin: [13000, 'InvalidCoin'],
  serviceError: [224066, 'Service error, please try again'],
} as const satisfies Record<string, readonly [number, string]>

/** Faults a test can queue: each applies to one API request, in order. */
export const CCPAYMENT_FAULTS = ['timeout', 'http_500', 'code_224066', 'malformed_json', 'bad_signature'] as const
export type CcpaymentFault = (typeof CCPAYMENT_FAULTS)[number]

const MAX_VALID_PERIOD = 10 * 24 * 3600
const DEFAULT_VALID_PERIOD = 24 * 3600
/** Delays before each webhook retry (first delivery is immediate). */
const DEFAULT_RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000]

export interface SimulatedOrder {
  order_id: string
  merchant_order_id: string
  kind: 'native' | 'hosted'
  product_name: string
  product_price: string
  denominated_currency: string
  /** Unset for a hosted order until the payer picks a coin on the hosted page. */
  token_id: string | null
  order_amount: string | null
  token_rate: string | null
  pay_address: string | null
  memo: string
  created: number
  valid_until: number
  notify_url: string | null
  return_url: string | null
  custom_value: string
  /** On-chain payments, each with the exact webhook body announcing it (resent as is on redelivery). */
  records: (DepositRecord & { record_id: string; txid: string; webhook: string })[]
  /** Key of the hosted page. */
  key: string
}

export interface CcpaymentSimulatorOptions {
  appId: string
  appSecret: string
  /** Base of this simulator as the browser sees it, for hosted-page URLs. */
  publicBase: string
  fetch: typeof fetch
  clock?: () => number
  log?: Logger
  retryDelaysMs?: number[]
  /**
   * Called when a tester runs an order's valid period out (`/control/orders/:id/expire`). A real
   * order ends when its time comes, at the moment its merchant set; a tester who brings that moment
   * forward moves it for the merchant's side too (the companion server's checkout), so both keep
   * one clock.
   */
  onExpire?: (merchantOrderId: string, at: number) => Promise<void>
}

export function createCcpaymentSimulator(options: CcpaymentSimulatorOptions) {
  const clock = options.clock ?? Date.now
  const credentials = { appId: options.appId, appSecret: options.appSecret }
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
  const orders = new Map<string, SimulatedOrder>()
  const faults: CcpaymentFault[] = []
  let latencyMs = 0
  const deliveries: Promise<void>[] = []
  /** A tester may switch webhook delivery off (a merchant outage, a firewall): payments then reach us only by bill/info. */
  const webhooks = { enabled: true }

  const seconds = () => Math.floor(clock() / 1000)

  /** An answer the CCPayment way: HTTP 200, `{code,msg,data}`, signed headers. */
  async function reply(c: Context, code: readonly [number, string], data: unknown = null, fault?: CcpaymentFault) {
    const body =
      fault === 'malformed_json' ? '{"code":10000,"msg":"success","data":{' : JSON.stringify({ code: code[0], msg: code[1], data })
    const signer = fault === 'bad_signature' ? { ...credentials, appSecret: `${credentials.appSecret}-wrong` } : credentials
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8', ...(await ccpaymentHeaders(signer, body, clock())) })
  }

  /** Runs an API call: fault injection, then the signature checks the real service makes. */
  async function api(
    c: Context,
    handle: (body: Record<string, unknown>) => Promise<Response> | Response,
    fault: CcpaymentFault | undefined,
  ) {
    const raw = await c.req.text()
    const problem = await checkCcpaymentSignature(credentials, c.req.raw.headers, raw, clock())
    if (problem === 'missing_headers') return reply(c, CCPAYMENT_CODES.headerInvalid)
    if (problem === 'wrong_app_id') return reply(c, CCPAYMENT_CODES.merchantNotFound)
    if (problem === 'stale_timestamp') return reply(c, CCPAYMENT_CODES.requestExpired)
    if (problem === 'bad_signature') return reply(c, CCPAYMENT_CODES.verifySignFailed)
    let body: unknown = {}
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        return reply(c, CCPAYMENT_CODES.invalidArgument)
      }
    }
    // Guess: "[]" is no parameters, as CCPayment's PHP client sends them (json_encode of an empty PHP array).
    if (Array.isArray(body) && body.length === 0) body = {}
    if (!body || typeof body !== 'object' || Array.isArray(body)) return reply(c, CCPAYMENT_CODES.invalidArgument)
    const response = await handle(body as Record<string, unknown>)
    if (fault === 'malformed_json' || fault === 'bad_signature') {
      const { code, msg, data } = (await response.json()) as { code: number; msg: string; data: unknown }
      return reply(c, [code, msg], data, fault)
    }
    return response
  }

  function tokenPrice(tokenId: string): { price: string; precision: number } | undefined {
    const found = findNetwork(tokenId)
    return found && { price: found.coin.price, precision: found.coin.precision }
  }

  /** USD → token amount at the current price, rounded up to the token's precision so it covers the price. */
  function cryptoAmount(usd: string, tokenId: string): string {
    const { price, precision } = tokenPrice(tokenId)!
    return new Big(usd).div(price).round(precision, Big.roundUp).toString()
  }

  function depositAddress(tokenId: string): { address: string; memo: string } {
    const { network } = findNetwork(tokenId)!
    const random = toHex(crypto.getRandomValues(new Uint8Array(20)))
    switch (network.chain) {
      case 'TRX':
        return { address: `T${base58(random).slice(0, 33)}`, memo: '' }
      case 'BTC':
        return { address: `bc1q${random.slice(0, 38)}`, memo: '' }
      case 'XRP':
        return { address: 'rGDreBvnHrX1get7na3J4oowN19ny4GzFn', memo: String(100000 + Math.floor(Math.random() * 900000000)) }
      case 'TON':
        return { address: 'EQD2NmD_lH5f5u1Kj3KfGyTvhZSX0Eg6qp2a5IQUKXxOG21n', memo: String(100000 + Math.floor(Math.random() * 900000000)) }
      default:
        return { address: `0x${random}`, memo: '' }
    }
  }

  /** Checks the fields `bill/create` and `concise/url/get` share; returns an error code or the period. */
  function checkOrderFields(body: Record<string, unknown>): readonly [number, string] | number {
    const { product_price: price, merchant_order_id: id, order_valid_period: period } = body
    if (typeof id !== 'string' || id === '' || id.length > 64) return CCPAYMENT_CODES.invalidArgument
    if (typeof price !== 'string' || !/^(0|[1-9]\d*)(\.\d{1,2})?$/.test(price) || new Big(price).lte(0))
      return CCPAYMENT_CODES.invalidArgument
    if (period !== undefined && (typeof period !== 'number' || !Number.isInteger(period) || period < 0))
      return CCPAYMENT_CODES.invalidArgument
    if (typeof period === 'number' && period > MAX_VALID_PERIOD) return CCPAYMENT_CODES.expiredAtTooMax
    if (orders.has(id)) return CCPAYMENT_CODES.orderDuplicate
    for (const key of ['notify_url', 'return_url', 'custom_value', 'remark', 'product_name']) {
      if (body[key] !== undefined && typeof body[key] !== 'string') return CCPAYMENT_CODES.invalidArgument
    }
    // "Orders will be valid for 24 hrs by default": 0 is what the official Go SDK (a plain int field)
    // and PHP SDK send when no period is set, so it means the default too.
    return typeof period === 'number' && period > 0 ? period : DEFAULT_VALID_PERIOD
  }

  function newOrder(body: Record<string, unknown>, kind: SimulatedOrder['kind'], period: number): SimulatedOrder {
    const now = seconds()
    return {
      order_id: `${now}${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
      merchant_order_id: body.merchant_order_id as string,
      kind,
      product_name: (body.product_name as string | undefined) ?? '',
      product_price: body.product_price as string,
      denominated_currency: (body.denominated_currency as string | undefined) ?? 'USD',
      token_id: null,
      order_amount: null,
      token_rate: null,
      pay_address: null,
      memo: '',
      created: now,
      valid_until: (now + period) * 1000,
      notify_url: (body.notify_url as string | undefined) ?? null,
      return_url: (body.return_url as string | undefined) ?? null,
      custom_value: (body.custom_value as string | undefined) ?? '',
      records: [],
      key: randomId('pay', 24).slice(4),
    }
  }

  /** Fixes coin, amount and address of an order (native: at creation; hosted: when the payer picks). */
  function assignToken(order: SimulatedOrder, tokenId: string) {
    const { address, memo } = depositAddress(tokenId)
    order.token_id = tokenId
    order.token_rate = tokenPrice(tokenId)!.price
    order.order_amount = order.denominated_currency === 'token' ? order.product_price : cryptoAmount(order.product_price, tokenId)
    order.pay_address = address
    order.memo = memo
  }

  function status(order: SimulatedOrder) {
    return depositStatus(order.order_amount ?? '0', order.records, order.valid_until, clock())
  }

  /** One on-chain payment into the order: recorded, then announced to notify_url with retries. */
  function pay(order: SimulatedOrder, amount: string) {
    const found = findNetwork(order.token_id!)!
    const recordId = `${seconds()}${randomId('r', 18).slice(2)}`
    const txid = `0x${toHex(crypto.getRandomValues(new Uint8Array(32)))}`
    const webhook = JSON.stringify({
      pay_status: 'success',
      order_type: 'API Deposit',
      record_id: recordId,
      order_id: order.order_id,
      product_price: order.product_price,
      denominated_currency: order.denominated_currency,
      order_amount: order.order_amount,
      fiat_rate: '1',
      paid_amount: amount,
      token_rate: order.token_rate,
      chain: found.network.chain,
      txid,
      contract: found.network.contract,
      crypto: found.coin.symbol,
      extend: { merchant_order_id: order.merchant_order_id, custom_value: order.custom_value },
    })
    const record = { record_id: recordId, txid, amount, at: clock(), webhook }
    order.records.push(record)
    if (order.notify_url && webhooks.enabled) deliveries.push(deliver(order.notify_url, webhook, true))
    return record
  }

  /** Posts a webhook, retrying until acknowledged; `automatic` deliveries stop when a tester switches webhooks off. */
  async function deliver(url: string, body: string, automatic: boolean): Promise<void> {
    for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelays[attempt - 1]))
      if (automatic && !webhooks.enabled) return
      try {
        const response = await options.fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', ...(await ccpaymentHeaders(credentials, body, clock())) },
          body,
          signal: AbortSignal.timeout(10_000),
        })
        const text = await response.text()
        // The v1 docs ask for a body containing `success`; CCPayment's own demo server answers `Success` (Guess: either case counts).
        if (response.status === 200 && /success/i.test(text)) return
        options.log?.debug({ url, status: response.status, attempt }, 'ccpayment simulator: webhook not acknowledged')
      } catch (error) {
        options.log?.debug({ url, err: error, attempt }, 'ccpayment simulator: webhook failed')
      }
    }
  }

  const nextFault = async (): Promise<CcpaymentFault | undefined> => {
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs))
    return faults.shift()
  }

  /** Faults that replace the answer entirely; the others alter a real answer inside `api`. */
  async function withFaults(c: Context, handle: (body: Record<string, unknown>) => Promise<Response> | Response) {
    const fault = await nextFault()
    if (fault === 'timeout') {
      // Never answers: the client's own time limit has to end the wait. Nothing was processed.
      await new Promise<void>((resolve) => c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true }))
      return c.body(null, 504)
    }
    if (fault === 'http_500') return c.text('upstream error', 500)
    if (fault === 'code_224066') return reply(c, CCPAYMENT_CODES.serviceError)
    return api(c, handle, fault)
  }

  const findByIds = (ids: unknown) =>
    Array.isArray(ids) && ids.length > 0 && ids.length <= 100 && ids.every((id) => typeof id === 'string') ? (ids as string[]) : null

  const app = new Hono()
    .post('/ccpayment/v1/coin/all', (c) =>
      withFaults(c, () =>
        reply(c, CCPAYMENT_CODES.success, {
          list: SIMULATED_COINS.map((coin) => ({
            coin_id: coin.coin_id,
            symbol: coin.symbol,
            crypto: coin.symbol,
            name: coin.name,
            logo: `https://resource.cwallet.com/token/icon/${coin.symbol.toLowerCase()}.png`,
            min: coin.min,
            price: coin.price,
            precision: coin.precision,
            status: 1,
            tokens: coin.networks.map((n) => ({
              token_id: n.token_id,
              crypto: coin.symbol,
              logo: `https://resource.cwallet.com/token/icon/${coin.symbol.toLowerCase()}.png`,
              name: n.name,
              is_support_memo: n.is_support_memo,
              network: n.network,
              chain: n.chain,
              contract: n.contract,
              chain_logo: `https://resource.cwallet.com/token/icon/${n.chain.toLowerCase()}.png`,
              status: 1,
            })),
          })),
        }),
      ),
    )
    // The older token list and a token's networks (v1 catalogue; the v1 SDKs' getSupportToken and
    // getTokenChain). Guess: a coin's `token_id` here is its coin_id, and token/chain lists the
    // per-network token_ids that bill/create takes.
    .post('/ccpayment/v1/support/token', (c) =>
      withFaults(c, () =>
        reply(c, CCPAYMENT_CODES.success, {
          list: SIMULATED_COINS.map((coin) => ({
            crypto: coin.symbol,
            name: coin.name,
            logo: `https://resource.cwallet.com/token/icon/${coin.symbol.toLowerCase()}.png`,
            min: coin.min,
            price: coin.price,
            token_id: coin.coin_id,
          })),
        }),
      ),
    )
    .post('/ccpayment/v1/token/chain', (c) =>
      withFaults(c, (body) => {
        const coin = SIMULATED_COINS.find((each) => each.coin_id === body.token_id)
        if (!coin) return reply(c, CCPAYMENT_CODES.invalidCoin)
        return reply(c, CCPAYMENT_CODES.success, {
          list: coin.networks.map((n) => ({
            token_id: n.token_id,
            crypto: coin.symbol,
            logo: `https://resource.cwallet.com/token/icon/${coin.symbol.toLowerCase()}.png`,
            name: n.name,
            network: n.network,
            chain: n.chain,
            contract: n.contract,
            chain_logo: `https://resource.cwallet.com/token/icon/${n.chain.toLowerCase()}.png`,
            is_support_memo: n.is_support_memo,
            status: 1,
          })),
        })
      }),
    )
    .post('/ccpayment/v1/token/rate', (c) =>
      withFaults(c, (body) => {
        const { amount, token_id: tokenId } = body
        if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount)) return reply(c, CCPAYMENT_CODES.invalidArgument)
        if (typeof tokenId !== 'string' || !tokenPrice(tokenId)) return reply(c, CCPAYMENT_CODES.invalidCoin)
        const { price } = tokenPrice(tokenId)!
        return reply(c, CCPAYMENT_CODES.success, { price, value: new Big(amount).div(price).round(18, Big.roundDown).toString() })
      }),
    )
    .post('/ccpayment/v1/bill/create', (c) =>
      withFaults(c, (body) => {
        const checked = checkOrderFields(body)
        if (typeof checked !== 'number') return reply(c, checked)
        if (typeof body.token_id !== 'string' || !findNetwork(body.token_id)) return reply(c, CCPAYMENT_CODES.invalidCoin)
        if (body.denominated_currency !== undefined && body.denominated_currency !== 'USD' && body.denominated_currency !== 'token') {
          return reply(c, CCPAYMENT_CODES.invalidArgument)
        }
        const order = newOrder(body, 'native', checked)
        assignToken(order, body.token_id)
        orders.set(order.merchant_order_id, order)
        const found = findNetwork(body.token_id)!
        return reply(c, CCPAYMENT_CODES.success, {
          amount: order.order_amount,
          order_id: order.order_id,
          logo: `https://resource.cwallet.com/token/icon/${found.coin.symbol.toLowerCase()}.png`,
          network: found.network.network,
          pay_address: order.pay_address,
          memo: order.memo,
          token_id: order.token_id,
          crypto: found.coin.symbol,
          order_valid_period: checked,
        })
      }),
    )
    .post('/ccpayment/v1/concise/url/get', (c) =>
      withFaults(c, (body) => {
        const checked = checkOrderFields(body)
        if (typeof checked !== 'number') return reply(c, checked)
        if (typeof body.product_name !== 'string' || body.product_name === '') return reply(c, CCPAYMENT_CODES.invalidArgument)
        const order = newOrder(body, 'hosted', checked)
        orders.set(order.merchant_order_id, order)
        return reply(c, CCPAYMENT_CODES.success, { payment_url: `${options.publicBase}/pay?key=${order.key}` })
      }),
    )
    .post('/ccpayment/v1/bill/info', (c) =>
      withFaults(c, (body) => {
        const ids = findByIds(body.merchant_order_ids)
        if (!ids) return reply(c, CCPAYMENT_CODES.invalidArgument)
        const data = ids.flatMap((id) => {
          const order = orders.get(id)
          if (!order) return []
          const found = order.token_id ? findNetwork(order.token_id) : undefined
          const settled =
            order.order_amount !== null && new Big(order.records.reduce((s, r) => s.plus(r.amount), new Big(0))).gte(order.order_amount)
          return [
            {
              order_detail: {
                product_price: order.product_price,
                denominated_currency: order.denominated_currency,
                product_name: order.product_name,
                merchant_order_id: order.merchant_order_id,
                chain: found?.network.chain ?? '',
                contract: found?.network.contract ?? '',
                crypto: found?.coin.symbol ?? '',
                order_amount: order.order_amount ?? '',
                status: settled ? 'Successful' : 'Pending',
                token_rate: order.token_rate ?? '',
                created: order.created,
                order_id: order.order_id,
              },
              trade_list: order.records.map((r) => ({
                amount: r.amount,
                chain: found?.network.chain ?? '',
                contract: found?.network.contract ?? '',
                crypto: found?.coin.symbol ?? '',
                service_fee: '0',
                network_fee: '0',
                txid: r.txid,
                pay_time: Math.floor(r.at / 1000),
                token_rate: order.token_rate,
              })),
              refund_list: [],
            },
          ]
        })
        return reply(c, CCPAYMENT_CODES.success, data)
      }),
    )

  // ---- Payer and tester controls (not part of CCPayment's API). ----
  const control = new Hono()
    .get('/orders/:merchantOrderId', (c) => {
      const order = orders.get(c.req.param('merchantOrderId'))
      return order ? c.json({ ...order, status: status(order) }) : c.json({ error: 'no such order' }, 404)
    })
    .post('/orders/:merchantOrderId/pay', async (c) => {
      const order = orders.get(c.req.param('merchantOrderId'))
      if (!order?.order_amount) return c.json({ error: 'no such order, or no coin chosen yet' }, 404)
      const body = (await c.req.json().catch(() => ({}))) as { amount?: string; fraction?: string; rest?: boolean }
      const { precision } = tokenPrice(order.token_id!)!
      const paid = order.records.reduce((sum, r) => sum.plus(r.amount), new Big(0))
      // `amount` as given, a `fraction` of the order, the `rest` still due, or by default the whole order.
      const amount =
        body.amount ??
        (body.fraction
          ? new Big(order.order_amount).times(body.fraction).round(precision, Big.roundDown).toString()
          : body.rest
            ? new Big(order.order_amount).minus(paid).toString()
            : order.order_amount)
      if (!/^\d+(\.\d+)?$/.test(amount) || new Big(amount).lte(0)) return c.json({ error: 'amount must be a positive decimal string' }, 400)
      const record = pay(order, amount)
      return c.json({ record_id: record.record_id, status: status(order) })
    })
    .post('/orders/:merchantOrderId/expire', async (c) => {
      const order = orders.get(c.req.param('merchantOrderId'))
      if (!order) return c.json({ error: 'no such order' }, 404)
      order.valid_until = Math.min(order.valid_until, clock() - 1)
      await options.onExpire?.(order.merchant_order_id, order.valid_until)
      return c.json({ status: status(order) })
    })
    .post('/orders/:merchantOrderId/redeliver', (c) => {
      // The last payment's webhook again, byte for byte, as CCPayment's "Resend Webhook Notification" does.
      const order = orders.get(c.req.param('merchantOrderId'))
      const record = order?.records.at(-1)
      if (!order?.notify_url || !record) return c.json({ error: 'nothing to resend' }, 404)
      deliveries.push(deliver(order.notify_url, record.webhook, false))
      return c.json({ record_id: record.record_id })
    })
    .get('/webhooks', (c) => c.json(webhooks))
    .post('/webhooks', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { enabled?: unknown }
      if (typeof body.enabled !== 'boolean') return c.json({ error: 'enabled must be true or false' }, 400)
      webhooks.enabled = body.enabled
      return c.json(webhooks)
    })
    .get('/faults', (c) => c.json({ latency_ms: latencyMs, queued: faults }))
    .post('/faults', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { fault?: string; times?: number; latency_ms?: number }
      if (body.latency_ms !== undefined) latencyMs = Math.max(0, Math.min(30_000, Number(body.latency_ms) || 0))
      if (body.fault !== undefined) {
        if (!CCPAYMENT_FAULTS.includes(body.fault as CcpaymentFault))
          return c.json({ error: `fault must be one of ${CCPAYMENT_FAULTS.join(', ')}` }, 400)
        for (let i = 0; i < Math.max(1, Math.min(100, body.times ?? 1)); i++) faults.push(body.fault as CcpaymentFault)
      }
      return c.json({ latency_ms: latencyMs, queued: faults })
    })
    .delete('/faults', (c) => {
      faults.length = 0
      latencyMs = 0
      return c.json({ latency_ms: 0, queued: [] })
    })
  app.route('/control', control)

  // ---- The hosted checkout page for `concise/url/get` URLs: plain HTML forms, no script. ----
  const page = new Hono()
    .use(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      }),
    )
    .get('/pay.css', (c) => c.body(HOSTED_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }))
    .get('/pay', (c) => {
      const order = [...orders.values()].find((o) => o.kind === 'hosted' && o.key === c.req.query('key'))
      if (!order) return c.html(hostedPage('Payment link not found', '<p>This payment link does not exist or has been removed.</p>'), 404)
      return c.html(hostedPage(`Pay ${escape(order.product_name)}`, hostedBody(order)))
    })
    .post('/pay/:key', async (c) => {
      const order = [...orders.values()].find((o) => o.kind === 'hosted' && o.key === c.req.param('key'))
      if (!order) return c.html(hostedPage('Payment link not found', '<p>This payment link does not exist.</p>'), 404)
      const form = await c.req.parseBody()
      if (typeof form.token_id === 'string' && !order.token_id && findNetwork(form.token_id)) assignToken(order, form.token_id)
      if (typeof form.fraction === 'string' && order.order_amount && ['0.5', '1', '1.1'].includes(form.fraction)) {
        const { precision } = tokenPrice(order.token_id!)!
        pay(order, new Big(order.order_amount).times(form.fraction).round(precision, Big.roundDown).toString())
      }
      return c.redirect(`${options.publicBase}/pay?key=${order.key}`, 303)
    })
  app.route('/', page)

  function hostedBody(order: SimulatedOrder): string {
    const head = `<p class="price">${escape(order.product_price)} USD</p><p class="note">CCPayment sandbox: a simulated hosted checkout. No real money moves.</p>`
    if (!order.token_id) {
      const choices = SIMULATED_COINS.flatMap((coin) =>
        coin.networks.map(
          (n) =>
            `<label><input type="radio" name="token_id" value="${n.token_id}" required> ${coin.symbol} on ${escape(n.network)}: ${cryptoAmount(order.product_price, n.token_id)} ${coin.symbol}</label>`,
        ),
      )
      return `${head}<form method="post" action="${options.publicBase}/pay/${order.key}"><fieldset><legend>Choose a coin</legend>${choices.join('')}</fieldset><button>Continue</button></form>`
    }
    const found = findNetwork(order.token_id)!
    const current = status(order)
    const payButtons = ['0.5', '1', '1.1']
      .map(
        (f) => `<button name="fraction" value="${f}">${f === '0.5' ? 'Pay half' : f === '1' ? 'Pay in full' : 'Pay 10% too much'}</button>`,
      )
      .join(' ')
    return `${head}
      <dl>
        <dt>Send</dt><dd>${order.order_amount} ${found.coin.symbol} (${escape(found.network.network)})</dd>
        <dt>To</dt><dd><code>${escape(order.pay_address!)}</code></dd>
        ${order.memo ? `<dt>Memo</dt><dd><code>${escape(order.memo)}</code></dd>` : ''}
        <dt>Status</dt><dd><strong>${current}</strong></dd>
        <dt>Valid until</dt><dd>${new Date(order.valid_until).toISOString()}</dd>
      </dl>
      <form method="post" action="${options.publicBase}/pay/${order.key}"><p>Act as the payer:</p>${payButtons}</form>
      ${order.return_url ? `<p><a href="${escape(order.return_url)}">Return to the merchant</a></p>` : ''}`
  }

  return {
    app,
    orders,
    /** Resolves when every webhook delivery started so far has finished (tests). */
    async settle() {
      await Promise.all(deliveries)
    },
    /** The headers and body of the last payment's webhook, signed now: tests replay it at will. */
    async lastWebhook(merchantOrderId: string): Promise<{ headers: Record<string, string>; body: string }> {
      const record = orders.get(merchantOrderId)?.records.at(-1)
      if (!record) throw new Error('no payment to replay')
      return {
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...(await ccpaymentHeaders(credentials, record.webhook, clock())) },
        body: record.webhook,
      }
    },
  }
}

export type CcpaymentSimulator = ReturnType<typeof createCcpaymentSimulator>

const HOSTED_CSS = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.price{font-size:1.75rem;font-weight:600;margin:0}.note{color:#555}label{display:block;margin:.25rem 0}
dt{font-weight:600}dd{margin:0 0 .5rem}code{word-break:break-all}button{font:inherit;padding:.4rem .9rem;margin:.25rem .25rem 0 0}`

function hostedPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · CCPayment sandbox</title><link rel="stylesheet" href="pay.css"></head><body><h1>${title}</h1>${body}</body></html>`
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
function base58(hex: string): string {
  let n = BigInt(`0x${hex}`)
  let out = ''
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out
    n /= 58n
  }
  return out.padStart(34, '1')
}
