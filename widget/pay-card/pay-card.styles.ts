import { css } from 'lit'

/** `<pay-card>`'s shadow parts: the progress line, the failure notice and the receipt. */
export const payCardStyles = css`
  p {
    margin: 0;
  }

  .progress:empty {
    display: none;
  }

  .notice {
    display: grid;
    gap: var(--_pay-space-xs);
    padding: var(--_pay-space-m);
    color: var(--_pay-color-danger);
    border: 1px solid currentColor;
    border-radius: var(--_pay-radius);
  }

  .detail {
    color: var(--_pay-color-text-muted);
    font-size: var(--_pay-font-size-small);
  }

  .receipt {
    display: grid;
    gap: var(--_pay-space-xs);
    padding: var(--_pay-space-m);
    border: 1px solid var(--_pay-color-success);
    border-radius: var(--_pay-radius);
  }

  .receipt-title {
    color: var(--_pay-color-success);
    font-weight: 700;
  }
`

/**
 * The card form lives in the light DOM (CCBill's script finds its fields by attribute across the
 * document), so its styles are a constructable sheet adopted by the page, scoped under `pay-card`:
 * no `<style>` element and no style attribute, nothing a strict Content-Security-Policy blocks.
 * The `--_pay-*` tokens reach the form through the slot.
 */
export const cardFormStyles = css`
  pay-card .pay-card-form {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--_pay-space-s);
  }

  pay-card .pay-card-form > * {
    grid-column: 1 / -1;
  }

  pay-card .pay-card-form > .pay-card-half {
    grid-column: auto;
  }

  pay-card .pay-card-field {
    display: grid;
    gap: var(--_pay-space-xs);
    align-content: start;
  }

  pay-card .pay-card-field label {
    font-weight: 500;
  }

  pay-card .pay-card-field input,
  pay-card .pay-card-field select {
    width: 100%;
    min-height: 2.75rem;
    margin: 0;
    padding: var(--_pay-space-s);
    font: inherit;
    color: var(--_pay-color-text);
    background: var(--_pay-color-surface);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--_pay-radius);
    box-sizing: border-box;
  }

  pay-card .pay-card-field [aria-invalid='true'] {
    border-color: var(--_pay-color-danger);
  }

  pay-card .pay-card-brand,
  pay-card .pay-card-error {
    margin: 0;
    font-size: var(--_pay-font-size-small);
  }

  pay-card .pay-card-brand {
    color: var(--_pay-color-text-muted);
  }

  pay-card .pay-card-error {
    color: var(--_pay-color-danger);
  }

  pay-card .pay-card-3ds iframe {
    width: 100%;
    min-height: 24rem;
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--_pay-radius);
  }

  pay-card .pay-card-submit {
    min-height: 2.75rem;
    margin-top: var(--_pay-space-s);
    padding: var(--_pay-space-s) var(--_pay-space-m);
    font: inherit;
    font-weight: 600;
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
    border-radius: var(--_pay-radius);
    cursor: pointer;
  }

  pay-card .pay-card-submit[disabled] {
    cursor: progress;
    opacity: 0.7;
  }

  pay-card .pay-card-form :focus-visible {
    outline: var(--_pay-focus-ring-width) solid var(--_pay-focus-ring-color);
    outline-offset: var(--_pay-focus-ring-offset);
  }
`
