import { html, LitElement, nothing, type CSSResult, type CSSResultGroup, type PropertyDeclarations, type PropertyValues } from 'lit'
import { LocalizeController } from '../i18n/localize.js'
import { baseStyles } from '../theme/base.styles.js'
import { tokenStyles } from '../theme/tokens.styles.js'
import { createPayApi, PayApiError, type PayApi } from './api.js'
import type * as ErrorView from './error-view.js'
import type { Followed } from './controllers/follow.js'
import { PayCompleteEvent } from './events/pay-complete.js'
import { PayErrorEvent } from './events/pay-error.js'
import { PayReadyEvent } from './events/pay-ready.js'
import { PayStatusChangeEvent } from './events/pay-status-change.js'
import { payElementStyles } from './pay-element.styles.js'
import { readInitialState } from './initial-state.js'
import {
  isCompleteStatus,
  type CheckoutStatus,
  type ClientBootstrap,
  type ClientCheckout,
  type ClientCheckoutCreated,
  type ClientFirstScreens,
  type PaymentMethod,
} from './types.js'

export type PayTheme = 'light' | 'dark'

/** Statuses in which the payer can still pay, so the expiry matters. */
const PAYABLE_STATUSES: readonly CheckoutStatus[] = ['open', 'pending', 'underpaid']

/** A catalog checkout that has not been created after this long is given up on. */
const CREATE_TIMEOUT_MS = 30_000

/**
 * The chassis shared by `<pay-crypto>`, `<pay-card>` and `<pay-cvs>`: loads the checkout named by
 * `client-secret` (or creates one from `product`), follows its status live, and renders the
 * summary, status, countdown and errors. Subclasses add their payment UI in `renderPayment()`.
 */
/**
 * Builds a client for a server URL once and again only when the URL changes: elements keep one
 * client per `server` value for their own routes.
 */
export function perServer<T>(create: (server: string) => T): (server: string) => T {
  let built: { server: string; client: T } | undefined
  return (server) => {
    if (built?.server !== server) built = { server, client: create(server) }
    return built.client
  }
}

/** An element's first read of its checkout, with the secret that names it. */
export interface FirstRead {
  secret: string
  read: ClientBootstrap
}

/**
 * An element's first read: of the checkout `secret` names (the page's `initialState` goes along for
 * the server to check), or without one the creation of a checkout for the catalog `product`, made
 * once per product for the life of the element (whose `creations` these are): one created before a
 * retry or a reconnect is read afresh, not created again.
 */
export async function readOrCreate(
  api: PayApi,
  creations: Map<string, Promise<ClientCheckoutCreated>>,
  secret: string,
  product: string,
  methods: PaymentMethod[],
  initialState: string | undefined,
  signal: AbortSignal,
): Promise<FirstRead> {
  if (secret) return { secret, read: await api.bootstrap(secret, methods, initialState, { signal }) }
  const existing = creations.get(product)
  if (existing) return readOrCreate(api, creations, (await existing).client_secret, product, methods, undefined, signal)
  // Not tied to `signal`: a creation abandoned mid-flight could still happen on the server, so
  // it is allowed to finish and is reused, instead of being repeated after a reconnect.
  const creation = api.createFromProduct(product, methods, { signal: AbortSignal.timeout(CREATE_TIMEOUT_MS) })
  creations.set(product, creation)
  try {
    const { client_secret, ...read } = await creation
    return { secret: client_secret, read }
  } catch (error) {
    // Nothing was created (or we cannot know): let Retry ask again.
    creations.delete(product)
    throw error
  }
}

