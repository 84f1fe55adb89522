import type { LocalizeController } from '../i18n/localize.js'
import { PayApiError, statusError } from './api.js'
import type { CheckoutStatus, ErrorBody } from './types.js'

/**
 * Why a call failed, told apart and put in the payer's words: too many requests (and when to try
 * again), a page the server does not let in, a server that cannot be reached or is in trouble, a
 * checkout that is not there any more or can no longer be paid. Loaded on demand, when something
 * has gone wrong; the element falls back to its built-in words while it arrives (or if it cannot).
 */

/**
 * The words for each kind, named by the `pay-error` code they go with: English here, the others in
 * each language's shared file (widget/i18n).
 */
export interface ErrorStrings {
  /** `wait` is already formatted, e.g. "45 seconds". */
  rate_limited: (wait: string) => string
  origin_not_allowed: string
  network_error: string
  checkout_not_found: string
  checkout_expired: string
  checkout_canceled: string
  /** A 5xx, or an answer that is not the server's JSON: trying again may pass. */
  server_error: string
  /** Anything else the server refused: it will not pass by trying again. */
  fatal: string
}

const en: ErrorStrings = {
  rate_limited: (wait) => `Too many attempts just now. Please try again in ${wait}.`,
  origin_not_allowed: 'This shop cannot reach its payment server yet. Please contact the merchant.',
  network_error: 'We could not reach the payment server. Check your connection and try again.',
  checkout_not_found: 'This checkout could not be found. Please go back to the shop and start again.',
  checkout_expired: 'This checkout has expired. Please go back to the shop and start again.',
  checkout_canceled: 'This checkout was canceled. Please go back to the shop and start again.',
  server_error: 'The payment server could not answer just now. Please try again in a moment.',
  fatal: 'This checkout cannot be shown. Please contact the merchant.',
}

/** The payer's words for `error`, in the language `localize` shows. */
export function errorText(error: PayApiError, localize: LocalizeController): string {
  const s = localize.translation.errors ?? en
  if (error.code === 'rate_limited') {
    // Without a Retry-After, a minute: the window every limit of the server counts in.
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000))
    return s.rate_limited(
      new Intl.NumberFormat(localize.intlLocale(), { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(seconds),
    )
  }
  // A code with words of its own has them under its name.
  const own = (s as unknown as Partial<Record<string, unknown>>)[error.code]
  return typeof own === 'string' ? own : error.retryable ? s.server_error : s.fatal
}

/**
 * Tells the kinds apart where the answer alone cannot: a call the browser blocked (no answer at all)
 * is asked about again with a simple request that needs no preflight (`GET /v1/client/origin`,
 * readable from any page): if the server answers that this page's origin is not allowed, that is
 * the cause, and the developer is told which setting to change. A refusal of a checkout that is no
 * longer payable is named by the status the element knows.
 */
export async function diagnose(error: PayApiError, server: string, status: CheckoutStatus | undefined): Promise<PayApiError> {
  const named = (code: string) => new PayApiError({ ...error, message: error.message, code })
  // The server's word for a client secret that names no checkout, in the payer's terms.
  if (error.code === 'invalid_client_secret') return named('checkout_not_found')
  // Not payable because it has ended (a 409, so not retryable either way).
  if (error.code === 'checkout_not_payable' && (status === 'expired' || status === 'canceled')) return named(`checkout_${status}`)
  if (error.code !== 'network_error' || !server) return error
  const base = server.replace(/\/+$/, '')
  try {
    const response = await fetch(`${base}/v1/client/origin`, { cache: 'no-store', signal: AbortSignal.timeout(5000) })
    const { allowed, origin } = (await response.json()) as { allowed?: boolean; origin?: string | null }
    if (allowed !== false) return error
    const message = `This page's origin (${origin ?? location.origin}) may not call ${base}: add it to PAY_ALLOWED_ORIGINS on the server.`
    console.error(`pay-elements: ${message}`)
    return new PayApiError({ status: 0, code: 'origin_not_allowed', message, retryable: false })
  } catch {
    // No answer to this either: the server is out of reach (or the network is).
    return error
  }
}

/** The server's account of a failed call (`{ error: { code, message, field } }`, `Retry-After`) as a PayApiError. */
export async function errorFromResponse(response: Response): Promise<PayApiError> {
  const known = statusError(response.status)
  // Not our JSON (a proxy's HTML error page, say): the status, in generic words.
  const error = ((await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined)?.error
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  return new PayApiError({
    ...known,
    code: text(error?.code) ?? known.code,
    message: text(error?.message) ?? known.message,
    field: text(error?.field),
    retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
  })
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
