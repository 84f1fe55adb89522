import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig, SANDBOX_DEFAULTS } from './config.js'

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

const LIVE = {
  PAY_MODE: 'live',
  PAY_SECRET_KEY: 'sk_live_a-long-enough-secret-key-for-live',
  PAY_PUBLIC_URL: 'https://pay.example.com',
  CCPAYMENT_APP_ID: 'app-id',
  CCPAYMENT_APP_SECRET: 'app-secret',
}

const LIVE_CCBILL = {
  CCBILL_CLIENT_ACCNUM: '951234',
  CCBILL_CLIENT_SUBACC: '0',
  CCBILL_CLIENT_SUBACC_3DS: '1',
  CCBILL_FRONTEND_APP_ID: 'frontend-id',
  CCBILL_FRONTEND_SECRET: 'frontend-secret',
  CCBILL_BACKEND_APP_ID: 'backend-id',
  CCBILL_BACKEND_SECRET: 'backend-secret',
}

describe('configuration', () => {
  it('starts in sandbox mode with no configuration at all', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      mode: 'sandbox',
      port: 8787,
      databaseUrl: 'file:./data/pay.sqlite',
      publicUrl: 'http://localhost:8787',
      secretKey: SANDBOX_DEFAULTS.PAY_SECRET_KEY,
      allowLoopbackOrigins: true,
      merchantWebhook: null,
    })
    expect(config.ccpayment).toEqual({
      appId: SANDBOX_DEFAULTS.CCPAYMENT_APP_ID,
      appSecret: SANDBOX_DEFAULTS.CCPAYMENT_APP_SECRET,
      baseUrl: 'http://localhost:8787/sandbox/ccpayment',
    })
    expect(config.nicepay?.baseUrl).toBe('http://localhost:8787/sandbox/nicepay')
    expect(config.ccbill?.accnum).toBe('900000')
  })

  it('talks to the real hosts in live mode and enables only providers with credentials', () => {
    const config = parseConfig(LIVE)
    expect(config.ccpayment?.baseUrl).toBe('https://admin.ccpayment.com')
    expect(config.ccbill).toBeNull()
    expect(config.nicepay).toBeNull()
    expect(config.allowedOrigins).toEqual([])
    expect(config.allowLoopbackOrigins).toBe(false)
  })

  it('reports one line per problem, each naming its variable', () => {
    const problems = problemsOf({
      PAY_MODE: 'production',
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      PAY_ALLOWED_ORIGINS: 'https://shop.example/path',
      PAY_MERCHANT_WEBHOOK_URL: 'ftp://x',
      PAY_MERCHANT_WEBHOOK_SECRET: 'not-a-whsec',
      PAY_LOG_LEVEL: 'loud',
      PAY_CHECKOUT_TTL: '5',
    })
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PAY_MODE',
      'PORT',
      'DATABASE_URL',
      'PAY_ALLOWED_ORIGINS',
      'PAY_MERCHANT_WEBHOOK_URL',
      'PAY_MERCHANT_WEBHOOK_SECRET',
      'PAY_LOG_LEVEL',
      'PAY_CHECKOUT_TTL',
    ])
  })

  it('refuses live mode without a secret key, with the sandbox key, over plain http, or with no provider', () => {
    expect(problemsOf({ PAY_MODE: 'live', PAY_PUBLIC_URL: 'http://pay.example.com' })).toEqual([
      'PAY_SECRET_KEY: is required in live mode (the merchant API key, at least 32 characters)',
      'PAY_PUBLIC_URL: must be https in live mode (providers call it back)',
      'PAY_MODE: live mode needs the credentials of at least one provider (CCPAYMENT_*, CCBILL_* or NICEPAY_*)',
    ])
    expect(problemsOf({ ...LIVE, PAY_SECRET_KEY: SANDBOX_DEFAULTS.PAY_SECRET_KEY })).toEqual([
      'PAY_SECRET_KEY: must not be the public sandbox key in live mode',
    ])
  })

  it('requires every credential of a provider once one is set in live mode', () => {
    const problems = problemsOf({ ...LIVE, CCBILL_CLIENT_ACCNUM: '951234', CCBILL_FRONTEND_APP_ID: 'f' })
    expect(problems).toEqual([
      'CCBILL_CLIENT_SUBACC: is required because CCBILL_CLIENT_ACCNUM, CCBILL_FRONTEND_APP_ID is set',
      'CCBILL_CLIENT_SUBACC_3DS: is required because CCBILL_CLIENT_ACCNUM, CCBILL_FRONTEND_APP_ID is set',
      'CCBILL_FRONTEND_SECRET: is required because CCBILL_CLIENT_ACCNUM, CCBILL_FRONTEND_APP_ID is set',
      'CCBILL_BACKEND_APP_ID: is required because CCBILL_CLIENT_ACCNUM, CCBILL_FRONTEND_APP_ID is set',
      'CCBILL_BACKEND_SECRET: is required because CCBILL_CLIENT_ACCNUM, CCBILL_FRONTEND_APP_ID is set',
    ])
  })

  it('takes a separate 3-D Secure sub-account for CCBill, and requires it in live mode', () => {
    expect(parseConfig({}).ccbill).toMatchObject({ subacc: '0000', subacc3ds: '0001' })
    expect(parseConfig({ ...LIVE, ...LIVE_CCBILL }).ccbill).toMatchObject({ subacc: '0', subacc3ds: '1' })
    const { CCBILL_CLIENT_SUBACC_3DS: _, ...without } = LIVE_CCBILL
    expect(problemsOf({ ...LIVE, ...without })).toEqual([
      'CCBILL_CLIENT_SUBACC_3DS: is required because CCBILL_CLIENT_ACCNUM, CCBILL_CLIENT_SUBACC, CCBILL_FRONTEND_APP_ID, CCBILL_FRONTEND_SECRET, CCBILL_BACKEND_APP_ID, CCBILL_BACKEND_SECRET is set',
    ])
    expect(problemsOf({ ...LIVE, ...LIVE_CCBILL, CCBILL_CLIENT_SUBACC_3DS: '0000' })).toEqual([
      'CCBILL_CLIENT_SUBACC_3DS: must differ from CCBILL_CLIENT_SUBACC (CCBill sets up a separate sub-account for 3-D Secure)',
    ])
    expect(problemsOf({ ...LIVE, ...LIVE_CCBILL, CCBILL_CLIENT_SUBACC_3DS: '10000' })).toEqual([
      'CCBILL_CLIENT_SUBACC_3DS: must be a sub-account number 0–9999',
    ])
  })

  it('never puts a secret value into a problem line', () => {
    const secret = 'short-secret-value'
    const problems = problemsOf({
      ...LIVE,
      PAY_SECRET_KEY: secret,
      PAY_MERCHANT_WEBHOOK_URL: 'https://m.example/hook',
      PAY_MERCHANT_WEBHOOK_SECRET: 'whsec_dG9vc2hvcnQ=',
    })
    expect(problems.length).toBe(2)
    expect(problems.join('\n')).not.toContain(secret)
    expect(problems.join('\n')).not.toContain('dG9vc2hvcnQ')
  })

  it('reads a catalog and checks each product against the money rules', () => {
    const config = parseConfig({
      PAY_CATALOG:
        '[{"id":"tee","name":"T-shirt","price":"19.9","currency":"usd"},{"id":"v","name":"Voucher","price":"50000","currency":"IDR"}]',
    })
    expect(config.catalog.get('tee')).toEqual({ id: 'tee', name: 'T-shirt', price: '19.90', currency: 'USD', methods: ['crypto', 'card'] })
    expect(config.catalog.get('v')?.methods).toEqual(['cvs'])
    expect(
      problemsOf({
        PAY_CATALOG: '[{"id":"a","name":"A","price":"1.005","currency":"USD"},{"id":"a","name":"B","price":"1","currency":"USD"}]',
      }),
    ).toEqual(['PAY_CATALOG: 0.price: USD takes at most 2 decimals', 'PAY_CATALOG: 1.id: "a" appears twice'])
    expect(problemsOf({ PAY_CATALOG: '{oops' })[0]).toMatch(/^PAY_CATALOG: must be a JSON array/)
    expect(problemsOf({ PAY_CATALOG: '[{"id":"a","name":"A","price":"1","currency":"IDR","methods":["card"]}]' })).toEqual([
      'PAY_CATALOG: 0.methods: card cannot take IDR',
    ])
  })

  it("points the card element at the simulator's widget script in sandbox mode and at CCBill's CDN in live mode", () => {
    const sandbox = parseConfig({ PAY_PUBLIC_URL: 'http://localhost:9000' })
    expect(sandbox.ccbill?.widgetUrl).toBe('http://localhost:9000/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js')
    expect(sandbox.ccbill?.webhookAllowedIps).toEqual(['64.38.212.0/24', '64.38.215.0/24', '64.38.240.0/24', '64.38.241.0/24'])
    const live = parseConfig({ ...LIVE, ...LIVE_CCBILL })
    expect(live.ccbill?.widgetUrl).toBe('https://js.ccbill.com/v1.13.1/ccbill-advanced-widget.js')
    expect(live.ccbill?.baseUrl).toBe('https://api.ccbill.com')
    const custom = parseConfig({
      ...LIVE,
      ...LIVE_CCBILL,
      CCBILL_WIDGET_URL: 'https://js.ccbill.com/v1.14.0/ccbill-advanced-widget.js',
      CCBILL_WEBHOOK_ALLOWED_IPS: ' 64.38.212.0/24, 203.0.113.9 ,2001:db8::/32',
    })
    expect(custom.ccbill?.widgetUrl).toBe('https://js.ccbill.com/v1.14.0/ccbill-advanced-widget.js')
    expect(custom.ccbill?.webhookAllowedIps).toEqual(['64.38.212.0/24', '203.0.113.9', '2001:db8::/32'])
  })

  it('checks the CCBill widget URL and webhook allowlist, one line per problem', () => {
    expect(problemsOf({ CCBILL_WIDGET_URL: 'js.ccbill.com/x.js' })).toEqual([
      'CCBILL_WIDGET_URL: must be an http(s) URL, got "js.ccbill.com/x.js"',
    ])
    expect(problemsOf({ ...LIVE, ...LIVE_CCBILL, CCBILL_WIDGET_URL: 'http://cdn.example/ccbill.js' })).toEqual([
      'CCBILL_WIDGET_URL: must be https in live mode (payers type their card into the page that loads it)',
    ])
    expect(problemsOf({ CCBILL_WEBHOOK_ALLOWED_IPS: '64.38.212.0/24,64.38.999.1,10.0.0.0/33,example.com' })).toEqual([
      'CCBILL_WEBHOOK_ALLOWED_IPS: "64.38.999.1" is not an IP address or CIDR range such as 64.38.212.0/24',
      'CCBILL_WEBHOOK_ALLOWED_IPS: "10.0.0.0/33" is not an IP address or CIDR range such as 64.38.212.0/24',
      'CCBILL_WEBHOOK_ALLOWED_IPS: "example.com" is not an IP address or CIDR range such as 64.38.212.0/24',
    ])
    expect(problemsOf({ CCBILL_WEBHOOK_ALLOWED_IPS: ' , ' })).toEqual([
      'CCBILL_WEBHOOK_ALLOWED_IPS: must list at least one IP address or CIDR range',
    ])
  })

  it('reads the operating knobs, each with its default, and names a bad one', () => {
    expect(parseConfig({})).toMatchObject({
      reconcileIntervalSeconds: 60,
      reconcileCallsPerMinute: 60,
      watchIntervalSeconds: 10,
      shutdownGraceMs: 15_000,
      metricsToken: null,
      eventRetentionDays: 30,
      databaseWaitSeconds: 60,
    })
    expect(parseConfig({ PAY_PROVIDER_TIMEOUT_MS: '2000' }).shutdownGraceMs).toBe(7_000)
    expect(
      parseConfig({
        PAY_RECONCILE_INTERVAL: '0',
        PAY_RECONCILE_CALLS_PER_MINUTE: '5',
        PAY_WATCH_INTERVAL: '2',
        PAY_SHUTDOWN_GRACE_MS: '0',
        PAY_METRICS_TOKEN: 'metrics-token-0123456789',
        PAY_EVENT_RETENTION_DAYS: '7',
        PAY_DATABASE_WAIT_SECONDS: '0',
      }),
    ).toMatchObject({
      reconcileIntervalSeconds: 0,
      reconcileCallsPerMinute: 5,
      watchIntervalSeconds: 2,
      shutdownGraceMs: 0,
      metricsToken: 'metrics-token-0123456789',
      eventRetentionDays: 7,
      databaseWaitSeconds: 0,
    })
    expect(
      problemsOf({
        PAY_RECONCILE_INTERVAL: '-1',
        PAY_RECONCILE_CALLS_PER_MINUTE: '0',
        PAY_WATCH_INTERVAL: '0',
        PAY_SHUTDOWN_GRACE_MS: '1.5',
        PAY_METRICS_TOKEN: 'short',
        PAY_EVENT_RETENTION_DAYS: '0',
        PAY_DATABASE_WAIT_SECONDS: 'soon',
      }),
    ).toEqual([
      'PAY_RECONCILE_INTERVAL: must be a whole number of seconds from 0 to 86400',
      'PAY_RECONCILE_CALLS_PER_MINUTE: must be a whole number of calls from 1 to 6000',
      'PAY_WATCH_INTERVAL: must be a whole number of seconds from 1 to 3600',
      'PAY_SHUTDOWN_GRACE_MS: must be a whole number of milliseconds from 0 to 600000',
      'PAY_EVENT_RETENTION_DAYS: must be a whole number of days from 1 to 3650',
      'PAY_DATABASE_WAIT_SECONDS: must be a whole number of seconds from 0 to 3600',
      'PAY_METRICS_TOKEN: must be at least 16 printable characters without spaces',
    ])
  })
})
