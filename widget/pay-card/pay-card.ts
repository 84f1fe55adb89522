import { html, nothing, render, type PropertyDeclarations, type PropertyValues } from 'lit'
import { PayElement } from '../shared/pay-element.js'
import { isCompleteStatus, type ClientCheckout } from '../shared/types.js'
import type { CardApi } from './card-api.js'
import type { CardFormHost, Phase } from './card-form.js'
import { cardStrings, type CardField } from './i18n.js'
import { cardFormStyles, payCardStyles } from './pay-card.styles.js'

/**
 * The visible fields, in order: autocomplete token, CCBill's name for the field when it reads it
 * as typed (the number, expiry and name go to hidden fields in its own format instead: digits,
 * MM and YYYY, ASCII letters), and input hints.
 */
const INPUTS: [CardField, string, string, { type?: string; numeric?: boolean; maxlength?: number; half?: boolean }][] = [
  ['number', 'cc-number', '', { numeric: true, maxlength: 23 }],
  ['expiry', 'cc-exp', '', { numeric: true, half: true }],
  ['cvv', 'cc-csc', 'cvv2', { numeric: true, maxlength: 4, half: true }],
  ['name', 'cc-name', '', { maxlength: 100 }],
  ['email', 'email', 'email', { type: 'email', maxlength: 254 }],
  ['country', 'country', 'country', { half: true }],
  ['postal', 'postal-code', 'postalCode', { maxlength: 16, half: true }],
]

let instances = 0

/**
 * @summary Pays a checkout by card (CCBill), with 3-D Secure when the bank asks for it.
 * @tag pay-card
 *
 * The payer types card number (spaced as typed, brand shown, checked with Luhn), expiry, security
 * code, name on card, email, country and postal code. CCBill's Advanced Widget script (loaded from
 * the URL the server names) turns them into a payment token, says whether 3-D Secure is needed and
 * runs the bank's challenge; the server then charges the token, once. The card details go from the
 * page to CCBill only, never to the companion server.
 *
 * The form is rendered into the element's light DOM (a `<div slot="card-form">` it adds itself),
 * because CCBill's script finds its fields in the document by `data-ccbill` attribute; its styles
 * are a constructable sheet adopted by the page and scoped under `pay-card`. So `<pay-card>` must
 * not sit inside another shadow root. Only the element that is paying carries `data-ccbill`
 * attributes, and elements on one page take turns, so two card forms never mix their fields.
 *
 * @slot header - Merchant content above the amount, e.g. a logo.
 * @slot card-form - Filled by the element itself with the card form; leave it alone.
 *
 * @csspart base - The box around everything.
 * @csspart header - Holds the header slot, the description and the amount.
 * @csspart description - What is being paid for.
 * @csspart amount - The amount, formatted for the page's language.
 * @csspart status - The live status line (a polite live region).
 * @csspart countdown - Time left to pay, while the checkout is payable.
 * @csspart error - The error message of loading the checkout.
 * @csspart retry-button - Tries loading again after an error that may pass.
 * @csspart progress - What is happening now: paying, the bank's challenge, checking with the bank.
 * @csspart notice - Why the payment did not go through (a decline in plain words, the bank's text second).
 * @csspart receipt - Amount, card ending and reference once paid.
 * @csspart subscription-terms - A subscription's terms (first period, renewal amount and period, renewals), above the form and on the receipt.
 *
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and is shown.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid; fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout failed (a declined card is shown, not fired).
 */
export class PayCard extends PayElement implements CardFormHost {
  static override styles = [PayElement.styles, payCardStyles]

  // Declared here rather than with decorators, as the base does: the decorator helpers cost bytes.
  static override properties: PropertyDeclarations = {
    cardApi: { attribute: false },
    country: {},
    phase: { state: true },
    fieldErrors: { state: true },
    notice: { state: true },
    brand: { state: true },
    approved: { state: true },
    ccbillFields: { state: true },
  }

  /** Client for the card routes; built from `server` when not set (tests inject a fake). */
  declare cardApi?: CardApi