/**
 * The base of every pay-elements element. Its theming surface, shared by all three (colours follow
 * `theme` and the OS preference; the light defaults are given):
 *
 * @cssproperty [--pay-color-accent=#1d4ed8] - Buttons, links and highlights (dark: #7aa7ff).
 * @cssproperty [--pay-color-accent-text=#ffffff] - Text on accent-coloured buttons (dark: #0b1220).
 * @cssproperty [--pay-color-text=#1a202c] - Body text (dark: #e6e9ef).
 * @cssproperty [--pay-color-text-muted=#4a5568] - Secondary text: hints, labels, the countdown (dark: #a3abb9).
 * @cssproperty [--pay-color-surface=#ffffff] - Background of the element (dark: #161a22).
 * @cssproperty [--pay-color-surface-raised=#f5f7fa] - Background of boxes inside it: choices, the code, the deposit (dark: #1f2430).
 * @cssproperty [--pay-color-border=#cbd2dc] - Borders of the element, fields and choices (dark: #3a4150).
 * @cssproperty [--pay-color-danger=#b42318] - Errors, failed and expired statuses (dark: #ff8a8a).
 * @cssproperty [--pay-color-success=#127a3e] - Paid statuses (dark: #6ee7a0).
 * @cssproperty [--pay-color-warning=#8a5a00] - Underpaid status and the memo warning (dark: #fcd34d).
 * @cssproperty [--pay-focus-ring-color=#1d4ed8] - Keyboard focus outline (dark: #9ec0ff).
 * @cssproperty [--pay-focus-ring-width=2px] - Width of the focus outline.
 * @cssproperty [--pay-focus-ring-offset=2px] - Gap between a control and its focus outline.
 * @cssproperty [--pay-font-family=system-ui, sans-serif] - Text font (the default lists CJK system fonts too).
 * @cssproperty [--pay-font-family-mono=ui-monospace, monospace] - Font of addresses and payment codes.
 * @cssproperty [--pay-font-size=1rem] - Base text size.
 * @cssproperty [--pay-font-size-small=0.875rem] - Hints, errors and the countdown.
 * @cssproperty [--pay-font-size-large=1.5rem] - The amount.
 * @cssproperty [--pay-space-xs=0.25rem] - Smallest gap (label to field).
 * @cssproperty [--pay-space-s=0.5rem] - Gap between related items.
 * @cssproperty [--pay-space-m=1rem] - Gap between sections, padding of boxes and buttons.
 * @cssproperty [--pay-space-l=1.5rem] - Padding inside the element.
 * @cssproperty [--pay-radius=0.5rem] - Corner radius of the element, fields and buttons.
 */
export class PayElement extends LitElement {
  static override styles: CSSResultGroup = [tokenStyles, baseStyles, payElementStyles]

  // Declared here rather than with decorators: the decorator helpers cost every element bytes.
  static override properties: PropertyDeclarations = {
    server: {},
    clientSecret: { attribute: 'client-secret' },
    initialState: { attribute: 'initial-state' },
    product: {},
    theme: { reflect: true },
    api: { attribute: false },
    firstRead: { attribute: false },
    checkout: { state: true },
    error: { state: true },
    loading: { state: true },
  }

  /** Base URL of the companion server, e.g. `https://pay.example.com`. */
  server = ''

  /** Client secret of a checkout created by the merchant's backend. */
  clientSecret = ''

  /**
   * The create-checkout reply's `initial_state`, from the merchant's backend: the element draws the
   * checkout from it at once, without waiting for the server, then confirms with the server.
   */
  declare initialState?: string

  /** Catalog product id: the server creates the checkout at its own price (pages without a backend). */
  product = ''

  /**
   * The first read of this checkout, made already by whoever placed the element (`<pay-checkout>`):
   * drawn without a request of its own.
   */
  declare firstRead?: ClientBootstrap

  /** `light` or `dark`; unset follows the operating system. */
  declare theme?: PayTheme

  /** Client for the companion server; built from `server` when not set (tests inject a fake). */
  declare api?: PayApi

  /** The checkout as last reported by the server. */
  declare protected checkout?: ClientCheckout

  /** The client secret in use (the attribute's, or the one a catalog checkout was created with). */
  protected secret?: string

  /** Why loading or following failed, while it is shown. */
  declare protected error?: PayApiError

  declare private loading?: boolean

  protected readonly localize = new LocalizeController(this)

  /** Follow the checkout once it is shown; their code arrives by `import()` while the checkout loads. */
  private followed?: Followed
  private following?: Promise<Followed>

  private loadRun?: AbortController
  declare private reloadOnConnect?: boolean
  /** One creation per product for the life of this element, even across reconnects and retries. */
  private readonly creations = new Map<string, Promise<ClientCheckoutCreated>>()
  /** Checkouts for which pay-complete has been fired. */
  private readonly completed = new Set<string>()

  /** Aborted when the element leaves the page; subclasses pass it to the requests they make. */
  private lifetime = new AbortController()
  /** The checkout version whose first screens are read (or on their way), while connected. */
  declare private announcedVersion?: number

  /** Starts fetching each on-demand module (see `onDemand`); run once the element is idle after its first render. */
  private readonly prefetches: (() => Promise<unknown>)[] = []
  /** On-demand modules on their way: `updateComplete` waits for them, so "complete" means fully drawn. */
  private readonly arriving = new Set<Promise<unknown>>()

