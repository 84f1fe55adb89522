import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { LocalizeController } from '../i18n/localize.js'
import { createPayApi, PayApiError } from '../shared/api.js'
import type * as ErrorView from '../shared/error-view.js'
import { PayCompleteEvent } from '../shared/events/pay-complete.js'
import { PayErrorEvent } from '../shared/events/pay-error.js'
import { PayReadyEvent } from '../shared/events/pay-ready.js'
import { PayStatusChangeEvent } from '../shared/events/pay-status-change.js'
import { readOrCreate, type FirstRead, type PayElement, type PayTheme } from '../shared/pay-element.js'
import { payElementStyles } from '../shared/pay-element.styles.js'
import { readInitialState } from '../shared/initial-state.js'
import {
  isCompleteStatus,
  type ClientCheckout,
  type ClientCheckoutCreated,
  type ClientFirstScreens,
  type PaymentMethod,
} from '../shared/types.js'
import type { CoinOption } from '@pay-elements/contract'
import { baseStyles } from '../theme/base.styles.js'
import { choiceStyles } from '../theme/choice.styles.js'
import { tokenStyles } from '../theme/tokens.styles.js'
import { checkoutStrings } from './i18n.js'
import { payCheckoutStyles } from './pay-checkout.styles.js'

/** Each method's element, loaded (and registered) only once the payer picks it. */
const ELEMENTS: Record<PaymentMethod, [tag: string, load: () => Promise<unknown>]> = {
  crypto: ['pay-crypto', () => import('../pay-crypto/define.js')],
  card: ['pay-card', () => import('../pay-card/define.js')],
  cvs: ['pay-cvs', () => import('../pay-cvs/define.js')],
}

/** Loads `method`'s element unless it is registered already: an `import()` of code that is in still resolves a task later. */
const loadElement = (method: PaymentMethod): Promise<unknown> | undefined => {
  const [tag, load] = ELEMENTS[method]
  return customElements.get(tag) ? undefined : load()
}

const PAY_EVENTS = ['pay-ready', 'pay-status-change', 'pay-complete', 'pay-error'] as const

/** A catalog checkout that has not been created after this long is given up on (as the elements do). */
const CREATE_TIMEOUT_MS = 30_000

/** Coins named in the crypto estimate; the element itself lists them all. */
const ESTIMATE_COINS = 3

/** Every method: the server answers for those the checkout offers. */
const ALL_METHODS: PaymentMethod[] = ['crypto', 'card', 'cvs']

/** The method among `methods` whose first screen shows a payment started at its provider, if any. */
const startedIn = (methods: PaymentMethod[], read: ClientFirstScreens): PaymentMethod | undefined =>
  methods.find((method) => (method === 'crypto' ? read.crypto?.deposit : method === 'card' ? read.card?.charge : read.cvs?.payment))

