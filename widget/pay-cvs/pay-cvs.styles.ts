import { css } from 'lit'

/**
 * `<pay-cvs>` on first load: the store choice and form, its button. The field errors' styles come
 * with the code that sets them (cvs-actions.ts); the code view's, its buttons' included, with it
 * (payment-view.ts).
 */
export const payCvsStyles = css`
  .form {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
  }

  fieldset {
    display: grid;
    gap: var(--pay-space-s, 0.5rem);
    border: 0;
    margin: 0;
    padding: 0;
  }

  legend {
    font-weight: 600;
    margin-bottom: var(--pay-space-s, 0.5rem);
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
    font-size: var(--pay-font-size-small, 0.875rem);
  }

  .mark {
    flex: none;
    width: 2rem;
    height: 2rem;
  }

  .field {
    margin-top: var(--pay-space-s, 0.5rem);
    font-weight: 500;
  }

  input:not([type='radio']) {
    min-height: 2.75rem;
    padding: var(--pay-space-s, 0.5rem);
    font: inherit;
    color: var(--_pay-color-text);
    background: var(--_pay-color-surface);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
  }

  .hint,
  .note {
    margin: 0;
  }

  button {
    min-height: 2.75rem;
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    font: inherit;
    font-weight: 600;
    border-radius: var(--pay-radius, 0.5rem);
    cursor: pointer;
  }

  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }

  .primary {
    margin-top: var(--pay-space-m, 1rem);
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
  }
`
