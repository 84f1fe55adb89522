import type { CardCharge, CardChargeReply, CardChargeRequest, CardSession, ThreedsResult } from '@pay-elements/contract'
import { callClientRoute, type RequestOptions } from '../shared/api.js'

export type { CardCharge, CardChargeRequest, CardSession, ThreedsResult }

/** The companion server's card routes (`/v1/client/card`), as `<pay-card>` uses them. Card data never goes here. */
export interface CardApi {
  /** A short-lived CCBill frontend token and what the Advanced Widget needs with it. */
  session(secret: string, options: RequestOptions): Promise<CardSession>
  /** Charges the payment token (once per checkout, whatever the browser does). */
  charge(secret: string, request: CardChargeRequest, options: RequestOptions): Promise<CardCharge>
  /** The latest charge attempt, or null before any. */
  latestCharge(secret: string, options: RequestOptions): Promise<CardCharge | null>
}

export function createCardApi(server: string, fetchImpl?: typeof fetch): CardApi {
  const call = <T>(path: string, secret: string, signal: AbortSignal, body?: unknown) =>
    callClientRoute<T>(server, `/card${path}`, secret, signal, body, fetchImpl)
  return {
    session: (secret, { signal }) => call<CardSession>('/session', secret, signal, {}),
    async charge(secret, request, { signal }) {
      const { charge } = await call<CardChargeReply>('/charge', secret, signal, request)
      if (!charge) throw new Error('The server reported no charge')
      return charge
    },
    latestCharge: async (secret, { signal }) => (await call<CardChargeReply>('/charge', secret, signal)).charge,
  }
}
