import { css, html, nothing } from 'lit'
import { CVS_CHECKOUT_EXPIRING, normalizeIndonesianPhone, type CvsStore } from '@pay-elements/contract'
import type { LocalizeController } from '../i18n/localize.js'
import { PayApiError } from '../shared/api.js'
import { cvsClient, type CvsApi, type CvsPayment } from './cvs-api.js'
import { cvsStrings } from './i18n.js'

/**
 * What `<pay-cvs>` does and says once the payer acts: writes the phone number in its national form
 * when they leave the field, checks the details on submit and asks the server for the code, showing
 * what to fix under the field it concerns, or why no code could be issued (or checked) above the
 * form or code; with those words. In hosted mode it sends the payer to NICEPAY's payment page (this
 * tab; a popup for a catalog checkout or from inside a frame) and, until the payer has a code there, shows the way back
 * to it and asks the server for the code whenever the payer returns. Loaded on demand (fetched once the form is on screen), so the
 * first load carries only what draws the form.
 */

export type CvsField = 'store' | 'name' | 'phone' | 'email'

/** The payer's details as typed. */
export type PayerDetails = Record<Exclude<CvsField, 'store'>, string>

/** What the payer is told once they have acted (English here, the others in the element's language files). */
export interface CvsActionStrings {
  /** Under a field that is wrong, or that the server refused. */
  invalid: Record<CvsField, string>
  nameRequired: string
  /** Why no code was issued (or checked): trying again may help, or it cannot. */
  errorRetryable: string
  errorFatal: string
  /** Hosted mode, registered at NICEPAY but no store picked yet. */
  hostedWaiting: string
  hostedContinue: string
  /** The checkout ends too soon for a code (`checkout_expiring`): the form is gone, nothing to retry. */
  expiring: string
}

const en: CvsActionStrings = {
  invalid: {
    store: 'Choose Indomaret or Alfamart.',
    name: 'Enter your name in letters.',
    phone: 'Enter an Indonesian phone number, such as 0812 3456 7890.',
    email: 'Enter an email address such as nama@contoh.co.id (at most 40 characters).',
  },
  nameRequired: 'Enter your name.',
  errorRetryable: 'We could not get a payment code just now. Please try again.',
  errorFatal: 'A payment code cannot be issued for this order. Please contact the merchant.',
  hostedWaiting: 'Pick Indomaret or Alfamart on NICEPAY’s secure page to get your payment code. It shows here as soon as you have it.',
  hostedContinue: 'Continue at NICEPAY',
  expiring: 'This order ends in a moment, too soon to be paid at a store. Ask the merchant for a new order, or pay another way.',
}

/** The element's form state, as this module reads and moves it. */
export interface CvsFormHost {
  readonly mode?: 'native' | 'hosted' | undefined
  readonly returnUrl?: string | undefined
  readonly server: string
  /** Empty for a catalog checkout (`product`), which a page cannot come back to. */
  readonly clientSecret: string
  store?: CvsStore | undefined
  payer: PayerDetails
  fieldErrors: Partial<Record<CvsField, string>>
  busy: boolean
  actionError?: PayApiError | undefined
  /** undefined: not asked yet; null: no code issued. */
  payment?: CvsPayment | null | undefined
  readonly cvsApi?: CvsApi | undefined
  /** The checkout's secret (once known) and the signal that ends with the element's life on the page. */
  readonly session: { secret?: string | undefined; signal: AbortSignal }
  readonly updateComplete: Promise<boolean>
  readonly renderRoot: HTMLElement | DocumentFragment
}

/** The form's fields in order, for moving focus to the first one in error. */
const FIELDS: CvsField[] = ['store', 'name', 'phone', 'email']

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The actions, with their words in the language `localize` shows (its file came before the element's first render in it). */
export function loadActions(localize: LocalizeController) {
  const text = () => cvsStrings.get(localize.code())?.actions ?? en
  return {
    styles,
    /** Rewrites a valid phone number in the national form NICEPAY takes ("+62 812-…" → "0812…"). */
    tidyPhone(host: CvsFormHost): void {
      const normalized = normalizeIndonesianPhone(host.payer.phone)
      if (normalized) host.payer = { ...host.payer, phone: normalized }
    },
    /** Checks the details, then asks for the code. The caller has made sure the secret is known and nothing else is under way. */
    submit: (host: CvsFormHost) => submit(host, text()),
    /** Whether the error leaves nothing for the form to do (the checkout ends too soon for a code). */
    endsForm: (error: PayApiError) => error.code === CVS_CHECKOUT_EXPIRING,
    /** Why the code could not be issued (or checked). */
    renderActionError: (error: PayApiError) => renderActionError(error, text()),
    /** Hosted mode before the payer has a code: the way back to NICEPAY's page. */
    renderHosted: (host: CvsFormHost) => renderHosted(host, text()),
  }
}

const renderActionError = (error: PayApiError, s: CvsActionStrings) =>
  html`<div part="action-error" class="action-error" role="alert" tabindex="-1">
    <p>${error.code === CVS_CHECKOUT_EXPIRING ? s.expiring : error.retryable ? s.errorRetryable : s.errorFatal}</p>
  </div>`

/** How often the waiting view asks for the code while the payer is at NICEPAY's page (the server asks NICEPAY at most every 2 s). */
const LOOK_EVERY_MS = 5000

/** Signals of the element lifetimes in which the waiting view already listens for the payer's return. */
const watching = new WeakSet<AbortSignal>()
/** ...and of those in which the server said there is nothing to look for (the checkout is pending at another provider). */
const nothingToFind = new WeakSet<AbortSignal>()

function renderHosted(host: CvsFormHost, s: CvsActionStrings) {
  const { signal } = host.session
  if (!watching.has(signal)) {
    // The payer is at NICEPAY's page, or back from it (this tab reloaded, their popup's window left;
    // a popup on a page with a Cross-Origin-Opener-Policy cannot even be watched): look for the code
    // now, whenever they return to this window, and every few seconds while it is shown.
    watching.add(signal)
    const look = () => nothingToFind.has(signal) || void lookForCode(host)
    look()
    addEventListener('focus', look, { signal })
    const timer = setInterval(
      () => (host.payment || signal.aborted || nothingToFind.has(signal) ? clearInterval(timer) : document.hidden || look()),
      LOOK_EVERY_MS,
    )
  }
  return html`${host.actionError ? renderActionError(host.actionError, s) : nothing}
    <div part="hosted" class="hosted">
      <p>${s.hostedWaiting}</p>
      <button part="hosted-button" class="primary" type="button" ?disabled=${host.busy} @click=${() => void goToNicepay(host, s)}>
        ${s.hostedContinue}
      </button>
    </div>`
}

/** Asks the server to look the code up at NICEPAY (it does so at most every few seconds). */
async function lookForCode(host: CvsFormHost) {
  const { secret, signal } = host.session
  if (!secret || host.payment) return
  try {
    const payment = await cvsClient(host).checkPayment(secret, { signal })
    if (!payment) return
    const hadFocus = !!(host.renderRoot as ShadowRoot).activeElement
    host.payment = payment
    if (hadFocus) void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~="copy-button"]')?.focus())
  } catch (error) {
    // No NICEPAY payment at all: stop asking. Otherwise the way to NICEPAY's page stays, and the next return asks again.
    if (PayApiError.from(error).status === 404) nothingToFind.add(signal)
  }
}

