import { z } from 'zod'
import { PAYMENT_METHODS, type PaymentMethod } from '@pay-elements/contract'
import { normalizeAmount, methodsForCurrency, MoneyError } from './checkouts/money.js'
import { CCBILL_WEBHOOK_RANGES, parseRange } from './providers/ccbill/ip-allowlist.js'

/**
 * Configuration, read once at start-up from a plain record of strings (the environment merged with
 * `.env`). Every problem becomes one line naming the variable; nothing here reads `process.env`,
 * so the same parser serves the Node entry, tests and other runtimes.
 */

export type PayMode = 'sandbox' | 'live'

export interface Product {
  id: string
  name: string
  /** Decimal string, already normalised to the currency's precision. */
  price: string
  currency: string
  methods: PaymentMethod[]
}

export interface CcpaymentConfig {
  appId: string
  appSecret: string
  baseUrl: string
}
export interface CcbillConfig {
  accnum: string
  /** The sub-account for payment tokens charged without 3-D Secure. */
  subacc: string
  /** The sub-account for 3-D Secure: tokens are created, authenticated and charged on it (CCBill requires a separate one). */
  subacc3ds: string
  frontendAppId: string
  frontendSecret: string
  backendAppId: string
  backendSecret: string
  baseUrl: string
  /** CCBill's Advanced Widget script as the element loads it (CCBill's CDN, or the simulator's stand-in). */
  widgetUrl: string
  /** Addresses and CIDR ranges `/webhooks/ccbill` accepts posts from (CCBill's webhooks are unsigned). */
  webhookAllowedIps: string[]
}
export interface NicepayConfig {
  iMid: string
  merchantKey: string
  baseUrl: string
}

export interface Config {
  mode: PayMode
  port: number
  /** Merchant API key: `Authorization: Bearer <secretKey>`. */
  secretKey: string
  /** `postgres://…` or `file:PATH` (SQLite). */
  databaseUrl: string
  /** Exact origins allowed to call `/v1/client/*`; `localhost` also allows any loopback origin (sandbox default). */
  allowedOrigins: string[]
  allowLoopbackOrigins: boolean
  /** Base URL the providers call back, without a trailing slash. */
  publicUrl: string
  merchantWebhook: { url: string; secret: string } | null
  /** A provider is `null` when it is not enabled (live mode without its credentials). */
  ccpayment: CcpaymentConfig | null
  ccbill: CcbillConfig | null
  nicepay: NicepayConfig | null
  catalog: Map<string, Product>
  /** Socket addresses whose `X-Forwarded-For` is believed (a load balancer in front of us). */
  trustedProxies: string[]
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Default lifetime of a checkout, seconds. */
  checkoutTtlSeconds: number
  /** How long a call to a provider may take before its outcome counts as unknown, ms. */
  providerTimeoutMs: number
  /** Seconds between reconciliation passes (asking providers about payments in flight); 0 turns them off. */
  reconcileIntervalSeconds: number
  /** At most this many provider calls a minute from this instance's reconciliation. */
  reconcileCallsPerMinute: number
  /**
   * While a payer has a checkout open, a payment whose provider sends no notice of some changes
   * (NICEPAY: a code expiring, a cashier finding it) is asked about at most this often, seconds.
   */
  watchIntervalSeconds: number
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut, ms. */
  shutdownGraceMs: number
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`. */
  metricsToken: string | null
  /** Delivered merchant events are kept (and listed by `GET /v1/events`) this many days. */
  eventRetentionDays: number
  /** At start-up, how long to keep trying an unreachable database before giving up, seconds. */
  databaseWaitSeconds: number
}

/**
 * Credentials the simulators accept in sandbox mode when the variables are unset. They are public
 * on purpose: a test that knows them can play the provider.
 */
export const SANDBOX_DEFAULTS = {
  PAY_SECRET_KEY: 'sk_sandbox_0123456789abcdef0123456789abcdef',
  PAY_MERCHANT_WEBHOOK_SECRET: 'whsec_c2FuZGJveC1tZXJjaGFudC13ZWJob29rLXNlY3JldA==',
  CCPAYMENT_APP_ID: 'sandbox-ccpayment-app-id',
  CCPAYMENT_APP_SECRET: 'sandbox-ccpayment-app-secret',
  CCBILL_CLIENT_ACCNUM: '900000',
  CCBILL_CLIENT_SUBACC: '0000',
  CCBILL_CLIENT_SUBACC_3DS: '0001',
  CCBILL_FRONTEND_APP_ID: 'sandbox-ccbill-frontend-app-id',
  CCBILL_FRONTEND_SECRET: 'sandbox-ccbill-frontend-secret',
  CCBILL_BACKEND_APP_ID: 'sandbox-ccbill-backend-app-id',
  CCBILL_BACKEND_SECRET: 'sandbox-ccbill-backend-secret',
  NICEPAY_IMID: 'IONPAYTEST',
  NICEPAY_MERCHANT_KEY: '33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A==',
} as const

/** The providers' real hosts, used in live mode unless a `*_BASE_URL` points elsewhere. */
export const LIVE_HOSTS = {
  ccpayment: 'https://admin.ccpayment.com',
  ccbill: 'https://api.ccbill.com',
  nicepay: 'https://www.nicepay.co.id',
} as const

/** CCBill's Advanced Widget script, pinned to one version (its CDN path carries the version). */
export const CCBILL_WIDGET_PATH = '/v1.13.1/ccbill-advanced-widget.js'
export const CCBILL_LIVE_WIDGET_URL = `https://js.ccbill.com${CCBILL_WIDGET_PATH}`

const PROVIDER_OF: Record<PaymentMethod, 'ccpayment' | 'ccbill' | 'nicepay'> = { crypto: 'ccpayment', card: 'ccbill', cvs: 'nicepay' }

/** The methods among `methods` whose provider is configured. */
export function enabledMethods(
  config: Pick<Config, 'ccpayment' | 'ccbill' | 'nicepay'>,
  methods: readonly PaymentMethod[],
): PaymentMethod[] {
  return methods.filter((method) => config[PROVIDER_OF[method]] !== null)
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''))

