import type { CvsHostedReply, CvsHostedRequest, CvsPayment, CvsPaymentReply, CvsPaymentRequest } from '@pay-elements/contract'
import { callClientRoute, type RequestOptions } from '../shared/api.js'

export type { CvsHostedReply, CvsHostedRequest, CvsPayment, CvsPaymentRequest }

/**
 * The companion server's convenience-store routes (`/v1/client/cvs`), as `<pay-cvs>` uses them once
 * the payer acts (the code itself comes with the checkout's first screen). Loaded with the views.
 */
export interface CvsApi {
  /** Issues the code (or returns the one already issued: the server registers once per checkout). */
  createPayment(secret: string, request: CvsPaymentRequest, options: RequestOptions): Promise<CvsPayment>
  /** Asks the server to check with NICEPAY now ("I have paid"). */
  checkPayment(secret: string, options: RequestOptions): Promise<CvsPayment | null>
  /** Hosted mode: NICEPAY's payment page for this checkout (registered once), or the code once the payer has one. */
  startHosted(secret: string, request: CvsHostedRequest, options: RequestOptions): Promise<CvsHostedReply>
}

/** The client an element was given (`cvsApi`), else the built-in one for its server; loaded with the views that call it. */
export const cvsClient = (host: { readonly cvsApi?: CvsApi | undefined; readonly server: string }): CvsApi =>
  host.cvsApi ?? createCvsApi(host.server)

export function createCvsApi(server: string, fetchImpl?: typeof fetch): CvsApi {
  const call = async (path: string, secret: string, signal: AbortSignal, body?: unknown): Promise<CvsPayment | null> =>
    (await callClientRoute<CvsPaymentReply>(server, `/cvs${path}`, secret, signal, body, fetchImpl)).payment
  return {
    async createPayment(secret, request, { signal }) {
      const payment = await call('/payment', secret, signal, request)
      if (!payment) throw new Error('The server issued no payment code')
      return payment
    },
    checkPayment: (secret, { signal }) => call('/payment/check', secret, signal, {}),
    startHosted: (secret, request, { signal }) => callClientRoute(server, '/cvs/hosted', secret, signal, request, fetchImpl),
  }
}