/**
 * Registers (once, on the server) and sends the payer to NICEPAY's page: in this tab, coming back
 * to `return-url`; in a popup for a catalog checkout (the page could not find it again) or from
 * inside a frame (NICEPAY's page refuses frames), opened in the click's own task so no blocker
 * stops it; the waiting view then looks for the code.
 */
async function goToNicepay(host: CvsFormHost, s: CvsActionStrings, details?: PayerDetails): Promise<void> {
  const { secret, signal } = host.session
  if (!secret || host.busy) return
  const popup = host.clientSecret && window.top === window ? null : window.open('', 'nicepay', 'popup,width=480,height=720')
  host.busy = true
  host.actionError = undefined
  try {
    const reply = await cvsClient(host).startHosted(
      secret,
      { ...details, ...(popup ? {} : { return_url: host.returnUrl || location.href }) },
      { signal },
    )
    if (reply.payment || !reply.payment_url) {
      popup?.close()
      host.payment = reply.payment
      return
    }
    if (popup) {
      popup.location.href = reply.payment_url
      return
    }
    window.open(reply.payment_url, '_self')
  } catch (error) {
    popup?.close()
    if (signal.aborted) return
    const failure = PayApiError.from(error)
    const field = FIELDS.find((each) => each === failure.field)
    if (field) host.fieldErrors = { [field]: s.invalid[field] }
    else host.actionError = failure
  } finally {
    host.busy = false
  }
}

async function submit(host: CvsFormHost, s: CvsActionStrings): Promise<void> {
  const { secret, signal } = host.session
  const { name, phone, email } = host.payer
  const errors = (host.fieldErrors = validate(host, s))
  const first = FIELDS.find((field) => errors[field])
  if (first) {
    await host.updateComplete
    host.renderRoot.querySelector<HTMLInputElement>(first === 'store' ? 'input[name="store"]' : `#${first}`)?.focus()
    return
  }
  if (host.mode === 'hosted')
    return goToNicepay(host, s, { name: name.trim(), phone: normalizeIndonesianPhone(phone)!, email: email.trim() })
  host.busy = true
  host.actionError = undefined
  try {
    host.payment = await cvsClient(host).createPayment(
      secret!,
      { store: host.store!, name: name.trim(), phone: normalizeIndonesianPhone(phone)!, email: email.trim() },
      { signal },
    )
    // The form is gone; keyboard users continue at the code (once its view is drawn).
    void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~="copy-button"]')?.focus())
  } catch (error) {
    if (signal.aborted) return
    const failure = PayApiError.from(error)
    const field = FIELDS.find((each) => each === failure.field)
    if (field) host.fieldErrors = { [field]: s.invalid[field] }
    else host.actionError = failure
    // Too late for a code, the form is gone: keyboard users continue at the message that replaced it.
    if (failure.code === CVS_CHECKOUT_EXPIRING) {
      void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~="action-error"]')?.focus())
    }
  } finally {
    host.busy = false
  }
}

function validate(host: CvsFormHost, s: CvsActionStrings): Partial<Record<CvsField, string>> {
  const { store, payer } = host
  const errors: Partial<Record<CvsField, string>> = {}
  if (!store && host.mode !== 'hosted') errors.store = s.invalid.store
  const name = payer.name.trim().replace(/\s+/g, ' ')
  if (!name) errors.name = s.nameRequired
  else if (!NAME.test(name)) errors.name = s.invalid.name
  if (normalizeIndonesianPhone(payer.phone) === null) errors.phone = s.invalid.phone
  const email = payer.email.trim()
  if (!EMAIL.test(email) || email.length > 40) errors.email = s.invalid.email
  return errors
}

/** The errors this module shows. */
const styles = css`
  input[aria-invalid='true'] {
    border-color: var(--_pay-color-danger);
  }

  .field-error,
  .action-error p {
    margin: 0;
  }

  .field-error,
  .action-error {
    color: var(--_pay-color-danger);
  }
`
