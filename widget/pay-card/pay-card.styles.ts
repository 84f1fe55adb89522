import { css } from 'lit'

/** `<pay-card>`'s shadow parts on first load: the progress line (the notice and the receipt come with card-result.ts). */
export const payCardStyles = css`
  p {
    margin: 0;
  }

  .progress:empty {
    display: none;
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
    gap: var(--pay-space-s, 0.5rem);
  }

  pay-card .pay-card-form > * {
    grid-column: 1 / -1;
  }

  pay-card .pay-card-form > .pay-card-half {
    grid-column: auto;
  }

  pay-card .pay-card-field {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
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
    padding: var(--pay-space-s, 0.5rem);
    font: inherit;
    color: var(--_pay-color-text);
    background: var(--_pay-color-surface);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
    box-sizing: border-box;
  }

  pay-card .pay-card-field [aria-invalid='true'] {
    border-color: var(--_pay-color-danger);
  }

  pay-card .pay-card-brand,
  pay-card .pay-card-error {
    margin: 0;
    font-size: var(--pay-font-size-small, 0.875rem);
  }

  pay-card .pay-card-brand {
    color: var(--_pay-color-text-muted);
  }

  pay-card .pay-card-error {
    color: var(--_pay-color-danger);
  }

  /* As tall as CCBill makes the bank's window, no taller. */
  pay-card .pay-card-3ds iframe {
    display: block;
    width: 100%;
    margin-bottom: var(--pay-space-m, 1rem);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
  }

  pay-card .pay-card-form[inert] {
    opacity: 0.5;
  }

  pay-card .pay-card-submit {
    min-height: 2.75rem;
    margin-top: var(--pay-space-s, 0.5rem);
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    font: inherit;
    font-weight: 600;
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
    border-radius: var(--pay-radius, 0.5rem);
    cursor: pointer;
  }

  pay-card .pay-card-submit[disabled] {
    cursor: progress;
    opacity: 0.7;
  }

  pay-card .pay-card-form :focus-visible {
    outline: var(--pay-focus-ring-width, 2px) solid var(--_pay-focus-ring-color);
    outline-offset: var(--pay-focus-ring-offset, 2px);
  }
`
