import { css } from 'lit'

/** Layout of the shared summary: amount, status, countdown and errors. */
export const payElementStyles = css`
  .base {
    display: grid;
    gap: var(--_pay-space-m);
    padding: var(--_pay-space-l);
    background: var(--_pay-color-surface);
    color: var(--_pay-color-text);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--_pay-radius);
  }

  .header {
    display: grid;
    gap: var(--_pay-space-xs);
  }

  .description,
  .amount,
  .status,
  .countdown,
  .error-message {
    margin: 0;
  }

  .description {
    color: var(--_pay-color-text-muted);
  }

  .amount {
    font-size: var(--_pay-font-size-large);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .status {
    font-weight: 500;
  }

  .status--success {
    color: var(--_pay-color-success);
  }

  .status--warning,
  .amount-due {
    color: var(--_pay-color-warning);
  }

  .status--danger {
    color: var(--_pay-color-danger);
  }

  .amount-due {
    display: block;
    font-weight: 400;
  }

  .countdown {
    color: var(--_pay-color-text-muted);
    font-size: var(--_pay-font-size-small);
    font-variant-numeric: tabular-nums;
  }

  .error {
    display: grid;
    gap: var(--_pay-space-s);
    justify-items: start;
    padding: var(--_pay-space-m);
    color: var(--_pay-color-danger);
    border: 1px solid currentColor;
    border-radius: var(--_pay-radius);
  }

  .retry-button {
    min-height: 2.75rem;
    padding: var(--_pay-space-s) var(--_pay-space-m);
    font: inherit;
    font-weight: 600;
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
    border-radius: var(--_pay-radius);
    cursor: pointer;
  }
`
