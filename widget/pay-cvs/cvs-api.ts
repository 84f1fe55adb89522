import type { CvsHostedReply, CvsHostedRequest, CvsPayment, CvsPaymentReply, CvsPaymentRequest } from '@pay-elements/contract'
import { callClientRoute, type RequestOptions } from '../shared/api.js'

export type { CvsHostedReply, CvsHostedRequest, CvsPayment, CvsPaymentRequest }

/** The companion server's convenience-store routes (`/v1/client/cvs`), as `<pay-cvs>` uses them. */
export interface CvsApi {
  /** The code issued for this checkout, or null before one is. */
  payment(secret: string, options: RequestOptions): Promise<CvsPayment | null>
  /** Issues the code (or returns the one already issued: the server registers once per checkout). */
  createPayment(secret: string, request: CvsPaymentRequest, options: RequestOptions): Promise<CvsPayment>
  /** Asks the server to check with NICEPAY now ("I have paid"). */
  checkPayment(secret: string, options: RequestOptions): Promise<CvsPayment | null>
  /**
   * Hosted mode: NICEPAY's payment page for this checkout (registered once), or the code once the
   * payer has one. `createCvsApi` leaves it out: hosted mode's own code (cvs-actions.ts) calls the
   * route, which keeps it off the first load; a client given to the element may bring its own.
   */
  startHosted?(secret: string, request: CvsHostedRequest, options: RequestOptions): Promise<CvsHostedReply>
}

export function createCvsApi(server: string, fetchImpl?: typeof fetch): CvsApi {
  const call = async (path: string, secret: string, signal: AbortSignal, body?: unknown): Promise<CvsPayment | null> =>
    (await callClientRoute<CvsPaymentReply>(server, `/cvs${path}`, secret, signal, body, fetchImpl)).payment
  return {
    payment: (secret, { signal }) => call('/payment', secret, signal),
    async createPayment(secret, request, { signal }) {
      const payment = await call('/payment', secret, signal, request)
      if (!payment) throw new Error('The server issued no payment code')
      return payment
    },
    checkPayment: (secret, { signal }) => call('/payment/check', secret, signal, {}),
  }
}
