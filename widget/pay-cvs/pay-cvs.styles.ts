import { css } from 'lit'

/** `<pay-cvs>` on first load: the store choice and form, the buttons. The code view's styles come with it (payment-view.ts). */
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
`
