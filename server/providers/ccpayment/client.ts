import { z } from 'zod'
import { ccpaymentHeaders, checkCcpaymentSignature } from './sign.js'

/**
 * CCPayment v1 API client, for the real host and the simulator alike (only `baseUrl` differs).
 * It signs the exact bytes it sends and checks the signature of every successful answer.
 */

/** CCPayment answered and said no (HTTP 200 with a code other than 10000): nothing was done. */
export class CcpaymentError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`CCPayment ${code}: ${message}`)
    this.name = 'CcpaymentError'
  }

  /** 224066 "Service error, please try again". */
  get retryable() {
    return this.code === 224066
  }
}

/** No trustworthy answer (timeout, network, HTTP error, unparsable or badly signed body): the outcome is unknown. */
export class CcpaymentUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'http' | 'malformed' | 'signature',
    detail: string,
  ) {
    super(`CCPayment unavailable (${reason}): ${detail}`)
    this.name = 'CcpaymentUnavailableError'
  }
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/)

const coinsSchema = z.object({
  list: z.array(
    z.object({
      coin_id: z.string(),
      symbol: z.string(),
      name: z.string(),
      logo: z.string().optional(),
      price: decimal,
      precision: z.number().int().min(0).max(18),
      status: z.number(),
      tokens: z.array(
        z.object({
          token_id: z.string(),
          network: z.string(),
          chain: z.string(),
          name: z.string(),
          contract: z.string(),
          is_support_memo: z.boolean(),
          status: z.number(),
        }),
      ),
    }),
  ),
})
export type CcpaymentCoins = z.infer<typeof coinsSchema>

const billSchema = z.object({
  amount: decimal,
  order_id: z.string(),
  network: z.string(),
  pay_address: z.string().min(1),
  memo: z.string().optional().default(''),
  token_id: z.string(),
  crypto: z.string(),
  order_valid_period: z.number().optional(),
})
export type CcpaymentBill = z.infer<typeof billSchema>

const urlSchema = z.object({ payment_url: z.url() })

const billInfoSchema = z.array(
  z.object({
    order_detail: z.object({
      merchant_order_id: z.string(),
      order_amount: z.string(),
      status: z.string(),
      order_id: z.string().optional(),
    }),
    trade_list: z.array(z.object({ amount: decimal, txid: z.string(), pay_time: z.number() })).default([]),
  }),
)

const envelope = z.object({ code: z.number(), msg: z.string(), data: z.unknown() })

export interface CcpaymentClientOptions {
  appId: string
  appSecret: string
  baseUrl: string
  fetch: typeof fetch
  clock?: () => number
  timeoutMs?: number
}

export function createCcpaymentClient(options: CcpaymentClientOptions) {
  const clock = options.clock ?? Date.now
  const credentials = { appId: options.appId, appSecret: options.appSecret }
  const timeoutMs = options.timeoutMs ?? 10_000

  async function call<T>(path: string, body: Record<string, unknown> | null, schema: z.ZodType<T>): Promise<T> {
    const text = body === null ? '' : JSON.stringify(body)
    let response: Response
    try {
      response = await options.fetch(`${options.baseUrl}/ccpayment/v1/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...(await ccpaymentHeaders(credentials, text, clock())) },
        body: text,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new CcpaymentUnavailableError(timedOut ? 'timeout' : 'network', error instanceof Error ? error.message : String(error))
    }
    const raw = await response.text().catch(() => '')
    if (response.status !== 200) throw new CcpaymentUnavailableError('http', `HTTP ${response.status}`)
    let parsed: z.infer<typeof envelope>
    try {
      parsed = envelope.parse(JSON.parse(raw))
    } catch {
      throw new CcpaymentUnavailableError('malformed', 'the answer is not the JSON envelope CCPayment sends')
    }
    // CCPayment signs its answers; a success we cannot verify is not believed.
    if (parsed.code === 10000 && (await checkCcpaymentSignature(credentials, response.headers, raw, clock())) !== null) {
      throw new CcpaymentUnavailableError('signature', 'the answer is not signed with our app secret')
    }
    if (parsed.code !== 10000) throw new CcpaymentError(parsed.code, parsed.msg)
    const data = schema.safeParse(parsed.data)
    if (!data.success) throw new CcpaymentUnavailableError('malformed', `unexpected data from ${path}`)
    return data.data
  }

  return {
    coins: () => call('coin/all', null, coinsSchema),
    createBill: (input: {
      token_id: string
      product_price: string
      merchant_order_id: string
      order_valid_period: number
      notify_url: string
      custom_value: string
      remark?: string
    }) => call('bill/create', { ...input, denominated_currency: 'USD' }, billSchema),
    checkoutUrl: (input: {
      product_price: string
      merchant_order_id: string
      product_name: string
      order_valid_period: number
      notify_url: string
      return_url?: string
      custom_value: string
    }) => call('concise/url/get', input, urlSchema),
    billInfo: (merchantOrderIds: string[]) => call('bill/info', { merchant_order_ids: merchantOrderIds }, billInfoSchema),
  }
}

export type CcpaymentClient = ReturnType<typeof createCcpaymentClient>
