import { Hono, type Context } from 'hono'
import type { NicepayConfig } from '../../config.js'
import type { Logger } from '../../log.js'
import { CVS_STATUS, isMitraCode, RESULT, RESULT_MESSAGES, type MitraCode } from './codes.js'
import { cancelToken, notificationToken, parseWib, parseWibTimestamp, registrationToken, tokensMatch, wibDateTime } from './sign.js'

/**
 * The NICEPAY simulator: API v2 (non-SNAP) convenience-store payments as documented
 * (providers.md §2), mounted at `/sandbox/nicepay`, so `https://dev.nicepay.co.id/nicepay/…` becomes
 * `/sandbox/nicepay/nicepay/…`. It checks merchantTokens as strictly as NICEPAY, answers every error
 * with HTTP 200 and a `resultCd`, sends flat objects full of nulls, and posts form-encoded
 * notifications to `dbProcessUrl`. Beside NICEPAY's paths sit the store side (`/store/*`: a cashier
 * looks a code up and takes the money, or the code runs out) and the fault switches
 * (`/control/faults`). State lives in memory, per app instance; time comes from the injected clock.
 *
 * Where the public record is silent the simulator picks a behaviour; each such place says "Guess".
 */

export interface SimulatorOptions {
  config: NicepayConfig
  /** Public base of the simulator itself (`…/sandbox/nicepay`), for `paymentURL`. */
  publicBase: string
  clock: () => number
  /** Outbound HTTP for notifications (in sandbox mode, our own webhooks are answered in-process). */
  fetch: typeof fetch
  log: Logger
}

type Endpoint = 'registration' | 'inquiry' | 'cancel'
type Failure = 'timeout' | 'http_500' | 'http_502' | 'http_503' | 'malformed_json' | 'empty_body' | 'html'

export interface Faults {
  /** Added before every API answer, ms. */
  latency_ms: number
  /** How the next matching API calls fail, until `failure_count` runs out (null: unlimited). */
  failure: Failure | null
  failure_endpoints: Endpoint[]
  failure_count: number | null
  /** Whether NICEPAY did the work before failing (a lost answer) or failed first. */
  failure_after_processing: boolean
  /** How long a `timeout` holds the connection before giving up, ms. */
  hang_ms: number
  /** Answer matching calls with this resultCd instead (a busy CVS network, an empty number pool…). */
  result_cd: string | null
  /** `bad` signs notifications with a wrong key. */
  notification_token: 'valid' | 'bad'
  /** Delays of redeliveries after a notification was not answered with HTTP 200. */
  notification_retry_delays_ms: number[]
}

const DEFAULT_FAULTS: Faults = {
  latency_ms: 0,
  failure: null,
  failure_endpoints: ['registration', 'inquiry', 'cancel'],
  failure_count: null,
  failure_after_processing: false,
  hang_ms: 30_000,
  result_cd: null,
  notification_token: 'valid',
  // Guess: NICEPAY's retry policy is not public (providers.md §5.4). Two redeliveries.
  notification_retry_delays_ms: [10_000, 60_000],
}

export interface SimTransaction {
  tXid: string
  referenceNo: string
  flow: 'direct' | 'redirect'
  payMethod: string
  amt: string
  currency: string
  goodsNm: string
  billingNm: string
  description: string | null
  /** Null until a redirect payer picks a store. */
  mitraCd: MitraCode | null
  payNo: string | null
  transDt: string
  transTm: string
  reqDt: string
  reqTm: string
  payValidDt: string
  payValidTm: string
  payValidAt: number
  dbProcessUrl: string
  callBackUrl: string | null
  /** Set when the Alfamart-group cashier looked the bill up: inquiry status 5. */
  lookedUp: boolean
  paidAt: number | null
  receiptCode: string | null
  canceledAt: number | null
  notifications: { at: number; copy: number; status: number | null; body: string }[]
}

/**
 * Guess: the public record gives no minimum, and NICEPAY's own fixtures register small amounts (the
 * PHP library's README Rp 100, its Python library's tests Rp 1 and Rp 1.000); only Rp 0 is refused.
 */
export const MIN_CVS_AMOUNT = 1
/** Guess: the default validity when payValidDt/payValidTm are sent empty (providers.md §2.3 calls it UNKNOWN). */
const DEFAULT_VALIDITY_MS = 24 * 3600_000
/**
 * Guess: no tolerance is documented. NICEPAY's Python and Node libraries stamp requests with the
 * machine's local time, not WIB, so a merchant server elsewhere is hours off; a day either way
 * covers every time zone, and anything further is refused (9031).
 */
const TIMESTAMP_WINDOW_MS = 24 * 3600_000

const NULL_FIELDS_REGISTRATION = ['bankCd', 'vacctNo'] as const

type Body = Record<string, unknown>

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
/**
 * Guess: an amount may come as a JSON number (NICEPAY's Python and Node libraries send `amt` and
 * `goods_amt` as numbers); it counts as its digits, over which the merchantToken is computed.
 */
