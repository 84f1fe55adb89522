import { css } from 'lit'

/** `<pay-cvs>`: the store choice and form, the payment code, the steps, the result, and the printed page. */
export const payCvsStyles = css`
  :host {
    --_pay-cvs-code-size: var(--pay-cvs-code-size, 2rem);
  }

  .form {
    display: grid;
    gap: var(--_pay-space-xs);
  }

  fieldset {
    display: grid;
    gap: var(--_pay-space-s);
    border: 0;
    margin: 0;
    padding: 0;
  }

  legend {
    font-weight: 600;
    margin-bottom: var(--_pay-space-s);
  }

  .store-text {
    display: grid;
  }

  .store-name {
    font-weight: 600;
  }

  .store-note,
  .hint {
    color: var(--_pay-color-text-muted);
    font-size: var(--_pay-font-size-small);
  }

  .mark {
    flex: none;
    width: 2rem;
    height: 2rem;
  }

  .field {
    margin-top: var(--_pay-space-s);
    font-weight: 500;
  }

  input:not([type='radio']) {
    min-height: 2.75rem;
    padding: var(--_pay-space-s);
    font: inherit;
    color: var(--_pay-color-text);
    background: var(--_pay-color-surface);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--_pay-radius);
  }

  input[aria-invalid='true'] {
    border-color: var(--_pay-color-danger);
  }

  .hint,
  .field-error,
  .note {
    margin: 0;
  }

  .field-error,
  .action-error {
    color: var(--_pay-color-danger);
  }

  .action-error p {
    margin: 0;
  }

  button {
    min-height: 2.75rem;
    padding: var(--_pay-space-s) var(--_pay-space-m);
    font: inherit;
    font-weight: 600;
    border-radius: var(--_pay-radius);
    cursor: pointer;
  }

  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }

  .primary {
    margin-top: var(--_pay-space-m);
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
  }

  .secondary {
    color: var(--_pay-color-accent);
    background: transparent;
    border: 1px solid currentColor;
  }

  .payment {
    display: grid;
    gap: var(--_pay-space-s);
    justify-items: start;
  }

  .store {
    display: flex;
    align-items: center;
    gap: var(--_pay-space-s);
    margin: 0;
    font-weight: 600;
  }

  .code-label,
  .instructions-title {
    margin: var(--_pay-space-s) 0 0;
    font-weight: 600;
  }

  .code {
    display: flex;
    margin: 0;
    font-family: var(--_pay-font-family-mono);
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
    gap: var(--_pay-space-m);
    margin: 0;
  }

  .facts dt {
    color: var(--_pay-color-text-muted);
    font-size: var(--_pay-font-size-small);
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
    margin-top: var(--_pay-space-xs);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_pay-space-s);
  }

  .result {
    display: flex;
    gap: var(--_pay-space-m);
    align-items: flex-start;
    padding: var(--_pay-space-m);
    border: 1px solid currentColor;
    border-radius: var(--_pay-radius);
  }

  .result p {
    margin: 0;
    color: var(--_pay-color-text);
  }

  .result .result-title {
    font-weight: 700;
    font-size: var(--_pay-font-size-large);
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
