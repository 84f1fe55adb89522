import { css, html } from 'lit'
import { CVS_CHECKOUT_EXPIRING, normalizeIndonesianPhone, type CvsStore } from '@pay-elements/contract'
import { LocaleStrings, type LocalizeController } from '../i18n/localize.js'
import { PayApiError } from '../shared/api.js'
import type { CvsApi, CvsPayment } from './cvs-api.js'

/**
 * What `<pay-cvs>` does and says once the payer acts: writes the phone number in its national form
 * when they leave the field, checks the details on submit and asks the server for the code, showing
 * what to fix under the field it concerns, or why no code could be issued (or checked) above the
 * form or code; with those words. Loaded on demand (fetched once the form is on screen), so the
 * first load carries only what draws the form.
 */

export type CvsField = 'store' | 'name' | 'phone' | 'email'

/** The payer's details as typed. */
export type PayerDetails = Record<Exclude<CvsField, 'store'>, string>

/** What the payer is told once they have acted. */
export interface CvsActionStrings {
  /** Under a field that is wrong, or that the server refused. */
  invalid: Record<CvsField, string>
  nameRequired: string
  /** Why no code was issued (or checked): trying again may help, or it cannot. */
  errorRetryable: string
  errorFatal: string
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
  expiring: 'This order ends in a moment, too soon to be paid at a store. Ask the merchant for a new order, or pay another way.',
}

const actionStrings = new LocaleStrings<CvsActionStrings>(en, {
  id: () => import('./actions-i18n-id.js'),
  'zh-CN': () => import('./actions-i18n-zh-CN.js'),
})

/** The element's form state, as this module reads and moves it. */
export interface CvsFormHost {
  store?: CvsStore | undefined
  payer: PayerDetails
  fieldErrors: Partial<Record<CvsField, string>>
  busy: boolean
  actionError?: PayApiError | undefined
  /** undefined: not asked yet; null: no code issued. */
  payment?: CvsPayment | null | undefined
  readonly cvs: CvsApi
  /** The checkout's secret (once known) and the signal that ends with the element's life on the page. */
  readonly session: { secret?: string | undefined; signal: AbortSignal }
  readonly updateComplete: Promise<boolean>
  readonly renderRoot: HTMLElement | DocumentFragment
}

/** The form's fields in order, for moving focus to the first one in error. */
const FIELDS: CvsField[] = ['store', 'name', 'phone', 'email']

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The actions, once their words in the language shown have arrived (`localize` fetches them again when the page's language changes). */
export async function loadActions(localize: LocalizeController) {
  const text = localize.use(actionStrings)
  await actionStrings.load(localize.code())
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
    renderActionError: (error: PayApiError) =>
      html`<div part="action-error" class="action-error" role="alert" tabindex="-1">
        <p>${error.code === CVS_CHECKOUT_EXPIRING ? text().expiring : error.retryable ? text().errorRetryable : text().errorFatal}</p>
      </div>`,
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
  host.busy = true
  host.actionError = undefined
  try {
    host.payment = await host.cvs.createPayment(
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

function validate({ store, payer }: CvsFormHost, s: CvsActionStrings): Partial<Record<CvsField, string>> {
  const errors: Partial<Record<CvsField, string>> = {}
  if (!store) errors.store = s.invalid.store
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
