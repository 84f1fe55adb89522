import { html, nothing, type PropertyDeclarations } from 'lit'
import { PayApiError } from '../shared/api.js'
import { PayElement, perServer } from '../shared/pay-element.js'
import { choiceStyles } from '../theme/choice.styles.js'
import { isFinalStatus, type ClientCheckout, type ClientFirstScreens, type PaymentMethod } from '../shared/types.js'
import { createCryptoApi, type CoinOption, type CryptoApi, type DepositView } from './crypto-api.js'
import { formatUnits } from './units.js'
import { cryptoStrings } from './i18n.js'
import { payCryptoStyles } from './pay-crypto.styles.js'

/**
 * @summary Pays a checkout with a crypto deposit (CCPayment).
 * @tag pay-crypto
 *
 * Native mode: the payer picks a coin and network, then sees the amount, address, memo (where the
 * chain needs one), a QR code and the live deposit status. Hosted mode (`mode="hosted"`): a button
 * opens CCPayment's own checkout page and the element follows the status.
 *
 * @slot header - Merchant content above the amount, e.g. a logo.
 *
 * @csspart base - The box around everything.
 * @csspart header - Holds the header slot, the description and the amount.
 * @csspart description - What is being paid for.
 * @csspart amount - The amount, formatted for the page's language.
 * @csspart status - The live status line (a polite live region).
 * @csspart amount-due - "X still due", inside the status while underpaid.
 * @csspart countdown - Time left to pay, while the checkout is payable.
 * @csspart error - The error message.
 * @csspart retry-button - Tries again after an error that may pass.
 * @csspart coin-picker - The coin and network choice.
 * @csspart continue-button - Starts the deposit for the chosen network.
 * @csspart deposit - Amount, address, memo and QR code of the deposit.
 * @csspart qr-code - The QR code.
 * @csspart address - The deposit address.
 * @csspart memo-warning - The warning shown with a memo.
 * @csspart deposit-status - CCPayment's deposit status, word for word.
 * @csspart copy-button - Each copy button.
 * @csspart hosted-button - Opens the hosted checkout (hosted mode).
 *
 * @cssproperty [--pay-crypto-qr-size=12rem] - Edge length of the QR code.
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and is shown.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid (or overpaid); fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout failed.
 */
