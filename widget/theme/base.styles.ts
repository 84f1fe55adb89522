import { css } from 'lit'

/** Resets every element shares: sizing, `hidden`, the focus ring. (Nothing animates, so there is no motion to reduce.) */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--pay-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--pay-font-size, 1rem);
    line-height: 1.5;
    color: var(--_pay-color-text);
  }

  :host([hidden]),
  [hidden] {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: var(--pay-focus-ring-width, 2px) solid var(--_pay-focus-ring-color);
    outline-offset: var(--pay-focus-ring-offset, 2px);
  }

  /* Read by screen readers, not shown. */
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`