  // The interaction state (see CardFormHost) is moved by card-form.ts; internal, not API.
  /** @internal Undefined while the payer can act. */
  declare phase?: Phase
  /** @internal */
  fieldErrors: Partial<Record<CardField, string>> = {}
  /** @internal */
  declare notice?: { text: string; detail?: string | undefined }
  /** @internal */
  declare brand?: string
  /**
   * The payer's country (ISO 3166-1 alpha-2) the form starts on, when the page knows it; else the
   * checkout's `customer.country`, else no choice is made for the payer. Follows the payer's choice.
   */
  declare country?: string
  /** @internal */
  declare approved?: { secret: string; last4: string }
  /** @internal */
  declare ccbillFields?: Record<string, string>

  /** @internal */
  readonly uid = `pay-card-${++instances}`
  private readonly formHost = Object.assign(document.createElement('div'), { slot: 'card-form' })

  private readonly text = this.localize.use(cardStrings)
  /**
   * What happens and is shown after the payer acts (formatting, field checks, the payment, notice,
   * receipt, with their English words): fetched once the form is on screen, so it is there by the
   * time anyone types or submits.
   */
  private readonly form = this.onDemand(() => import('./card-form.js'))

  /** A subscription's terms (subscription-terms.ts). */
  private readonly termsView = this.onDemand(() => import('./subscription-terms.js'))

  /** Every country, for the country choice: fetched right after the first paint (see countries.ts). */
  private readonly countryList = this.onDemand(() => import('./countries.js'))