const wholeNumber = (value: unknown): unknown =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value
const present = (body: Body, key: string) => typeof body[key] === 'string' && (body[key] as string).length > 0

function randomDigits(n: number): string {
  let out = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(n))) out += String(byte % 10)
  return out
}

export function createNicepaySimulator(options: SimulatorOptions) {
  const { config, clock, log } = options
  const key = { iMid: config.iMid, merchantKey: config.merchantKey }
  const byTxid = new Map<string, SimTransaction>()
  const byReference = new Map<string, SimTransaction>()
  const byPayNo = new Map<string, SimTransaction>()
  let faults: Faults = structuredClone(DEFAULT_FAULTS)
  const pendingRetries = new Set<ReturnType<typeof setTimeout>>()
  /** Notifications go out unless a tester switched them off. */
  const webhooks = { enabled: true }

  const result = (code: string, message = RESULT_MESSAGES[code] ?? 'Error') => ({ resultCd: code, resultMsg: message })

  function inquiryStatus(t: SimTransaction): string {
    if (t.paidAt !== null) return CVS_STATUS.PAID
    // Guess: the CVS status table has no "canceled"; a canceled code can no longer be paid, which a
    // merchant reads as expired.
    if (t.canceledAt !== null || clock() >= t.payValidAt) return CVS_STATUS.EXPIRED
    if (t.lookedUp && t.mitraCd === 'ALMA') return CVS_STATUS.READY
    return CVS_STATUS.UNPAID
  }

  // ---- request checks shared by the direct and redirect registrations ----

  /** Checks a registration; returns the error to answer with, or the validated parts. */
  async function checkRegistration(
    body: Body,
    flow: 'direct' | 'redirect',
  ): Promise<{ error: ReturnType<typeof result> } | { payValidAt: number; mitraCd: MitraCode | null }> {
    // Guess: the order of checks is not documented. Identity and fields first, then the token, then business rules.
    if (str(body.iMid) !== config.iMid) return { error: result(RESULT.INVALID_MID) }
    const payMethod = str(body.payMethod)
    if (payMethod !== '03' && !(flow === 'redirect' && payMethod === '00')) return { error: result(RESULT.METHOD_NOT_ACTIVATED) }
    if (!present(body, 'amt')) return { error: result(RESULT.UNDEFINED_AMT) }
    if (str(body.currency) !== 'IDR') return { error: result(RESULT.UNDEFINED_CURRENCY) }
    const required: [string, string][] = [
      ['referenceNo', RESULT.UNDEFINED_REFERENCE],
      ['goodsNm', RESULT.UNDEFINED_GOODS],
      ['billingNm', RESULT.UNDEFINED_BILLING_NAME],
      ['billingPhone', RESULT.UNDEFINED_BILLING_PHONE],
      ['billingEmail', RESULT.UNDEFINED_BILLING_EMAIL],
      ...(flow === 'redirect' ? ([['callBackUrl', RESULT.UNDEFINED_CALLBACK_URL]] as [string, string][]) : []),
      ['dbProcessUrl', RESULT.UNDEFINED_DB_PROCESS_URL],
    ]
    for (const [field, code] of required) if (!present(body, field)) return { error: result(code) }
    // Guess: the documents give each field's type and size (providers.md §2.3, §2.4) but no code for
    // a value that breaks them; the field's own "undefined" code answers, as for a missing one.
    const isUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)
    type Shape = [field: string, max: number, code: string, check?: (value: string) => boolean]
    const shaped: Shape[] = [
      ['goodsNm', 100, RESULT.UNDEFINED_GOODS],
      ['billingNm', 100, RESULT.UNDEFINED_BILLING_NAME],
      ['billingPhone', 15, RESULT.UNDEFINED_BILLING_PHONE, (v) => /^\d+$/.test(v)],
      ['billingEmail', 40, RESULT.UNDEFINED_BILLING_EMAIL],
      ...(flow === 'redirect' ? [['callBackUrl', 255, RESULT.UNDEFINED_CALLBACK_URL, isUrl] satisfies Shape] : []),
      ['dbProcessUrl', 255, RESULT.UNDEFINED_DB_PROCESS_URL, isUrl],
    ]
    for (const [field, max, code, check] of shaped) {
      const value = str(body[field])!
      if (value.length > max || (check && !check(value))) return { error: result(code) }
    }
    // Guess: the address fields must be sent (the docs mark them required) but may be empty; the
    // official SDK tests send empty strings for several optional-looking fields.
    const addressFields: [string, string][] = [
      ['billingCity', RESULT.UNDEFINED_BILLING_CITY],
      ['billingState', RESULT.UNDEFINED_BILLING_STATE],
      ['billingPostCd', RESULT.UNDEFINED_BILLING_POST_CODE],
      ['billingCountry', RESULT.UNDEFINED_BILLING_COUNTRY],
    ]
    for (const [field, code] of addressFields) if (typeof body[field] !== 'string') return { error: result(code) }
    const amt = str(body.amt)!
    if (!/^\d{1,12}$/.test(amt)) return { error: result(RESULT.INVALID_AMT) }
    const referenceNo = str(body.referenceNo)!
    if (referenceNo.length > 40) return { error: result(RESULT.REFERENCE_TOO_LONG) }
    const stamp = parseWibTimestamp(str(body.timeStamp))
    if (stamp === null || Math.abs(stamp - clock()) > TIMESTAMP_WINDOW_MS) return { error: result(RESULT.DATE_TIME_CHECK) }
    const expected = await registrationToken(key, { timeStamp: str(body.timeStamp)!, referenceNo, amt })
    if (!(await tokensMatch(expected, body.merchantToken))) return { error: result(RESULT.INVALID_TOKEN) }

    const mitra = body.mitraCd
    const mitraCd = isMitraCode(mitra) ? mitra : null
    // Redirect with payMethod 00 lets the payer choose on NICEPAY's page; otherwise the store is required.
    if (!mitraCd && !(flow === 'redirect' && payMethod === '00' && (mitra === undefined || mitra === ''))) {
      return { error: result(RESULT.INVALID_CVS) }
    }
    if (Number(amt) < MIN_CVS_AMOUNT) return { error: result(RESULT.AMOUNT_TOO_SMALL) }
    if (body.cartData !== undefined && body.cartData !== '' && body.cartData !== null) {
      const cartError = checkCart(body.cartData, amt)
      if (cartError) return { error: result(cartError) }
    }
    let payValidAt = clock() + DEFAULT_VALIDITY_MS
    const validDt = str(body.payValidDt) ?? ''
    const validTm = str(body.payValidTm) ?? ''
    if (validDt !== '' || validTm !== '') {
      if (parseWib(validDt, '000000') === null) return { error: result(RESULT.INVALID_EXPIRY_DATE) }
      const at = parseWib(validDt, validTm)
      if (at === null) return { error: result(RESULT.INVALID_EXPIRY_TIME) }
      // Guess: a validity already in the past is refused as a bad date.
      if (at <= clock()) return { error: result(RESULT.INVALID_EXPIRY_DATE) }
      payValidAt = at
    }
    if (byReference.has(referenceNo)) return { error: result(RESULT.REFERENCE_EXISTS) }
    return { payValidAt, mitraCd }
  }

  function checkCart(cartData: unknown, amt: string): string | null {
    if (typeof cartData !== 'string') return RESULT.INVALID_CART
    let cart: unknown
    try {
      cart = JSON.parse(cartData)
    } catch {
      return RESULT.INVALID_CART
    }
    if (!cart || typeof cart !== 'object') return RESULT.INVALID_CART
    const items = (cart as { item?: unknown }).item
    // `"{}"` (the docs' own sample) carries no items and is accepted.
    if (items === undefined) return null
    if (!Array.isArray(items)) return RESULT.INVALID_CART
    let sum = 0n
    for (const item of items) {
      const amount = wholeNumber((item as { goods_amt?: unknown } | null)?.goods_amt)
      if (typeof amount !== 'string' || !/^\d{1,12}$/.test(amount)) return RESULT.INVALID_CART
      sum += BigInt(amount)
    }
    return sum === BigInt(amt) ? null : RESULT.CART_AMOUNT_MISMATCH
  }

  function newTxid(payMethod: string): string {
    for (;;) {
      const { date, time } = wibDateTime(clock())
      const tXid = `${config.iMid}${payMethod}${date}${time}${randomDigits(4)}`
      if (!byTxid.has(tXid)) return tXid
    }
  }

  /** A fresh payment code. Guess at the lengths: 12 digits for the Alfamart group (as in the docs' samples), 16 for Indomaret. */
  function issuePayNo(t: SimTransaction, mitraCd: MitraCode): void {
    let payNo: string
    do payNo = (mitraCd === 'ALMA' ? '5' : '8') + randomDigits(mitraCd === 'ALMA' ? 11 : 15)
    while (byPayNo.has(payNo))
    t.mitraCd = mitraCd
    t.payNo = payNo
    byPayNo.set(payNo, t)
  }

  function createTransaction(body: Body, flow: 'direct' | 'redirect', checked: { payValidAt: number; mitraCd: MitraCode | null }) {
    const now = clock()
    const { date, time } = wibDateTime(now)
    const valid = wibDateTime(checked.payValidAt)
    const payMethod = str(body.payMethod)!
    const t: SimTransaction = {
      tXid: newTxid(payMethod),
      referenceNo: str(body.referenceNo)!,
      flow,
      payMethod,
      amt: str(body.amt)!,
      currency: 'IDR',
      goodsNm: str(body.goodsNm)!,
      billingNm: str(body.billingNm)!,
      description: str(body.description) ?? null,
      mitraCd: null,
      payNo: null,
      transDt: date,
      transTm: time,
      reqDt: date,
      reqTm: time,
      payValidDt: valid.date,
      payValidTm: valid.time,
      payValidAt: checked.payValidAt,
      dbProcessUrl: str(body.dbProcessUrl)!,
      callBackUrl: str(body.callBackUrl) ?? null,
      lookedUp: false,
      paidAt: null,
      receiptCode: null,
      canceledAt: null,
      notifications: [],
    }
    // The direct flow issues the code at once; the redirect flow when the payer finishes NICEPAY's page.
    if (flow === 'direct' && checked.mitraCd) issuePayNo(t, checked.mitraCd)
    else t.mitraCd = checked.mitraCd
    byTxid.set(t.tXid, t)
    byReference.set(t.referenceNo, t)
    return t
  }

  // ---- the API endpoints ----

  async function register(body: Body) {
    const checked = await checkRegistration(body, 'direct')
    if ('error' in checked) return checked.error
    const t = createTransaction(body, 'direct', checked)
    // The docs' sample response: one flat object for every payment method, so whatever does not
    // apply is null, and payValidDt/payValidTm come back null too.
    return {
      ...result(RESULT.SUCCESS),
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      payMethod: t.payMethod,
      amt: t.amt,
      transDt: t.transDt,
      transTm: t.transTm,
      description: t.description,
      ...Object.fromEntries(NULL_FIELDS_REGISTRATION.map((f) => [f, null])),
      mitraCd: t.mitraCd,
      payNo: t.payNo,
      currency: null,
      goodsNm: null,
      billingNm: null,
      vacctValidDt: null,
      vacctValidTm: null,
      payValidDt: null,
      payValidTm: null,
    }
  }

  async function registerRedirect(body: Body) {
    const checked = await checkRegistration(body, 'redirect')
    if ('error' in checked) return checked.error
    const t = createTransaction(body, 'redirect', checked)
    return {
      ...result(RESULT.SUCCESS),
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      payMethod: t.payMethod,
      amt: t.amt,
      transDt: t.transDt,
      transTm: t.transTm,
      description: t.description,
      currency: t.currency,
      goodsNm: t.goodsNm,
      billingNm: t.billingNm,
      payValidDt: t.payValidDt,
      payValidTm: t.payValidTm,
      paymentURL: `${options.publicBase}/nicepay/redirect/v2/payment`,
    }
  }

  async function inquire(body: Body) {
    if (str(body.iMid) !== config.iMid) return result(RESULT.INVALID_MID)
    const timeStamp = str(body.timeStamp)
    const stamp = parseWibTimestamp(timeStamp)
    if (stamp === null || Math.abs(stamp - clock()) > TIMESTAMP_WINDOW_MS) return result(RESULT.DATE_TIME_CHECK)
    const referenceNo = str(body.referenceNo)
    const amt = str(body.amt)
    if (!referenceNo) return result(RESULT.UNDEFINED_REFERENCE)
    if (!amt) return result(RESULT.UNDEFINED_AMT)
    const expected = await registrationToken(key, { timeStamp: timeStamp!, referenceNo, amt })
    if (!(await tokensMatch(expected, body.merchantToken))) return result(RESULT.INVALID_TOKEN)
    // The docs mark tXid required (AN 30): an inquiry without one finds nothing. Guess: the answer is
    // 9528 "Transaction not found".
    const tXid = str(body.tXid) ?? ''
    const t = byTxid.get(tXid)
    if (!t || t.referenceNo !== referenceNo || t.amt !== amt) return result(RESULT.TRANSACTION_NOT_FOUND)
    const status = inquiryStatus(t)
    const deposit = t.paidAt === null ? null : wibDateTime(t.paidAt)
    // Guess: resultMsg carries a status word, as in the docs' "init" sample.
    const words: Record<string, string> = { '0': 'paid', '3': 'unpaid', '4': 'expired', '5': 'ready to paid' }
    return {
      ...result(RESULT.SUCCESS, t.payNo === null ? 'init' : (words[status] ?? 'unpaid')),
      tXid: t.tXid,
      iMid: config.iMid,
      currency: t.currency,
      amt: t.amt,
      instmntMon: null,
      instmntType: null,
      referenceNo: t.referenceNo,
      goodsNm: t.goodsNm,
      payMethod: '03',
      billingNm: t.billingNm,
      reqDt: t.reqDt,
      reqTm: t.reqTm,
      status,
      cancelAmt: t.canceledAt === null ? null : t.amt,
      transDt: t.transDt,
      transTm: t.transTm,
      depositDt: deposit?.date ?? null,
      depositTm: deposit?.time ?? null,
      cardNo: null,
      authNo: null,
      issuBankCd: null,
      issuBankNm: null,
      acquBankCd: null,
      acquBankNm: null,
      cardExpYymm: null,
      ccTransType: null,
      acquStatus: null,
      preauthToken: null,
      recurringToken: null,
      bankCd: null,
      vacctNo: null,
      vacctValidDt: null,
      vacctValidTm: null,
      mitraCd: t.mitraCd,
      payNo: t.payNo,
      payValidDt: t.payValidDt,
      payValidTm: t.payValidTm,
      receiptCode: t.receiptCode,
      mRefNo: null,
    }
  }

  async function cancel(body: Body) {
    if (str(body.iMid) !== config.iMid) return result(RESULT.INVALID_MID)
    const timeStamp = str(body.timeStamp)
    const stamp = parseWibTimestamp(timeStamp)
    if (stamp === null || Math.abs(stamp - clock()) > TIMESTAMP_WINDOW_MS) return result(RESULT.DATE_TIME_CHECK)
    const tXid = str(body.tXid)
    const amt = str(body.amt)
    if (!tXid) return result(RESULT.TRANSACTION_NOT_FOUND)
    if (!amt) return result(RESULT.UNDEFINED_AMT)
    const expected = await cancelToken(key, { timeStamp: timeStamp!, tXid, amt })
    if (!(await tokensMatch(expected, body.merchantToken))) return result(RESULT.INVALID_TOKEN)
    const t = byTxid.get(tXid)
    if (!t) return result(RESULT.TRANSACTION_NOT_FOUND)
    // Guess: a CVS code is cancelled whole (cancelType 1); partial cancels and other amounts are refused.
    if (str(body.payMethod) !== '03' || str(body.cancelType) !== '1' || amt !== t.amt) return result(RESULT.CANCEL_INVALID)
    // Guess: as for a paid VA (9330), a paid code cannot be cancelled.
    if (t.paidAt !== null) return result(RESULT.CANCEL_DEPOSIT_DONE)
    t.canceledAt ??= clock()
    return {
      ...result(RESULT.SUCCESS),
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      transDt: t.transDt,
      transTm: t.transTm,
      description: t.description,
      amt: t.amt,
    }
  }

  // ---- faults ----

  function takeFault(endpoint: Endpoint): { failure: Failure | null; resultCd: string | null } {
    const applies = faults.failure_endpoints.includes(endpoint)
    if (!applies || (!faults.failure && !faults.result_cd)) return { failure: null, resultCd: null }
    if (faults.failure_count !== null) {
      if (faults.failure_count <= 0) return { failure: null, resultCd: null }
      faults.failure_count--
    }
    return { failure: faults.failure, resultCd: faults.result_cd }
  }

  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve()
      const timer = setTimeout(resolve, ms)
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
    })

  async function failureResponse(failure: Failure, c: Context): Promise<Response> {
    switch (failure) {
      case 'timeout':
        // Holds the connection until the caller gives up (or hang_ms passes), then answers as a gateway would.
        await sleep(faults.hang_ms, c.req.raw.signal)
        return c.text('Gateway Timeout', 504)
      case 'http_500':
        return c.html('<html><body><h1>500 Internal Server Error</h1></body></html>', 500)
      case 'http_502':
        return c.html('<html><body><h1>502 Bad Gateway</h1></body></html>', 502)
      case 'http_503':
        return c.html('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', 503)
      case 'malformed_json':
        return c.body('{"resultCd":"0000","resultMsg":"SUCC', 200, { 'content-type': 'application/json' })
      case 'empty_body':
        return c.body('', 200, { 'content-type': 'application/json' })
      case 'html':
        return c.html('<html><body>Please wait…</body></html>', 200)
    }
  }

  /** Reads a JSON API body, applies latency and faults, runs the endpoint. */
  async function api(c: Context, endpoint: Endpoint, handle: (body: Body) => Promise<object>): Promise<Response> {
    const fault = takeFault(endpoint)
    await sleep(faults.latency_ms)
    if (fault.resultCd) return c.json(result(fault.resultCd))
    if (fault.failure && !faults.failure_after_processing) return failureResponse(fault.failure, c)
    let body: unknown
    try {
      body = JSON.parse(await c.req.text())
    } catch {
      body = undefined
    }
    // Guess: a body that is not a JSON object fails as an unregistered transaction would.
    const answer =
      body && typeof body === 'object' && !Array.isArray(body)
        ? await handle({ ...(body as Body), amt: wholeNumber((body as Body).amt) })
        : result(RESULT.FAILED_TO_REGISTER, 'Invalid JSON')
    if (fault.failure) return failureResponse(fault.failure, c)
    return c.json(answer)
  }

  // ---- notifications ----

  async function notificationBody(t: SimTransaction): Promise<string> {
    const deposit = wibDateTime(t.paidAt!)
    const token = await notificationToken(faults.notification_token === 'bad' ? { ...key, merchantKey: 'not-the-merchant-key' } : key, {
      tXid: t.tXid,
      amt: t.amt,
    })
    // The fields of providers.md §2.6, in the order of the docs' example.
    return new URLSearchParams({
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      payMethod: '03',
      amt: t.amt,
      transDt: t.transDt,
      transTm: t.transTm,
      currency: t.currency,
      goodsNm: t.goodsNm,
      billingNm: t.billingNm,
      matchCl: '1',
      status: '0',
      mitraCd: t.mitraCd ?? '',
      payNo: t.payNo ?? '',
      payValidDt: t.payValidDt,
      payValidTm: t.payValidTm,
      receiptCode: t.receiptCode ?? '',
      depositDt: deposit.date,
      depositTm: deposit.time,
      merchantToken: token,
    }).toString()
  }

  async function deliver(t: SimTransaction, copy: number): Promise<{ status: number | null; body: string }> {
    const body = await notificationBody(t)
    let outcome: { status: number | null; body: string }
    try {
      const response = await options.fetch(t.dbProcessUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Jakarta Commons-HttpClient/3.1' },
        body,
        signal: AbortSignal.timeout(10_000),
      })
      outcome = { status: response.status, body: (await response.text()).slice(0, 500) }
    } catch (error) {
      outcome = { status: null, body: error instanceof Error ? error.message : String(error) }
    }
    t.notifications.push({ at: clock(), copy, ...outcome })
    log.info({ tXid: t.tXid, status: outcome.status, body: outcome.body }, 'nicepay simulator: notification delivered')
    return outcome
  }

  /** Sends `copies` notifications (duplicates on purpose), at once or one after another; schedules redeliveries on failure. */
  async function notify(t: SimTransaction, copies: number, concurrent: boolean) {
    const send = (copy: number) => deliver(t, copy)
    const outcomes = concurrent
      ? await Promise.all(Array.from({ length: copies }, (_, i) => send(i + 1)))
      : await Array.from({ length: copies }, (_, i) => i + 1).reduce<Promise<{ status: number | null; body: string }[]>>(
          async (done, copy) => [...(await done), await send(copy)],
          Promise.resolve([]),
        )
    if (!outcomes.some((o) => o.status === 200)) scheduleRetries(t, [...faults.notification_retry_delays_ms])
    return outcomes
  }

  function scheduleRetries(t: SimTransaction, delays: number[]) {
    const delay = delays.shift()
    if (delay === undefined) return
    const timer = setTimeout(() => {
      pendingRetries.delete(timer)
      if (!webhooks.enabled) return
      void deliver(t, 0).then((o) => (o.status === 200 ? undefined : scheduleRetries(t, delays)))
    }, delay)
    timer.unref?.()
    pendingRetries.add(timer)
  }

  // ---- the store side ----

  type StoreResult = { ok: true; t: SimTransaction } | { ok: false; status: 404 | 409 | 400; error: string }

  function findAtStore(payNo: unknown, store: unknown): StoreResult {
    if (typeof payNo !== 'string' || !/^\d{6,20}$/.test(payNo.replace(/\s+/g, ''))) {
      return { ok: false, status: 400, error: 'payNo must be the digits of a payment code' }
    }
    const t = byPayNo.get(payNo.replace(/\s+/g, ''))
    if (!t || (store !== undefined && store !== t.mitraCd))
      return { ok: false, status: 404, error: 'No payment code like this at this store' }
    return { ok: true, t }
  }

  function storeView(t: SimTransaction) {
    return {
      payNo: t.payNo,
      store: t.mitraCd,
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      merchant: config.iMid,
      goodsNm: t.goodsNm,
      billingNm: t.billingNm,
      amt: t.amt,
      status: inquiryStatus(t),
      payValidDt: t.payValidDt,
      payValidTm: t.payValidTm,
      receiptCode: t.receiptCode,
    }
  }

  async function readControlBody(c: Context): Promise<Body> {
    try {
      const body: unknown = await c.req.json()
      return body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {}
    } catch {
      return {}
    }
  }

  // ---- the payment page of the redirect flow ----

  const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

  function paymentPage(t: SimTransaction, error?: string): string {
    const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(Number(t.amt))
    const choice = t.mitraCd
      ? `<p>Store: <strong>${t.mitraCd === 'ALMA' ? 'Alfamart' : 'Indomaret'}</strong></p><input type="hidden" name="mitraCd" value="${t.mitraCd}">`
      : `<fieldset><legend>Choose a store</legend>
          <label><input type="radio" name="mitraCd" value="INDO" required> Indomaret</label>
          <label><input type="radio" name="mitraCd" value="ALMA"> Alfamart, Alfamidi, Lawson, Dan+Dan</label>
        </fieldset>`
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>NICEPAY secure payment page (simulator)</title></head>
<body><main>
<h1>NICEPAY: convenience store</h1>
<p>${escape(t.goodsNm)}: <strong>${escape(rupiah)}</strong></p>
<p>Reference ${escape(t.referenceNo)}</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post">
<input type="hidden" name="tXid" value="${escape(t.tXid)}">
${choice}
<button type="submit">Get payment code</button>
</form>
</main></body></html>`
  }

  function callbackUrl(t: SimTransaction): string {
    const url = new URL(t.callBackUrl!)
    // The docs disagree on the amount's name (`amt` in the parameter table, `amount` in the worked
    // example) and on GET query vs JSON POST; we redirect with GET and send both names.
    const params: Record<string, string> = {
      tXid: t.tXid,
      referenceNo: t.referenceNo,
      amt: t.amt,
      amount: t.amt,
      transDt: t.transDt,
      transTm: t.transTm,
      payNo: t.payNo ?? '',
      mitraCd: t.mitraCd ?? '',
      resultCd: RESULT.SUCCESS,
      resultMsg: 'SUCCESS',
    }
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
    return url.toString()
  }

  const PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

  const app = new Hono()
    .post('/nicepay/direct/v2/registration', (c) => api(c, 'registration', register))
    .post('/nicepay/direct/v2/inquiry', (c) => api(c, 'inquiry', inquire))
    .post('/nicepay/direct/v2/cancel', (c) => api(c, 'cancel', cancel))
    .post('/nicepay/redirect/v2/registration', (c) => api(c, 'registration', registerRedirect))
    .get('/nicepay/redirect/v2/payment', (c) => {
      c.header('Content-Security-Policy', PAGE_CSP)
      const t = byTxid.get(c.req.query('tXid') ?? '')
      if (!t || t.flow !== 'redirect') return c.html('<!doctype html><title>NICEPAY</title><p>Transaction not found.</p>', 404)
      if (t.payNo) return c.redirect(callbackUrl(t), 302)
      return c.html(paymentPage(t))
    })
    .post('/nicepay/redirect/v2/payment', async (c) => {
      c.header('Content-Security-Policy', PAGE_CSP)
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const t = byTxid.get(str(form.tXid) ?? c.req.query('tXid') ?? '')
      if (!t || t.flow !== 'redirect') return c.html('<!doctype html><title>NICEPAY</title><p>Transaction not found.</p>', 404)
      if (!t.payNo) {
        if (clock() >= t.payValidAt) return c.html(paymentPage(t, 'This transaction has expired.'), 410)
        // Guess: a cancelled transaction issues no code (a cancelled code reads as expired, above).
        if (t.canceledAt !== null) return c.html(paymentPage(t, 'This transaction has been cancelled.'), 410)
        const mitraCd = t.mitraCd ?? form.mitraCd
        if (!isMitraCode(mitraCd)) return c.html(paymentPage(t, 'Choose a store.'), 400)
        issuePayNo(t, mitraCd)
      }
      // Redirect-GET to the merchant's callBackUrl (303: the browser follows with GET).
      return c.redirect(callbackUrl(t), 303)
    })

    // The cashier types the code in; for the Alfamart group NICEPAY then reports "ready to paid" (5).
    .post('/store/lookup', async (c) => {
      const body = await readControlBody(c)
      const found = findAtStore(body.payNo, body.store)
      if (!found.ok) return c.json({ error: found.error }, found.status)
      const status = inquiryStatus(found.t)
      if (status === CVS_STATUS.EXPIRED) return c.json({ error: 'This payment code has expired', ...storeView(found.t) }, 409)
      if (status === CVS_STATUS.PAID) return c.json({ error: 'This payment code is already paid', ...storeView(found.t) }, 409)
      found.t.lookedUp = true
      return c.json(storeView(found.t))
    })
    // The payer pays at the till: the code turns paid and NICEPAY notifies the merchant's dbProcessUrl.
    .post('/store/pay', async (c) => {
      const body = await readControlBody(c)
      const found = findAtStore(body.payNo, body.store)
      if (!found.ok) return c.json({ error: found.error }, found.status)
      const t = found.t
      const status = inquiryStatus(t)
      if (status === CVS_STATUS.EXPIRED) return c.json({ error: 'This payment code has expired', ...storeView(t) }, 409)
      if (status === CVS_STATUS.PAID) return c.json({ error: 'This payment code is already paid', ...storeView(t) }, 409)
      t.lookedUp = true
      t.paidAt = clock()
      t.receiptCode = `${t.mitraCd === 'ALMA' ? 'ALF' : 'IDM'}${randomDigits(9)}`
      const copies = typeof body.copies === 'number' && Number.isInteger(body.copies) ? Math.min(Math.max(body.copies, 1), 10) : 1
      const notifications = webhooks.enabled ? await notify(t, copies, body.concurrent === true) : []
      return c.json({ ...storeView(t), notifications })
    })
    // The code runs out now (its payValidDt/payValidTm move to this moment).
    .post('/store/expire', async (c) => {
      const body = await readControlBody(c)
      const found = findAtStore(body.payNo, body.store)
      if (!found.ok) return c.json({ error: found.error }, found.status)
      const t = found.t
      if (t.paidAt !== null) return c.json({ error: 'This payment code is already paid', ...storeView(t) }, 409)
      const now = clock()
      if (t.payValidAt > now) {
        // Validity is kept to the second, as NICEPAY's payValidDt/payValidTm are.
        t.payValidAt = Math.floor(now / 1000) * 1000
        const valid = wibDateTime(t.payValidAt)
        t.payValidDt = valid.date
        t.payValidTm = valid.time
      }
      return c.json(storeView(t))
    })
    // Sends the notification of a paid code again (NICEPAY's redelivery, or a duplicate).
    .post('/control/notify', async (c) => {
      const body = await readControlBody(c)
      const t = byTxid.get(str(body.tXid) ?? '')
      if (!t) return c.json({ error: 'No transaction with this tXid' }, 404)
      if (t.paidAt === null) return c.json({ error: 'Only a paid code is notified' }, 409)
      const copies = typeof body.copies === 'number' && Number.isInteger(body.copies) ? Math.min(Math.max(body.copies, 1), 10) : 1
      return c.json({ notifications: await notify(t, copies, body.concurrent === true) })
    })
    .get('/control/transactions', (c) =>
      c.json(
        [...byTxid.values()]
          .reverse()
          .slice(0, 50)
          .map((t) => ({ ...storeView(t), notifications: t.notifications })),
      ),
    )
    // Notification delivery on or off (a merchant outage): while off, a paid code is learnt of only by inquiry.
    .get('/control/webhooks', (c) => c.json(webhooks))
    .post('/control/webhooks', async (c) => {
      const body = await readControlBody(c)
      if (typeof body.enabled !== 'boolean') return c.json({ error: 'enabled must be true or false' }, 400)
      webhooks.enabled = body.enabled
      return c.json(webhooks)
    })
    .get('/control/faults', (c) => c.json(faults))
    .delete('/control/faults', (c) => {
      faults = structuredClone(DEFAULT_FAULTS)
      return c.json(faults)
    })
    .post('/control/faults', async (c) => {
      const body = await readControlBody(c)
      const problem = applyFaults(body)
      return problem ? c.json({ error: problem }, 400) : c.json(faults)
    })

  function applyFaults(body: Body): string | null {
    const next = { ...faults }
    const failures: Failure[] = ['timeout', 'http_500', 'http_502', 'http_503', 'malformed_json', 'empty_body', 'html']
    const nonNegative = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 600_000
    for (const [name, value] of Object.entries(body)) {
      switch (name) {
        case 'latency_ms':
        case 'hang_ms':
          if (!nonNegative(value)) return `${name} must be a whole number of milliseconds up to 600000`
          next[name] = value as number
          break
        case 'failure':
          if (value !== null && !failures.includes(value as Failure)) return `failure must be null or one of ${failures.join(', ')}`
          next.failure = value as Failure | null
          // A timeout usually loses the answer of work that was done; the other failures happen first.
          if (body.failure_after_processing === undefined) next.failure_after_processing = value === 'timeout'
          break
        case 'failure_endpoints':
          if (!Array.isArray(value) || !value.every((e) => ['registration', 'inquiry', 'cancel'].includes(e))) {
            return 'failure_endpoints must list registration, inquiry and/or cancel'
          }
          next.failure_endpoints = value as Endpoint[]
          break
        case 'failure_count':
          if (value !== null && !nonNegative(value)) return 'failure_count must be null or a whole number'
          next.failure_count = value as number | null
          break
        case 'failure_after_processing':
          if (typeof value !== 'boolean') return 'failure_after_processing must be true or false'
          next.failure_after_processing = value
          break
        case 'result_cd':
          if (value !== null && !(typeof value === 'string' && /^\d{4}$/.test(value))) return 'result_cd must be null or four digits'
          next.result_cd = value as string | null
          break
        case 'notification_token':
          if (value !== 'valid' && value !== 'bad') return 'notification_token must be "valid" or "bad"'
          next.notification_token = value
          break
        case 'notification_retry_delays_ms':
          if (!Array.isArray(value) || value.length > 10 || !value.every(nonNegative)) {
            return 'notification_retry_delays_ms must be up to 10 delays in milliseconds'
          }
          next.notification_retry_delays_ms = value as number[]
          break
        default:
          return `unknown fault "${name}"`
      }
    }
    faults = next
    return null
  }

  return {
    app,
    /** Read access for tests and the demo; the simulator's own state. */
    transaction: (tXid: string) => byTxid.get(tXid),
    /** Stops scheduled redeliveries. */
    close() {
      for (const timer of pendingRetries) clearTimeout(timer)
      pendingRetries.clear()
    },
  }
}

export type NicepaySimulator = ReturnType<typeof createNicepaySimulator>
