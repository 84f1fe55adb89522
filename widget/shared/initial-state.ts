import type { InitialState } from './types.js'

/**
 * What the element may draw from the page's `initial-state` before the server has answered: the
 * state's payload (`<payload>.<signature>`, base64url JSON), if it shows an open checkout that has
 * not expired by this device's clock. The element cannot check the signature (the server holds the
 * key), so nothing else is drawn from it (a paid or failed status waits for the server's word), no
 * event is fired and no action is taken on it; the server's answer, asked for at once, replaces it.
 */
export function readInitialState(token: string | undefined, now = Date.now()): InitialState | undefined {
  if (!token) return undefined
  try {
    const base64 = token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')
    const state = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))) as InitialState
    return state.checkout.status === 'open' && Date.parse(state.checkout.expires_at) > now ? state : undefined
  } catch {
    // Not a state at all: the element asks the server, as without one.
    return undefined
  }
}