  protected get signal(): AbortSignal {
    return this.lifetime.signal
  }

  /**
   * The methods whose first screens (deposit, code…) this element draws: read with the checkout,
   * and again with each later version of it while the element is on the page, since any change may
   * concern them.
   */
  protected readonly firstScreenMethods: PaymentMethod[] = []

  /** The methods' first screens as the server gave them: a subclass takes its own. */
  protected takeFirstScreen(_screens: ClientFirstScreens): void {}

  /** Reading the first screens again failed: a subclass says so beside its payment. */
  protected firstScreenFailed(_error: PayApiError): void {}

  /** Reads the first screens again (one request, no preflight), e.g. when a provider's own deadline passes. */
  protected async readFirstScreen(): Promise<void> {
    try {
      // Only asked for once the checkout has been read, so the client and the secret are there.
      this.takeFirstScreen(await this.resolveApi()!.bootstrap(this.secret!, this.firstScreenMethods, undefined, { signal: this.signal }))
    } catch (error) {
      if (!this.signal.aborted) this.firstScreenFailed(PayApiError.from(error))
    }
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController()
    if (this.reloadOnConnect) {
      this.reloadOnConnect = false
      void this.load({ keepCheckout: true })
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.lifetime.abort()
    this.announcedVersion = undefined
    if (this.loadRun) {
      this.loadRun.abort()
      this.loadRun = undefined
      this.reloadOnConnect = true
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      this.isConnected &&
      (changed.has('server') || changed.has('clientSecret') || changed.has('product') || changed.has('api') || changed.has('firstRead'))
    ) {
      void this.load({ keepCheckout: false })
    }
    const checkout = this.checkout
    if (this.isConnected && checkout && this.secret && checkout.version !== this.announcedVersion) {
      this.announcedVersion = checkout.version
      if (this.firstScreenMethods[0]) void this.readFirstScreen()
    }
  }

  override render() {
    // Nothing until the strings of the page's language have arrived (see LocalizeController).
    if (!this.localize.ready) return nothing
    const checkout = this.checkout
    return html`
      <div part="base" class="base" lang=${this.localize.code()} dir=${this.localize.dir()}>
        <div part="header" class="header">
          <slot name="header"></slot>
          ${checkout?.description ? html`<p part="description" class="description">${checkout.description}</p>` : nothing}
          ${checkout ? html`<p part="amount" class="amount">${this.localize.formatMoney(checkout.amount, checkout.currency)}</p>` : nothing}
        </div>
        ${this.renderStatus(checkout)} ${this.followed?.renderCountdown(!!checkout && this.isPayable(checkout))} ${this.renderError()}
        ${checkout ? this.renderPayment(checkout) : nothing}
      </div>
    `
  }

  /**
   * Complete once rendered in the page's language and with every view it asked for: waits for
   * strings and on-demand modules that are on their way.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete()
    const loading = this.localize.loading ?? [...this.arriving][0]
    return loading ? loading.then(() => this.updateComplete) : done
  }

  /**
   * The views the payer may need next are fetched once the checkout is drawn, so they are there
   * before anyone clicks; not while its read is on its way, when their code would hold up the drawing.
   */
  private prefetchViews(): void {
    whenIdle(() => this.prefetches.splice(0).forEach((prefetch) => void prefetch()))
  }

  /**
   * A module of views (and their styles) kept off the first load: `load` is an `import()`. The
   * returned getter gives the module once it has arrived, else starts fetching it (if the idle
   * prefetch has not) and gives undefined, so the caller draws a placeholder; its arrival
   * re-renders the element.
   */
  protected onDemand<T extends object>(load: () => Promise<T>): () => T | undefined {
    let module: T | undefined
    let pending: Promise<unknown> | undefined
    const fetch = () =>
      (pending ??= load().then(
        (loaded) => {
          module = loaded
          // A module of views may bring its stylesheet as `styles`.
          const { styles } = loaded as { styles?: CSSResult }
          if (styles) this.addStyles(styles)
          this.requestUpdate()
        },
        // Offline for a moment: the next render asks again.
        () => (pending = undefined),
      ))
    this.prefetches.push(fetch)
    return () => {
      if (!module) {
        const arriving = fetch()
        this.arriving.add(arriving)
        void arriving.then(() => this.arriving.delete(arriving))
      }
      return module
    }
  }

  /** Adds a stylesheet that arrived on demand beside the ones the element started with. */
  private addStyles(styles: CSSResult): void {
    const root = this.renderRoot as ShadowRoot
    const sheet = styles.styleSheet
    if (!sheet) root.append(Object.assign(document.createElement('style'), { textContent: styles.cssText }))
    else if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  }

  /** The method-specific payment UI, below the summary, given the latest checkout. The chassis has none. */
  protected renderPayment(_checkout: ClientCheckout): unknown {
    return nothing
  }

  private renderStatus(checkout: ClientCheckout | undefined) {
    const tone = checkout && STATUS_TONES[checkout.status]
    // Always rendered, so the live region exists before its text changes and the change is read out.
    return html`
      <p part="status" class=${tone ? `status status--${tone}` : 'status'} role="status">
        ${this.statusText(checkout)}
        ${
          checkout?.status === 'underpaid'
            ? html`<span part="amount-due" class="amount-due">
                ${this.localize.term('amountDue', this.localize.formatMoney(checkout.amount_due, checkout.currency))}
              </span>`
            : nothing
        }
      </p>
    `
  }

  /** The payer's words for a failure: told apart by kind once error-view.ts is in (fetched on the first failure). */
  protected errorText(error: PayApiError): string {
    return this.errorView?.errorText(error, this.localize) ?? this.localize.term('errorRetryable')
  }

  private renderError() {
    const error = this.error
    if (!error) return nothing
    return html`
      <div part="error" class="error" role="alert">
        <p class="error-message">${this.errorText(error)}</p>
        ${
          error.retryable
            ? html`<button part="retry-button" class="retry-button" type="button" @click=${this.handleRetryClick}>
                ${this.localize.term('retry')}
              </button>`
            : nothing
        }
      </div>
    `
  }

  /**
   * The status line's words where the method knows more than the checkout's status says (an
   * address waiting for a transfer, a code waiting at the store, a card declined with nothing
   * charged); undefined keeps the shared words.
   */
  protected statusWords(_checkout: ClientCheckout): string | undefined {
    return undefined
  }

  private statusText(checkout: ClientCheckout | undefined): string {
    if (!checkout) return this.loading ? this.localize.term('loading') : ''
    const { status } = checkout
    return (
      this.statusWords(checkout) ??
      (status === 'paid'
        ? this.localize.term('paymentReceived')
        : status === 'expired'
          ? this.localize.term('checkoutExpired')
          : this.localize.status(status))
    )
  }

  private isPayable(checkout: ClientCheckout): boolean {
    return PAYABLE_STATUSES.includes(checkout.status)
  }

  private handleRetryClick(): void {
    void this.load({ keepCheckout: true })
  }

  private handleLiveCheckout(next: ClientCheckout): void {
    const previousStatus = this.checkout?.status
    this.checkout = next
    if (previousStatus && previousStatus !== next.status) {
      this.dispatchEvent(new PayStatusChangeEvent({ checkout: next, previousStatus }))
    }
    this.fireCompleteOnce(next)
  }

  /** Loads (or creates) the checkout, announces it, then follows it live. */
  private async load({ keepCheckout }: { keepCheckout: boolean }): Promise<void> {
    this.loadRun?.abort()
    this.followed?.live.stop()
    this.error = undefined
    if (!keepCheckout) this.checkout = undefined

    const api = this.resolveApi()
    if (!api || (!this.clientSecret && !this.product)) {
      this.loadRun = undefined
      this.loading = false
      return
    }

    const run = new AbortController()
    this.loadRun = run
    this.loading = true
    // The first read `<pay-checkout>` made and handed over: no request of our own.
    const handed = this.clientSecret && !this.secret && this.firstRead
    // Drawn at once: the handed read, or the page's initial state (not yet trusted). Either way no
    // secret to act with and no event until the live-status code (and the server's answer) are in.
    const initial = handed || (this.clientSecret && !keepCheckout ? readInitialState(this.initialState) : undefined)
    if (initial) this.showRead(initial)
    try {
      // The page's initial state is drawn first: its confirmation (a request, the live-status
      // code) waits for that frame rather than holding it up.
      if (initial && !handed) await afterNextPaint()
      if (run.signal.aborted) return
      // The first read (one request, or the catalog creation) unless handed over, and beside it the
      // countdown and live-status code: the checkout is taken as the server's once both are in.
      const [{ secret, read }, { live }] = await Promise.all([
        handed
          ? { secret: this.clientSecret, read: handed }
          : readOrCreate(api, this.creations, this.clientSecret, this.product, this.firstScreenMethods, this.initialState, run.signal),
        this.follow(),
      ])
      if (run.signal.aborted) return
      this.loading = false
      this.secret = secret
      const { checkout } = read
      this.showRead(read)
      // Listeners of pay-ready may look at the rendered summary.
      await this.updateComplete
      if (run.signal.aborted) return
      this.prefetchViews()
      this.dispatchEvent(new PayReadyEvent({ checkout }))
      this.fireCompleteOnce(checkout)
      if (!run.signal.aborted) live.follow(api, secret, checkout)
    } catch (error) {
      if (run.signal.aborted) return
      this.loading = false
      // What the initial state showed was never confirmed: only the failure is shown.
      if (initial && this.checkout === initial.checkout) this.checkout = undefined
      this.showError(PayApiError.from(error))
    } finally {
      if (this.loadRun === run) this.loadRun = undefined
    }
  }

  /** Shows a checkout with its first screens, which need no reading again for this version. */
  private showRead(read: ClientFirstScreens & { checkout: ClientCheckout }): void {
    this.takeFirstScreen(read)
    this.checkout = read.checkout
    this.announcedVersion = read.checkout.version
  }

  /**
   * The countdown and the live-status controller (event stream, long-poll), loaded on demand: they
   * are first needed once the checkout has arrived, so fetching them beside that request keeps them
   * off the first load. A failed fetch is forgotten, so Retry fetches again.
   */
  private follow(): Promise<Followed> {
    return (this.following ??= import('./controllers/follow.js').then(
      ({ follow }) =>
        (this.followed = follow(this, this.localize, {
          expiresAt: () => (this.checkout && this.isPayable(this.checkout) ? this.checkout.expires_at : null),
          onCheckout: (checkout) => this.handleLiveCheckout(checkout),
          onError: (error) => this.showError(error),
        })),
      (error: unknown) => {
        this.following = undefined
        throw error
      },
    ))
  }

  private readonly payApiFor = perServer(createPayApi)

  private resolveApi(): PayApi | undefined {
    if (this.api) return this.api
    return this.server ? this.payApiFor(this.server) : undefined
  }

  private errorView?: typeof ErrorView

  /** Shows a failure at once, then names its kind (which may take a question to the server) and fires pay-error. */
  private showError(error: PayApiError): void {
    this.error = error
    const told = this.diagnose(error).then((known) => {
      if (this.error !== error) return
      this.error = known
      this.requestUpdate()
      this.dispatchEvent(new PayErrorEvent({ code: known.code, message: known.message, retryable: known.retryable }))
    })
    this.arriving.add(told)
    void told.then(() => this.arriving.delete(told))
  }

  /** `error`, named by its kind where error-view.ts can tell (as it is, if that module cannot be fetched). */
  protected diagnose(error: PayApiError): Promise<PayApiError> {
    return import('./error-view.js')
      .then((view) => {
        this.errorView = view
        return view.diagnose(error, this.api ? '' : this.server, this.checkout?.status)
      })
      .catch(() => error)
  }

  private fireCompleteOnce(checkout: ClientCheckout): void {
    if (!isCompleteStatus(checkout.status) || this.completed.has(checkout.id)) return
    this.completed.add(checkout.id)
    this.dispatchEvent(new PayCompleteEvent({ checkout }))
  }
}

/**
 * Resolves once the next frame has been painted and the page is idle (or within 100 ms, as in a tab
 * that paints nothing while hidden).
 */
const afterNextPaint = (): Promise<void> =>
  new Promise((resolve) => {
    requestAnimationFrame(() => whenIdle(resolve))
    setTimeout(resolve, 100)
  })

/** Runs `work` once the page is idle, or in a task where the browser cannot tell (Safari). */
const whenIdle = (work: () => void): void => void (window.requestIdleCallback ?? setTimeout)(work)

/**
 * Registers an element unless its tag is taken. An embed script can land on a page twice; the
 * second copy must neither throw nor replace the first.
 */
export function definePayElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag)
  if (!existing) {
    customElements.define(tag, constructor)
    return
  }
  if (existing !== constructor) {
    console.warn(`<${tag}> is defined by another copy of pay-elements; the first one stays.`)
  }
}

/** The colour of a status line; the rest are neutral. */
const STATUS_TONES: Partial<Record<CheckoutStatus, 'success' | 'warning' | 'danger'>> = {
  paid: 'success',
  overpaid: 'success',
  underpaid: 'warning',
  failed: 'danger',
  expired: 'danger',
  canceled: 'danger',
}
