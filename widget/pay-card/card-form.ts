import { isCompleteStatus, type CheckoutStatus } from '../shared/types.js'
import type { CardApi } from './card-api.js'
import { brandOf, formatCardNumber, formatExpiry, latinName, parseExpiry, splitName } from './card-input.js'
import type { CardPayment, PaymentOutcome } from './card-payment.js'
import { invalidFields, type CardResultStrings } from './card-result.js'
import type { CardField } from './i18n.js'

export { renderReceipt, resultStrings, styles } from './card-result.js'

/**
 * What `<pay-card>` does once the payer acts: formats the fields as they are typed, checks them on
 * submit, runs the payment (card-payment.ts, loaded when the payer starts on the form) and shows
 * how it ended. Loaded on demand with the words and views that follow (card-result.ts): fetched
 * once the form is on screen, so the first load carries only what draws the form.
 */

export type Phase = 'paying' | 'challenge' | 'checking'

/** The element's interaction state and form, as this module reads and moves them. */
export interface CardFormHost {
  phase?: Phase | undefined
  fieldErrors: Partial<Record<CardField, string>>
  notice?: { text: string; detail?: string | undefined } | undefined
  brand?: string | undefined
  country?: string | undefined
  /** The checkout this page's approved charge paid, and the card's last four digits for the receipt. */
  approved?: { secret: string; last4: string } | undefined
  /** What CCBill reads, while it is this element's turn; undefined otherwise. */
  ccbillFields?: Record<string, string> | undefined
  readonly uid: string
  readonly updateComplete: Promise<boolean>
  readonly renderRoot: HTMLElement | DocumentFragment
  input(field: CardField | '3ds'): HTMLInputElement
}

/** What a payment needs from the element besides its form. */
export interface SubmitContext {
  card: CardApi | undefined
  server: string
  secret: string
  signal: AbortSignal
  status: () => CheckoutStatus
  /** The words shown after the payer acts. */
  strings: CardResultStrings
}

const payments = new WeakMap<CardFormHost, Promise<CardPayment>>()

/** The payment itself, fetched when the payer starts on the form (it is not needed to draw it), once per element. */
export function preparePayment(host: CardFormHost): Promise<CardPayment> {
  let payment = payments.get(host)
  if (!payment) {
    payment = import('./card-payment.js').then(
      ({ CardPayment }) => new CardPayment(),
      (error: unknown) => {
        // Offline for a moment: the next attempt fetches it again.
        payments.delete(host)
        throw error
      },
    )
    payments.set(host, payment)
  }
  return payment
}

/** Formats as the payer types (spaced card number, "MM / YY", digits-only code) and clears the field's error. */
export function formatInput(host: CardFormHost, input: HTMLInputElement): void {
  const field = input.id.slice(host.uid.length + 1) as CardField
  if (field === 'number') {
    // Keep the caret after the same digit while spaces come and go.
    const digitsBefore = input.value.slice(0, input.selectionStart ?? input.value.length).replace(/\D/g, '').length
    input.value = formatCardNumber(input.value)
    let caret = 0
    for (let seen = 0; seen < digitsBefore && caret < input.value.length; caret++) if (input.value[caret] !== ' ') seen++
    input.setSelectionRange(caret, caret)
    host.brand = brandOf(input.value.replace(/\D/g, ''))
  }
  if (field === 'expiry') input.value = formatExpiry(input.value)
  if (field === 'cvv') input.value = input.value.replace(/\D/g, '')
  if (field === 'country') host.country = input.value
  if (host.fieldErrors[field]) host.fieldErrors = { ...host.fieldErrors, [field]: undefined }
}

/** Checks the fields, then pays and shows how it ended. The caller has made sure nothing else is under way. */
export async function submit(host: CardFormHost, form: HTMLFormElement, context: SubmitContext): Promise<void> {
  const s = context.strings
  const value = (field: CardField) => host.input(field).value
  const digits = value('number').replace(/\D/g, '')
  const expiry = parseExpiry(value('expiry'))
  const name = value('name').trim()
  host.fieldErrors = Object.fromEntries(invalidFields(value, digits, expiry, name).map((field) => [field, s.invalid[field]]))
  if (focusFirstError(host) || !expiry) return
  host.phase = 'paying'
  try {
    const payment = await preparePayment(host)
    const outcome = await payment.pay({
      card: context.card,
      server: context.server,
      secret: context.secret,
      signal: context.signal,
      form,
      challengeId: `${host.uid}-3ds`,
      cardFields: { cardNumber: digits, ...expiry, nameOnCard: latinName(name), ...splitName(latinName(name)) },
      exposeFields: async (values) => {
        host.ccbillFields = values
        if (!values) host.phase = 'paying'
        await host.updateComplete
      },
      startChallenge: async () => {
        host.phase = 'challenge'
        await host.updateComplete
        host.input('3ds').focus()
      },
      checking: () => (host.phase = 'checking'),
      paid: () => isCompleteStatus(context.status()),
    })
    show(host, context, outcome, digits.slice(-4))
  } catch {
    // The payment code itself could not be fetched (offline for a moment).
    show(host, context, { status: 'failed', problem: 'retryable' }, '')
  } finally {
    host.phase = undefined
    host.input('3ds')?.replaceChildren()
  }
}

/** Focuses the first field the drawn form marks invalid (the form's own order), if any field has an error. */
function focusFirstError(host: CardFormHost): boolean {
  if (!Object.values(host.fieldErrors).some(Boolean)) return false
  void host.updateComplete.then(() => host.input('number').form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  return true
}

/** Shows how the payment ended. */
function show(host: CardFormHost, { strings: s, secret }: SubmitContext, outcome: PaymentOutcome, last4: string): void {
  switch (outcome.status) {
    case 'approved':
      host.approved = { secret, last4 }
      void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~="receipt"]')?.focus())
      return
    case 'declined':
      // The form stays for another card; the security code is never kept.
      host.notice = { text: s.declined[outcome.reason], detail: outcome.text ? s.bankSaid(outcome.text) : undefined }
      host.input('cvv').value = ''
      void host.updateComplete.then(() => host.input('number').focus())
      return
    case 'invalid':
      host.fieldErrors = Object.fromEntries(outcome.fields.map((field) => [field, s.invalid[field]]))
      focusFirstError(host)
      return
    case 'failed':
      host.notice = { text: { refused: s.cardRefused, retryable: s.errorRetryable, fatal: s.errorFatal }[outcome.problem] }
  }
}
