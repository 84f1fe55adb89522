import { css, html, nothing } from 'lit'
import type { CvsStore } from '@pay-elements/contract'
import type { LocalizeController } from '../i18n/localize.js'
import { PayApiError } from '../shared/api.js'
import { cvsClient, type CvsApi, type CvsPayment } from './cvs-api.js'
import { cvsStrings, type CvsStrings } from './i18n.js'
import { groupCode, storeMark } from './marks.js'

/**
 * `<pay-cvs>`'s views after the server has answered: the issued code with its steps (and what its
 * buttons do: copy, print, check now), and the paid and expired results, with their words. Loaded
 * on demand (fetched once the form is on screen), so the first load carries only the form.
 */

/** The words of these views (English here, the others in the element's language files); the store's name comes from the element's own strings. */
export interface CvsViewStrings {
  /** The status line while the code waits at the store. */
  awaitingStore: string
  /** The status line once an Alfamart-group cashier has found the code (NICEPAY's "ready"). */
  ready: string
  codeLabel: string
  /** For screen readers: the code spelled out digit by digit. */
  codeSpoken: (digits: string) => string
  payAt: (store: string) => string
  amountToPay: string
  payBefore: string
  copy: string
  copied: string
  copyFailed: string
  instructionsTitle: string
  /** The first step at the till: which stores take the code. */
  goTo: Record<CvsStore, string>
  /** The other steps; `code` is grouped for reading aloud, `amount` formatted. */
  steps: (code: string, amount: string) => string[]
  print: string
  check: string
  checking: string
  paidTitle: string
  paidBody: (store: string) => string
  expiredTitle: string
  expiredBody: string
  /** The checkout ran out before any code was issued. */
  expiredNoCodeTitle: string
  expiredNoCodeBody: string
}

const en: CvsViewStrings = {
  awaitingStore: 'Awaiting payment at the store',
  ready: 'The cashier has found your bill. Pay now to finish.',
  codeLabel: 'Payment code',
  codeSpoken: (digits) => `Payment code ${digits}`,
  payAt: (store) => `Pay at ${store}`,
  amountToPay: 'Amount to pay',
  payBefore: 'Pay before',
  copy: 'Copy code',
  copied: 'Payment code copied',
  copyFailed: 'Could not copy. Select the code and copy it yourself.',
  instructionsTitle: 'How to pay',
  goTo: {
    indomaret: 'Go to any Indomaret store.',
    alfamart: 'Go to any Alfamart, Alfamidi, Lawson or Dan+Dan store.',
  },
  steps: (code, amount) => [
    'Tell the cashier you want to pay an online purchase with a NICEPAY payment code.',
    `Show this page or read out the payment code: ${code}.`,
    `Check the amount the cashier tells you: ${amount}.`,
    'Pay in cash and keep the receipt.',
    'This page shows "Payment received" once the store has confirmed it.',
  ],
  print: 'Print',
  check: 'I have paid: check now',
  checking: 'Checking…',
  paidTitle: 'Paid. Thank you!',
  paidBody: (store) => `Your payment at ${store} has been received.`,
  expiredTitle: 'This payment code has expired',
  expiredBody: 'Do not pay it at the store any more. Ask the merchant for a new order.',
  expiredNoCodeTitle: 'This order has expired',
  expiredNoCodeBody: 'No payment code was issued for it, so there is nothing to pay at a store. Ask the merchant for a new order.',
}

/** The element's state, as these views read and move it. */
export interface CvsCodeHost {
  /** undefined: not asked yet; null: no code issued. */
  payment?: CvsPayment | null | undefined
  checking: boolean
  actionError?: PayApiError | undefined
  /** What the polite region says. */
  announcement: string
  announceTimer?: ReturnType<typeof setTimeout> | undefined
  /** The element's own words (the stores' names). */
  readonly strings: CvsStrings
  readonly cvsApi?: CvsApi | undefined
  readonly server: string
  /** The checkout's secret (once known) and the signal that ends with the element's life on the page. */
  readonly session: { secret?: string | undefined; signal: AbortSignal }
}

