import { css } from 'lit'

export const payCryptoStyles = css`
  fieldset {
    border: 0;
    margin: 0 0 var(--pay-space-m, 1rem);
    padding: 0;
  }

  legend {
    font-weight: 600;
    margin-bottom: var(--pay-space-s, 0.5rem);
  }

  .options {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
  }

  /* Rows of two or three coins, so six coins fill their rows evenly at any width. */
  .options.coins {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }

  /* The symbol, and the coin's name under it (it may wrap, the symbol does not). */
  .coins .option-label {
    display: grid;
  }

  @container (min-width: 26rem) {
    .options.coins {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }

  .option-amount {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
  }

  .muted {
    color: var(--_pay-color-text-muted);
  }

  button.primary,
  button.secondary,
  button.copy {
    font: inherit;
    border-radius: var(--pay-radius, 0.5rem);
    cursor: pointer;
  }

  button.primary {
    width: 100%;
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: 1px solid var(--_pay-color-accent);
  }

  button.secondary,
  button.copy {
    padding: var(--pay-space-xs, 0.25rem) var(--pay-space-s, 0.5rem);
    color: var(--_pay-color-accent);
    background: transparent;
    border: 1px solid var(--_pay-color-border);
  }

  button.copy {
    font-size: var(--pay-font-size-small, 0.875rem);
    margin-inline-start: var(--pay-space-s, 0.5rem);
  }

  button.link {
    font: inherit;
    padding: 0;
    color: var(--_pay-color-accent);
    background: none;
    border: 0;
    text-decoration: underline;
    cursor: pointer;
    justify-self: start;
  }

  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
`
