import { css, html, nothing, svg } from 'lit'
import type { DepositView } from './crypto-api.js'
import type { CryptoStrings } from './i18n.js'

/**
 * `<pay-crypto>`'s views after a deposit has started: amount, address, memo, QR code and copy
 * buttons, and the deposit's last word once the checkout is final. Loaded on demand (fetched once
 * the coin picker is on screen), so the first load carries only the picker.
 */

export interface DepositViewInput {
  strings: CryptoStrings
  deposit: DepositView
  /** The key of the value just copied, if any. */
  copied: string | undefined
  /** An amount of `unit` as the payer reads numbers (the copy keeps the plain digits). */
  units: (amount: string, unit: string) => string
  onCopy: (event: Event) => void
  onChangeCoin: () => void
}

export function renderDeposit({ strings: s, deposit, copied, units, onCopy, onChangeCoin }: DepositViewInput) {
  const crypto = deposit.crypto ?? ''
  const partlyPaid = deposit.amount_paid !== '0' && deposit.amount_due !== null && deposit.amount_due !== '0'
  // `shown` is how the payer reads it; the copy button copies `value` exactly as the wallet needs it.
  const copyable = (key: string, value: string, shown = value) =>
    html`<span class="copyable"
      ><code class="value">${shown}</code>
      <button
        part="copy-button"
        class="copy"
        type="button"
        data-copy=${key}
        .value=${value}
        @click=${onCopy}
        aria-label=${`${s.copy}: ${shown}`}
      >
        ${copied === key ? s.copied : s.copy}
      </button></span
    >`
  return html`
    <div part="deposit" class="deposit">
      ${deposit.memo ? html`<p part="memo-warning" class="memo-warning" role="note"><strong>${s.memo}:</strong> ${s.memoWarning(crypto)}</p>` : nothing}
      ${deposit.qr ? renderQr(deposit.qr, s.qrLabel(`${crypto} (${deposit.network})`)) : nothing}
      <dl class="fields">
        <dt>${s.sendExactly}</dt>
        <dd>
          ${copyable('amount', `${partlyPaid ? deposit.amount_due : deposit.amount}`, units(`${partlyPaid ? deposit.amount_due : deposit.amount}`, crypto))}
        </dd>
        <dt>${s.network}</dt>
        <dd>${deposit.network}</dd>
        <dt>${s.toAddress}</dt>
        <dd part="address" class="address">${copyable('address', deposit.address ?? '')}</dd>
        ${
          deposit.memo
            ? html`<dt>${s.memo}</dt>
                <dd>${copyable('memo', deposit.memo)}</dd>`
            : nothing
        }
        <dt>${s.depositStatus}</dt>
        <dd part="deposit-status" class="deposit-status">${depositWord(s, deposit)}</dd>
      </dl>
      ${partlyPaid ? html`<p class="warning">${s.cryptoDue(units(deposit.amount_due!, crypto))}</p>` : nothing}
      ${deposit.status === 'Awaiting payment' ? html`<button class="link" type="button" @click=${onChangeCoin}>${s.changeCoin}</button>` : nothing}
    </div>
  `
}

/** The deposit's status once the checkout is final, and a warning not to pay an expired address. */
export function renderFinal(s: CryptoStrings, deposit: DepositView, expired: boolean) {
  return html`<p part="deposit-status" class="deposit-status">${s.depositStatus}: ${depositWord(s, deposit)}</p>
    ${expired && deposit.kind === 'native' ? html`<p class="warning">${s.expiredNoPay}</p>` : nothing}`
}

/** CCPayment's own word, exactly (merchants and support quote it), and what it means in the page's language. */
function depositWord(s: CryptoStrings, deposit: DepositView) {
  const said = s.depositStatuses[deposit.status]
  return html`<strong lang="en">${deposit.status}</strong>${said ? html` <span class="deposit-meaning">(${said})</span>` : nothing}`
}

/** Draws the QR code from the module matrix the server computed: one path, no QR library here. */
function renderQr(qr: { size: number; modules: string }, label: string) {
  const bits = atob(qr.modules)
  let path = ''
  for (let i = 0; i < qr.size * qr.size; i++) {
    if (bits.charCodeAt(i >> 3) & (0x80 >> (i & 7))) path += `M${i % qr.size} ${Math.floor(i / qr.size)}h1v1h-1z`
  }
  const edge = qr.size + 8 // four modules of quiet zone each side
  return html`<svg part="qr-code" class="qr" role="img" aria-label=${label} viewBox=${`-4 -4 ${edge} ${edge}`} shape-rendering="crispEdges">
    ${svg`<rect x="-4" y="-4" width=${edge} height=${edge} fill="#fff"></rect><path d=${path} fill="#000"></path>`}
  </svg>`
}

/** The deposit, the QR code, the copyable values and the warnings. */
export const styles = css`
  .deposit {
    display: grid;
    gap: var(--pay-space-m, 1rem);
  }

  .qr {
    width: var(--pay-crypto-qr-size, 12rem);
    height: var(--pay-crypto-qr-size, 12rem);
    justify-self: center;
    border-radius: var(--pay-radius, 0.5rem);
  }

  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    margin: 0;
  }

  .fields dt {
    color: var(--_pay-color-text-muted);
  }

  .fields dd {
    margin: 0;
    min-width: 0;
  }

  .copyable .value {
    font-family: var(--pay-font-family-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    overflow-wrap: anywhere;
    user-select: all;
  }

  .memo-warning {
    margin: 0;
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    color: var(--_pay-color-danger);
    border: 2px solid var(--_pay-color-danger);
    border-radius: var(--pay-radius, 0.5rem);
  }

  .warning {
    margin: 0;
    color: var(--_pay-color-warning);
    font-weight: 600;
  }

  .deposit-status {
    margin: 0;
  }

  @container (max-width: 24rem) {
    .fields {
      grid-template-columns: 1fr;
    }
  }
`