export class PayCrypto extends PayElement {
  static override styles = [PayElement.styles, choiceStyles, payCryptoStyles]

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    returnUrl: { attribute: 'return-url' },
    cryptoApi: { attribute: false },
    coins: { state: true },
    coinSymbol: { state: true },
    tokenId: { state: true },
    deposit: { state: true },
    choosing: { state: true },
    busy: { state: true },
    actionError: { state: true },
    copied: { state: true },
    copyFailed: { state: true },
  }

  /** `native` (address and QR code on this page) or `hosted` (CCPayment's own checkout page). */
  mode: 'native' | 'hosted' = 'native'

  /** Where the hosted page sends the payer back to; defaults to this page. */
  returnUrl = ''

  /** Client for the crypto routes; built from `server` when not set (tests inject a fake). */
  declare cryptoApi?: CryptoApi

  declare private coins?: CoinOption[]
  declare private coinSymbol?: string
  declare private tokenId?: string
  /** undefined: not asked yet; null: no deposit started. */
  declare private deposit?: DepositView | null
  private choosing = false
  private busy = false
  declare private actionError?: PayApiError
  declare private copied?: string
  private copyFailed = false

  private copiedTimer?: ReturnType<typeof setTimeout>
  private deadlineTimer?: ReturnType<typeof setTimeout>
  private readonly cryptoApiFor = perServer((server) => createCryptoApi(server))

  private readonly text = this.localize.use(cryptoStrings)
  /** The deposit views: on demand, since they follow the payer's choice or the server's answer. */
  private readonly views = this.onDemand(() => import('./deposit-view.js'))

  private get strings() {
    return this.text()
  }

  private get crypto(): CryptoApi {
    return this.cryptoApi ?? this.cryptoApiFor(this.server)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.copiedTimer)
    clearTimeout(this.deadlineTimer)
  }

  // "Payment in progress" would be untrue while the address waits for a transfer: nothing has moved yet.
  protected override statusWords(checkout: ClientCheckout): string | undefined {
    if (checkout.status !== 'pending') return undefined
    return this.mode === 'native' ? this.strings.awaitingTransfer : this.localize.status('open')
  }

  protected override readonly firstScreenMethods: PaymentMethod[] = ['crypto']

  protected override takeFirstScreen({ crypto }: ClientFirstScreens): void {
    if (!crypto) return
    const { deposit, coins } = crypto
    this.deposit = deposit
    if (coins) this.showCoins(coins)
    // No coins although one must be picked (CCPayment out of reach just then): asked for on their own.
    else if (!deposit && this.mode === 'native' && !this.coins) void this.act((secret) => this.loadCoins(secret))
    // CCPayment's status turns overdue at the order's own deadline, which may come a moment after
    // the checkout's (and after its live stream has closed): read it again then.
    clearTimeout(this.deadlineTimer)
    const left = deposit ? Date.parse(deposit.expires_at) - Date.now() : -1
    if (left >= 0 && /^(Awaiting payment|Underpayment)$/.test(deposit!.status)) {
      this.deadlineTimer = setTimeout(() => void this.readFirstScreen(), left + 500)
    }
  }

  protected override firstScreenFailed(error: PayApiError): void {
    this.actionError = error
  }

  private async loadCoins(secret: string) {
    this.showCoins(await this.crypto.options(secret, { signal: this.signal }))
  }

  private showCoins(coins: CoinOption[]) {
    this.coins = coins
    this.coinSymbol ??= coins[0]?.symbol
    this.tokenId ??= coins[0]?.networks[0]?.token_id
  }

  protected override renderPayment(checkout: ClientCheckout): unknown {
    const deposit = this.deposit
    if (isFinalStatus(checkout.status) || checkout.status === 'expired') {
      return deposit
        ? (this.views()?.renderFinal(this.strings, deposit, checkout.status === 'expired') ?? this.renderPlaceholder())
        : nothing
    }
    return html`${this.actionError ? this.renderActionError() : nothing}
      ${this.mode === 'hosted' ? this.renderHosted(deposit) : deposit && !this.choosing ? this.renderDeposit(deposit) : this.renderPicker()}
      <span class="visually-hidden" aria-live="polite"
        >${this.copied ? this.strings.copied : this.copyFailed ? this.strings.copyFailed : ''}</span
      >`
  }

  private renderActionError() {
    const error = this.actionError!
    return html`<div part="error" class="error" role="alert">
      <p class="error-message">${this.errorText(error)}</p>
    </div>`
  }

  private renderPicker() {
    const coins = this.coins
    if (!coins) return html`<p class="muted">${this.strings.loadingCoins}</p>`
    const coin = coins.find((c) => c.symbol === this.coinSymbol) ?? coins[0]
    return html`
      <form part="coin-picker" class="picker" @submit=${this.handleContinue}>
        <fieldset>
          <legend>${this.strings.chooseCoin}</legend>
          <div class="options coins">
            ${coins.map(
              (c) =>
                html`<label class="choice">
                  <input
                    type="radio"
                    name="coin"
                    .value=${c.symbol}
                    .checked=${c.symbol === coin?.symbol}
                    @change=${this.handleCoinChange}
                  />
                  <span class="option-label"><strong>${c.symbol}</strong> <span class="muted">${c.name}</span></span>
                </label>`,
            )}
          </div>
        </fieldset>
        ${
          coin
            ? html`<fieldset>
                <legend>${this.strings.chooseNetwork(coin.symbol)}</legend>
                <div class="options">
                  ${coin.networks.map(
                    (n) =>
                      html`<label class="choice">
                        <input
                          type="radio"
                          name="network"
                          .value=${n.token_id}
                          .checked=${n.token_id === this.tokenId}
                          @change=${this.handleNetworkChange}
                        />
                        <span class="option-label">${n.network} <span class="muted">(${n.name})</span></span>
                        <span class="option-amount">${formatUnits(n.amount, coin.symbol, this.localize.intlLocale())}</span>
                      </label>`,
                  )}
                </div>
              </fieldset>`
            : nothing
        }
        <button part="continue-button" class="primary" type="submit" ?disabled=${this.busy || !this.tokenId}>
          ${this.strings.continue}
        </button>
      </form>
    `
  }

  private renderDeposit(deposit: DepositView) {
    return (
      this.views()?.renderDeposit({
        strings: this.strings,
        deposit,
        copied: this.copied,
        units: (amount, unit) => formatUnits(amount, unit, this.localize.intlLocale()),
        onCopy: (event) => void this.handleCopy(event),
        onChangeCoin: () => void this.handleChangeCoin(),
      }) ?? this.renderPlaceholder()
    )
  }

  /** Shown for the moment an on-demand view may still be on its way. */
  private renderPlaceholder() {
    return html`<p class="muted">${this.localize.term('loading')}</p>`
  }

  private renderHosted(deposit: DepositView | null | undefined) {
    if (deposit?.url) {
      return html`<p class="muted">${this.strings.hostedWaiting}</p>
        <button part="hosted-button" class="secondary" type="button" @click=${() => this.openHosted(deposit.url!)}>
          ${this.strings.hostedOpenAgain}
        </button>`
    }
    return html`<button
      part="hosted-button"
      class="primary"
      type="button"
      ?disabled=${this.busy || deposit === undefined}
      @click=${this.handleHosted}
    >
      ${this.strings.hostedButton}
    </button>`
  }

  private handleCoinChange(event: Event) {
    this.coinSymbol = (event.target as HTMLInputElement).value
    this.tokenId = this.coins?.find((c) => c.symbol === this.coinSymbol)?.networks[0]?.token_id
  }

  private handleNetworkChange(event: Event) {
    this.tokenId = (event.target as HTMLInputElement).value
  }

  private async handleContinue(event: SubmitEvent) {
    event.preventDefault()
    if (!this.secret || !this.tokenId || this.busy) return
    await this.act(async (secret, signal) => {
      this.deposit = await this.crypto.startDeposit(secret, this.tokenId!, { signal })
      this.choosing = false
    })
  }

  private async handleChangeCoin() {
    this.choosing = true
    if (!this.coins && this.secret) await this.act((secret) => this.loadCoins(secret))
  }

  private async handleHosted() {
    // Open the window in the click's own task, or popup blockers step in; fill it in afterwards.
    const popup = window.open('', 'ccpayment', 'popup,width=480,height=720')
    await this.act(async (secret, signal) => {
      const deposit = await this.crypto.startHosted(secret, this.returnUrl || location.href, { signal })
      this.deposit = deposit
      if (deposit.url) this.openHosted(deposit.url, popup)
    })
    if (this.actionError) popup?.close()
  }

  private openHosted(url: string, popup: Window | null = window.open('', 'ccpayment', 'popup,width=480,height=720')) {
    if (popup) popup.location.href = url
    else location.assign(url) // popups blocked: go there in this tab
  }

  /** Runs a payer action once at a time, showing its failure in place. */
  private async act(work: (secret: string, signal: AbortSignal) => Promise<void>) {
    if (!this.secret) return
    this.busy = true
    this.actionError = undefined
    try {
      await work(this.secret, this.signal)
    } catch (error) {
      if (!this.signal.aborted) this.actionError = await this.diagnose(PayApiError.from(error))
    } finally {
      this.busy = false
    }
  }

  private async handleCopy(event: Event) {
    const button = event.currentTarget as HTMLButtonElement
    try {
      await navigator.clipboard.writeText(button.value)
      this.copied = button.dataset.copy
      this.copyFailed = false
    } catch {
      // No clipboard (an insecure page, a denied permission): say so; the value stays selectable.
      this.copied = undefined
      this.copyFailed = true
    }
    clearTimeout(this.copiedTimer)
    this.copiedTimer = setTimeout(() => {
      this.copied = undefined
      this.copyFailed = false
    }, 2000)
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pay-crypto': PayCrypto
  }
}
