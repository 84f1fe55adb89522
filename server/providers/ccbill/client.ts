import { z } from 'zod'
import type { CcbillConfig } from '../../config.js'

/**
 * CCBill RESTful API client, for the real host and the simulator alike (only `baseUrl` differs).
 * It mints OAuth tokens with the frontend or backend credentials and keeps each while it is valid,
 * asks for the v2 media type (so `subscriptionId` stays a string: v1 writes it as a JSON number,
 * which JavaScript rounds above 2^53), and sorts every failure into "CCBill said no" (nothing
 * happened) and "no usable answer" (the outcome is unknown).
 */

export const CCBILL_V2 = 'application/vnd.mcn.transaction-service.api.v.2+json'

/** A token is minted again when less than this is left of it, so the browser never gets one about to lapse. */
export const TOKEN_REFRESH_MARGIN_MS = 120_000

/** CCBill answered with an error (4xx): the request was refused, nothing was charged. */
export class CcbillRefused extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number | null,
    readonly generalMessage: string,
    readonly errors: { field: string; message: string }[],
  ) {
    super(`CCBill refused (HTTP ${status}, ${errorCode ?? 'no code'}): ${generalMessage}`)
    this.name = 'CcbillRefused'
  }
}

/** No usable answer (timeout, network, 5xx, unreadable body): whether CCBill acted is unknown. */
export class CcbillUnavailable extends Error {
  constructor(
    readonly kind: 'timeout' | 'network' | 'http' | 'malformed',
    detail: string,
  ) {
    super(`CCBill unavailable (${kind}): ${detail}`)
    this.name = 'CcbillUnavailable'
  }
}

export interface AccessToken {
  token: string
  /** Epoch ms. */
  expiresAt: number
}

/** What a charge answered. Ids stay strings. */
export interface ChargeAnswer {
  approved: boolean
  subscriptionId: string | null
  declineCode: string | null
  declineText: string | null
}

const digits = z.string().regex(/^\d{1,30}$/)
const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() })
const chargeSchema = z
  .object({
    approved: z.boolean(),
    subscriptionId: digits.nullable(),
    declineCode: z.union([z.number().int(), z.string()]).nullable().optional(),
    declineText: z.string().nullable().optional(),
  })
  .refine((answer) => !answer.approved || answer.subscriptionId !== null, 'an approval carries a subscriptionId')
const chargesSchema = z.array(z.object({ subscriptionId: digits }))
const errorSchema = z.object({
  errorCode: z.union([z.number(), z.string()]).optional(),
  generalMessage: z.string().optional(),
  // `field` is null in some of CCBill's errors ("Unsupported characters", "Customer and Payment Information required…").
  errors: z
    .array(z.object({ field: z.string().nullable().optional(), message: z.string().nullable().optional() }))
    .nullable()
    .optional(),
})

export interface CcbillClientOptions {
  config: Pick<
    CcbillConfig,
    'accnum' | 'subacc' | 'subacc3ds' | 'frontendAppId' | 'frontendSecret' | 'backendAppId' | 'backendSecret' | 'baseUrl'
  >
  fetch: typeof fetch
  clock: () => number
  timeoutMs: number
}