  private get strings() {
    return this.text()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.formHost.parentNode !== this) this.append(this.formHost)
    const root = this.getRootNode() as Document | ShadowRoot
    const sheet = cardFormStyles.styleSheet
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed)
    // The form goes away with the card data in it once it is not needed.
    const checkout = this.checkout
    render(checkout && this.formShown(checkout) ? this.renderForm(checkout) : nothing, this.formHost, { host: this })
  }

  // A card is in progress only while this payer's payment is under way: after a decline or a
  // failed 3-D Secure nothing was charged and the checkout is waiting for a card again.
  protected override statusWords(checkout: ClientCheckout): string | undefined {
    if (checkout.status !== 'open' && checkout.status !== 'pending') return undefined
    return this.localize.status(this.phase ? 'pending' : 'open')
  }

  private isPaid(checkout: ClientCheckout): boolean {
    return (!!this.secret && this.approved?.secret === this.secret) || isCompleteStatus(checkout.status)
  }

  private formShown(checkout: ClientCheckout): boolean {
    return checkout.methods.includes('card') && ['open', 'pending'].includes(checkout.status) && !this.isPaid(checkout)
  }

  /** @internal */
  input(field: CardField | '3ds'): HTMLInputElement {
    return this.formHost.querySelector(`#${this.uid}-${field}`)!
  }

  protected override renderPayment(checkout: ClientCheckout): unknown {
    const s = this.strings
    if (!checkout.methods.includes('card')) return html`<p class="note">${s.notAvailable}</p>`
    const view = this.form()
    const terms = this.renderTerms(checkout)
    if (this.isPaid(checkout)) {
      const last4 = (this.approved?.secret === this.secret && this.approved?.last4) || ''
      const amount = this.localize.formatMoney(checkout.amount, checkout.currency)
      return view ? view.renderReceipt(view.resultStrings(this.localize.code()), amount, last4, checkout.id, terms) : nothing
    }
    if (!this.formShown(checkout)) return nothing
    const notice = this.notice
    // Past 'paying', the phase is a step of the payment, whose words came with the result views.
    const phase = this.phase && (this.phase === 'paying' ? s.paying : view?.resultStrings(this.localize.code())[this.phase])
    return html`
      ${
        notice
          ? html`<div part="notice" class="notice" role="alert">
              <p>${notice.text}</p>
              ${notice.detail ? html`<p class="detail">${notice.detail}</p>` : nothing}
            </div>`
          : nothing
      }
      <p part="progress" class="progress" role="status">${phase ?? ''}</p>
      ${terms}
      <slot name="card-form"></slot>
    `
  }

  /** The subscription's terms (nothing for a one-off payment); the Pay button waits until they are shown. */
  private renderTerms(checkout: ClientCheckout) {
    return checkout.subscription ? this.termsView()?.renderTerms(checkout, this.localize) : nothing
  }

  private renderForm(checkout: ClientCheckout) {
    const s = this.strings
    const id = (name: string) => `${this.uid}-${name}`
    const errors = this.fieldErrors
    const locale = this.localize.code()
    const challenge = this.phase === 'challenge'
    // Only what the payer or the merchant said: the page's language says nothing about where a card is from.
    const country = this.country ?? checkout.country ?? ''
    // Every country, named, arrives right after the first paint; a given one is there (by its code) from the start.
    const options = this.countryList()?.countries(locale) ?? (country ? [[country, country]] : [])
    // The bank's step, while it is open, is the only thing to do: the form waits under it, inert.
    return html`
      <div id=${id('3ds')} class="pay-card-3ds" tabindex="-1" ?hidden=${!challenge}></div>
      <form
        class="pay-card-form"
        ?inert=${challenge}
        novalidate
        @submit=${this.handleSubmit}
        @input=${this.handleInput}
        @focusin=${() =>
          this.form()
            ?.preparePayment(this)
            .catch(() => undefined)}
      >
        ${INPUTS.map(([name, autocomplete, ccbillName, { type = 'text', numeric, maxlength, half }]) => {
          const error = errors[name]
          const brand = name === 'number' && this.brand
          const describedBy = [brand ? id('brand') : '', error ? id(`${name}-error`) : ''].join(' ').trim() || nothing
          // Only while it is this element's turn with CCBill: its script reads fields across the whole document.
          const ccbill = this.ccbillFields && ccbillName ? ccbillName : nothing
          return html`
            <div class="pay-card-field ${half ? 'pay-card-half' : ''}">
              <label for=${id(name)}>${s.labels[name]}</label>
              ${
                name === 'country'
                  ? html`<select
                      id=${id(name)}
                      autocomplete=${autocomplete}
                      required
                      data-ccbill=${ccbill}
                      aria-invalid=${!!error}
                      aria-describedby=${describedBy}
                    >
                      <option value=""></option>
                      ${options.map(([code, label]) => html`<option value=${code} .selected=${code === country}>${label}</option>`)}
                    </select>`
                  : html`<input
                      id=${id(name)}
                      type=${type}
                      autocomplete=${autocomplete}
                      inputmode=${numeric ? 'numeric' : nothing}
                      maxlength=${maxlength ?? nothing}
                      required
                      data-ccbill=${ccbill}
                      aria-invalid=${!!error}
                      aria-describedby=${describedBy}
                    />`
              }
              ${brand ? html`<p id=${id('brand')} class="pay-card-brand">${brand}</p>` : nothing}
              ${error ? html`<p id=${id(`${name}-error`)} class="pay-card-error">${error}</p>` : nothing}
            </div>
          `
        })}
        ${Object.entries(this.ccbillFields ?? {}).map(([name, value]) => html`<input type="hidden" data-ccbill=${name} .value=${value} />`)}
        <button class="pay-card-submit" type="submit" ?disabled=${!!this.phase || (!!checkout.subscription && !this.termsView())}>
          ${this.phase ? s.paying : this.localize.term('pay', this.localize.formatMoney(checkout.amount, checkout.currency))}
        </button>
      </form>
    `
  }

  private handleInput(event: Event) {
    // Until the form's code has arrived (it is fetched right after the first paint) typing is left as is.
    this.form()?.formatInput(this, event.target as HTMLInputElement)
  }

  private async handleSubmit(event: SubmitEvent) {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    // Set before the first await: a second click or Enter finds the element busy and sends nothing.
    if (this.phase || !this.secret) return
    this.notice = undefined
    let actions = this.form()
    if (!actions) {
      // Not fetched yet (the page was quick, or offline for a moment): the button waits meanwhile.
      this.phase = 'paying'
      await this.updateComplete
      this.phase = undefined
      actions = this.form()
      if (!actions) {
        // The code that pays could not be fetched: the connection is the likely cause.
        this.notice = { text: this.localize.term('errorRetryable') }
        return
      }
    }
    await actions.submit(this, form, {
      card: this.cardApi,
      server: this.server,
      secret: this.secret,
      signal: this.signal,
      status: () => this.checkout!.status,
      strings: actions.resultStrings(this.localize.code()),
    })
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pay-card': PayCard
  }
}
