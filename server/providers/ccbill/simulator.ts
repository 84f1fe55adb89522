import Big from 'big.js'
import { Hono, type Context } from 'hono'
import { cors } from 'hono/cors'
import type { CcbillConfig } from '../../config.js'
import { randomId, toBase64, toHex } from '../../lib/crypto.js'
import type { Logger } from '../../log.js'
import { ADVANCED_WIDGET_SOURCE } from './advanced-widget.js'
import { parseRange } from './ip-allowlist.js'
import {
  ADDRESS_MAX,
  CCBILL_ACCNUM,
  CCBILL_CURRENCIES,
  CCBILL_INT_MAX,
  CCBILL_SUBACC,
  countryValid,
  emailValid,
  EXP_YEAR_RANGE,
  nameOnCardValid,
  PAYMENT_TOKEN_ID_PATTERN,
  postalCodeValid,
} from './rules.js'
import {
  cardTypeOf,
  DECLINES,
  digitsOf,
  luhnValid,
  needsThreeds,
  outcomeOf,
  outcomeOfBinLast4,
  TEST_CARDS,
  type TestCardOutcome,
} from './test-cards.js'

/**
 * The CCBill simulator: the RESTful Transaction API as documented (providers.md §3), mounted at
 * `/sandbox/ccbill`, so `https://api.ccbill.com/<path>` becomes `/sandbox/ccbill/<path>`. OAuth
 * client credentials with distinct frontend and backend pairs and expiring bearer tokens, payment
 * tokens with a lifetime (hours) and a number of uses, `Accept` media-type versions (v1 writes
 * `subscriptionId` as a JSON number, v2 as a string; anything else is 406 100015), CCBill's error
 * body and codes, declines as HTTP 200 `approved:false`, and `UpSaleSuccess`/`UpSaleFailure`
 * webhooks with string-typed fields, JSON or form-encoded, redelivered until answered 200.
 *
 * Beside CCBill's paths: the stand-in Advanced Widget script (`/js/v1.13.1/…`), the 3DS challenge
 * (`/threeds/…`), the test cards (`/test-cards`) and the tester's switches (`/control/…`). The
 * browser-facing paths answer CORS for any origin (the real CCBill answers only the merchant's
 * whitelisted domain). State lives in memory, per app; time comes from the injected clock.
 *
 * Sub-accounts: the account (`CCBILL_CLIENT_ACCNUM`) has the non-3DS sub-account
 * (`CCBILL_CLIENT_SUBACC`) and the 3DS one (`CCBILL_CLIENT_SUBACC_3DS`), as CCBill's guide requires
 * ("two subaccounts used to generate payment tokens for 3DS and non-3DS transactions"). A token is
 * made on either; a 3DS charge needs a token made on the 3DS sub-account ("Invalid Target Client
 * Subacc." otherwise); any charge may name another sub-account of the token's account (Guess: CCBill's
 * WooCommerce plugin makes tokens on one sub-account and charges them on others).
 *
 * Numbers sent as JSON strings ("900000", "10.00", "true") are taken as CCBill's Java service
 * would coerce them (Guess, following the older guide's PHP example, which sends every number and
 * `threedsSuccess` as strings, and CCBill's WooCommerce plugin, which passes account numbers as strings).
 *
 * Where the public record is silent the simulator picks, and says "Guess".
 */

export const MEDIA_TYPES = {
  1: 'application/vnd.mcn.transaction-service.api.v.1+json',
  2: 'application/vnd.mcn.transaction-service.api.v.2+json',
  3: 'application/vnd.mcn.transaction-service.api.v.3+json',
} as const
type ApiVersion = keyof typeof MEDIA_TYPES
const ERROR_MEDIA_TYPE = 'application/vnd.com.cwie.error.v1+json'

/** Guess: CCBill does not publish its tokens' lifetime; an hour, changeable through `/control/oauth`. */
const DEFAULT_OAUTH_TTL_SECONDS = 3600
/** Guess: the retry schedule is not public ("again and again until it receives 200"); five more tries. */
const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000]
/** A 3DS challenge nobody answers fails after this long. */
const CHALLENGE_TTL_MS = 10 * 60_000

const SCOPES = { frontend: 'create_token read_token', backend: 'create_token read_token charge_token' } as const
type Scope = keyof typeof SCOPES

export const CCBILL_FAULTS = ['timeout', 'timeout_unprocessed', 'http_500', 'malformed_json'] as const
export type CcbillFault = (typeof CCBILL_FAULTS)[number]
export const CCBILL_FAULT_ENDPOINTS = ['oauth', 'payment-tokens', 'charge', 'read-charges'] as const
export type CcbillFaultEndpoint = (typeof CCBILL_FAULT_ENDPOINTS)[number]

interface SimCard {
  bin: string
  last4: string
  cardType: string
  expMonth: string
  expYear: string
  outcome: TestCardOutcome
}

interface SimPaymentToken {
  paymentTokenId: string
  clientAccnum: number
  clientSubacc: number
  /** Made by `createPaymentToken3DS` after a passed authentication: chargeable later without 3DS (the guide's deferred flow). */
  authenticated: boolean
  createdAt: number
  timeToLive: number
  validNumberOfUse: number
  uses: number
  verified: boolean
  card: SimCard
  customer: Record<string, string>
}

export interface SimCharge {
  paymentTokenId: string
  threeds: boolean
  /** The sub-account the charge named. */
  clientSubacc: number
  approved: boolean
  subscriptionId: string | null
  transactionId: string
  declineCode: number | null
  declineText: string | null
  /** Decimal string, as CCBill bills it. */
  amount: string
  currencyCode: string
  initialPeriod: number
  recurringPrice: string | null
  recurringPeriod: number | null
  rebills: number | null
  passThrough: Record<string, string>
  at: number
}

interface ThreedsSession {
  id: string
  clientAccnum: number
  clientSubacc: number
  card: SimCard
  amount: string
  currencyCode: string
  status: 'pending' | 'approved' | 'failed'
  createdAt: number
  clientTransactionId: string
  /** The authentication value (CAVV) of a passed authentication. */
  cavv: string
  dsTransId: string
  acsTransId: string
  sdkTransId: string
  result: Record<string, unknown> | null
}

export interface SimDelivery {
  eventType: 'UpSaleSuccess' | 'UpSaleFailure'
  url: string
  transactionId: string
  fields: Record<string, string>
  attempts: { at: number; format: 'json' | 'form'; status: number | null }[]
  acknowledged: boolean
}

export interface CcbillSimulatorOptions {
  config: CcbillConfig
  /** The companion server's public base: webhooks go to `${publicUrl}/webhooks/ccbill`. */
  publicUrl: string
  clock: () => number
  /** Outbound HTTP for webhooks (in sandbox mode, our own webhook route answers in-process). */
  fetch: typeof fetch
  log: Logger
  /** A header every webhook delivery carries, so the webhook route can tell the built-in simulator's posts. */
  deliveryMark?: { name: string; value: string }
}

type Body = Record<string, unknown>
type FieldError = { field: string | null; message: string }

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
/** A JSON number, or a string of digits as the older guide's PHP example sends one (CCBill's Java service coerces it). */
const num = (value: unknown): unknown => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value)
/** A JSON boolean, or "true"/"false" (the older guide's `"threedsSuccess":"true"`). */
const bool = (value: unknown): unknown => (value === 'true' ? true : value === 'false' ? false : value)
/** CCBill's API document: names, address and name on card take "only ASCII character set". */
const ascii = (value: unknown) => typeof value !== 'string' || /^[\x20-\x7e]*$/.test(value)

function randomDigits(n: number): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(n)), (x) => x % 10).join('')
}
/**
 * CCBill's subscription, transaction and denial ids: 19-digit strings (providers.md §3.7). Guess:
 * never with a leading zero, so that v1 can write them as JSON numbers.
 */
const ccbillId = () => `${1 + (crypto.getRandomValues(new Uint8Array(1))[0]! % 9)}${randomDigits(18)}`