const catalogEntry = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "." or "-"'),
  name: z.string().min(1).max(255),
  price: z.string(),
  currency: z.string(),
  methods: z.array(z.enum(PAYMENT_METHODS)).min(1).optional(),
})

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/

function decodedLength(base64: string): number {
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0)
}

export function parseConfig(env: Env): Config {
  const problems: string[] = []
  const problem = (name: string, message: string) => problems.push(`${name}: ${message}`)
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === '' ? undefined : value
  }

  const modeValue = read('PAY_MODE') ?? 'sandbox'
  if (modeValue !== 'sandbox' && modeValue !== 'live') problem('PAY_MODE', `must be "sandbox" or "live", got "${modeValue}"`)
  const mode: PayMode = modeValue === 'live' ? 'live' : 'sandbox'
  const sandbox = mode === 'sandbox'
  /** In sandbox mode, unset credentials fall back to the documented simulator defaults. */
  const readOrDefault = (name: keyof typeof SANDBOX_DEFAULTS) => read(name) ?? (sandbox ? SANDBOX_DEFAULTS[name] : undefined)

  const portValue = read('PORT') ?? '8787'
  const portValid = /^\d+$/.test(portValue) && Number(portValue) >= 1 && Number(portValue) <= 65535
  if (!portValid) problem('PORT', `must be a port number 1–65535, got "${portValue}"`)
  const port = portValid ? Number(portValue) : 8787

  const secretKey = readOrDefault('PAY_SECRET_KEY')
  if (!secretKey) problem('PAY_SECRET_KEY', 'is required in live mode (the merchant API key, at least 32 characters)')
  else if (secretKey.length < 32) problem('PAY_SECRET_KEY', 'must be at least 32 characters')
  else if (!sandbox && secretKey === SANDBOX_DEFAULTS.PAY_SECRET_KEY)
    problem('PAY_SECRET_KEY', 'must not be the public sandbox key in live mode')

  const databaseUrl = read('DATABASE_URL') ?? 'file:./data/pay.sqlite'
  if (!/^(postgres|postgresql):\/\/.+/.test(databaseUrl) && !/^file:.+/.test(databaseUrl)) {
    problem('DATABASE_URL', 'must start with "postgres://", "postgresql://" or "file:"')
  }

  const publicUrlValue = read('PAY_PUBLIC_URL') ?? `http://localhost:${port}`
  const publicUrl = httpUrl.safeParse(publicUrlValue)
  if (!publicUrl.success) problem('PAY_PUBLIC_URL', `must be an http(s) URL, got "${publicUrlValue}"`)
  else if (!sandbox && !publicUrl.data.startsWith('https://'))
    problem('PAY_PUBLIC_URL', 'must be https in live mode (providers call it back)')

  const origins = (read('PAY_ALLOWED_ORIGINS') ?? (sandbox ? 'localhost' : ''))
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
  const allowLoopbackOrigins = origins.includes('localhost')
  const allowedOrigins: string[] = []
  for (const origin of origins.filter((o) => o !== 'localhost')) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      problem('PAY_ALLOWED_ORIGINS', `"${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`)
    } else allowedOrigins.push(origin)
  }

  let merchantWebhook: Config['merchantWebhook'] = null
  const webhookUrl = read('PAY_MERCHANT_WEBHOOK_URL')
  const webhookSecret = readOrDefault('PAY_MERCHANT_WEBHOOK_SECRET')
  if (webhookUrl) {
    const url = httpUrl.safeParse(webhookUrl)
    if (!url.success) problem('PAY_MERCHANT_WEBHOOK_URL', `must be an http(s) URL, got "${webhookUrl}"`)
    if (!webhookSecret) problem('PAY_MERCHANT_WEBHOOK_SECRET', 'is required when PAY_MERCHANT_WEBHOOK_URL is set')
    else if (!WEBHOOK_SECRET.test(webhookSecret) || decodedLength(webhookSecret.slice(6)) < 24) {
      problem('PAY_MERCHANT_WEBHOOK_SECRET', 'must be "whsec_" followed by at least 24 base64-encoded random bytes')
    }
    if (url.success && webhookSecret) merchantWebhook = { url: webhookUrl, secret: webhookSecret }
  }

  const baseUrl = (name: string, provider: keyof typeof LIVE_HOSTS): string => {
    const value = read(name)
    if (value === undefined) {
      return sandbox && publicUrl.success ? `${publicUrl.data}/sandbox/${provider}` : LIVE_HOSTS[provider]
    }
    const parsed = httpUrl.safeParse(value)
    if (!parsed.success) {
      problem(name, `must be an http(s) URL, got "${value}"`)
      return value
    }
    return parsed.data
  }

  /**
   * A provider is enabled in live mode when any of its variables is set; then all are required.
   * In sandbox mode every provider is enabled with the simulator defaults.
   */
  const provider = <K extends keyof typeof SANDBOX_DEFAULTS>(names: K[]): Record<K, string> | null => {
    const values = Object.fromEntries(names.map((n) => [n, readOrDefault(n)])) as Record<K, string | undefined>
    if (names.every((n) => values[n] === undefined)) return null
    const missing = names.filter((n) => values[n] === undefined)
    for (const name of missing) problem(name, `is required because ${names.filter((n) => !missing.includes(n)).join(', ')} is set`)
    return missing.length ? null : (values as Record<K, string>)
  }

  const ccpaymentVars = provider(['CCPAYMENT_APP_ID', 'CCPAYMENT_APP_SECRET'])
  const ccbillVars = provider([
    'CCBILL_CLIENT_ACCNUM',
    'CCBILL_CLIENT_SUBACC',
    'CCBILL_CLIENT_SUBACC_3DS',
    'CCBILL_FRONTEND_APP_ID',
    'CCBILL_FRONTEND_SECRET',
    'CCBILL_BACKEND_APP_ID',
    'CCBILL_BACKEND_SECRET',
  ])
  const nicepayVars = provider(['NICEPAY_IMID', 'NICEPAY_MERCHANT_KEY'])

  if (ccbillVars) {
    const accnum = Number(ccbillVars.CCBILL_CLIENT_ACCNUM)
    const subacc = Number(ccbillVars.CCBILL_CLIENT_SUBACC)
    if (!/^\d{6}$/.test(ccbillVars.CCBILL_CLIENT_ACCNUM) || accnum < 900000 || accnum > 999999) {
      problem('CCBILL_CLIENT_ACCNUM', 'must be a 6-digit CCBill account number (900000–999999)')
    }
    const subacc3ds = Number(ccbillVars.CCBILL_CLIENT_SUBACC_3DS)
    if (!/^\d{1,4}$/.test(ccbillVars.CCBILL_CLIENT_SUBACC) || subacc > 9999)
      problem('CCBILL_CLIENT_SUBACC', 'must be a sub-account number 0–9999')
    if (!/^\d{1,4}$/.test(ccbillVars.CCBILL_CLIENT_SUBACC_3DS) || subacc3ds > 9999)
      problem('CCBILL_CLIENT_SUBACC_3DS', 'must be a sub-account number 0–9999')
    // CCBill's guide: "two subaccounts used to generate payment tokens for 3DS and non-3DS transactions".
    else if (subacc3ds === subacc)
      problem('CCBILL_CLIENT_SUBACC_3DS', 'must differ from CCBILL_CLIENT_SUBACC (CCBill sets up a separate sub-account for 3-D Secure)')
  }
  if (nicepayVars && !/^[A-Za-z0-9]{10}$/.test(nicepayVars.NICEPAY_IMID))
    problem('NICEPAY_IMID', 'must be the 10-character NICEPAY merchant id')

  const ccpayment = ccpaymentVars && {
    appId: ccpaymentVars.CCPAYMENT_APP_ID,
    appSecret: ccpaymentVars.CCPAYMENT_APP_SECRET,
    baseUrl: baseUrl('CCPAYMENT_BASE_URL', 'ccpayment'),
  }

  // The element loads CCBill's script from here; in sandbox mode the simulator serves a stand-in.
  const widgetUrlValue = read('CCBILL_WIDGET_URL')
  let widgetUrl = sandbox && publicUrl.success ? `${publicUrl.data}/sandbox/ccbill/js${CCBILL_WIDGET_PATH}` : CCBILL_LIVE_WIDGET_URL
  if (widgetUrlValue !== undefined) {
    if (!URL.canParse(widgetUrlValue) || !/^https?:$/.test(new URL(widgetUrlValue).protocol)) {
      problem('CCBILL_WIDGET_URL', `must be an http(s) URL, got "${widgetUrlValue}"`)
    } else if (!sandbox && !widgetUrlValue.startsWith('https://')) {
      problem('CCBILL_WIDGET_URL', 'must be https in live mode (payers type their card into the page that loads it)')
    } else widgetUrl = widgetUrlValue
  }
  const webhookAllowedIps = (read('CCBILL_WEBHOOK_ALLOWED_IPS') ?? CCBILL_WEBHOOK_RANGES.join(','))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  for (const entry of webhookAllowedIps.filter((e) => parseRange(e) === null)) {
    problem('CCBILL_WEBHOOK_ALLOWED_IPS', `"${entry}" is not an IP address or CIDR range such as 64.38.212.0/24`)
  }
  if (read('CCBILL_WEBHOOK_ALLOWED_IPS') !== undefined && !webhookAllowedIps.length) {
    problem('CCBILL_WEBHOOK_ALLOWED_IPS', 'must list at least one IP address or CIDR range')
  }
  const ccbill = ccbillVars && {
    accnum: ccbillVars.CCBILL_CLIENT_ACCNUM,
    subacc: ccbillVars.CCBILL_CLIENT_SUBACC,
    subacc3ds: ccbillVars.CCBILL_CLIENT_SUBACC_3DS,
    frontendAppId: ccbillVars.CCBILL_FRONTEND_APP_ID,
    frontendSecret: ccbillVars.CCBILL_FRONTEND_SECRET,
    backendAppId: ccbillVars.CCBILL_BACKEND_APP_ID,
    backendSecret: ccbillVars.CCBILL_BACKEND_SECRET,
    baseUrl: baseUrl('CCBILL_BASE_URL', 'ccbill'),
    widgetUrl,
    webhookAllowedIps,
  }
  const nicepay = nicepayVars && {
    iMid: nicepayVars.NICEPAY_IMID,
    merchantKey: nicepayVars.NICEPAY_MERCHANT_KEY,
    baseUrl: baseUrl('NICEPAY_BASE_URL', 'nicepay'),
  }
  if (!sandbox && !ccpayment && !ccbill && !nicepay) {
    problem('PAY_MODE', 'live mode needs the credentials of at least one provider (CCPAYMENT_*, CCBILL_* or NICEPAY_*)')
  }

  const catalog = parseCatalog(read('PAY_CATALOG'), problem)

  const trustedProxies = (read('PAY_TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)

  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
  const logLevelValue = read('PAY_LOG_LEVEL') ?? 'info'
  const logLevel = logLevels.find((l) => l === logLevelValue)
  if (!logLevel) problem('PAY_LOG_LEVEL', `must be one of ${logLevels.join(', ')}`)

  const ttlValue = read('PAY_CHECKOUT_TTL') ?? '3600'
  const checkoutTtlSeconds = Number(ttlValue)
  if (!/^\d+$/.test(ttlValue) || checkoutTtlSeconds < 60 || checkoutTtlSeconds > 864000) {
    problem('PAY_CHECKOUT_TTL', 'must be a whole number of seconds from 60 to 864000 (10 days)')
  }

  const timeoutValue = read('PAY_PROVIDER_TIMEOUT_MS') ?? '10000'
  const providerTimeoutMs = Number(timeoutValue)
  if (!/^\d+$/.test(timeoutValue) || providerTimeoutMs < 100 || providerTimeoutMs > 120_000) {
    problem('PAY_PROVIDER_TIMEOUT_MS', 'must be a whole number of milliseconds from 100 to 120000')
  }

  /** A whole number from `min` to `max`, or the default; otherwise one problem line. */
  const wholeNumber = (name: string, fallback: number, min: number, max: number, unit: string): number => {
    const value = read(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problem(name, `must be a whole number of ${unit} from ${min} to ${max}`)
      return fallback
    }
    return Number(value)
  }
  const reconcileIntervalSeconds = wholeNumber('PAY_RECONCILE_INTERVAL', 60, 0, 86_400, 'seconds')
  const reconcileCallsPerMinute = wholeNumber('PAY_RECONCILE_CALLS_PER_MINUTE', 60, 1, 6_000, 'calls')
  const watchIntervalSeconds = wholeNumber('PAY_WATCH_INTERVAL', 10, 1, 3_600, 'seconds')
  // A little longer than the slowest provider call, so a request waiting on one still gets its answer.
  const shutdownGraceMs = wholeNumber('PAY_SHUTDOWN_GRACE_MS', (providerTimeoutMs || 10_000) + 5_000, 0, 600_000, 'milliseconds')
  const eventRetentionDays = wholeNumber('PAY_EVENT_RETENTION_DAYS', 30, 1, 3_650, 'days')
  const databaseWaitSeconds = wholeNumber('PAY_DATABASE_WAIT_SECONDS', 60, 0, 3_600, 'seconds')
  const metricsToken = read('PAY_METRICS_TOKEN') ?? null
  if (metricsToken !== null && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken))) {
    problem('PAY_METRICS_TOKEN', 'must be at least 16 printable characters without spaces')
  }

  if (problems.length) throw new ConfigError(problems)
  return {
    mode,
    port,
    secretKey: secretKey!,
    databaseUrl,
    allowedOrigins,
    allowLoopbackOrigins,
    publicUrl: (publicUrl as { data: string }).data,
    merchantWebhook,
    ccpayment,
    ccbill,
    nicepay,
    catalog,
    trustedProxies,
    logLevel: logLevel!,
    checkoutTtlSeconds,
    providerTimeoutMs,
    reconcileIntervalSeconds,
    reconcileCallsPerMinute,
    watchIntervalSeconds,
    shutdownGraceMs,
    metricsToken,
    eventRetentionDays,
    databaseWaitSeconds,
  }
}

