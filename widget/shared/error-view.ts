import type { LocaleCode } from '../i18n/translation.js'
import { PayApiError } from './api.js'
import type { CheckoutStatus } from './types.js'

/**
 * Why a call failed, told apart and put in the payer's words: too many requests (and when to try
 * again), a page the server does not let in, a server that cannot be reached or is in trouble, a
 * checkout that is not there any more or can no longer be paid. Loaded on demand, when something
 * has gone wrong; the element falls back to its built-in words while it arrives (or if it cannot).
 */

interface ErrorStrings {
  /** `wait` is already formatted, e.g. "45 seconds". */
  rateLimited: (wait: string) => string
  rateLimitedSoon: string
  originNotAllowed: string
  unreachable: string
  serverError: string
  notFound: string
  expired: string
  canceled: string
}

const STRINGS: Record<LocaleCode, ErrorStrings> = {
  en: {
    rateLimited: (wait) => `Too many attempts just now. Please try again in ${wait}.`,
    rateLimitedSoon: 'Too many attempts just now. Please try again in a minute.',
    originNotAllowed: 'This shop cannot reach its payment server yet. Please contact the merchant; nothing was charged.',
    unreachable: 'We could not reach the payment server. Check your connection and try again.',
    serverError: 'The payment server could not answer just now. Please try again in a moment.',
    notFound: 'This checkout could not be found. Please go back to the shop and start again.',
    expired: 'This checkout has expired. Please go back to the shop and start again.',
    canceled: 'This checkout was canceled. Please go back to the shop and start again.',
  },
  id: {
    rateLimited: (wait) => `Terlalu banyak percobaan. Silakan coba lagi dalam ${wait}.`,
    rateLimitedSoon: 'Terlalu banyak percobaan. Silakan coba lagi dalam satu menit.',
    originNotAllowed: 'Toko ini belum dapat terhubung ke server pembayarannya. Silakan hubungi penjual; tidak ada dana yang ditagih.',
    unreachable: 'Server pembayaran tidak dapat dihubungi. Periksa koneksi Anda, lalu coba lagi.',
    serverError: 'Server pembayaran belum dapat menjawab. Silakan coba lagi sebentar lagi.',
    notFound: 'Pembayaran ini tidak ditemukan. Silakan kembali ke toko dan mulai lagi.',
    expired: 'Batas waktu pembayaran ini sudah habis. Silakan kembali ke toko dan mulai lagi.',
    canceled: 'Pembayaran ini telah dibatalkan. Silakan kembali ke toko dan mulai lagi.',
  },
  'zh-CN': {
    rateLimited: (wait) => `尝试次数过多。请在${wait}后重试。`,
    rateLimitedSoon: '尝试次数过多。请一分钟后重试。',
    originNotAllowed: '此商店暂时无法连接其支付服务器。请联系商家；未产生任何扣款。',
    unreachable: '无法连接支付服务器。请检查网络连接后重试。',
    serverError: '支付服务器暂时无法响应。请稍后重试。',
    notFound: '找不到此付款。请返回商店重新开始。',
    expired: '此付款已过期。请返回商店重新开始。',
    canceled: '此付款已取消。请返回商店重新开始。',
  },
}

/** The payer's words for `error`, in `locale` (`numbers`: the Intl locale of the number in a wait). */
export function errorText(error: PayApiError, locale: LocaleCode, numbers: string): string {
  const s = STRINGS[locale]
  switch (error.code) {
    case 'rate_limited': {
      const seconds = error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000))
      if (seconds === undefined) return s.rateLimitedSoon
      return s.rateLimited(new Intl.NumberFormat(numbers, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(seconds))
    }
    case 'origin_not_allowed':
      return s.originNotAllowed
    case 'network_error':
      return s.unreachable
    case 'checkout_not_found':
      return s.notFound
    case 'checkout_expired':
      return s.expired
    case 'checkout_canceled':
      return s.canceled
  }
  return error.status >= 500 || error.code === 'invalid_response' ? s.serverError : ''
}

/**
 * Tells the kinds apart where the answer alone cannot: a call the browser blocked (no answer at all)
 * is asked about again with a simple request that needs no preflight (`GET /v1/client/origin`,
 * readable from any page): if the server answers that this page's origin is not allowed, that is
 * the cause, and the developer is told which setting to change. A refusal of a checkout that is no
 * longer payable is named by the status the element knows.
 */
export async function diagnose(error: PayApiError, server: string, status: CheckoutStatus | undefined): Promise<PayApiError> {
  // The server's word for a client secret that names no checkout, in the payer's terms.
  if (error.code === 'invalid_client_secret') return new PayApiError({ ...error, message: error.message, code: 'checkout_not_found' })
  if (error.code === 'checkout_not_payable' && (status === 'expired' || status === 'canceled')) {
    return new PayApiError({ ...error, message: error.message, code: `checkout_${status}`, retryable: false })
  }
  if (error.code !== 'network_error' || !server) return error
  const base = server.replace(/\/+$/, '')
  try {
    const response = await fetch(`${base}/v1/client/origin`, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(5000) })
    const { allowed, origin } = (await response.json()) as { allowed?: boolean; origin?: string | null }
    if (allowed !== false) return error
    const message = `The payment server at ${base} does not accept calls from this page's origin (${origin ?? location.origin}): add it to PAY_ALLOWED_ORIGINS in the server's configuration.`
    console.error(`pay-elements: ${message}`)
    return new PayApiError({ status: 0, code: 'origin_not_allowed', message, retryable: false })
  } catch {
    // No answer to this either: the server is out of reach (or the network is).
    return error
  }
}