/** The views, with their words in the language `localize` shows (its file came before the element's first render in it). */
export function loadViews(localize: LocalizeController) {
  const text = () => cvsStrings.get(localize.code())?.views ?? en
  return {
    styles,
    /** The status line while a code is out: waiting at the store, or found by the cashier. */
    statusWords: (payment: CvsPayment | null | undefined) => (payment?.status === 'ready' ? text().ready : text().awaitingStore),
    /** The issued code, the amount, the deadline and the steps at the till, with copy, print and check-now buttons. */
    renderCode: (host: CvsCodeHost, payment: CvsPayment) => renderCode(text(), localize, host, payment),
    /** The final result: paid (naming the store when a code was issued) or expired (saying whether a code ever was). */
    renderResult: (host: CvsCodeHost, paid: boolean) =>
      renderResult(text(), paid, host.payment && host.strings.storeNames[host.payment.store], !!host.payment),
  }
}

function renderCode(s: CvsViewStrings, localize: LocalizeController, host: CvsCodeHost, payment: CvsPayment) {
  const groups = groupCode(payment.pay_no)
  const amount = localize.formatMoney(payment.amount, payment.currency)
  return html`
    <section part="payment" class="payment" aria-labelledby="code-label">
      <p part="store" class="store">${storeMark(payment.store)}<span>${s.payAt(host.strings.storeNames[payment.store])}</span></p>
      <p id="code-label" class="code-label">${s.codeLabel}</p>
      <p part="payment-code" class="code">
        <span aria-hidden="true">${groups.map((group) => html`<span class="code-group">${group}</span>`)}</span>
        <span class="visually-hidden">${s.codeSpoken(payment.pay_no.split('').join(' '))}</span>
      </p>
      <button part="copy-button" class="secondary no-print" type="button" @click=${() => void copy(host, s)}>${s.copy}</button>
      <dl class="facts">
        <div>
          <dt>${s.amountToPay}</dt>
          <dd part="payment-amount">${amount}</dd>
        </div>
        <div>
          <dt>${s.payBefore}</dt>
          <dd part="deadline"><time datetime=${payment.expires_at}>${formatDeadline(payment.expires_at, localize.code())}</time></dd>
        </div>
      </dl>
      <p id="instructions-title" class="instructions-title">${s.instructionsTitle}</p>
      <ol part="instructions" class="instructions" aria-labelledby="instructions-title">
        ${[s.goTo[payment.store], ...s.steps(groups.join(' '), amount)].map((step) => html`<li>${step}</li>`)}
      </ol>
      <div class="actions no-print">
        <button part="print-button" class="secondary" type="button" @click=${() => window.print()}>${s.print}</button>
        <button part="check-button" class="secondary" type="button" ?disabled=${host.checking} @click=${() => void check(host)}>
          ${host.checking ? s.checking : s.check}
        </button>
      </div>
    </section>
  `
}

function renderResult(s: CvsViewStrings, paid: boolean, storeName: string | null | undefined, codeIssued: boolean) {
  return html`<div part="result" class="result result--${paid ? 'paid' : 'expired'}">
    <svg class="result-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" fill="currentColor" />
      <path
        d=${paid ? 'M6.5 12.5l3.5 3.5 7.5-8' : 'M12 6v7M12 16.5v.5'}
        fill="none"
        stroke="#ffffff"
        stroke-width="2.5"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
    <div>
      <p class="result-title">${paid ? s.paidTitle : codeIssued ? s.expiredTitle : s.expiredNoCodeTitle}</p>
      ${paid ? (storeName ? html`<p>${s.paidBody(storeName)}</p>` : nothing) : html`<p>${codeIssued ? s.expiredBody : s.expiredNoCodeBody}</p>`}
    </div>
  </div>`
}