/**
 * @summary Offers every payment method the checkout allows and shows the chosen method's element.
 * @tag pay-checkout
 *
 * Reads the checkout (one request, which the method's element then draws from; none when the page
 * gives `initial-state`) and lets the payer pick among its `methods` (card, crypto, convenience store),
 * each with what the payer would pay that way (for crypto, the estimate in a few coins). Only the
 * chosen method's element (`<pay-card>`, `<pay-crypto>`, `<pay-cvs>`) is loaded, as a child of this
 * one, so `<pay-card>`'s fields stay where CCBill's script can find them. With one method it shows
 * that element straight away. The payer can switch until a payment has started at a provider (the
 * checkout is no longer open); after that only the method that started shows, with a note why.
 * Switching by click moves focus to the new method's panel; moving through the choices with the
 * arrow keys keeps focus there. Each switch is announced.
 *
 * A listener on this element hears each event once, as if it came from a single element:
 * `pay-ready` when the first method's element shows the checkout, `pay-status-change` once per
 * change (not again when a switch reloads it), `pay-complete` once per checkout, and `pay-error`.
 *
 * @csspart base - The box around the choice and the method's element.
 * @csspart methods - The choice of payment method.
 * @csspart method-option - Each method in the choice.
 * @csspart method-price - What the payer would pay with a method.
 * @csspart method - The panel holding the chosen method's element.
 * @csspart started-note - Why the other methods are gone once a payment has started.
 * @csspart status - Loading, while the checkout or the method's element is on its way (from an initial state nothing shows until that element's code is in).
 * @csspart error - The error message of loading the checkout.
 * @csspart retry-button - Tries loading again after an error that may pass.
 *
 * The `--pay-*` custom properties reach the method's element too (it sits inside this one); those
 * the choice itself reads (light defaults given, dark ones as on every element):
 *
 * @cssproperty [--pay-color-accent=#1d4ed8] - The chosen method's border, the Retry button.
 * @cssproperty [--pay-color-accent-text=#ffffff] - Text of the Retry button.
 * @cssproperty [--pay-color-text=#1a202c] - Text.
 * @cssproperty [--pay-color-text-muted=#4a5568] - Prices and the note after a payment started.
 * @cssproperty [--pay-color-surface=#ffffff] - Background of the choice.
 * @cssproperty [--pay-color-surface-raised=#f5f7fa] - Background of the chosen method.
 * @cssproperty [--pay-color-border=#cbd2dc] - Borders of the choice and its methods.
 * @cssproperty [--pay-color-danger=#b42318] - Errors.
 * @cssproperty [--pay-focus-ring-color=#1d4ed8] - Keyboard focus outline.
 * @cssproperty [--pay-focus-ring-width=2px] - Width of the focus outline.
 * @cssproperty [--pay-focus-ring-offset=2px] - Gap between a control and its focus outline.
 * @cssproperty [--pay-font-family=system-ui, sans-serif] - Text font.
 * @cssproperty [--pay-font-size=1rem] - Base text size.
 * @cssproperty [--pay-space-xs=0.25rem] - Gap between the methods.
 * @cssproperty [--pay-space-s=0.5rem] - Padding of each method.
 * @cssproperty [--pay-space-m=1rem] - Gap between the choice and the method's element, padding of the choice.
 * @cssproperty [--pay-radius=0.5rem] - Corner radius of the choice and its methods.
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and the first method's element shows it.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid (or overpaid); fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout, or loading a method's element, failed.
 */
export class PayCheckout extends LitElement {
  static override styles = [tokenStyles, baseStyles, payElementStyles, choiceStyles, payCheckoutStyles]

  static override properties: PropertyDeclarations = {
    server: {},
    clientSecret: { attribute: 'client-secret' },
    initialState: { attribute: 'initial-state' },
    product: {},
    theme: { reflect: true },
    mode: {},
    returnUrl: { attribute: 'return-url' },
    method: {},
    checkout: { state: true },
    chosen: { state: true },
    started: { state: true },
    estimate: { state: true },
    error: { state: true },
    announcement: { state: true },
  }

  /** Base URL of the companion server, e.g. `https://pay.example.com`. */
  server = ''

  /** Client secret of a checkout created by the merchant's backend. */
  clientSecret = ''

  /** The create-checkout reply's `initial_state`: drawn at once, then confirmed by the method's element. */
  declare initialState?: string

  /** Catalog product id: the server creates the checkout at its own price (pages without a backend). */
  product = ''

  /** `light` or `dark`; unset follows the operating system. Passed on to the method's element. */
  declare theme?: PayTheme

  /** Passed on to the method's element where it has modes (`<pay-crypto mode="hosted">`). */
  declare mode?: string

  /** Passed on to the method's element: where a provider's hosted page sends the payer back to. */
  declare returnUrl?: string

  /** The method chosen at first, when the checkout allows it; else the checkout's first. */
  declare method?: PaymentMethod

  /** The checkout as last seen, by this element or the method's element. */
  declare private checkout?: ClientCheckout
  /** The method whose element is shown. */
  declare private chosen?: PaymentMethod
  /** Set once the checkout is no longer open: the method whose payment started, if any. */
  declare private started?: PaymentMethod | null
  /** The coins to pay with and what this checkout costs in each (an estimate until the order fixes it). */
  declare private estimate?: CoinOption[]
  declare private error?: PayApiError
  /** What the polite live region says (empty until something is announced). */
  declare private announcement?: string

