import type { CoinOption, DepositView, NetworkOption } from '@pay-elements/contract'
import { callClientRoute, type RequestOptions } from '../shared/api.js'

export type { CoinOption, DepositView, NetworkOption }

/** The companion server's crypto routes (`/v1/client/crypto`), as `<pay-crypto>` uses them. */
export interface CryptoApi {
  options(secret: string, options: RequestOptions): Promise<CoinOption[]>
  /** Starts (or returns the existing) deposit for a coin and network. */
  startDeposit(secret: string, tokenId: string, options: RequestOptions): Promise<DepositView>
  /** The hosted checkout order, created once. */
  startHosted(secret: string, returnUrl: string | undefined, options: RequestOptions): Promise<DepositView>
}

export function createCryptoApi(server: string, fetchImpl?: typeof fetch): CryptoApi {
  const call = <T>(path: string, secret: string, signal: AbortSignal, body?: unknown) =>
    callClientRoute<T>(server, `/crypto${path}`, secret, signal, body, fetchImpl)
  return {
    options: async (secret, { signal }) => (await call<{ coins: CoinOption[] }>('/options', secret, signal)).coins,
    startDeposit: (secret, tokenId, { signal }) => call<DepositView>('/deposits', secret, signal, { token_id: tokenId }),
    startHosted: (secret, returnUrl, { signal }) =>
      call<DepositView>('/hosted', secret, signal, returnUrl ? { return_url: returnUrl } : {}),
  }
}
