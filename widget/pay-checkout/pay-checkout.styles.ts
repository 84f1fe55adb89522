import { css } from 'lit'

/**
 * The choice of method above the method's own element (which draws its own box); the status, error
 * and Retry button are styled as in every element (pay-element.styles.ts).
 */
export const payCheckoutStyles = css`
  /* A frame only: the choice and the method's element draw their own boxes. */
  .base {
    /* One column that never grows past the element, whatever the method's element holds. */
    grid-template-columns: minmax(0, 1fr);
    padding: 0;
    background: none;
    border: 0;
  }

  .methods {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
    min-width: 0;
    margin: 0;
    padding: var(--pay-space-m, 1rem);
    background: var(--_pay-color-surface);
    border: 1px solid var(--_pay-color-border);
    border-radius: var(--pay-radius, 0.5rem);
  }

  legend {
    float: left;
    margin-bottom: var(--pay-space-s, 0.5rem);
    padding: 0;
    font-weight: 600;
  }

  .choice {
    flex-wrap: wrap;
    min-height: 2.75rem;
    background: var(--_pay-color-surface);
  }

  .option-label {
    font-weight: 500;
  }

  .price {
    margin-inline-start: auto;
    color: var(--_pay-color-text-muted);
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  .note {
    margin: 0;
    color: var(--_pay-color-text-muted);
  }

  /* Focus lands here after a switch (the focus ring comes from the base styles). */
  .method {
    border-radius: var(--pay-radius, 0.5rem);
  }
`
