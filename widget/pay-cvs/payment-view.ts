import { css, html, nothing } from 'lit'
import type { CvsStore } from '../../server/providers/nicepay/views.js'
import { LocaleStrings } from '../i18n/localize.js'
import type { CvsPayment } from './cvs-api.js'
import { groupCode, storeMark } from './marks.js'

/**
 * `<pay-cvs>`'s views after the server has answered: the issued code with its steps, and the
 * paid and expired results, with their words. Loaded on demand (fetched once the form is on
 * screen), so the first load carries only the form.
 */

/** The words of these views; the store's name comes from the element's own strings. */
export interface CvsViewStrings {
  codeLabel: string
  /** For screen readers: the code spelled out digit by digit. */
  codeSpoken: (digits: string) => string
  payAt: (store: string) => string
  amountToPay: string
  payBefore: string
  copy: string
  copied: string
  copyFailed: string
  ready: string
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
}

const en: CvsViewStrings = {
  codeLabel: 'Payment code',
  codeSpoken: (digits) => `Payment code ${digits}`,
  payAt: (store) => `Pay at ${store}`,
  amountToPay: 'Amount to pay',
  payBefore: 'Pay before',
  copy: 'Copy code',
  copied: 'Payment code copied',
  copyFailed: 'Could not copy. Select the code and copy it yourself.',
  ready: 'The cashier has found your bill. Pay now to finish.',
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
}

export const viewStrings = new LocaleStrings<CvsViewStrings>(en, {
  id: () => import('./view-i18n-id.js'),
  'zh-CN': () => import('./view-i18n-zh-CN.js'),
})

export interface CodeViewInput {
  strings: CvsViewStrings
  /** The store's name, in the page's language. */
  storeName: string
  payment: CvsPayment
  /** The amount, formatted for the page. */
  amount: string
  /** The deadline, formatted for the page (Asia/Jakarta). */
  deadline: string
  checking: boolean
  onCopy: () => void
  onPrint: () => void
  onCheck: () => void
}

export function renderCode({ strings: s, storeName, payment, amount, deadline, checking, onCopy, onPrint, onCheck }: CodeViewInput) {
  const groups = groupCode(payment.pay_no)
  return html`
    <section part="payment" class="payment" aria-labelledby="code-label">
      <p part="store" class="store">${storeMark(payment.store)}<span>${s.payAt(storeName)}</span></p>
      <p id="code-label" class="code-label">${s.codeLabel}</p>
      <p part="payment-code" class="code">
        <span aria-hidden="true">${groups.map((group) => html`<span class="code-group">${group}</span>`)}</span>
        <span class="visually-hidden">${s.codeSpoken(payment.pay_no.split('').join(' '))}</span>
      </p>
      <button part="copy-button" class="secondary no-print" type="button" @click=${onCopy}>${s.copy}</button>
      <dl class="facts">
        <div>
          <dt>${s.amountToPay}</dt>
          <dd part="payment-amount">${amount}</dd>
        </div>
        <div>
          <dt>${s.payBefore}</dt>
          <dd part="deadline"><time datetime=${payment.expires_at}>${deadline}</time></dd>
        </div>
      </dl>
      ${payment.status === 'ready' ? html`<p class="ready">${s.ready}</p>` : nothing}
      <p id="instructions-title" class="instructions-title">${s.instructionsTitle}</p>
      <ol part="instructions" class="instructions" aria-labelledby="instructions-title">
        ${[s.goTo[payment.store], ...s.steps(groups.join(' '), amount)].map((step) => html`<li>${step}</li>`)}
      </ol>
      <div class="actions no-print">
        <button part="print-button" class="secondary" type="button" @click=${onPrint}>${s.print}</button>
        <button part="check-button" class="secondary" type="button" ?disabled=${checking} @click=${onCheck}>
          ${checking ? s.checking : s.check}
        </button>
      </div>
    </section>
  `
}

/** The final result: paid (naming the store when a code was issued) or expired. */
export function renderResult(
  s: CvsViewStrings,
  storeNames: Record<CvsStore, string>,
  paid: boolean,
  payment: CvsPayment | null | undefined,
) {
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
      <p class="result-title">${paid ? s.paidTitle : s.expiredTitle}</p>
      ${paid ? (payment ? html`<p>${s.paidBody(storeNames[payment.store])}</p>` : nothing) : html`<p>${s.expiredBody}</p>`}
    </div>
  </div>`
}

/** The code view, the result, and the printed slip. */
export const styles = css`
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

  .code {
    display: flex;
    margin: 0;
    font-family: var(--pay-font-family-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    font-size: var(--_pay-cvs-code-size);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.05em;
  }

  .code-group + .code-group {
    margin-inline-start: 0.5em;
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

  .ready {
    margin: 0;
    color: var(--_pay-color-success);
    font-weight: 500;
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