export function createCcbillClient(options: CcbillClientOptions) {
  const { config, clock, timeoutMs } = options

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await options.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new CcbillUnavailable(timedOut ? 'timeout' : 'network', error instanceof Error ? error.message : String(error))
    }
  }

  async function readJson(response: Response): Promise<unknown> {
    const text = await response.text().catch(() => {
      throw new CcbillUnavailable('network', 'the answer was cut off')
    })
    try {
      return JSON.parse(text)
    } catch {
      throw new CcbillUnavailable('malformed', `HTTP ${response.status} with a body that is not JSON`)
    }
  }

  async function refusal(response: Response): Promise<CcbillRefused> {
    const body = errorSchema.safeParse(await readJson(response).catch(() => ({})))
    const data = body.success ? body.data : {}
    const code = data.errorCode === undefined ? null : Number(data.errorCode)
    return new CcbillRefused(
      response.status,
      Number.isFinite(code) ? code : null,
      data.generalMessage ?? `HTTP ${response.status}`,
      (data.errors ?? []).map((e) => ({ field: e.field ?? '', message: e.message ?? '' })),
    )
  }

  /** One OAuth token per credential pair, reused while valid; concurrent callers share one mint. */
  function tokenCache(appId: string, secret: string) {
    let current: AccessToken | null = null
    let minting: Promise<AccessToken> | null = null

    async function mint(): Promise<AccessToken> {
      const response = await send(`${config.baseUrl}/ccbill-auth/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${btoa(`${appId}:${secret}`)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
      })
      if (response.status >= 500) throw new CcbillUnavailable('http', `OAuth HTTP ${response.status}`)
      if (!response.ok) throw await refusal(response)
      const parsed = tokenSchema.safeParse(await readJson(response))
      if (!parsed.success) throw new CcbillUnavailable('malformed', 'the OAuth answer has no access_token/expires_in')
      return { token: parsed.data.access_token, expiresAt: clock() + parsed.data.expires_in * 1000 }
    }

    return {
      async get(): Promise<AccessToken> {
        if (current && current.expiresAt - clock() > TOKEN_REFRESH_MARGIN_MS) return current
        minting ??= mint()
          .then((token) => (current = token))
          .finally(() => (minting = null))
        return minting
      },
      /** Drops a token CCBill no longer takes (a 401), unless a newer one replaced it meanwhile. */
      forget(token: string) {
        if (current?.token === token) current = null
      },
    }
  }

  const frontend = tokenCache(config.frontendAppId, config.frontendSecret)
  const backend = tokenCache(config.backendAppId, config.backendSecret)

  /** A backend call; a 401 (token revoked or lapsed early) is retried once with a fresh token: a 401 did nothing. */
  async function backendCall(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const { token } = await backend.get()
      const response = await send(`${config.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: CCBILL_V2,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel()
        backend.forget(token)
        continue
      }
      if (response.status >= 500) {
        await response.body?.cancel()
        throw new CcbillUnavailable('http', `HTTP ${response.status}`)
      }
      if (!response.ok) throw await refusal(response)
      return response
    }
  }

  return {
    /** The frontend bearer token for the browser's Advanced Widget (cached while valid). */
    frontendToken: () => frontend.get(),

    /** Charges a payment token (`/threeds/` endpoint when `threeds`). Declines are answers, not errors. */
    async charge(paymentTokenId: string, body: Record<string, unknown>, threeds: boolean): Promise<ChargeAnswer> {
      const path = `/transactions/payment-tokens/${threeds ? 'threeds/' : ''}${encodeURIComponent(paymentTokenId)}`
      const parsed = chargeSchema.safeParse(await readJson(await backendCall('POST', path, body)))
      if (!parsed.success) throw new CcbillUnavailable('malformed', 'the charge answer is not the shape CCBill sends')
      const answer = parsed.data
      return {
        approved: answer.approved,
        subscriptionId: answer.approved ? answer.subscriptionId : null,
        declineCode: answer.declineCode === null || answer.declineCode === undefined ? null : String(answer.declineCode),
        declineText: answer.declineText ?? null,
      }
    },

    /** The subscription ids of the token's approved charges (CCBill's "view charges"), on the sub-account it was charged on. */
    async charges(paymentTokenId: string, threeds: boolean): Promise<string[]> {
      const subacc = threeds ? config.subacc3ds : config.subacc
      const query = new URLSearchParams({ clientAccnum: config.accnum, clientSubacc: String(Number(subacc)) })
      const response = await backendCall('GET', `/transactions/payment-tokens/${encodeURIComponent(paymentTokenId)}?${query}`)
      const parsed = chargesSchema.safeParse(await readJson(response))
      if (!parsed.success) throw new CcbillUnavailable('malformed', 'the charges answer is not the shape CCBill sends')
      return parsed.data.map((charge) => charge.subscriptionId)
    },
  }
}

export type CcbillClient = ReturnType<typeof createCcbillClient>