/** "2024-11-08T12:22:51": CCBill's createdDatetime has no zone; Guess: UTC. */
const localDateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19)
/** Webhook timestamps, "YYYY-MM-DD HH:MM:SS"; CCBill states no zone; Guess: UTC. */
const webhookTime = (ms: number) => localDateTime(ms).replace('T', ' ')

function acceptedVersion(c: Context, allowed: readonly ApiVersion[]): ApiVersion | null {
  const accept = (c.req.header('accept') ?? '').toLowerCase()
  for (const part of accept.split(',')) {
    const type = part.split(';')[0]!.trim()
    const version = allowed.find((v) => MEDIA_TYPES[v] === type)
    if (version) return version
  }
  return null
}

/** JSON in a version's dialect: v1 writes CCBill's long ids as bare numbers (which is why clients should ask for v2). */
function versioned(value: unknown, version: ApiVersion): string {
  const json = JSON.stringify(value)
  return version === 1 ? json.replace(/"(subscriptionId|denialId)":"(\d+)"/g, '"$1":$2') : json
}

export function createCcbillSimulator(options: CcbillSimulatorOptions) {
  const { config, clock, log } = options
  const accnum = Number(config.accnum)
  /** The account's sub-accounts, and which one takes 3DS. */
  const subaccounts = new Map<number, { threeds: boolean }>([
    [Number(config.subacc), { threeds: false }],
    [Number(config.subacc3ds), { threeds: true }],
  ])
  const base = `${options.publicUrl}/sandbox/ccbill`

  const accessTokens = new Map<string, { scope: Scope; expiresAt: number }>()
  const paymentTokens = new Map<string, SimPaymentToken>()
  const charges: SimCharge[] = []
  const sessions = new Map<string, ThreedsSession>()
  const deliveries: SimDelivery[] = []
  const timers = new Set<ReturnType<typeof setTimeout>>()

  let oauthTtlSeconds = DEFAULT_OAUTH_TTL_SECONDS
  const faults: { fault: CcbillFault; endpoint: CcbillFaultEndpoint }[] = []
  let latencyMs = 0
  const webhooks = { format: 'json' as 'json' | 'form', enabled: true, retry_delays_ms: DEFAULT_RETRY_DELAYS_MS }

  // ---- answers in CCBill's shapes ----

  const apiPath = (c: Context) => c.req.path.replace(/^\/sandbox\/ccbill/, '')

  /** CCBill's error body (`Error400` and friends) with its own media type. */
  function fail(
    c: Context,
    status: 400 | 403 | 404 | 405 | 406 | 500,
    errorCode: number,
    generalMessage: string,
    errors: FieldError[] = [],
  ) {
    const body = { id: crypto.randomUUID(), url: apiPath(c), errors, generalMessage, errorCode, timestamp: new Date(clock()).toISOString() }
    return c.body(JSON.stringify(body), status, { 'Content-Type': ERROR_MEDIA_TYPE })
  }
  const validationFailed = (c: Context, errors: FieldError[]) => fail(c, 400, 200000, 'Validation failed!', errors)
  const notAcceptable = (c: Context) => fail(c, 406, 100015, 'Not Acceptable')
  const ok = (c: Context, value: unknown, version: ApiVersion) =>
    c.body(versioned(value, version), 200, { 'Content-Type': `${MEDIA_TYPES[version]};charset=UTF-8` })

  /** The bearer token's scope, or the 401 CCBill answers (Guess: the older `Error401` JSON body, not the newer empty one). */
  function authorize(c: Context): Scope | Response {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
    const token = match ? accessTokens.get(match[1]!) : undefined
    if (token && token.expiresAt > clock()) return token.scope
    return c.json({ error: 'invalid_token', error_description: token ? 'Access token expired' : 'Invalid access token' }, 401, {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    })
  }

  async function readBody(c: Context): Promise<Body | null> {
    try {
      const value: unknown = JSON.parse(await c.req.text())
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : null
    } catch {
      return null
    }
  }
  const notJson = (c: Context) => validationFailed(c, [{ field: 'body', message: 'Problem with data type.' }])

  // ---- faults ----

  async function takeFault(endpoint: CcbillFaultEndpoint): Promise<CcbillFault | undefined> {
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs))
    const index = faults.findIndex((f) => f.endpoint === endpoint)
    return index < 0 ? undefined : faults.splice(index, 1)[0]!.fault
  }
  /** Never answers: the client's own time limit ends the wait. */
  const hang = (c: Context) =>
    new Promise<Response>((resolve) => c.req.raw.signal.addEventListener('abort', () => resolve(c.body(null, 504)), { once: true }))

  /** Runs a handler under the queued fault of its endpoint. `timeout` and `malformed_json` lose the answer of work that was done. */
  async function withFaults(c: Context, endpoint: CcbillFaultEndpoint, handle: () => Promise<Response> | Response): Promise<Response> {
    const fault = await takeFault(endpoint)
    if (fault === 'timeout_unprocessed') return hang(c)
    if (fault === 'http_500') return fail(c, 500, 100103, 'Transaction error.')
    const response = await handle()
    if (fault === 'timeout') return hang(c)
    if (fault === 'malformed_json') return c.body('{"approved":tru', 200, { 'Content-Type': response.headers.get('content-type') ?? '' })
    return response
  }

  // ---- OAuth ----

  const decodeBasic = (header: string): string => {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
    try {
      return basic ? atob(basic[1]!) : ''
    } catch {
      return ''
    }
  }

  /** Which credential pair the Basic header carries, or CCBill's 401. */
  function credentialScope(c: Context): Scope | Response {
    const decoded = decodeBasic(c.req.header('authorization') ?? '')
    const colon = decoded.indexOf(':')
    const [id, secret] = colon < 0 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)]
    const scope: Scope | null =
      id === config.frontendAppId && secret === config.frontendSecret
        ? 'frontend'
        : id === config.backendAppId && secret === config.backendSecret
          ? 'backend'
          : null
    if (!scope) {
      return c.json({ error: 'unauthorized', error_description: 'Full authentication is required to access this resource' }, 401)
    }
    return scope
  }

  async function oauthToken(c: Context) {
    const scope = credentialScope(c)
    if (scope instanceof Response) return scope
    // grant_type in the form body (RFC 6749) or, as CCBill's README writes it, in the query string.
    const grant = new URLSearchParams(await c.req.text()).get('grant_type') ?? c.req.query('grant_type')
    if (grant !== 'client_credentials') {
      return c.json({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' }, 400)
    }
    const now = clock()
    for (const [token, entry] of accessTokens) if (entry.expiresAt <= now) accessTokens.delete(token)
    const accessToken = `${randomId('ccb', 40).slice(4)}`
    accessTokens.set(accessToken, { scope, expiresAt: now + oauthTtlSeconds * 1000 })
    return c.json({ access_token: accessToken, token_type: 'bearer', expires_in: oauthTtlSeconds, scope: SCOPES[scope] })
  }

  // ---- payment tokens ----

  /** Checks `clientAccnum`/`clientSubacc` (coerced in place); 'foreign' for another CCBill account. */
  function checkAccount(body: Body, errors: FieldError[]): 'foreign' | null {
    body.clientAccnum = num(body.clientAccnum)
    body.clientSubacc = num(body.clientSubacc)
    if (!isInt(body.clientAccnum, CCBILL_ACCNUM.min, CCBILL_ACCNUM.max))
      errors.push({ field: 'clientAccnum', message: 'Invalid Client Accnum.' })
    if (!isInt(body.clientSubacc, CCBILL_SUBACC.min, CCBILL_SUBACC.max))
      errors.push({ field: 'clientSubacc', message: 'Invalid Client Subacc.' })
    else if (!subaccounts.has(body.clientSubacc) && body.clientAccnum === accnum)
      errors.push({ field: 'clientSubacc', message: 'Invalid Client Subacc.' })
    return errors.length === 0 && body.clientAccnum !== accnum ? 'foreign' : null
  }

  function expired(month: string, year: string): boolean {
    const now = new Date(clock())
    const y = Number(year)
    return y < now.getUTCFullYear() || (y === now.getUTCFullYear() && Number(month) < now.getUTCMonth() + 1)
  }

  async function createPaymentToken(c: Context, verify: boolean) {
    const scope = authorize(c)
    if (scope instanceof Response) return scope
    const version = acceptedVersion(c, [1, 2])
    if (!version) return notAcceptable(c)
    const body = await readBody(c)
    if (!body) return notJson(c)
    const made = makeToken(c, body, verify)
    if (made instanceof Response) return made
    return ok(c, tokenView(made, false), version)
  }

  /** Validates a `PaymentTokenMerchantOnlyParams` body and keeps the token; CCBill's error answer otherwise. */
  function makeToken(c: Context, body: Body, verify: boolean, authenticated = false): SimPaymentToken | Response {
    const errors: FieldError[] = []
    const foreign = checkAccount(body, errors)
    if (body.subscriptionId !== undefined && body.subscriptionId !== 0 && body.subscriptionId !== '0') {
      // Guess: the simulator keeps no cards on file, so "charge by previous" finds nothing.
      errors.push({ field: 'subscriptionId', message: 'Invalid Subscription ID.' })
    }
    const customer = (body.customerInfo ?? null) as Body | null
    const card = ((body.paymentInfo as Body | undefined)?.creditCardPaymentInfo ?? null) as Body | null
    if (!customer || typeof customer !== 'object' || !card || typeof card !== 'object') {
      errors.push({ field: 'customerInfo', message: 'Customer and Payment Information required for zero Subscription ID.' })
      return validationFailed(c, errors)
    }
    const required = (field: string, value: unknown, max: number) => {
      if (typeof value !== 'string' || value.trim() === '') errors.push({ field, message: 'Attribute required.' })
      else if (value.length > max) errors.push({ field, message: 'Problem with attribute size.' })
    }
    const optional = (field: string, value: unknown, max: number) => {
      if (value === undefined || value === null) return
      if (typeof value !== 'string') errors.push({ field, message: 'Problem with data type.' })
      else if (value.length > max) errors.push({ field, message: 'Problem with attribute size.' })
    }
    required('customerInfo.customerFname', customer.customerFname, 50)
    required('customerInfo.customerLname', customer.customerLname, 50)
    optional('customerInfo.address1', customer.address1, ADDRESS_MAX)
    optional('customerInfo.address2', customer.address2, ADDRESS_MAX)
    optional('customerInfo.city', customer.city, ADDRESS_MAX)
    optional('customerInfo.phoneNumber', customer.phoneNumber, 20)
    for (const name of ['browserHttpUserAgent', 'browserHttpAccept', 'browserHttpAcceptLanguage', 'browserHttpAcceptEncoding']) {
      optional(`customerInfo.${name}`, customer[name], 1024)
    }
    if (customer.state !== undefined && !/^[A-Za-z0-9]{1,3}$/.test(str(customer.state))) {
      errors.push({ field: 'customerInfo.state', message: 'Problem with the attribute values.' })
    }
    const country = str(customer.country)
    if (!countryValid(country)) errors.push({ field: 'customerInfo.country', message: 'Problem with the attribute values.' })
    if (!postalCodeValid(country, str(customer.zipcode)))
      errors.push({ field: 'customerInfo.zipcode', message: 'Problem with the attribute values.' })
    if (!emailValid(str(customer.email))) errors.push({ field: 'customerInfo.email', message: 'Invalid email address.' })
    // The widget may send the payer's address in X-Origin-IP instead (providers.md §3.4). CCBill's
    // newest guide marks ipAddress optional for the widget; Guess: without one CCBill goes by the
    // request's own address, so only a malformed one is refused.
    const ipAddress = str(customer.ipAddress) || (c.req.header('x-origin-ip') ?? '')
    if (ipAddress && (ipAddress.includes('/') || parseRange(ipAddress) === null)) {
      errors.push({ field: 'customerInfo.ipAddress', message: 'Problem with the attribute values.' })
    }

    const cardNum = str(card.cardNum)
    if (!/^\d+$/.test(cardNum) || !luhnValid(cardNum))
      errors.push({ field: 'paymentInfo.creditCardPaymentInfo.cardNum', message: 'Invalid credit card number.' })
    if (!nameOnCardValid(str(card.nameOnCard)))
      errors.push({ field: 'paymentInfo.creditCardPaymentInfo.nameOnCard', message: 'Problem with the attribute values.' })
    const expMonth = str(card.expMonth)
    const expYear = str(card.expYear)
    const monthValid = /^(0[1-9]|1[012])$/.test(expMonth)
    const yearValid = /^\d{4}$/.test(expYear) && Number(expYear) >= EXP_YEAR_RANGE.min && Number(expYear) <= EXP_YEAR_RANGE.max
    if (!monthValid) errors.push({ field: 'paymentInfo.creditCardPaymentInfo.expMonth', message: 'Problem with attribute digit format.' })
    if (!yearValid) errors.push({ field: 'paymentInfo.creditCardPaymentInfo.expYear', message: 'Problem with attribute digit format.' })
    // Guess: an expired card is refused when the token is made rather than declined at the charge.
    if (monthValid && yearValid && expired(expMonth, expYear)) {
      errors.push({ field: 'paymentInfo.creditCardPaymentInfo.expYear', message: 'Invalid date range.' })
    }
    if (verify && !/^\d{3,4}$/.test(str(card.cvv2)))
      errors.push({ field: 'paymentInfo.creditCardPaymentInfo.cvv2', message: 'Attribute required.' })
    // The API document's "Unsupported characters" (400, no field): names, address and name on card
    // in ASCII only, although nameOnCard's own pattern (\p{L}) takes any letter.
    const texts = [customer.customerFname, customer.customerLname, customer.address1, customer.address2, customer.city, card.nameOnCard]
    if (!texts.every(ascii)) errors.push({ field: null, message: 'Unsupported characters' })

    const ttl = num(body.timeToLive ?? CCBILL_INT_MAX)
    const uses = num(body.validNumberOfUse ?? CCBILL_INT_MAX)
    if (!isInt(ttl, 0, CCBILL_INT_MAX)) errors.push({ field: 'timeToLive', message: 'Problem with the attribute values.' })
    if (!isInt(uses, 0, CCBILL_INT_MAX)) errors.push({ field: 'validNumberOfUse', message: 'Problem with the attribute values.' })
    if (errors.length) return validationFailed(c, errors)
    if (foreign) return fail(c, 400, 100100, 'Invalid client account.')

    const token: SimPaymentToken = {
      paymentTokenId: toHex(crypto.getRandomValues(new Uint8Array(16))),
      clientAccnum: body.clientAccnum as number,
      clientSubacc: body.clientSubacc as number,
      authenticated,
      createdAt: clock(),
      timeToLive: ttl as number,
      validNumberOfUse: uses as number,
      uses: 0,
      verified: verify,
      card: {
        bin: cardNum.slice(0, 6),
        last4: cardNum.slice(-4),
        cardType: cardTypeOf(cardNum),
        expMonth,
        expYear,
        outcome: outcomeOf(cardNum),
      },
      customer: Object.fromEntries(Object.entries({ ...customer, ipAddress }).filter(([, v]) => typeof v === 'string')) as Record<
        string,
        string
      >,
    }
    paymentTokens.set(token.paymentTokenId, token)
    return token
  }

  function tokenView(token: SimPaymentToken, read: boolean) {
    return {
      paymentTokenId: token.paymentTokenId,
      programParticipationId: null,
      originalPaymentTokenId: null,
      clientAccnum: token.clientAccnum,
      clientSubacc: token.clientSubacc,
      createdDatetime: localDateTime(token.createdAt),
      timeToLive: token.timeToLive,
      validNumberOfUse: token.validNumberOfUse,
      paymentInfoId: null,
      // Guess: a token made for a new card carries no subscription until it is charged.
      subscriptionId: null,
      ...(read ? { errors: null } : {}),
      ...(token.verified && !read ? { cvv2Response: 'M', avsResponse: 'Y' } : {}),
    }
  }

  const tokenExpired = (token: SimPaymentToken) => token.createdAt + token.timeToLive * 3_600_000 <= clock()

  /**
   * Whether SCA is required. The public record conflicts (providers.md §3.4): the newest per-endpoint
   * YAML answers v2 with a bare JSON boolean, the 2024 openapi with `{required, amount}`. The
   * simulator answers v2 with the boolean and v1 with the object.
   */
  const scaAnswer = (c: Context, required: boolean, version: ApiVersion) =>
    version === 2 ? ok(c, required, 2) : ok(c, { required, amount: null }, 1)

  // ---- charges ----

  interface ChargeTerms {
    amount: string
    currencyCode: string
    initialPeriod: number
    recurringPrice: string | null
    recurringPeriod: number | null
    rebills: number | null
    passThrough: Record<string, string>
  }

  /** CCBill's JSON numbers (or numeric strings, coerced) as decimal strings in the currency's precision. */
  function price(value: unknown, digits: number): string | null {
    const coerced = num(value)
    if (typeof coerced !== 'number' || !Number.isFinite(coerced) || coerced <= 0) return null
    const decimal = new Big(String(coerced))
    return decimal.round(digits).eq(decimal) ? decimal.toFixed(digits) : null
  }

  function checkTerms(body: Body, token: SimPaymentToken, errors: FieldError[], threeds: boolean): ChargeTerms | 'foreign' | null {
    for (const name of ['clientAccnum', 'clientSubacc', 'initialPeriod', 'currencyCode', 'recurringPeriod', 'rebills'])
      body[name] = num(body[name])
    for (const name of ['lifeTimeSubscription', 'createNewPaymentToken']) body[name] = bool(body[name])
    if (!isInt(body.clientAccnum, CCBILL_ACCNUM.min, CCBILL_ACCNUM.max))
      errors.push({ field: 'clientAccnum', message: 'Invalid Client Accnum.' })
    if (!isInt(body.clientSubacc, CCBILL_SUBACC.min, CCBILL_SUBACC.max))
      errors.push({ field: 'clientSubacc', message: 'Invalid Client Subacc.' })
    const currency = body.currencyCode === undefined ? '840' : String(body.currencyCode).padStart(3, '0')
    const rule = CCBILL_CURRENCIES[currency]
    if (!rule || !(typeof body.currencyCode === 'number' || body.currencyCode === undefined)) {
      errors.push({ field: 'currencyCode', message: 'Problem with the attribute values.' })
    }
    const digits = rule?.digits ?? 2
    const amount = price(body.initialPrice, digits)
    if (body.initialPrice === undefined) errors.push({ field: 'initialPrice', message: 'Attribute required.' })
    else if (amount === null) errors.push({ field: 'initialPrice', message: 'Problem with data type.' })
    if (body.initialPeriod === undefined) errors.push({ field: 'initialPeriod', message: 'Attribute required.' })
    else if (!isInt(body.initialPeriod, 0, 10_000)) errors.push({ field: 'initialPeriod', message: 'Problem with the attribute values.' })
    let recurringPrice: string | null = null
    if (body.recurringPrice !== undefined) {
      recurringPrice = price(body.recurringPrice, digits)
      if (recurringPrice === null) errors.push({ field: 'recurringPrice', message: 'Problem with data type.' })
      if (!isInt(body.recurringPeriod, 1, 10_000)) errors.push({ field: 'recurringPeriod', message: 'Problem with the attribute values.' })
      if (!isInt(body.rebills, 0, 99)) errors.push({ field: 'rebills', message: 'Problem with the attribute values.' })
      if (body.initialPeriod === 0) errors.push({ field: 'initialPeriod', message: 'Problem with the attribute values.' })
    }
    for (const flag of ['lifeTimeSubscription', 'createNewPaymentToken']) {
      if (body[flag] !== undefined && typeof body[flag] !== 'boolean') errors.push({ field: flag, message: 'Problem with data type.' })
    }
    const passThrough: Record<string, string> = {}
    if (body.passThroughInfo !== undefined) {
      const list = body.passThroughInfo
      if (!Array.isArray(list) || list.length > 20) errors.push({ field: 'passThroughInfo', message: 'Problem with data type.' })
      else {
        for (const pair of list as unknown[]) {
          const { name, value } = (pair ?? {}) as Body
          if (typeof name !== 'string' || !/^[A-Za-z0-9_]{1,50}$/.test(name) || typeof value !== 'string' || value.length > 255) {
            errors.push({ field: 'passThroughInfo', message: 'Problem with the attribute values.' })
            break
          }
          passThrough[name] = value
        }
      }
    }
    if (errors.length) return null
    if (body.clientAccnum !== token.clientAccnum) return 'foreign'
    // Another sub-account of the token's account may charge it (Guess, after CCBill's WooCommerce
    // plugin); one the account does not have may not.
    if (!subaccounts.has(body.clientSubacc as number)) {
      errors.push({ field: 'clientSubacc', message: 'Invalid Client Subacc.' })
      return null
    }
    // "Two subaccounts used to generate payment tokens for 3DS and non-3DS transactions": a 3DS
    // charge needs a token made on the 3DS sub-account, and goes on that sub-account.
    if (threeds && (!subaccounts.get(token.clientSubacc)!.threeds || !subaccounts.get(body.clientSubacc as number)!.threeds)) {
      errors.push({ field: 'clientSubacc', message: 'Invalid Target Client Subacc.' })
      return null
    }
    return {
      amount: amount!,
      currencyCode: currency,
      initialPeriod: body.initialPeriod as number,
      recurringPrice,
      recurringPeriod: recurringPrice === null ? null : (body.recurringPeriod as number),
      rebills: recurringPrice === null ? null : (body.rebills as number),
      passThrough,
    }
  }

  /** `ThreedsTransactionRequest`'s text fields and their `maxLength`. */
  const THREEDS_TEXT: Record<string, number> = {
    threedsEci: 2,
    threedsStatus: 1,
    threedsVersion: 20,
    threedsXid: 50,
    threedsCavv: 1024,
    threedsCavvAlgorithm: 28,
    threedsDsTransId: 36,
    threedsAcsTransId: 36,
    threedsSdkTransId: 36,
    threedsAuthenticationType: 36,
    threedsAuthenticationValue: 36,
    threedsClientTransactionId: 36,
    threedsCardToken: 16,
    threedsError: 16,
    threedsErrorDetail: 4096,
    threedsErrorCode: 64,
    threedsResponse: 8192,
  }

  /**
   * Checks the 3DS fields (`ThreedsTransactionRequest`) and says whether they prove an
   * authentication of this card for this amount.
   *
   * The record contradicts itself: the YAML's `required` list names `threedsCavv` and
   * `threedsCardToken`, while its own field descriptions require CAVV, XID and algorithm only for
   * 1.0.2 (DS and ACS transaction ids and the authentication value for 2.x), and CCBill's newest
   * examples (README v1.13.1 flows, the per-endpoint YAML's 2.2.0 example) send neither. This
   * follows the descriptions and the examples: every documented form passes. Empty strings, which
   * the examples send for unused fields, count as absent. Guess: `threedsCurrency` may be numeric
   * or alphabetic and is not compared with `currencyCode` (CCBill's own README example sends 840
   * with a 978 charge); `threedsAmount` must equal `initialPrice`, the documented error.
   */
  function checkThreeds(body: Body, token: SimPaymentToken, errors: FieldError[], initialPrice: string | null): boolean {
    const text = (name: string) => str(body[name])
    for (const [name, max] of Object.entries(THREEDS_TEXT)) {
      const value = body[name]
      if (value === undefined || value === null) continue
      if (typeof value !== 'string') errors.push({ field: name, message: 'Problem with data type.' })
      else if (value.length > max) errors.push({ field: name, message: 'Problem with attribute size.' })
    }
    const success = bool(body.threedsSuccess)
    if (typeof success !== 'boolean') errors.push({ field: 'threedsSuccess', message: 'Attribute required.' })
    if (!text('threedsClientTransactionId')) errors.push({ field: 'threedsClientTransactionId', message: 'Attribute required.' })
    const version = text('threedsVersion')
    const v1 = version.startsWith('1.')
    const verification = ['threedsEci', 'threedsStatus', 'threedsVersion'].every((k) => text(k) !== '')
    const failure = text('threedsError') !== ''
    if (!verification && !failure) {
      errors.push({
        field: 'threedsError',
        message: 'Threeds request parameters need to contain either 3DS verification parameters or error parameters to be valid',
      })
    }
    if (verification) {
      if (!['0', '1', '2', '5', '6', '7', '00', '01', '02', '05', '06', '07'].includes(text('threedsEci')))
        errors.push({ field: 'threedsEci', message: 'Problem with the attribute values.' })
      if (!/^[12]\.\d+(\.\d+)?$/.test(version)) errors.push({ field: 'threedsVersion', message: 'Problem with the attribute values.' })
      else if (v1) {
        if (!text('threedsCavv')) errors.push({ field: 'threedsCavv', message: 'Invalid 3DS Cavv' })
        if (!text('threedsXid')) errors.push({ field: 'threedsXid', message: 'Invalid 3DS Xid' })
        if (!text('threedsCavvAlgorithm')) errors.push({ field: 'threedsCavvAlgorithm', message: 'Invalid 3DS Cavv Algorithm' })
      } else if (success === true) {
        if (!text('threedsDsTransId')) errors.push({ field: 'threedsDsTransId', message: 'Invalid 3DS Ds Trans Id' })
        if (!text('threedsAcsTransId')) errors.push({ field: 'threedsAcsTransId', message: 'Invalid 3DS Acs Trans Id' })
        if (!text('threedsAuthenticationValue') && !text('threedsCavv'))
          errors.push({ field: 'threedsAuthenticationValue', message: 'Attribute required.' })
      }
    }
    if (body.threedsAmount !== undefined && body.threedsAmount !== null && body.threedsAmount !== '') {
      const amount = num(body.threedsAmount)
      if (typeof amount !== 'number' || !Number.isFinite(amount))
        errors.push({ field: 'threedsAmount', message: 'Problem with data type.' })
      else if (initialPrice !== null && !new Big(String(amount)).eq(initialPrice))
        errors.push({ field: 'threedsAmount', message: 'Threeds amount is not equal to initialPrice' })
    }
    const currency = body.threedsCurrency
    if (currency !== undefined && currency !== null && currency !== '' && !/^(\d{1,3}|[A-Za-z]{3})$/.test(String(currency)))
      errors.push({ field: 'threedsCurrency', message: 'Problem with the attribute values.' })
    if (errors.length || success !== true || !verification) return false
    // Only an authentication this simulator ran, for this card and this amount, passes.
    const session = [...sessions.values()].find((s) => s.clientTransactionId === text('threedsClientTransactionId'))
    const value = v1 ? text('threedsCavv') : text('threedsAuthenticationValue') || text('threedsCavv')
    return Boolean(
      session &&
      session.status === 'approved' &&
      session.card.bin === token.card.bin &&
      session.card.last4 === token.card.last4 &&
      (initialPrice === null || new Big(session.amount).eq(initialPrice)) &&
      session.cavv === value &&
      (v1 || session.dsTransId === text('threedsDsTransId')),
    )
  }

  async function charge(c: Context, threeds: boolean) {
    const scope = authorize(c)
    if (scope instanceof Response) return scope
    // A frontend token may make and read tokens, never charge them.
    if (scope !== 'backend') return fail(c, 403, 100020, 'Forbidden')
    const version = acceptedVersion(c, [1, 2])
    if (!version) return notAcceptable(c)
    const id = c.req.param('paymentTokenId') ?? ''
    const token = paymentTokens.get(id)
    if (!token) return fail(c, 404, 100101, 'Invalid payment token.')
    const body = await readBody(c)
    if (!body) return notJson(c)
    const errors: FieldError[] = []
    const terms = checkTerms(body, token, errors, threeds)
    const authenticated = threeds ? checkThreeds(body, token, errors, terms && terms !== 'foreign' ? terms.amount : null) : false
    if (errors.length || terms === null) return validationFailed(c, errors)
    if (terms === 'foreign') return fail(c, 400, 100100, 'Invalid client account.')
    if (tokenExpired(token)) return fail(c, 400, 100102, 'Expired payment token.')
    // Guess: the public table has no code for a used-up token; it reads as an invalid token.
    if (token.uses >= token.validNumberOfUse) return validationFailed(c, [{ field: 'paymentTokenId', message: 'Invalid Token.' }])
    token.uses++

    const decline =
      threeds && !authenticated
        ? DECLINES.authenticationFailed
        : !threeds && !token.authenticated && needsThreeds(token.card.outcome)
          ? DECLINES.authenticationRequired
          : token.card.outcome === 'decline'
            ? DECLINES.insufficientFunds
            : null
    const record: SimCharge = {
      paymentTokenId: token.paymentTokenId,
      threeds,
      approved: decline === null,
      subscriptionId: decline === null ? ccbillId() : null,
      transactionId: ccbillId(),
      declineCode: decline?.code ?? null,
      declineText: decline?.text ?? null,
      clientSubacc: body.clientSubacc as number,
      ...terms,
      at: clock(),
    }
    charges.push(record)
    sendWebhook(record, token)

    let newPaymentTokenId: string | null = null
    if (record.approved && body.createNewPaymentToken === true) {
      const copy = { ...token, paymentTokenId: toHex(crypto.getRandomValues(new Uint8Array(16))), createdAt: clock(), uses: 0 }
      paymentTokens.set(copy.paymentTokenId, copy)
      newPaymentTokenId = copy.paymentTokenId
    }
    return ok(
      c,
      {
        declineCode: record.declineCode,
        declineText: record.declineText,
        denialId: record.approved ? null : record.transactionId,
        approved: record.approved,
        paymentUniqueId: record.approved ? toBase64(crypto.getRandomValues(new Uint8Array(16))).slice(0, 22) : null,
        sessionId: null,
        newPaymentTokenId,
        subscriptionId: record.subscriptionId,
      },
      version,
    )
  }

  // ---- webhooks ----

  function sendWebhook(charge: SimCharge, token: SimPaymentToken) {
    const rule = CCBILL_CURRENCIES[charge.currencyCode]!
    const recurring = charge.recurringPrice !== null
    const customer = token.customer
    const money = (value: string | null) => value ?? ''
    const sale: Record<string, string> = {
      transactionId: charge.transactionId,
      clientAccnum: String(token.clientAccnum),
      clientSubacc: String(charge.clientSubacc).padStart(4, '0'),
      timestamp: webhookTime(charge.at),
      firstName: customer.customerFname ?? '',
      lastName: customer.customerLname ?? '',
      address1: customer.address1 ?? '',
      city: customer.city ?? '',
      state: customer.state ?? '',
      country: customer.country ?? '',
      postalCode: customer.zipcode ?? '',
      email: customer.email ?? '',
      phoneNumber: customer.phoneNumber ?? '',
      ipAddress: customer.ipAddress ?? '',
      reservationId: '',
      username: '',
      password: '',
      formName: '',
      flexId: '',
      productDesc: '',
      priceDescription: `${charge.amount} ${rule.alpha}${recurring ? ` for ${charge.initialPeriod} days` : ' one time (non-recurring)'}`,
      recurringPriceDescription: recurring ? `then ${charge.recurringPrice} ${rule.alpha} every ${charge.recurringPeriod} days` : '',
      billedInitialPrice: charge.amount,
      billedRecurringPrice: money(charge.recurringPrice),
      billedCurrencyCode: charge.currencyCode,
      billedCurrency: rule.alpha,
      subscriptionInitialPrice: charge.amount,
      subscriptionRecurringPrice: money(charge.recurringPrice),
      subscriptionCurrencyCode: charge.currencyCode,
      subscriptionCurrency: rule.alpha,
      accountingInitialPrice: charge.amount,
      accountingRecurringPrice: money(charge.recurringPrice),
      accountingCurrencyCode: charge.currencyCode,
      accountingCurrency: rule.alpha,
      initialPeriod: String(charge.initialPeriod),
      recurringPeriod: recurring ? String(charge.recurringPeriod) : '0',
      rebills: recurring ? String(charge.rebills) : '0',
      nextRenewalDate: recurring ? webhookTime(charge.at + charge.initialPeriod * 86_400_000).slice(0, 10) : '',
      subscriptionTypeId: '0',
      dynamicPricingValidationDigest: '',
      paymentType: 'CREDIT',
      // CCBill's list also has bin and expDate (providers.md §3.7). The sandbox leaves those two out
      // so that a payment here shows, request by request, that no card number or expiry reaches the
      // companion server; the server drops them from its records when live CCBill sends them.
      cardType: token.card.cardType,
      prePaid: '0',
      last4: token.card.last4,
      avsResponse: token.verified ? 'Y' : '',
      cvv2Response: token.verified ? 'M' : '',
      affiliateSystem: '',
      referringUrl: '',
      lifeTimeSubscription: '0',
      lifeTimePrice: '0',
      paymentAccount: toHex(crypto.getRandomValues(new Uint8Array(16))),
      threeDSecure: charge.threeds ? (charge.approved ? 'AUTH_SUCCESS' : 'AUTH_FAILED') : 'NOT_APPLICABLE',
      source: 'API',
      originalSubscriptionId: '',
      originalClientAccnum: '',
      originalClientSubacc: '',
    }
    // Guess (from third-party fixtures): failures carry CCBill's decline as failureCode/failureReason.
    const fields: Record<string, string> = charge.approved
      ? { subscriptionId: charge.subscriptionId!, ...sale }
      : { ...sale, failureCode: String(charge.declineCode), failureReason: charge.declineText ?? 'transaction declined' }
    for (const [name, value] of Object.entries(charge.passThrough)) fields[`X-${name}`] = value
    const eventType = charge.approved ? 'UpSaleSuccess' : 'UpSaleFailure'
    const query = new URLSearchParams({
      clientAccnum: String(token.clientAccnum),
      clientSubacc: String(charge.clientSubacc).padStart(4, '0'),
      eventType,
      eventGroupType: 'Subscription',
    })
    const delivery: SimDelivery = {
      eventType,
      url: `${options.publicUrl}/webhooks/ccbill?${query}`,
      transactionId: charge.transactionId,
      fields,
      attempts: [],
      acknowledged: false,
    }
    deliveries.push(delivery)
    if (deliveries.length > 500) deliveries.shift()
    // CCBill posts after it answered the charge.
    if (webhooks.enabled) schedule(() => deliver(delivery, 0), 0)
  }

  function schedule(work: () => Promise<unknown>, delayMs: number) {
    const timer = setTimeout(() => {
      timers.delete(timer)
      void work()
    }, delayMs)
    timers.add(timer)
  }

  async function deliver(delivery: SimDelivery, retry: number | null): Promise<number | null> {
    const format = webhooks.format
    const headers: Record<string, string> = {
      'Content-Type': format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      'User-Agent': 'CCBill-Webhooks (pay-elements sandbox)',
    }
    if (options.deliveryMark) headers[options.deliveryMark.name] = options.deliveryMark.value
    let status: number | null = null
    try {
      const response = await options.fetch(delivery.url, {
        method: 'POST',
        headers,
        body: format === 'json' ? JSON.stringify(delivery.fields) : new URLSearchParams(delivery.fields).toString(),
        signal: AbortSignal.timeout(30_000),
      })
      status = response.status
      await response.body?.cancel()
    } catch (error) {
      log.debug({ err: error, transactionId: delivery.transactionId }, 'ccbill simulator: webhook delivery failed')
    }
    delivery.attempts.push({ at: clock(), format, status })
    if (status === 200) delivery.acknowledged = true
    else if (retry !== null && retry < webhooks.retry_delays_ms.length) {
      schedule(() => deliver(delivery, retry + 1), webhooks.retry_delays_ms[retry]!)
    }
    return status
  }

  // ---- 3DS ----

  async function startThreeds(c: Context) {
    const scope = authorize(c)
    if (scope instanceof Response) return scope
    const body = await readBody(c)
    if (!body) return notJson(c)
    const errors: FieldError[] = []
    const foreign = checkAccount(body, errors)
    let card: SimCard | null = null
    if (body.paymentTokenId !== undefined) {
      const token = paymentTokens.get(str(body.paymentTokenId))
      if (!new RegExp(PAYMENT_TOKEN_ID_PATTERN).test(str(body.paymentTokenId))) {
        errors.push({ field: 'paymentTokenId', message: 'Problem with the attribute values.' })
      } else if (!token) return fail(c, 400, 200502, 'Payment token does not exist.')
      else card = token.card
    } else {
      const number = str(body.cardNumber)
      if (!luhnValid(number)) errors.push({ field: 'cardNumber', message: 'Invalid credit card number.' })
      const expMonth = str(body.expMonth)
      const expYear = str(body.expYear)
      if (!/^(0[1-9]|1[012])$/.test(expMonth)) errors.push({ field: 'expMonth', message: 'Problem with attribute digit format.' })
      if (!/^\d{4}$/.test(expYear)) errors.push({ field: 'expYear', message: 'Problem with attribute digit format.' })
      const digits = digitsOf(number)
      card = {
        bin: digits.slice(0, 6),
        last4: digits.slice(-4),
        cardType: cardTypeOf(digits),
        expMonth,
        expYear,
        outcome: outcomeOf(digits),
      }
    }
    const currencyCode = str(body.currencyCode)
    if (!CCBILL_CURRENCIES[currencyCode]) errors.push({ field: 'currencyCode', message: 'Problem with the attribute values.' })
    const amount = str(body.amount)
    if (!/^\d+(\.\d{1,2})?$/.test(amount)) errors.push({ field: 'amount', message: 'Problem with the attribute values.' })
    if (!emailValid(str(body.email))) errors.push({ field: 'email', message: 'Invalid email address.' })
    if (errors.length) return validationFailed(c, errors)
    if (foreign) return fail(c, 400, 100100, 'Invalid client account.')

    const session: ThreedsSession = {
      id: crypto.randomUUID(),
      clientAccnum: body.clientAccnum as number,
      clientSubacc: body.clientSubacc as number,
      card: card!,
      amount,
      currencyCode,
      status: 'pending',
      createdAt: clock(),
      clientTransactionId: `id-${toHex(crypto.getRandomValues(new Uint8Array(6)))}`,
      cavv: toBase64(crypto.getRandomValues(new Uint8Array(20))),
      dsTransId: crypto.randomUUID(),
      acsTransId: crypto.randomUUID(),
      sdkTransId: crypto.randomUUID(),
      result: null,
    }
    sessions.set(session.id, session)
    if (sessions.size > 1000) sessions.delete(sessions.keys().next().value!)
    const challengeRequired = needsThreeds(session.card.outcome)
    // A card that needs no challenge is authenticated frictionlessly.
    if (!challengeRequired) settle(session, true)
    return c.json({
      sessionId: session.id,
      challengeRequired,
      challengeUrl: `${base}/threeds/challenge/${session.id}`,
      result: session.result,
    })
  }

  /**
   * The result `authenticateCustomer` resolves with, in the shape CCBill's newest guide shows (its
   * backend's `ThreedsInformation`: eci, status, success, protocolVersion, amount,
   * clientTransactionId, currency, sdkTransId, acsTransId, dsTransId, authenticationType,
   * authenticationValue), with the values of its 2.2.0 charge example. Guess: a failed
   * authentication resolves in the same shape with `success: false`, status "N", ECI "07" and no
   * authentication value (the guide shows no failure).
   */
  function settle(session: ThreedsSession, approved: boolean) {
    session.status = approved ? 'approved' : 'failed'
    session.result = {
      eci: approved ? '05' : '07',
      status: approved ? 'Y' : 'N',
      success: approved,
      protocolVersion: '2.2.0',
      amount: Number(session.amount),
      clientTransactionId: session.clientTransactionId,
      currency: session.currencyCode,
      sdkTransId: session.sdkTransId,
      acsTransId: session.acsTransId,
      dsTransId: session.dsTransId,
      authenticationType: approved ? '02' : '',
      authenticationValue: approved ? session.cavv : '',
    }
  }

  /**
   * The stand-in's `createPaymentToken3DS`: a token made after a passed authentication of the same
   * card, which CCBill's deferred flow then charges without 3DS. Guess: the real widget's calls are
   * not documented; this path is the stand-in's own, beside its 3DS sessions.
   */
  async function authenticatedToken(c: Context) {
    const scope = authorize(c)
    if (scope instanceof Response) return scope
    const body = await readBody(c)
    if (!body) return notJson(c)
    const session = sessions.get(str(body.sessionId))
    if (!session) return fail(c, 404, 200602, 'Transaction ID Not Found.')
    const card = str(((body.paymentInfo as Body | undefined)?.creditCardPaymentInfo as Body | undefined)?.cardNum)
    if (session.status !== 'approved' || card.slice(0, 6) !== session.card.bin || card.slice(-4) !== session.card.last4) {
      return fail(c, 500, 200500, 'Failed to Authenticate Transaction.')
    }
    const { sessionId: _, ...params } = body
    const made = makeToken(c, params, str(((params.paymentInfo as Body).creditCardPaymentInfo as Body).cvv2) !== '', true)
    if (made instanceof Response) return made
    return ok(c, tokenView(made, false), 2)
  }

  function sessionState(c: Context) {
    const scope = authorize(c)
    if (scope instanceof Response) return scope
    const session = sessions.get(c.req.param('id') ?? '')
    if (!session) return fail(c, 404, 200602, 'Transaction ID Not Found.')
    if (session.status === 'pending' && session.createdAt + CHALLENGE_TTL_MS <= clock()) {
      settle(session, false)
    }
    return c.json({ status: session.status, result: session.result })
  }

  const CHALLENGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors *"

  function challengePage(session: ThreedsSession | undefined, notice?: string): string {
    const rule = session && CCBILL_CURRENCIES[session.currencyCode]
    const body = !session
      ? '<p>This verification does not exist.</p>'
      : session.status !== 'pending'
        ? `<p role="status">${notice ?? (session.status === 'approved' ? 'Verified.' : 'Verification failed.')} You can return to the shop.</p>`
        : `<p>Sandbox Bank asks you to confirm a payment of <strong>${escapeHtml(session.amount)} ${rule?.alpha ?? ''}</strong>
with the card ending in <strong>${session.card.last4}</strong>.</p>
${session.card.outcome === '3ds-fail' ? '<p class="note">This test card\'s issuer refuses authentication whatever you choose.</p>' : ''}
<form method="post" action="${base}/threeds/challenge/${session.id}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="fail">Fail</button>
</form>`
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>3-D Secure verification (sandbox)</title><link rel="stylesheet" href="${base}/threeds/challenge.css"></head>
<body><main><h1>3-D Secure verification</h1><p class="note">CCBill sandbox: no real bank is asked.</p>${body}</main></body></html>`
  }

  // ---- routes ----

  // Real CCBill answers only the merchant's whitelisted domain; the simulator answers any origin.
  const browserCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept', 'Widget-Version', 'X-Origin-IP'],
    maxAge: 600,
  })

  const app = new Hono()
  app.use('/payment-tokens/*', browserCors)
  app.use('/threeds/sessions/*', browserCors)
  app.use('/threeds/sessions', browserCors)
  app.use('/threeds/payment-tokens', browserCors)
  app.use('/test-cards', browserCors)

  app
    .post('/ccbill-auth/oauth/token', (c) => withFaults(c, 'oauth', () => oauthToken(c)))
    .post('/payment-tokens/merchant-only', (c) => withFaults(c, 'payment-tokens', () => createPaymentToken(c, false)))
    .post('/payment-tokens/merchant-only-verify', (c) => withFaults(c, 'payment-tokens', () => createPaymentToken(c, true)))
    .get('/payment-tokens/threeds-required', (c) => {
      const scope = authorize(c)
      if (scope instanceof Response) return scope
      const version = acceptedVersion(c, [1, 2])
      if (!version) return notAcceptable(c)
      const q = c.req.query()
      const errors: FieldError[] = []
      if (!/^\d{6}$/.test(q.bin ?? '')) errors.push({ field: 'bin', message: 'Problem with attribute digit format.' })
      if (!/^\d{4}$/.test(q.last4 ?? '')) errors.push({ field: 'last4', message: 'Problem with attribute digit format.' })
      const query = { clientAccnum: Number(q.clientAccnum), clientSubacc: q.clientSubacc === undefined ? NaN : Number(q.clientSubacc) }
      const foreign = checkAccount(query, errors)
      if (!CCBILL_CURRENCIES[q.currencyCode ?? '']) errors.push({ field: 'currencyCode', message: 'Problem with the attribute values.' })
      if (errors.length) return validationFailed(c, errors)
      if (foreign) return fail(c, 400, 100100, 'Invalid client account.')
      return scaAnswer(c, needsThreeds(outcomeOfBinLast4(q.bin!, q.last4!)), version)
    })
    .get('/payment-tokens/:paymentTokenId/threeds-required', (c) => {
      const scope = authorize(c)
      if (scope instanceof Response) return scope
      const version = acceptedVersion(c, [1, 2])
      if (!version) return notAcceptable(c)
      const token = paymentTokens.get(c.req.param('paymentTokenId'))
      if (!token) return fail(c, 404, 100101, 'Invalid payment token.')
      if (!CCBILL_CURRENCIES[c.req.query('currencyCode') ?? '']) {
        return validationFailed(c, [{ field: 'currencyCode', message: 'Problem with the attribute values.' }])
      }
      return scaAnswer(c, needsThreeds(token.card.outcome), version)
    })
    .get('/payment-tokens/:paymentTokenId', (c) => {
      const scope = authorize(c)
      if (scope instanceof Response) return scope
      const version = acceptedVersion(c, [1, 2, 3])
      if (!version) return notAcceptable(c)
      const token = paymentTokens.get(c.req.param('paymentTokenId'))
      if (!token) return fail(c, 404, 100101, 'Invalid payment token.')
      return ok(c, tokenView(token, true), version)
    })
    .post('/transactions/payment-tokens/threeds/:paymentTokenId', (c) => withFaults(c, 'charge', () => charge(c, true)))
    .post('/transactions/payment-tokens/:paymentTokenId', (c) => withFaults(c, 'charge', () => charge(c, false)))
    .get('/transactions/payment-tokens/:paymentTokenId', (c) =>
      withFaults(c, 'read-charges', () => {
        const scope = authorize(c)
        if (scope instanceof Response) return scope
        if (scope !== 'backend') return fail(c, 403, 100020, 'Forbidden')
        const version = acceptedVersion(c, [1, 2])
        if (!version) return notAcceptable(c)
        const token = paymentTokens.get(c.req.param('paymentTokenId'))
        if (!token) return fail(c, 404, 100101, 'Invalid payment token.')
        // clientSubacc is optional (the per-endpoint YAML): without it the list spans every sub-account
        // the token was charged on ("Multi-subaccount transactions charged by a Payment Token").
        const subaccQuery = c.req.query('clientSubacc')
        const clientSubacc = subaccQuery === undefined ? null : Number(subaccQuery)
        if (Number(c.req.query('clientAccnum')) !== token.clientAccnum) {
          return validationFailed(c, [{ field: 'clientAccnum', message: 'Invalid Client Accnum.' }])
        }
        if (clientSubacc !== null && !subaccounts.has(clientSubacc)) {
          return validationFailed(c, [{ field: 'clientSubacc', message: 'Invalid Client Subacc.' }])
        }
        const list = charges
          .filter((ch) => ch.paymentTokenId === token.paymentTokenId && ch.approved)
          .filter((ch) => clientSubacc === null || ch.clientSubacc === clientSubacc)
          .map((ch) => ({ clientAccnum: token.clientAccnum, clientSubacc: ch.clientSubacc, subscriptionId: ch.subscriptionId }))
        return ok(c, list, version)
      }),
    )

    // The stand-in Advanced Widget script, pinned to the version the product loads.
    .get('/js/v1.13.1/ccbill-advanced-widget.js', (c) =>
      c.body(ADVANCED_WIDGET_SOURCE, 200, {
        'Content-Type': 'application/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      }),
    )
    .get('/test-cards', (c) => c.json(TEST_CARDS))

    // 3DS: the widget starts a session, shows the challenge page in an iframe and polls the session.
    .post('/threeds/sessions', (c) => startThreeds(c))
    .post('/threeds/payment-tokens', (c) => withFaults(c, 'payment-tokens', () => authenticatedToken(c)))
    .get('/threeds/sessions/:id', (c) => sessionState(c))
    .get('/threeds/challenge.css', (c) =>
      c.body(CHALLENGE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cross-Origin-Resource-Policy': 'cross-origin' }),
    )
    .get('/threeds/challenge/:id', (c) => {
      const session = sessions.get(c.req.param('id'))
      return c.html(challengePage(session), session ? 200 : 404, { 'Content-Security-Policy': CHALLENGE_CSP })
    })
    .post('/threeds/challenge/:id', async (c) => {
      const session = sessions.get(c.req.param('id'))
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      if (session?.status === 'pending' && (form.decision === 'approve' || form.decision === 'fail')) {
        // A 3ds-fail card's issuer refuses the authentication whatever the payer chooses.
        settle(session, form.decision === 'approve' && session.card.outcome !== '3ds-fail')
      }
      return c.html(challengePage(session), session ? 200 : 404, { 'Content-Security-Policy': CHALLENGE_CSP })
    })

  // ---- the tester's switches (not CCBill's API) ----
  const readControl = async (c: Context): Promise<Body> => ((await c.req.json().catch(() => ({}))) as Body) ?? {}
  const state = () => ({ latency_ms: latencyMs, faults: [...faults], oauth: { expires_in: oauthTtlSeconds }, webhooks: { ...webhooks } })
  const control = new Hono()
    .get('/', (c) => c.json(state()))
    .post('/faults', async (c) => {
      const body = await readControl(c)
      if (body.latency_ms !== undefined) {
        if (!isInt(body.latency_ms, 0, 30_000)) return c.json({ error: 'latency_ms must be 0–30000' }, 400)
        latencyMs = body.latency_ms
      }
      if (body.fault !== undefined) {
        const endpoint = (body.endpoint ?? 'charge') as CcbillFaultEndpoint
        if (!CCBILL_FAULTS.includes(body.fault as CcbillFault))
          return c.json({ error: `fault must be one of ${CCBILL_FAULTS.join(', ')}` }, 400)
        if (!CCBILL_FAULT_ENDPOINTS.includes(endpoint))
          return c.json({ error: `endpoint must be one of ${CCBILL_FAULT_ENDPOINTS.join(', ')}` }, 400)
        const times = isInt(body.times, 1, 100) ? body.times : 1
        for (let i = 0; i < times; i++) faults.push({ fault: body.fault as CcbillFault, endpoint })
      }
      return c.json(state())
    })
    .delete('/faults', (c) => {
      faults.length = 0
      latencyMs = 0
      return c.json(state())
    })
    .post('/oauth', async (c) => {
      const body = await readControl(c)
      if (!isInt(body.expires_in, 1, 86_400)) return c.json({ error: 'expires_in must be 1–86400 seconds' }, 400)
      oauthTtlSeconds = body.expires_in
      return c.json(state())
    })
    .post('/webhooks', async (c) => {
      const body = await readControl(c)
      if (body.format !== undefined) {
        if (body.format !== 'json' && body.format !== 'form') return c.json({ error: 'format must be "json" or "form"' }, 400)
        webhooks.format = body.format
      }
      if (body.enabled !== undefined) {
        if (typeof body.enabled !== 'boolean') return c.json({ error: 'enabled must be true or false' }, 400)
        webhooks.enabled = body.enabled
      }
      if (body.retry_delays_ms !== undefined) {
        const delays = body.retry_delays_ms
        if (!Array.isArray(delays) || delays.length > 10 || !delays.every((d) => isInt(d, 0, 3_600_000))) {
          return c.json({ error: 'retry_delays_ms must be up to 10 delays in milliseconds' }, 400)
        }
        webhooks.retry_delays_ms = delays as number[]
      }
      return c.json(state())
    })
    .get('/webhooks', (c) => c.json([...deliveries].reverse().slice(0, 50)))
    // Sends a webhook again now, once per copy, as a duplicate delivery (default: the latest one).
    .post('/webhooks/redeliver', async (c) => {
      const body = await readControl(c)
      const delivery = body.transactionId === undefined ? deliveries.at(-1) : deliveries.find((d) => d.transactionId === body.transactionId)
      if (!delivery) return c.json({ error: 'No such webhook' }, 404)
      const copies = isInt(body.copies, 1, 10) ? body.copies : 1
      const statuses = await Promise.all(Array.from({ length: copies }, () => deliver(delivery, null)))
      return c.json({ transactionId: delivery.transactionId, statuses })
    })
    .get('/charges', (c) => c.json([...charges].reverse()))
    // More sub-accounts for the account, as a merchant may open (CCBill's WooCommerce plugin keeps
    // one for tokens and others for one-time and recurring charges).
    .get('/subaccounts', (c) => c.json([...subaccounts].map(([number, { threeds }]) => ({ clientSubacc: number, threeds }))))
    .post('/subaccounts', async (c) => {
      const body = await readControl(c)
      if (!isInt(body.clientSubacc, CCBILL_SUBACC.min, CCBILL_SUBACC.max)) return c.json({ error: 'clientSubacc must be 0–9999' }, 400)
      if (body.threeds !== undefined && typeof body.threeds !== 'boolean') return c.json({ error: 'threeds must be true or false' }, 400)
      subaccounts.set(body.clientSubacc, { threeds: body.threeds === true })
      return c.json([...subaccounts].map(([number, { threeds }]) => ({ clientSubacc: number, threeds })))
    })
  app.route('/control', control)

  return {
    app,
    /** Stops scheduled webhook deliveries. */
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}

export type CcbillSimulator = ReturnType<typeof createCcbillSimulator>

// The page fills the window the widget opens, as a bank's does: its buttons sit at the bottom, no blank space under them.
const CHALLENGE_CSS = `html,body{height:100%}body{box-sizing:border-box;font-family:system-ui,sans-serif;margin:0;padding:1.25rem;line-height:1.5;color:#1a1a1a;background:#fff}
main{display:flex;flex-direction:column;min-height:100%}
h1{font-size:1.2rem;margin:0 0 .5rem}.note{color:#555;font-size:.9rem}form{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:auto;padding-top:1rem}
button{font:inherit;padding:.55rem 1.2rem;border-radius:6px;border:1px solid #555;background:#f4f4f4;cursor:pointer}
button[value=approve]{background:#0b6b2f;border-color:#0b6b2f;color:#fff}button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}`

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
