import { html, nothing, type PropertyDeclarations } from 'lit'
import { CVS_STORES, type CvsStore } from '@pay-elements/contract'
import { PayApiError } from '../shared/api.js'
import { PayElement } from '../shared/pay-element.js'
import { choiceStyles } from '../theme/choice.styles.js'
import type { ClientCheckout, ClientFirstScreens, PaymentMethod } from '../shared/types.js'
import type { CvsField, CvsFormHost, PayerDetails } from './cvs-actions.js'
import type { CvsApi, CvsPayment } from './cvs-api.js'
import { cvsStrings } from './i18n.js'
import { storeMark } from './marks.js'
import { payCvsStyles } from './pay-cvs.styles.js'
import type { CvsCodeHost } from './payment-view.js'

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
 * Hosted mode (`mode="hosted"`): the payer gives name, phone and email, and picks the store on
 * NICEPAY's own payment page. With a `client-secret` the page opens in this tab, and NICEPAY sends
 * the browser back through the server's callback to `return-url` (this page by default), where the
 * element, given the same checkout, shows the code as in the native mode. A catalog checkout
 * (`product`), which a page cannot come back to, and an element inside a frame (NICEPAY's page
 * refuses frames) open it in a popup instead, and show the code once the payer has it.
 *
 * What loads when: the first load (this module with the shared base) draws the summary, the store
 * choice and the payer form, and reads a code issued earlier; a page in Indonesian or Chinese
 * also fetches, before the first render, one file with every word of the element in that language.
 * Once the element is idle after its first render it fetches the rest, each module with its English:
 * cvs-actions.ts (what follows the payer's acts: tidying the phone number, the checks, the request
 * for a code, what to fix, why no code could be issued) and payment-view.ts (the code with its
 * steps, copy, print and check-now, and the paid and expired results). A payer quicker than that
 * waits on the busy button; a code or result due before its view has arrived shows "Loading…".
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
 * @csspart hosted - Hosted mode, registered but no store picked yet: what to do at NICEPAY's page.
 * @csspart hosted-button - Goes (back) to NICEPAY's payment page (inside `hosted`).
 * @csspart result - The final paid or expired message.
 *
 * @cssproperty [--pay-cvs-code-size=2rem] - Font size of the payment code.
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and is shown.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid (or overpaid); fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout failed.
 */
export class PayCvs extends PayElement implements CvsFormHost, CvsCodeHost {
  static override styles = [PayElement.styles, choiceStyles, payCvsStyles]

  static override properties: PropertyDeclarations = {
    mode: {},
    returnUrl: { attribute: 'return-url' },
    cvsApi: { attribute: false },
    payment: { state: true },
    store: { state: true },
    payer: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
    checking: { state: true },
    actionError: { state: true },
    announcement: { state: true },
  }

  /** `native` (the default: store choice and code on this page) or `hosted` (the store is picked on NICEPAY's payment page). */
  declare mode?: 'native' | 'hosted'

  /** Hosted mode: where NICEPAY's page sends the payer back to (an origin the server allows); defaults to this page. */
  declare returnUrl?: string

  /** Client for the convenience-store routes; built from `server` when not set (tests inject a fake). */
  declare cvsApi?: CvsApi

  // The interaction state (see CvsFormHost and CvsCodeHost) is moved by cvs-actions.ts and payment-view.ts; internal, not API.
  /** @internal undefined: not asked yet; null: no code issued. */
  declare payment?: CvsPayment | null
  /** @internal */
  declare store?: CvsStore
  /** @internal */
  payer: PayerDetails = { name: '', phone: '', email: '' }
  /** @internal */
  fieldErrors: Partial<Record<CvsField, string>> = {}
  /** @internal */
  busy = false
  /** @internal */
  checking = false
  /** @internal */
  declare actionError?: PayApiError
  /** @internal */
  announcement = ''
  /** @internal */
  declare announceTimer?: ReturnType<typeof setTimeout>

  private readonly text = this.localize.use(cvsStrings)
  /** What follows the payer's acts (checks, the request for a code, errors): on demand, fetched once the form is on screen. */
  private readonly actions = this.onDemand(() => import('./cvs-actions.js').then((module) => module.loadActions(this.localize)))
  /** The code and result views: on demand, since they follow the server's answer. */
  private readonly views = this.onDemand(() => import('./payment-view.js').then((module) => module.loadViews(this.localize)))

  /** @internal */
  get strings() {
    return this.text()
  }

