import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { normalizeIndonesianPhone } from '../../server/providers/nicepay/phone.js'
import { CVS_STORES, type CvsStore } from '../../server/providers/nicepay/views.js'
import { PayApiError } from '../shared/api.js'
import { definePayElement, PayElement, perServer } from '../shared/pay-element.js'
import { choiceStyles } from '../theme/choice.styles.js'
import type { ClientCheckout } from '../shared/types.js'
import { createCvsApi, type CvsApi, type CvsPayment } from './cvs-api.js'
import { cvsStrings } from './i18n.js'
import { storeMark } from './marks.js'
import { payCvsStyles } from './pay-cvs.styles.js'
import type { CvsViewStrings } from './payment-view.js'

type Field = 'store' | 'name' | 'phone' | 'email'

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * @summary Pays a checkout in cash at an Indonesian convenience store (NICEPAY).
 * @tag pay-cvs
 *
 * The payer picks Indomaret or the Alfamart group and gives name, phone and email; the server
 * registers the payment at NICEPAY and the element shows the payment code (large, grouped for
 * reading aloud, copyable), the store, the amount in rupiah, the deadline with a countdown, the
 * steps at the till in the page's language, a printable view, and the live status until it is
 * paid or expired.
 *
 * @slot header - Merchant content above the amount, e.g. a logo.
 *
 * @csspart base - The box around everything.
 * @csspart header - Holds the header slot, the description and the amount.
 * @csspart description - What is being paid for.
 * @csspart amount - The amount, formatted for the page's language.
 * @csspart status - The live status line (a polite live region).
 * @csspart countdown - Time left to pay, while the checkout is payable.
 * @csspart error - The error message of loading the checkout.
 * @csspart retry-button - Tries loading again after an error that may pass.
 * @csspart form - The store choice and the payer's details.
 * @csspart store-option - Each store choice.
 * @csspart submit-button - Asks for the payment code.
 * @csspart action-error - Why the code could not be issued (or checked).
 * @csspart payment - The issued code with its store, amount, deadline and steps.
 * @csspart store - The store's mark and name.
 * @csspart payment-code - The payment code.
 * @csspart copy-button - Copies the payment code.
 * @csspart deadline - When the code stops working (Asia/Jakarta).
 * @csspart instructions - The steps at the till.
 * @csspart print-button - Prints the code and the steps.
 * @csspart check-button - Asks the server to check with NICEPAY now.
 * @csspart result - The final paid or expired message.
 *
 * @cssproperty [--pay-cvs-code-size=2rem] - Font size of the payment code.
 * @cssproperty [--pay-color-accent=#1d4ed8] - Buttons and highlights (all `--pay-*` tokens apply).
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and is shown.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid (or overpaid); fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout failed.
 */
export class PayCvs extends PayElement {
  static override styles = [PayElement.styles, choiceStyles, payCvsStyles]

  static override properties: PropertyDeclarations = {
    cvsApi: { attribute: false },
    payment: { state: true },
    store: { state: true },
    name: { state: true },
    phone: { state: true },
    email: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
    checking: { state: true },
    actionError: { state: true },
    announcement: { state: true },
  }

  /** Client for the convenience-store routes; built from `server` when not set (tests inject a fake). */
  declare cvsApi?: CvsApi

  /** undefined: not asked yet; null: no code issued. */
  declare private payment?: CvsPayment | null
  declare private store?: CvsStore
  private name = ''
  private phone = ''
  private email = ''
  private fieldErrors: Partial<Record<Field, string>> = {}
  private busy = false
  private checking = false
  declare private actionError?: PayApiError
  private announcement = ''

  private announceTimer?: ReturnType<typeof setTimeout>
  private focusAfterIssue = false
  private readonly cvsApiFor = perServer((server) => createCvsApi(server))

  private readonly text = this.localize.use(cvsStrings)
  /** The words of the code and result views; set once their module has arrived. */
  private viewText?: () => CvsViewStrings
  /** The code and result views: on demand, since they follow the server's answer; with their strings in the language shown. */
  private readonly views = this.onDemand(() =>
    import('./payment-view.js').then(async (module) => {
      this.viewText ??= this.localize.use(module.viewStrings)
      await module.viewStrings.load(this.localize.code())
      return module
    }),
  )

  private get strings() {
    return this.text()
  }

  private get cvs(): CvsApi {
    return this.cvsApi ?? this.cvsApiFor(this.server)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.announceTimer)
  }

  // Every new version of the checkout may carry news of the code (issued elsewhere, paid, expired).
  protected override checkoutUpdated(checkout: ClientCheckout, secret: string): void {
    if (this.offersCvs(checkout)) void this.refreshPayment(secret)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    // The form is gone; keyboard users continue at the code (once its view is drawn).
    const copyButton = this.focusAfterIssue && this.renderRoot.querySelector<HTMLElement>('[part~="copy-button"]')
    if (copyButton) {
      this.focusAfterIssue = false
      copyButton.focus()
    }
  }

  private offersCvs(checkout: ClientCheckout): boolean {
    return checkout.currency === 'IDR' && checkout.methods.includes('cvs')
  }

  private async refreshPayment(secret: string) {
    try {
      const payment = await this.cvs.payment(secret, { signal: this.signal })
      // A newer answer from "create" or "check" wins over an older read that raced it.
      if (payment || this.payment === undefined) this.payment = payment
    } catch (error) {
      if (!this.signal.aborted) this.actionError = PayApiError.from(error)
    }
  }

  protected override renderPayment(checkout: ClientCheckout): unknown {
    if (!this.offersCvs(checkout)) return html`<p class="note">${this.strings.notAvailable}</p>`
    const payment = this.payment
    const live = html`<span class="visually-hidden" aria-live="polite">${this.announcement}</span>`
    const paid = checkout.status === 'paid' || checkout.status === 'overpaid'
    if (paid || checkout.status === 'expired' || payment?.status === 'expired') {
      const views = this.views()
      const result = views && this.viewText && views.renderResult(this.viewText(), this.strings.storeNames, paid, payment)
      return html`${result ?? this.renderPlaceholder()}${live}`
    }
    if (checkout.status !== 'open' && checkout.status !== 'pending') return nothing
    if (payment === undefined) return nothing
    return html`${this.actionError ? this.renderActionError() : nothing}${payment ? this.renderCode(payment) : this.renderForm()}${live}`
  }

  /** Shown for the moment an on-demand view may still be on its way. */
  private renderPlaceholder() {
    return html`<p class="note">${this.localize.term('loading')}</p>`
  }

  private renderActionError() {
    const error = this.actionError!
    return html`<div part="action-error" class="action-error" role="alert">
      <p>${error.retryable ? this.strings.errorRetryable : this.strings.errorFatal}</p>
    </div>`
  }

  private renderForm() {
    const s = this.strings
    const errors = this.fieldErrors
    const describedBy = (field: Field, ...others: string[]) =>
      ifDefined([...others, errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined)
    const fieldError = (field: Field) => (errors[field] ? html`<p id="${field}-error" class="field-error">${errors[field]}</p>` : nothing)
    return html`
      <form part="form" class="form" novalidate @submit=${this.handleSubmit}>
        <fieldset class="stores" aria-describedby=${describedBy('store')}>
          <legend>${s.chooseStore}</legend>
          ${CVS_STORES.map(
            (store) => html`
              <label part="store-option" class="choice">
                <input
                  type="radio"
                  name="store"
                  value=${store}
                  required
                  .checked=${this.store === store}
                  @change=${() => this.handleStoreChange(store)}
                />
                ${storeMark(store)}
                <span class="store-text">
                  <span class="store-name">${s.storeNames[store]}</span>
                  <span class="store-note">${s.storeNotes[store]}</span>
                </span>
              </label>
            `,
          )}
        </fieldset>
        ${fieldError('store')}

        <label class="field" for="name">${s.name}</label>
        <input
          id="name"
          name="name"
          autocomplete="name"
          maxlength="100"
          required
          .value=${this.name}
          aria-invalid=${errors.name ? 'true' : 'false'}
          aria-describedby=${describedBy('name')}
          @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
        />
        ${fieldError('name')}

        <label class="field" for="phone">${s.phone}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          maxlength="30"
          required
          .value=${this.phone}
          aria-invalid=${errors.phone ? 'true' : 'false'}
          aria-describedby=${describedBy('phone', 'phone-hint')}
          @input=${(e: Event) => (this.phone = (e.target as HTMLInputElement).value)}
          @blur=${this.handlePhoneBlur}
        />
        <p id="phone-hint" class="hint">${s.phoneHint}</p>
        ${fieldError('phone')}

        <label class="field" for="email">${s.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          maxlength="40"
          required
          .value=${this.email}
          aria-invalid=${errors.email ? 'true' : 'false'}
          aria-describedby=${describedBy('email')}
          @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}
        />
        ${fieldError('email')}

        <button part="submit-button" class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? s.submitting : s.submit}</button>
      </form>
    `
  }

  private renderCode(payment: CvsPayment) {
    const views = this.views()
    if (!views || !this.viewText) return this.renderPlaceholder()
    return views.renderCode({
      strings: this.viewText(),
      storeName: this.strings.storeNames[payment.store],
      payment,
      amount: this.localize.formatMoney(payment.amount, payment.currency),
      deadline: this.formatDeadline(payment.expires_at),
      checking: this.checking,
      onCopy: () => void this.handleCopyClick(),
      onPrint: () => window.print(),
      onCheck: () => void this.handleCheckClick(),
    })
  }

  private formatDeadline(iso: string): string {
    try {
      return new Intl.DateTimeFormat(this.localize.code(), {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Asia/Jakarta',
        timeZoneName: 'short',
      }).format(new Date(iso))
    } catch {
      return iso
    }
  }

  private validate(): Partial<Record<Field, string>> {
    const s = this.strings
    const errors: Partial<Record<Field, string>> = {}
    if (!this.store) errors.store = s.storeRequired
    const name = this.name.trim().replace(/\s+/g, ' ')
    if (!name) errors.name = s.nameRequired
    else if (!NAME.test(name)) errors.name = s.nameInvalid
    if (normalizeIndonesianPhone(this.phone) === null) errors.phone = s.phoneInvalid
    const email = this.email.trim()
    if (!EMAIL.test(email) || email.length > 40) errors.email = s.emailInvalid
    return errors
  }

  private handleStoreChange(store: CvsStore) {
    this.store = store
    if (this.fieldErrors.store) this.fieldErrors = { ...this.fieldErrors, store: undefined }
  }

  private handlePhoneBlur() {
    const normalized = normalizeIndonesianPhone(this.phone)
    if (normalized) this.phone = normalized
  }

  private async handleSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.secret) return
    const errors = this.validate()
    this.fieldErrors = errors
    const first = (['store', 'name', 'phone', 'email'] as const).find((field) => errors[field])
    if (first) {
      await this.updateComplete
      const target = first === 'store' ? 'input[name="store"]' : `#${first}`
      this.renderRoot.querySelector<HTMLInputElement>(target)?.focus()
      return
    }
    this.busy = true
    this.actionError = undefined
    try {
      const payment = await this.cvs.createPayment(
        this.secret,
        { store: this.store!, name: this.name.trim(), phone: normalizeIndonesianPhone(this.phone)!, email: this.email.trim() },
        { signal: this.signal },
      )
      this.focusAfterIssue = true
      this.payment = payment
    } catch (error) {
      if (this.signal.aborted) return
      const failure = PayApiError.from(error)
      const field = failure.field as Field | undefined
      if (field && ['store', 'name', 'phone', 'email'].includes(field)) {
        const s = this.strings
        const messages: Record<Field, string> = {
          store: s.storeRequired,
          name: s.nameInvalid,
          phone: s.phoneInvalid,
          email: s.emailInvalid,
        }
        this.fieldErrors = { [field]: messages[field] }
      } else {
        this.actionError = failure
      }
    } finally {
      this.busy = false
    }
  }

  private async handleCopyClick() {
    const code = this.payment?.pay_no
    if (!code) return
    try {
      await navigator.clipboard.writeText(code)
      this.announce(this.viewText!().copied)
    } catch {
      this.announce(this.viewText!().copyFailed)
    }
  }

  private async handleCheckClick() {
    if (!this.secret || this.checking) return
    this.checking = true
    try {
      const payment = await this.cvs.checkPayment(this.secret, { signal: this.signal })
      if (payment) this.payment = payment
      this.actionError = undefined
    } catch (error) {
      if (!this.signal.aborted) this.actionError = PayApiError.from(error)
    } finally {
      this.checking = false
    }
  }

  /** Speaks `text` once in the polite region (cleared after a while so the same words can be spoken again). */
  private announce(text: string) {
    clearTimeout(this.announceTimer)
    this.announcement = text
    this.announceTimer = setTimeout(() => (this.announcement = ''), 4000)
  }
}

export { groupCode } from './marks.js'

definePayElement('pay-cvs', PayCvs)

declare global {
  interface HTMLElementTagNameMap {
    'pay-cvs': PayCvs
  }
}
