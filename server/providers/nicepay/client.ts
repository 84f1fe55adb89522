import type { NicepayConfig } from '../../config.js'
import { BUSY_CODES, RESULT, type MitraCode } from './codes.js'
import { cancelToken, inquiryToken, registrationToken, wibTimestamp } from './sign.js'

/**
 * A client for NICEPAY's API v2 convenience-store calls: registration, inquiry and cancel, signed
 * with the merchantToken of each call and a WIB timestamp. It talks to `config.baseUrl` (the
 * simulator in sandbox mode, `https://www.nicepay.co.id` live) through the injected fetch.
 */

/** No usable answer: the call may or may not have happened at NICEPAY (timeout, network, 5xx, garbage). */
export class NicepayUnavailable extends Error {
  override readonly name = 'NicepayUnavailable'
  constructor(
    readonly kind: 'timeout' | 'network' | 'http' | 'malformed',
    message: string,
  ) {
    super(message)
  }
}

/** NICEPAY answered and said no (`resultCd` ≠ "0000"): the call did not happen. */
export class NicepayRejected extends Error {
  override readonly name = 'NicepayRejected'
  constructor(
    readonly resultCd: string,
    readonly resultMsg: string,
  ) {
    super(`NICEPAY ${resultCd}: ${resultMsg}`)
  }

  /** NICEPAY or the store network was busy; the same call may succeed later. */
  get busy(): boolean {
    return BUSY_CODES.has(this.resultCd)
  }
}

export interface RegistrationInput {
  referenceNo: string
  amt: string
  /** The store; null lets the payer pick it on NICEPAY's page (API checkout). */
  mitraCd: MitraCode | null
  goodsNm: string
  billingNm: string
  billingPhone: string
  billingEmail: string
  /** Epoch ms; sent as payValidDt/payValidTm in WIB, to the second. */
  payValidAt: number
  dbProcessUrl: string
  description?: string
}

export interface RegistrationResult {
  tXid: string
  referenceNo: string
  amt: string
  mitraCd: MitraCode
  payNo: string
  transDt: string
  transTm: string
}

export interface InquiryResult {
  tXid: string
  referenceNo: string
  amt: string
  /** CVS: 0 paid, 3 unpaid, 4 expired, 5 ready (Alfamart group). */
  status: string
  mitraCd: string | null
  payNo: string | null
  payValidDt: string | null
  payValidTm: string | null
  depositDt: string | null
  depositTm: string | null
  receiptCode: string | null
}

