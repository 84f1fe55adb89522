import { SANDBOX_DEFAULTS } from '../../../config.js'
import type { TestApp } from '../../../../test/helpers/app.js'
import { MEDIA_TYPES, type SimCharge } from '../simulator.js'

/** Helpers the CCBill tests share: acting as the browser's Advanced Widget against the simulator. */

export const V1: string = MEDIA_TYPES[1]
export const V2: string = MEDIA_TYPES[2]
export const ACCNUM = Number(SANDBOX_DEFAULTS.CCBILL_CLIENT_ACCNUM)
export const SUBACC = Number(SANDBOX_DEFAULTS.CCBILL_CLIENT_SUBACC)
/** The sub-account for 3-D Secure tokens and charges. */
export const SUBACC_3DS = Number(SANDBOX_DEFAULTS.CCBILL_CLIENT_SUBACC_3DS)

const CREDENTIALS = {
  frontend: [SANDBOX_DEFAULTS.CCBILL_FRONTEND_APP_ID, SANDBOX_DEFAULTS.CCBILL_FRONTEND_SECRET],
  backend: [SANDBOX_DEFAULTS.CCBILL_BACKEND_APP_ID, SANDBOX_DEFAULTS.CCBILL_BACKEND_SECRET],
} as const

export async function oauthToken(t: TestApp, kind: 'frontend' | 'backend'): Promise<string> {
  const [id, secret] = CREDENTIALS[kind]
  const response = await t.app.request('/sandbox/ccbill/ccbill-auth/oauth/token', {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${id}:${secret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  })
  if (response.status !== 200) throw new Error(`oauth ${response.status}`)
  return ((await response.json()) as { access_token: string }).access_token
}

/** A `merchant-only` payment token request body, as the Advanced Widget builds it. */
export function tokenBody(card = '4111111111111111', overrides: Record<string, unknown> = {}) {
  return {
    clientAccnum: ACCNUM,
    clientSubacc: SUBACC,
    subscriptionId: 0,
    customerInfo: {
      customerFname: 'Tyler',
      customerLname: 'Thomas',
      zipcode: '85281',
      country: 'US',
      email: 'tthomas@example.com',
      ipAddress: '198.51.100.7',
    },
    paymentInfo: { creditCardPaymentInfo: { cardNum: card, nameOnCard: 'Tyler Thomas', expMonth: '04', expYear: '2099' } },
    ...overrides,
  }
}

export async function simRequest(
  t: TestApp,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; accept?: string } = {},
): Promise<Response> {
  return t.app.request(`/sandbox/ccbill${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${token}`,
      accept: init.accept ?? V2,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
}

/** Creates a payment token for `card` with the frontend token, as the browser does. */
export async function paymentToken(t: TestApp, card = '4111111111111111', overrides: Record<string, unknown> = {}): Promise<string> {
  const frontend = await oauthToken(t, 'frontend')
  const response = await simRequest(t, frontend, '/payment-tokens/merchant-only', { body: tokenBody(card, overrides) })
  if (response.status !== 200) throw new Error(`payment token ${response.status} ${await response.text()}`)
  return ((await response.json()) as { paymentTokenId: string }).paymentTokenId
}

/** A payment token on the 3-D Secure sub-account, as CCBill's guide makes one for a card that needs 3DS. */
export const paymentToken3ds = (t: TestApp, card: string, overrides: Record<string, unknown> = {}) =>
  paymentToken(t, card, { clientSubacc: SUBACC_3DS, ...overrides })

/**
 * Runs the 3DS challenge as the payer would: start the session, click a button on the challenge
 * page. Resolves with what `authenticateCustomer` resolves with (CCBill's `threedsInformation`).
 */
export async function authenticate(
  t: TestApp,
  card: string,
  decision: 'approve' | 'fail',
  amount = '19.90',
  currencyCode = '840',
): Promise<Record<string, unknown>> {
  const frontend = await oauthToken(t, 'frontend')
  const started = await simRequest(t, frontend, '/threeds/sessions', {
    body: {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC_3DS,
      cardNumber: card,
      expMonth: '04',
      expYear: '2099',
      nameOnCard: 'Tyler Thomas',
      email: 'tthomas@example.com',
      amount,
      currencyCode,
    },
  })
  const session = (await started.json()) as { sessionId: string; challengeRequired: boolean; challengeUrl: string; result: unknown }
  if (!session.challengeRequired) return session.result as Record<string, unknown>
  await t.app.request(new URL(session.challengeUrl).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision}`,
  })
  const state = (await (await simRequest(t, frontend, `/threeds/sessions/${session.sessionId}`)).json()) as {
    result: Record<string, unknown>
  }
  return state.result
}

/** CCBill's guide's backend mapping of `threedsInformation` onto the charge's `threeds…` fields. */
export function threedsFields(information: Record<string, unknown>): Record<string, unknown> {
  const renamed = Object.entries(information).map(([name, value]) => [
    name === 'protocolVersion' ? 'threedsVersion' : `threeds${name[0]!.toUpperCase()}${name.slice(1)}`,
    value,
  ])
  return Object.fromEntries(renamed)
}

/** Every charge the simulator received, newest first. */
export async function simCharges(t: TestApp): Promise<SimCharge[]> {
  return (await t.app.request('/sandbox/ccbill/control/charges')).json() as Promise<SimCharge[]>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function simControl(t: TestApp, path: string, body: unknown): Promise<any> {
  const response = await t.app.request(`/sandbox/ccbill/control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}
