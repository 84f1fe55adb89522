import type { CardChargeReply, CvsPaymentReply, DepositView, PaymentMethod } from '@pay-elements/contract'
import { callClientRoute } from '../shared/api.js'

/** A coin's estimate for this checkout, from the crypto options route (one amount per coin, whatever the network). */
export interface CoinEstimate {
  symbol: string
  amount: string
}

/**
 * The routes `<pay-checkout>` reads besides the checkout: the crypto estimate, and whether each
 * method has started a payment (the same reads each element makes for its own payment).
 */
export function createCheckoutApi(server: string) {
  const get = <T>(path: string, secret: string, signal: AbortSignal) => callClientRoute<T>(server, path, secret, signal)
  const started: Record<PaymentMethod, (secret: string, signal: AbortSignal) => Promise<boolean>> = {
    crypto: async (secret, signal) => (await get<DepositView | null>('/crypto/deposit', secret, signal)) !== null,
    card: async (secret, signal) => (await get<CardChargeReply>('/card/charge', secret, signal)).charge !== null,
    cvs: async (secret, signal) => (await get<CvsPaymentReply>('/cvs/payment', secret, signal)).payment !== null,
  }
  return {
    async estimate(secret: string, signal: AbortSignal): Promise<CoinEstimate[]> {
      const { coins } = await get<{ coins: { symbol: string; networks: { amount: string }[] }[] }>('/crypto/options', secret, signal)
      return coins.flatMap(({ symbol, networks: [first] }) => (first ? [{ symbol, amount: first.amount }] : []))
    },
    /** The method among `methods` with a payment at its provider, if any. */
    async startedMethod(methods: PaymentMethod[], secret: string, signal: AbortSignal): Promise<PaymentMethod | undefined> {
      const found = await Promise.all(methods.map((method) => started[method](secret, signal)))
      return methods[found.indexOf(true)]
    },
  }
}

export type CheckoutApi = ReturnType<typeof createCheckoutApi>