export interface NicepayClientOptions {
  config: NicepayConfig
  fetch: typeof fetch
  clock: () => number
  /** Per call; after this the outcome is unknown. */
  timeoutMs: number
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export function createNicepayClient(options: NicepayClientOptions) {
  const { config, clock } = options
  const key = { iMid: config.iMid, merchantKey: config.merchantKey }

  async function call(path: string, body: Record<string, string>): Promise<Record<string, unknown>> {
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort()
        reject(new NicepayUnavailable('timeout', `NICEPAY did not answer ${path} within ${options.timeoutMs} ms`))
      }, options.timeoutMs)
    })
    try {
      // Raced by hand as well as aborted: an in-process fetch (the sandbox) may not watch the signal.
      const work = (async () => {
        let response: Response
        try {
          response = await options.fetch(`${config.baseUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            signal: abort.signal,
          })
        } catch (error) {
          throw new NicepayUnavailable('network', `NICEPAY ${path}: ${error instanceof Error ? error.message : String(error)}`)
        }
        const text = await response.text().catch(() => '')
        // NICEPAY answers every outcome, errors included, with HTTP 200.
        if (response.status !== 200) throw new NicepayUnavailable('http', `NICEPAY ${path} answered HTTP ${response.status}`)
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          throw new NicepayUnavailable('malformed', `NICEPAY ${path} answered something that is not JSON`)
        }
        if (!isObject(json) || typeof json.resultCd !== 'string') {
          throw new NicepayUnavailable('malformed', `NICEPAY ${path} answered without a resultCd`)
        }
        if (json.resultCd !== RESULT.SUCCESS) throw new NicepayRejected(json.resultCd, strOrNull(json.resultMsg) ?? '')
        return json
      })()
      return await Promise.race([work, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  const malformed = (what: string) => new NicepayUnavailable('malformed', `NICEPAY ${what} answer lacks expected fields`)

  /** The body both registrations share (providers.md §2.3), signed. */
  async function registrationBody(input: RegistrationInput): Promise<Record<string, string>> {
    const timeStamp = wibTimestamp(clock())
    const valid = wibTimestamp(input.payValidAt)
    // cartData is a JSON string inside the JSON (double-encoded); its goods_amt must add up to amt (9023).
    const cartData = JSON.stringify({
      count: '1',
      item: [{ goods_name: input.goodsNm, goods_detail: input.goodsNm, goods_amt: input.amt, goods_quantity: '1' }],
    })
    return {
      timeStamp,
      iMid: config.iMid,
      payMethod: '03',
      currency: 'IDR',
      amt: input.amt,
      referenceNo: input.referenceNo,
      goodsNm: input.goodsNm,
      billingNm: input.billingNm,
      billingPhone: input.billingPhone,
      billingEmail: input.billingEmail,
      // The payer gives no address for a store payment; the fields are sent empty.
      billingAddr: '',
      billingCity: '',
      billingState: '',
      billingPostCd: '',
      billingCountry: 'Indonesia',
      description: input.description ?? input.goodsNm,
      cartData,
      mitraCd: input.mitraCd ?? '',
      payValidDt: valid.slice(0, 8),
      payValidTm: valid.slice(8),
      dbProcessUrl: input.dbProcessUrl,
      merchantToken: await registrationToken(key, { timeStamp, referenceNo: input.referenceNo, amt: input.amt }),
    }
  }

  return {
    async register(input: RegistrationInput & { mitraCd: MitraCode }): Promise<RegistrationResult> {
      const json = await call('/nicepay/direct/v2/registration', await registrationBody(input))
      const { tXid, payNo, transDt, transTm } = json
      if (typeof tXid !== 'string' || typeof payNo !== 'string' || !/^\d{6,20}$/.test(payNo)) throw malformed('registration')
      return {
        tXid,
        referenceNo: strOrNull(json.referenceNo) ?? input.referenceNo,
        amt: strOrNull(json.amt) ?? input.amt,
        mitraCd: json.mitraCd === 'ALMA' || json.mitraCd === 'INDO' ? json.mitraCd : input.mitraCd,
        payNo,
        transDt: strOrNull(transDt) ?? '',
        transTm: strOrNull(transTm) ?? '',
      }
    },

    /**
     * The API checkout (providers.md §2.4): registers the transaction with `payMethod` 00 and no
     * `mitraCd`, so the payer picks Indomaret or Alfamart on NICEPAY's page; NICEPAY sends the
     * browser back to `callBackUrl`. Returns the page to send the payer to (`paymentURL?tXid=…`).
     */
    async registerRedirect(
      input: Omit<RegistrationInput, 'mitraCd'> & { callBackUrl: string },
    ): Promise<{ tXid: string; paymentUrl: string }> {
      const body = await registrationBody({ ...input, mitraCd: null })
      const json = await call('/nicepay/redirect/v2/registration', { ...body, payMethod: '00', callBackUrl: input.callBackUrl })
      const { tXid, paymentURL } = json
      if (typeof tXid !== 'string' || !/^[\w-]{1,30}$/.test(tXid) || typeof paymentURL !== 'string')
        throw malformed('redirect registration')
      // The payer's browser goes there: only to NICEPAY's own host.
      const page = URL.canParse(paymentURL) ? new URL(paymentURL) : null
      if (!page || page.origin !== new URL(config.baseUrl).origin) throw malformed('redirect registration')
      page.searchParams.set('tXid', tXid)
      return { tXid, paymentUrl: page.href }
    },

    /** Status of a transaction, by its tXid (NICEPAY requires it) with our referenceNo and amount. */
    async inquire(input: { tXid: string; referenceNo: string; amt: string }): Promise<InquiryResult> {
      const timeStamp = wibTimestamp(clock())
      const json = await call('/nicepay/direct/v2/inquiry', {
        timeStamp,
        tXid: input.tXid,
        iMid: config.iMid,
        referenceNo: input.referenceNo,
        amt: input.amt,
        merchantToken: await inquiryToken(key, { timeStamp, referenceNo: input.referenceNo, amt: input.amt }),
      })
      if (typeof json.tXid !== 'string' || typeof json.status !== 'string' || typeof json.amt !== 'string') throw malformed('inquiry')
      return {
        tXid: json.tXid,
        referenceNo: strOrNull(json.referenceNo) ?? '',
        amt: json.amt,
        status: json.status,
        mitraCd: strOrNull(json.mitraCd),
        payNo: strOrNull(json.payNo),
        payValidDt: strOrNull(json.payValidDt),
        payValidTm: strOrNull(json.payValidTm),
        depositDt: strOrNull(json.depositDt),
        depositTm: strOrNull(json.depositTm),
        receiptCode: strOrNull(json.receiptCode),
      }
    },

    async cancel(input: { tXid: string; amt: string; reason?: string }): Promise<void> {
      const timeStamp = wibTimestamp(clock())
      await call('/nicepay/direct/v2/cancel', {
        timeStamp,
        tXid: input.tXid,
        iMid: config.iMid,
        payMethod: '03',
        cancelType: '1',
        amt: input.amt,
        cancelMsg: input.reason ?? 'Canceled by merchant',
        merchantToken: await cancelToken(key, { timeStamp, tXid: input.tXid, amt: input.amt }),
      })
    },
  }
}

export type NicepayClient = ReturnType<typeof createNicepayClient>