/** The deadline in the page's language, in Jakarta time (where the stores are). */
function formatDeadline(iso: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
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

async function copy(host: CvsCodeHost, s: CvsViewStrings) {
  const code = host.payment?.pay_no
  if (!code) return
  try {
    await navigator.clipboard.writeText(code)
    announce(host, s.copied)
  } catch {
    announce(host, s.copyFailed)
  }
}

/** "I have paid": asks the server to check with NICEPAY now. */
async function check(host: CvsCodeHost) {
  const { secret, signal } = host.session
  if (!secret || host.checking) return
  host.checking = true
  try {
    const payment = await cvsClient(host).checkPayment(secret, { signal })
    if (payment) host.payment = payment
    host.actionError = undefined
  } catch (error) {
    if (!signal.aborted) host.actionError = PayApiError.from(error)
  } finally {
    host.checking = false
  }
}

/** Speaks `text` once in the polite region (cleared after a while so the same words can be spoken again). */
function announce(host: CvsCodeHost, text: string) {
  clearTimeout(host.announceTimer)
  host.announcement = text
  host.announceTimer = setTimeout(() => (host.announcement = ''), 4000)
}

/** The code view and its buttons, the result, and the printed slip. */
const styles = css`
  :host {
    --_pay-cvs-code-size: var(--pay-cvs-code-size, 2rem);
  }

  .payment {
    display: grid;
    gap: var(--pay-space-s, 0.5rem);
    justify-items: start;
  }

  .store {
    display: flex;
    align-items: center;
    gap: var(--pay-space-s, 0.5rem);
    margin: 0;
    font-weight: 600;
  }

  .code-label,
  .instructions-title {
    margin: var(--pay-space-s, 0.5rem) 0 0;
    font-weight: 600;
  }

  /* As large as the element's width allows; on a narrow phone the groups of four go on two lines. */
  .code {
    margin: 0;
    font-family: var(--pay-font-family-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    font-size: clamp(1.25rem, 8cqi, var(--_pay-cvs-code-size));
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.05em;
  }

  .code > span {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.5em;
  }

  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--pay-space-m, 1rem);
    margin: 0;
  }

  .facts dt {
    color: var(--_pay-color-text-muted);
    font-size: var(--pay-font-size-small, 0.875rem);
  }

  .facts dd {
    margin: 0;
    font-weight: 600;
  }

  .instructions {
    margin: 0;
    padding-inline-start: 1.5rem;
  }

  .instructions li + li {
    margin-top: var(--pay-space-xs, 0.25rem);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--pay-space-s, 0.5rem);
  }

  .secondary {
    color: var(--_pay-color-accent);
    background: transparent;
    border: 1px solid currentColor;
  }

  .result {
    display: flex;
    gap: var(--pay-space-m, 1rem);
    align-items: flex-start;
    padding: var(--pay-space-m, 1rem);
    border: 1px solid currentColor;
    border-radius: var(--pay-radius, 0.5rem);
  }

  .result p {
    margin: 0;
    color: var(--_pay-color-text);
  }

  .result .result-title {
    font-weight: 700;
    font-size: var(--pay-font-size-large, 1.5rem);
  }

  .result--paid {
    color: var(--_pay-color-success);
  }

  .result--expired {
    color: var(--_pay-color-danger);
  }

  .result-icon {
    flex: none;
    width: 2.5rem;
    height: 2.5rem;
  }

  /* The printed slip: the code, store, amount, deadline and steps; no buttons, no live timer. */
  @media print {
    .base {
      border: 0;
      padding: 0;
      color: #000000;
      background: #ffffff;
    }

    .no-print,
    .countdown,
    .retry-button {
      display: none !important;
    }

    .code {
      color: #000000;
      font-size: calc(var(--_pay-cvs-code-size) * 1.25);
    }

    .payment {
      break-inside: avoid;
    }
  }
`
