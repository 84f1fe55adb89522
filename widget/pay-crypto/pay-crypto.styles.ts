import { css } from 'lit'

export const payCryptoStyles = css`
  fieldset {
    border: 0;
    margin: 0 0 var(--_pay-space-m);
    padding: 0;
  }

  legend {
    font-weight: 600;
    margin-bottom: var(--_pay-space-s);
  }

  .options {
    display: grid;
    gap: var(--_pay-space-xs);
  }

  .options.coins {
    grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr));
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
    border-radius: var(--_pay-radius);
    cursor: pointer;
  }

  button.primary {
    width: 100%;
    padding: var(--_pay-space-s) var(--_pay-space-m);
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: 1px solid var(--_pay-color-accent);
  }

  button.secondary,
  button.copy {
    padding: var(--_pay-space-xs) var(--_pay-space-s);
    color: var(--_pay-color-accent);
    background: transparent;
    border: 1px solid var(--_pay-color-border);
  }

  button.copy {
    font-size: var(--_pay-font-size-small);
    margin-inline-start: var(--_pay-space-s);
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
