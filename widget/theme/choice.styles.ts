import { css } from 'lit'

/**
 * A radio choice drawn as a card (a coin, a network, a store): `<label class="choice"><input
 * type="radio">…</label>`. The card shows which one is chosen and where the keyboard is.
 */
export const choiceStyles = css`
  .choice {
    display: flex;
    align-items: center;
    gap: var(--_pay-space-s);
    padding: var(--_pay-space-s) var(--_pay-space-m);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--_pay-radius);
    cursor: pointer;
  }

  .choice:has(input:checked) {
    border-color: var(--_pay-color-accent);
    background: var(--_pay-color-surface-raised);
  }

  .choice:has(input:focus-visible) {
    outline: var(--_pay-focus-ring-width) solid var(--_pay-focus-ring-color);
    outline-offset: var(--_pay-focus-ring-offset);
  }
`
