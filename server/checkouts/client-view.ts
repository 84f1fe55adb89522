import {
  FINAL_STATUSES,
  PAYMENT_METHODS,
  type ClientCheckout,
  type ClientFirstScreens,
  type InitialState,
  type PaymentMethod,
} from '@pay-elements/contract'
import type { Config } from '../config.js'
import { constantTimeEqual, fromBase64Url, hmacSha256, toBase64Url } from '../lib/crypto.js'
import type { FirstScreenHooks, LiveHooks } from '../providers/types.js'
import { canTransition } from './state.js'
import { toClientCheckout, type CheckoutContext, type CheckoutRow } from './checkouts.js'

/**
 * The checkout as a payer's browser sees it: its view (final only once no money can arrive) and each
 * method's first screen. The browser API and the merchant's create-checkout reply (its
 * `initial_state`) both draw from here, so they cannot disagree.
 */
export function createClientView(ctx: CheckoutContext, config: Config, live: readonly LiveHooks[], screens: FirstScreenHooks) {
  /** Until when (ms) late money may still change a checkout whose status is final, or null if it cannot. */
  const lateMoneyUntil = async (row: CheckoutRow): Promise<number | null> => {
    if (!FINAL_STATUSES.includes(row.status) || !canTransition(row.status, 'paid')) return null
    let until: number | null = null
    for (const hooks of live) {
      const end = (await hooks.lateMoneyUntil?.(row)) ?? null
      if (end !== null) until = Math.max(until ?? end, end)
    }
    return until
  }

  /**
   * The checkout as the browser sees it, and whether it was ever followed past its final status.
   * A final status is final unless money can still arrive (a provider says until when): late
   * money counts, so the element keeps following until then.
   */
  const view = async (row: CheckoutRow): Promise<{ shown: ClientCheckout; late: boolean }> => {
    const until = await lateMoneyUntil(row)
    const final = FINAL_STATUSES.includes(row.status) && !(until !== null && until > ctx.clock())
    return { shown: toClientCheckout(row, config.mode, final), late: until !== null }
  }

  /**
   * The first screen of each of `methods` (all the checkout offers when undefined) that the checkout
   * offers and this server runs; with `askProvider` false, from what the server has at hand only.
   */
  const firstScreens = async (row: CheckoutRow, methods?: readonly PaymentMethod[], askProvider = true): Promise<ClientFirstScreens> => {
    const offered = JSON.parse(row.methods) as PaymentMethod[]
    const wanted = PAYMENT_METHODS.filter((method) => offered.includes(method) && (!methods || methods.includes(method)) && screens[method])
    const sections = await Promise.all(wanted.map((method) => screens[method]!(row, { askProvider })))
    return Object.fromEntries(wanted.map((method, i) => [method, sections[i]])) as ClientFirstScreens
  }

  return { view, firstScreens }
}

export type ClientView = ReturnType<typeof createClientView>

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Signs and checks `initial_state`: what the merchant's backend may put in the page so the element
 * draws at once, without asking the server first. HMAC-SHA256 under a key derived from
 * PAY_SECRET_KEY (a new secret key voids the states in circulation: the elements then simply ask).
 * The element cannot check the signature (it holds no key), so it only ever draws an open checkout
 * from it and confirms with the server right away, sending the state back: the server's answer
 * replaces it, and a state this server did not sign for that checkout is reported (`invalid`).
 */
export function createInitialStates(secretKey: string, clock: () => number) {
  let key: Promise<Uint8Array> | undefined
  const signingKey = () => (key ??= hmacSha256(encoder.encode(secretKey), 'pay-elements initial_state v1'))
  const sign = async (payload: string) => toBase64Url(await hmacSha256(await signingKey(), payload))

  return {
    async issue(screens: Omit<InitialState, 'issued_at'>): Promise<string> {
      const state: InitialState = { ...screens, issued_at: new Date(clock()).toISOString() }
      // ASCII only (\u escapes): the element decodes it with atob, without a UTF-8 decoder.
      const json = JSON.stringify(state).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      const payload = toBase64Url(encoder.encode(json))
      return `${payload}.${await sign(payload)}`
    },

    /** Whether `token` is a state this server signed for checkout `checkoutId`. */
    async verify(token: string, checkoutId: string): Promise<boolean> {
      const [payload, signature, extra] = token.split('.')
      if (!payload || !signature || extra !== undefined || !constantTimeEqual(signature, await sign(payload))) return false
      try {
        const state = JSON.parse(decoder.decode(fromBase64Url(payload))) as Partial<InitialState>
        return state.checkout?.id === checkoutId
      } catch {
        return false
      }
    },
  }
}

export type InitialStates = ReturnType<typeof createInitialStates>