  /** @internal */
  get session() {
    return { secret: this.secret, signal: this.signal }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.announceTimer)
  }

  // While the code waits at the store nothing is in progress yet; a cashier finding it is news for
  // the payer, said in the status line (a live region) as soon as the server learns of it.
  protected override statusWords(checkout: ClientCheckout): string | undefined {
    return checkout.status === 'pending' && this.offersCvs(checkout) ? this.views()?.statusWords(this.payment) : undefined
  }

  private offersCvs(checkout: ClientCheckout): boolean {
    return checkout.currency === 'IDR' && checkout.methods.includes('cvs')
  }

  // Every version of the checkout may carry news of the code (issued elsewhere, paid, expired).
  protected override readonly firstScreenMethods: PaymentMethod[] = ['cvs']

  protected override takeFirstScreen({ cvs }: ClientFirstScreens): void {
    // A newer answer from "create" or "check" wins over an older read that raced it.
    if (cvs && (cvs.payment || this.payment === undefined)) this.payment = cvs.payment
  }

  protected override firstScreenFailed(error: PayApiError): void {
    this.actionError = error
  }

  protected override renderPayment(checkout: ClientCheckout): unknown {
    if (!this.offersCvs(checkout)) return html`<p class="note">${this.strings.notAvailable}</p>`
    const payment = this.payment
    const live = html`<span class="visually-hidden" aria-live="polite">${this.announcement}</span>`
    const paid = checkout.status === 'paid' || checkout.status === 'overpaid'
    if (paid || checkout.status === 'expired' || payment?.status === 'expired') {
      return html`${this.views()?.renderResult(this, paid) ?? this.renderPlaceholder()}${live}`
    }
    if (checkout.status !== 'open' && checkout.status !== 'pending') return nothing
    if (payment === undefined) return nothing
    // Registered at NICEPAY, the store not yet picked on its page.
    if (!payment && checkout.status === 'pending' && this.mode === 'hosted')
      return this.actions()?.renderHosted(this) ?? this.renderPlaceholder()
    // An action error follows the payer's act or the server's answer, so its view comes with the actions.
    // Too late for a code (`endsForm`): the form could only fail again.
    const error = this.actionError
    const actions = error && this.actions()
    return html`${actions && actions.renderActionError(error!)}${
      payment
        ? (this.views()?.renderCode(this, payment) ?? this.renderPlaceholder())
        : actions && actions.endsForm(error!)
          ? nothing
          : this.renderForm()
    }${live}`
  }

  /** Shown for the moment an on-demand view may still be on its way. */
  private renderPlaceholder() {
    return html`<p class="note">${this.localize.term('loading')}</p>`
  }

  private renderForm() {
    const s = this.strings
    const hosted = this.mode === 'hosted'
    const label = this.busy ? s.submitting : hosted ? s.hostedSubmit : s.submit
    const errors = this.fieldErrors
    const describedBy = (field: CvsField, ...others: string[]) =>
      [...others, errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || nothing
    const fieldError = (field: CvsField) =>
      errors[field] ? html`<p id="${field}-error" class="field-error">${errors[field]}</p>` : nothing
    const typed = (field: keyof PayerDetails) => (e: Event) =>
      (this.payer = { ...this.payer, [field]: (e.target as HTMLInputElement).value })
    return html`
      <form part="form" class="form" novalidate @submit=${this.handleSubmit}>
        <fieldset class="stores" ?hidden=${hosted} aria-describedby=${describedBy('store')}>
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
          .value=${this.payer.name}
          aria-invalid=${errors.name ? 'true' : 'false'}
          aria-describedby=${describedBy('name')}
          @input=${typed('name')}
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
          .value=${this.payer.phone}
          aria-invalid=${errors.phone ? 'true' : 'false'}
          aria-describedby=${describedBy('phone', 'phone-hint')}
          @input=${typed('phone')}
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
          .value=${this.payer.email}
          aria-invalid=${errors.email ? 'true' : 'false'}
          aria-describedby=${describedBy('email')}
          @input=${typed('email')}
        />
        ${fieldError('email')}

        <button part="submit-button" class="primary" type="submit" ?disabled=${this.busy}>${label}</button>
      </form>
    `
  }

  private handleStoreChange(store: CvsStore) {
    this.store = store
    if (this.fieldErrors.store) this.fieldErrors = { ...this.fieldErrors, store: undefined }
  }

  private async handlePhoneBlur() {
    // The actions are fetched right after the first paint, so they are seldom still on their way.
    ;(this.actions() ?? (await this.updateComplete, this.actions()))?.tidyPhone(this)
  }

  private async handleSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.secret) return
    let actions = this.actions()
    if (!actions) {
      // Still on its way (a quick payer, or offline for a moment): the button waits meanwhile, and a
      // second click or Enter finds the element busy.
      this.busy = true
      await this.updateComplete
      this.busy = false
      actions = this.actions()
    }
    if (actions) void actions.submit(this)
    // Not fetched (offline for a moment): a failure the payer may retry, said once the actions
    // arrive (each render asks for them again).
    else this.actionError = PayApiError.from(new Error('The form could not be loaded'))
  }
}

export { groupCode } from './marks.js'

declare global {
  interface HTMLElementTagNameMap {
    'pay-cvs': PayCvs
  }
}