function parseCatalog(value: string | undefined, problem: (name: string, message: string) => void): Map<string, Product> {
  const catalog = new Map<string, Product>()
  if (value === undefined) return catalog
  let json: unknown
  try {
    json = JSON.parse(value)
  } catch {
    problem('PAY_CATALOG', 'must be a JSON array of products ({"id","name","price","currency","methods"?})')
    return catalog
  }
  const entries = z.array(catalogEntry).safeParse(json)
  if (!entries.success) {
    for (const issue of entries.error.issues) problem('PAY_CATALOG', `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    return catalog
  }
  const seen = new Set<string>()
  entries.data.forEach((entry, index) => {
    if (seen.has(entry.id)) return problem('PAY_CATALOG', `${index}.id: "${entry.id}" appears twice`)
    seen.add(entry.id)
    try {
      const currency = entry.currency.toUpperCase()
      const price = normalizeAmount(entry.price, currency, 'price')
      const methods = entry.methods ?? methodsForCurrency(currency)
      for (const method of methods) {
        if (!methodsForCurrency(currency).includes(method)) throw new MoneyError('methods', `${method} cannot take ${currency}`)
      }
      catalog.set(entry.id, { id: entry.id, name: entry.name, price, currency, methods })
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error
      problem('PAY_CATALOG', `${index}.${error.field}: ${error.message}`)
    }
  })
  return catalog
}