  private secret = ''
  private readonly localize = new LocalizeController(this)
  private readonly text = this.localize.use(checkoutStrings)
  /** One creation per product for the life of this element, as the elements do. */
  private readonly creations = new Map<string, Promise<ClientCheckoutCreated>>()
  /**
   * What the first method's element draws from without a request of its own: this element's read,
   * or the page's initial state (which it then confirms); the elements shown later read afresh.
   */
  private handOff?: Pick<PayElement, 'firstRead' | 'initialState'>
  /** The methods' elements made so far: switching back finds the payer's input where it was left. */
  private readonly elements = new Map<PaymentMethod, PayElement>()
  private readonly completed = new Set<string>()
  private run?: AbortController
  /** The checkout `pay-ready` announced, and every later one; undefined until then. */
  private shown?: ClientCheckout
  /** The payer is moving through the choices with the arrow keys: focus stays with them. */
  declare private browsing?: boolean
  /** Nothing is drawn: the page's initial state waits for the first method's code (see `load`). */
  declare private holding?: boolean

  private get strings() {
    return this.text()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.hasUpdated) void this.load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.run?.abort()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('clientSecret') || changed.has('product') || changed.has('initialState')) {
      if (this.isConnected) void this.load()
    }
    if (changed.has('server') || changed.has('theme') || changed.has('mode') || changed.has('returnUrl')) {
      for (const element of this.elements.values()) this.passOn(element)
    }
  }

  /** Complete once rendered in the page's language (as the elements are). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete()
    const loading = this.localize.loading
    return loading ? loading.then(() => this.updateComplete) : done
  }

  override render() {
    if (!this.localize.ready || this.holding) return nothing
    const checkout = this.checkout
    const methods = checkout?.methods ?? []
    const choosing = methods.length > 1 && checkout?.status === 'open' && this.started === undefined
    const name = this.chosen ? this.strings.methods[this.chosen] : ''
    // No "Loading…" here beside an error, nor once the method's element is on the page (it says so itself).
    const quiet = !!this.error || this.loaded()
    return html`
      <div part="base" class="base" lang=${this.localize.code()} dir=${this.localize.dir()}>
        ${choosing ? this.renderChoice(checkout, methods) : nothing}
        ${this.started && methods.length > 1 ? html`<p part="started-note" class="note">${this.strings.started[this.started]}</p>` : nothing}
        ${
          this.error
            ? html`<div part="error" class="error" role="alert">
                <p class="error-message">${this.errorView?.errorText(this.error, this.localize) ?? this.localize.term('errorRetryable')}</p>
                ${
                  this.error.retryable
                    ? html`<button part="retry-button" class="retry-button" type="button" @click=${this.load}>
                        ${this.localize.term('retry')}
                      </button>`
                    : nothing
                }
              </div>`
            : nothing
        }
        <p part="status" class="status" role="status" ?hidden=${quiet}>${quiet ? '' : this.localize.term('loading')}</p>
        <div part="method" class="method" role="group" aria-label=${name || nothing} tabindex="-1" ?hidden=${!this.chosen}>
          <slot name="method"></slot>
        </div>
        <span class="visually-hidden" aria-live="polite">${this.announcement}</span>
      </div>
    `
  }

  private renderChoice(checkout: ClientCheckout, methods: PaymentMethod[]) {
    return html`
      <fieldset part="methods" class="methods" @keydown=${this.handleKeydown}>
        <legend>${this.strings.chooseMethod}</legend>
        ${methods.map(
          (method) =>
            html`<label part="method-option" class="choice">
              <input type="radio" name="method" .value=${method} .checked=${method === this.chosen} @change=${this.handleChange} />
              <span class="option-label">${this.strings.methods[method]}</span>
              <span part="method-price" class="price">${this.price(checkout, method)}</span>
            </label>`,
        )}
      </fieldset>
    `
  }

  /** What the payer would pay with `method`: the amount, or for crypto the estimate in a few coins once known. */
  private price(checkout: ClientCheckout, method: PaymentMethod): string {
    if (method !== 'crypto') return this.localize.formatMoney(checkout.amount, checkout.currency)
    const coins = this.estimate?.slice(0, ESTIMATE_COINS)
    if (!coins?.length) return ''
    const locale = this.localize.code()
    // Every digit the server sent, the symbol after the number (as the crypto element writes amounts).
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 })
    // Each coin's first network (networks of one coin cost the same).
    const amounts = coins.flatMap(({ symbol, networks: [first] }) =>
      first ? [`${number.format(first.amount as Intl.StringNumericLiteral)} ${symbol}`] : [],
    )
    return this.strings.cryptoEstimate(new Intl.ListFormat(locale, { type: 'disjunction' }).format(amounts))
  }

  /** Whether the chosen method's element is on the page (it says "Loading…" itself from then on). */
  private loaded(): boolean {
    return !!this.chosen && this.elements.get(this.chosen)?.parentNode === this
  }

  private handleKeydown(event: KeyboardEvent): void {
    this.browsing = event.key.startsWith('Arrow')
  }

  private handleChange(event: Event): void {
    const method = (event.target as HTMLInputElement).value as PaymentMethod
    const focus = !this.browsing
    this.browsing = false
    void this.show(method, { focus, announce: true })
  }

  /** Loads (or creates) the checkout, then shows the method that started, or the one to start with. */
  private async load(): Promise<void> {
    this.run?.abort()
    this.error = undefined
    const server = this.server
    if (!server || (!this.clientSecret && !this.product)) return
    const run = (this.run = new AbortController())
    const { signal } = run
    try {
      // From the page's initial state the choice is drawn at once; the method's element confirms it
      // (its pay-ready is the server's word, which `see` takes), so no read of our own.
      const initial = this.clientSecret && !this.secret ? readInitialState(this.initialState) : undefined
      const { secret, read } = initial ? { secret: this.clientSecret, read: initial } : await this.fetchCheckout(server, signal)
      if (signal.aborted) return
      const { checkout } = read
      const { methods } = checkout
      const preferred = this.method && methods.includes(this.method) ? this.method : methods[0]!
      // The choice waits for the first method's element, so both are drawn in one frame and nothing
      // moves under the payer (should its code not arrive, the choice shows with the error).
      if (!this.chosen && checkout.status === 'open') {
        const arriving = loadElement(preferred)
        // Drawn from the page's initial state nothing else is waited for: no "Loading…" flashes first.
        this.holding = !!(initial && arriving)
        await arriving?.catch(() => {})
        this.holding = false
      }
      if (signal.aborted) return
      if (secret !== this.secret) {
        // Another checkout: nothing of the last one's carries over.
        this.secret = secret
        for (const element of this.elements.values()) element.remove()
        this.elements.clear()
        this.chosen = this.started = this.estimate = this.shown = undefined
      }
      this.checkout = checkout
      // The choice works without it: no coins (CCPayment out of reach) leaves the crypto option without a price.
      if (read.crypto?.coins) this.estimate = read.crypto.coins
      this.handOff = initial ? { initialState: this.initialState } : { firstRead: read }
      // (An initial state is open: what started is known only from a read.)
      if (checkout.status !== 'open' && methods.length > 1) return void (await this.lock(checkout, read))
      await this.show(this.chosen ?? preferred, {})
    } catch (error) {
      if (!signal.aborted) this.showError(PayApiError.from(error))
    }
  }

  private fetchCheckout(server: string, signal: AbortSignal): Promise<FirstRead> {
    // While the read is on its way: the live-status code every method's element needs, and the
    // element of the method the page names (any attribute value: a name not listed loads nothing).
    import('../shared/controllers/follow.js').catch(() => {})
    ELEMENTS[this.method!]?.[1]?.().catch(() => {})
    // And ICU's list formatting, whose first use costs milliseconds, for the crypto estimate.
    setTimeout(() => new Intl.ListFormat(this.localize.code(), { type: 'disjunction' }).format([]))
    return readOrCreate(createPayApi(server), this.creations, this.clientSecret, this.product, ALL_METHODS, this.initialState, signal)
  }

  /**
   * The checkout is no longer open: a payment started at a provider (or it ended). Only the method
   * whose payment started stays, read from the server rather than assumed from the element shown,
   * since the payer may have started it elsewhere (another tab).
   */
  private async lock(checkout: ClientCheckout, read?: ClientFirstScreens): Promise<void> {
    if (this.started !== undefined) return
    const { methods } = checkout
    this.started = null
    const signal = this.run?.signal ?? AbortSignal.timeout(CREATE_TIMEOUT_MS)
    let started: PaymentMethod | undefined = methods.length === 1 ? methods[0] : undefined
    try {
      started ??= startedIn(methods, read ?? (await createPayApi(this.server).bootstrap(this.secret, methods, undefined, { signal })))
    } catch (error) {
      if (signal.aborted) return
      // Not knowing which method started, keep the one shown (its element reads its own payment).
      this.showError(PayApiError.from(error))
    }
    this.started = started ?? null
    if (started && methods.length > 1) this.announce(this.strings.started[started])
    const shown = started ?? this.chosen ?? methods[0]!
    // The element shown may hold focus: it stays with what replaces it.
    const active = this.chosen && this.elements.get(this.chosen)
    await this.show(shown, { focus: !!active && active.contains(document.activeElement) && shown !== this.chosen })
  }

  /** Shows `method`'s element (loading its code the first time) in place of the one shown. */
  private async show(method: PaymentMethod, { focus = false, announce = false }: { focus?: boolean; announce?: boolean }) {
    this.chosen = method
    if (announce) this.announce(this.strings.chosen(this.strings.methods[method]))
    let element = this.elements.get(method)
    if (!element) {
      try {
        await loadElement(method)
      } catch (error) {
        if (this.chosen === method) this.showError(PayApiError.from(error))
        return
      }
      // Another method may have been picked while this one's code arrived.
      if (this.chosen !== method || this.elements.has(method)) return
      element = document.createElement(ELEMENTS[method][0]) as PayElement
      for (const type of PAY_EVENTS) element.addEventListener(type, this.handleElementEvent)
      element.slot = 'method'
      Object.assign(element, this.handOff)
      this.handOff = undefined
      element.setAttribute('client-secret', this.secret)
      this.passOn(element)
      this.elements.set(method, element)
    }
    for (const other of this.elements.values()) if (other !== element) other.remove()
    if (element.parentNode !== this) this.append(element)
    this.requestUpdate()
    if (focus) {
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[part~="method"]')?.focus()
    }
  }

  private passOn(element: PayElement): void {
    for (const [name, value] of [
      ['server', this.server],
      ['theme', this.theme],
      ['mode', this.mode],
      ['return-url', this.returnUrl],
    ] as const) {
      if (value) element.setAttribute(name, value)
      else element.removeAttribute(name)
    }
  }

  /**
   * The method's element's events stop at it and this element fires its own, so a listener here
   * (or above) hears each once, however many elements the payer has switched through.
   */
  private readonly handleElementEvent = (event: Event): void => {
    event.stopPropagation()
    if (event.type === 'pay-error') {
      this.dispatchEvent(new PayErrorEvent((event as PayErrorEvent).detail))
      return
    }
    this.see((event as PayReadyEvent).detail.checkout)
  }

  /** A version of the checkout from the method's element: this element's events follow from it. */
  private see(next: ClientCheckout): void {
    const shown = this.shown
    if (shown && next.version < shown.version) return
    this.checkout = next
    this.shown = next
    if (!shown) this.dispatchEvent(new PayReadyEvent({ checkout: next }))
    else if (shown.status !== next.status) this.dispatchEvent(new PayStatusChangeEvent({ checkout: next, previousStatus: shown.status }))
    if (isCompleteStatus(next.status) && !this.completed.has(next.id)) {
      this.completed.add(next.id)
      this.dispatchEvent(new PayCompleteEvent({ checkout: next }))
    }
    if (next.status !== 'open') void this.lock(next)
  }

  private errorView?: typeof ErrorView

  /** Shows a failure at once, then names its kind as the single elements do (error-view.ts, fetched on the first failure) and fires pay-error. */
  private showError(error: PayApiError): void {
    this.error = error
    void import('../shared/error-view.js')
      .then((view) => {
        this.errorView = view
        return view.diagnose(error, this.server, this.checkout?.status)
      })
      .catch(() => error)
      .then((known) => {
        if (this.error !== error) return
        this.error = known
        this.dispatchEvent(new PayErrorEvent({ code: known.code, message: known.message, retryable: known.retryable }))
      })
  }

  /** Says `text` in the polite live region, even when it is the same words as last time. */
  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pay-checkout': PayCheckout
  }
}
