import { html, nothing, svg, type PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { normalizeIndonesianPhone } from '../../server/providers/nicepay/phone.js'
import { CVS_STORES, type CvsStore } from '../../server/providers/nicepay/views.js'
import { PayApiError } from '../shared/api.js'
import { definePayElement, PayElement, perServer } from '../shared/pay-element.js'
import { choiceStyles } from '../theme/choice.styles.js'
import type { ClientCheckout } from '../shared/types.js'
import { createCvsApi, type CvsApi, type CvsPayment } from './cvs-api.js'
import { cvsStrings } from './i18n.js'
import { payCvsStyles } from './pay-cvs.styles.js'

type Field = 'store' | 'name' | 'phone' | 'email'

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'-]*$/u
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** "504100002557" → ["5041", "0000", "2557"]: groups of four are easy to read out at the till. */
export function groupCode(code: string): string[] {
  return code.match(/.{1,4}/g) ?? []
}

/** Recognisable marks, drawn here (no external images): Indomaret's blue, yellow and red bands; Alfamart's red, yellow and blue. */
function storeMark(store: CvsStore) {
  return store === 'indomaret'
    ? svg`<svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#ffffff" />
        <rect x="3" y="6" width="26" height="6" rx="1" fill="#0b4ea2" />
        <rect x="3" y="13" width="26" height="6" rx="1" fill="#ffd200" />
        <rect x="3" y="20" width="26" height="6" rx="1" fill="#e3241b" />
      </svg>`
    : svg`<svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#e31e24" />
        <path d="M16 5 L27 26 H5 Z" fill="#ffd400" />
        <path d="M16 13 L21.5 24 H10.5 Z" fill="#004a9f" />
      </svg>`
}

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

  /** Client for the convenience-store routes; built from `server` when not set (tests inject a fake). */
  @property({ attribute: false }) cvsApi?: CvsApi

  /** undefined: not asked yet; null: no code issued. */
  @state() private payment?: CvsPayment | null
  @state() private store?: CvsStore
  @state() private name = ''
  @state() private phone = ''
  @state() private email = ''
  @state() private fieldErrors: Partial<Record<Field, string>> = {}
  @state() private busy = false
  @state() private checking = false
  @state() private actionError?: PayApiError
  @state() private announcement = ''

  private announceTimer?: ReturnType<typeof setTimeout>
  private focusAfterIssue = false
  private readonly cvsApiFor = perServer((server) => createCvsApi(server))

  private readonly text = this.localize.use(cvsStrings)

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
    if (this.focusAfterIssue && this.payment) {
      this.focusAfterIssue = false
      // The form is gone; keyboard users continue at the code.
      this.renderRoot.querySelector<HTMLElement>('[part~="copy-button"]')?.focus()
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
    if (checkout.status === 'paid' || checkout.status === 'overpaid') return html`${this.renderPaid(payment)}${live}`
    if (checkout.status === 'expired' || payment?.status === 'expired') return html`${this.renderExpired()}${live}`
    if (checkout.status !== 'open' && checkout.status !== 'pending') return nothing
    if (payment === undefined) return nothing
    return html`${this.actionError ? this.renderActionError() : nothing}${payment ? this.renderCode(payment) : this.renderForm()}${live}`
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
    const s = this.strings
    const groups = groupCode(payment.pay_no)
    const amount = this.localize.formatMoney(payment.amount, payment.currency)
    const storeName = s.storeNames[payment.store]
    return html`
      <section part="payment" class="payment" aria-labelledby="code-label">
        <p part="store" class="store">${storeMark(payment.store)}<span>${s.payAt(storeName)}</span></p>
        <p id="code-label" class="code-label">${s.codeLabel}</p>
        <p part="payment-code" class="code">
          <span aria-hidden="true">${groups.map((group) => html`<span class="code-group">${group}</span>`)}</span>
          <span class="visually-hidden">${s.codeSpoken(payment.pay_no.split('').join(' '))}</span>
        </p>
        <button part="copy-button" class="secondary no-print" type="button" @click=${this.handleCopyClick}>${s.copy}</button>
        <dl class="facts">
          <div>
            <dt>${s.amountToPay}</dt>
            <dd part="payment-amount">${amount}</dd>
          </div>
          <div>
            <dt>${s.payBefore}</dt>
            <dd part="deadline"><time datetime=${payment.expires_at}>${this.formatDeadline(payment.expires_at)}</time></dd>
          </div>
        </dl>
        ${payment.status === 'ready' ? html`<p class="ready">${s.ready}</p>` : nothing}
        <p id="instructions-title" class="instructions-title">${s.instructionsTitle}</p>
        <ol part="instructions" class="instructions" aria-labelledby="instructions-title">
          ${[s.goTo[payment.store], ...s.steps(groups.join(' '), amount)].map((step) => html`<li>${step}</li>`)}
        </ol>
        <div class="actions no-print">
          <button part="print-button" class="secondary" type="button" @click=${this.handlePrintClick}>${s.print}</button>
          <button part="check-button" class="secondary" type="button" ?disabled=${this.checking} @click=${this.handleCheckClick}>
            ${this.checking ? s.checking : s.check}
          </button>
        </div>
      </section>
    `
  }

  private renderPaid(payment: CvsPayment | null | undefined) {
    const s = this.strings
    return html`<div part="result" class="result result--paid">
      <svg class="result-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" fill="currentColor" />
        <path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#ffffff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <div>
        <p class="result-title">${s.paidTitle}</p>
        ${payment ? html`<p>${s.paidBody(s.storeNames[payment.store])}</p>` : nothing}
      </div>
    </div>`
  }

  private renderExpired() {
    const s = this.strings
    return html`<div part="result" class="result result--expired">
      <svg class="result-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" fill="currentColor" />
        <path d="M12 6v7M12 16.5v.5" fill="none" stroke="#ffffff" stroke-width="2.5" stroke-linecap="round" />
      </svg>
      <div>
        <p class="result-title">${s.expiredTitle}</p>
        <p>${s.expiredBody}</p>
      </div>
    </div>`
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
      this.announce(this.strings.copied)
    } catch {
      this.announce(this.strings.copyFailed)
    }
  }

  private handlePrintClick() {
    window.print()
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

definePayElement('pay-cvs', PayCvs)

declare global {
  interface HTMLElementTagNameMap {
    'pay-cvs': PayCvs
  }
}
