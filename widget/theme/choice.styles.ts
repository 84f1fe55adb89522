import { css } from 'lit'

/**
 * A radio choice drawn as a card (a coin, a network, a store): `<label class="choice"><input
 * type="radio">…</label>`. The card shows which one is chosen and where the keyboard is.
 */
export const choiceStyles = css`
  .choice {
    display: flex;
    align-items: center;
    gap: var(--pay-space-s, 0.5rem);
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
    cursor: pointer;
  }

  .choice:has(input:checked) {
    border-color: var(--_pay-color-accent);
    background: var(--_pay-color-surface-raised);
  }

  .choice:has(input:focus-visible) {
    outline: var(--pay-focus-ring-width, 2px) solid var(--_pay-focus-ring-color);
    outline-offset: var(--pay-focus-ring-offset, 2px);
  }
`
