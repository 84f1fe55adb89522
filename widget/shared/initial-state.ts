import type { InitialState } from './types.js'

/**
 * What the element may draw from the page's `initial-state` before the server has answered: the
 * state's payload (`<payload>.<signature>`, base64url JSON), if it shows an open checkout that has
 * not expired by this device's clock. The element cannot check the signature (the server holds the
 * key), so nothing else is drawn from it (a paid or failed status waits for the server's word), no
 * event is fired and no action is taken on it; the server's answer, asked for at once, replaces it.
 */
export function readInitialState(token: string | undefined): InitialState | undefined {
  if (!token) return undefined
  try {
    // The server writes the JSON in ASCII (\u escapes), so no UTF-8 decoding is needed.
    const state = JSON.parse(atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as InitialState
    return state.checkout.status === 'open' && Date.parse(state.checkout.expires_at) > Date.now() ? state : undefined
  } catch {
    // Not a state at all: the element asks the server, as without one.
    return undefined
  }
}
