import { PayApiError } from '../shared/api.js'

/**
 * CCBill's Advanced Widget (`ccbill-advanced-widget.js`) as `<pay-card>` calls it. The script is
 * always loaded from the URL the server names (CCBill's CDN, or the simulator's stand-in), never
 * bundled: serving it ourselves would take it out of CCBill's PCI scope.
 */
export interface CcbillWidget {
  /** Reads the `data-ccbill` fields; resolves to a Response, rejects with one on HTTP errors, throws `CcbillViolation[]` on bad input. */
  createPaymentToken(authToken: string, clientAccnum: number, clientSubacc: number): Promise<Response>
  /** Whether the card in the form needs 3-D Secure: a Response or data (the public record differs on the shape). */
  isScaRequired(authToken: string, clientAccnum: number, clientSubacc: number): Promise<unknown>
  /** Runs the 3-D Secure challenge in the container named `iframeId`; resolves to CCBill's `threedsInformation`. */
  authenticateCustomer(
    authToken: string,
    clientAccnum: number,
    clientSubacc: number,
    form?: HTMLFormElement,
    iframeId?: string,
    paymentTokenId?: string,
  ): Promise<unknown>
}

export interface CcbillGlobal {
  CCBillAdvancedWidget: new (applicationId: string) => CcbillWidget
}

/** One entry of the array the widget throws when a field is invalid. */
export interface CcbillViolation {
  target?: unknown
  message?: string
  propertyName?: string
}

declare global {
  interface Window {
    ccbill?: CcbillGlobal
  }
}

/** A widget that has not loaded after this long is given up on (the payer can try again). */
const LOAD_TIMEOUT_MS = 20_000

const loads = new Map<string, Promise<CcbillGlobal>>()

/**
 * The `ccbill` global, loading its script once per document: a script tag already on the page
 * (the merchant's, or another element's) is reused, and nothing is loaded when the global exists.
 */
export function loadCcbill(url: string): Promise<CcbillGlobal> {
  const ready = () => (window.ccbill?.CCBillAdvancedWidget ? window.ccbill : undefined)
  const loaded = ready()
  if (loaded) return Promise.resolve(loaded)
  let load = loads.get(url)
  if (!load) {
    load = new Promise<CcbillGlobal>((resolve, reject) => {
      const script =
        [...document.scripts].find((each) => each.src === new URL(url, document.baseURI).href) ?? document.createElement('script')
      const fail = () => {
        loads.delete(url)
        reject(new PayApiError({ status: 0, code: 'card_widget_unavailable', message: `Could not load ${url}`, retryable: true }))
      }
      const timer = setTimeout(fail, LOAD_TIMEOUT_MS)
      script.addEventListener('load', () => {
        clearTimeout(timer)
        const global = ready()
        if (global) resolve(global)
        else fail()
      })
      script.addEventListener('error', () => {
        clearTimeout(timer)
        script.remove()
        fail()
      })
      if (!script.isConnected) {
        script.src = url
        document.head.append(script)
      }
    })
    loads.set(url, load)
  }
  return load
}

/** What a widget call resolved with: the JSON of a Response, or the value itself. */
export async function widgetData(result: unknown): Promise<unknown> {
  return result instanceof Response ? result.json() : result
}

/** `isScaRequired…` answers: a bare boolean (newest reference) or `{ required }` (older one). */
export function scaRequired(data: unknown): boolean {
  return data === true || (typeof data === 'object' && data !== null && (data as { required?: unknown }).required === true)
}

let turn: Promise<unknown> = Promise.resolve()

/**
 * CCBill reads its fields across the whole document, so only one card form at a time may carry
 * `data-ccbill` attributes: elements on the same page take turns, each for its token and 3-D
 * Secure steps.
 */
export function inCcbillTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = turn.then(work)
  turn = run.catch(() => undefined)
  return run
}
