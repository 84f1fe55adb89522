import { css } from 'lit'

/** Layout of the shared summary: amount, status, countdown and errors. */
export const payElementStyles = css`
  /* The element lays itself out by its own width (container queries), not the page's; long ids and codes wrap. */
  .base {
    container-type: inline-size;
    overflow-wrap: anywhere;
    display: grid;
    gap: var(--pay-space-m, 1rem);
    padding: var(--pay-space-l, 1.5rem);
    background: var(--_pay-color-surface);
    color: var(--_pay-color-text);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
  }

  .header {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
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
    font-size: var(--pay-font-size-large, 1.5rem);
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
    font-size: var(--pay-font-size-small, 0.875rem);
    font-variant-numeric: tabular-nums;
  }

  .error {
    display: grid;
    gap: var(--pay-space-s, 0.5rem);
    justify-items: start;
    padding: var(--pay-space-m, 1rem);
    color: var(--_pay-color-danger);
    border: 1px solid currentColor;
    border-radius: var(--pay-radius, 0.5rem);
  }

  .retry-button {
    min-height: 2.75rem;
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    font: inherit;
    font-weight: 600;
    color: var(--_pay-color-accent-text);
    background: var(--_pay-color-accent);
    border: none;
    border-radius: var(--pay-radius, 0.5rem);
    cursor: pointer;
  }
`
