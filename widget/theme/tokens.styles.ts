import { css } from 'lit'

/**
 * Dark values, applied by `theme="dark"` and by the OS preference unless `theme="light"`.
 * Kept in one place so the two selectors below cannot drift apart.
 */
const darkTokens = css`
  --_pay-color-accent: var(--pay-color-accent, #7aa7ff);
  --_pay-color-accent-text: var(--pay-color-accent-text, #0b1220);
  --_pay-color-text: var(--pay-color-text, #e6e9ef);
  --_pay-color-text-muted: var(--pay-color-text-muted, #a3abb9);
  --_pay-color-surface: var(--pay-color-surface, #161a22);
  --_pay-color-surface-raised: var(--pay-color-surface-raised, #1f2430);
  --_pay-color-border: var(--pay-color-border, #3a4150);
  --_pay-color-danger: var(--pay-color-danger, #ff8a8a);
  --_pay-color-success: var(--pay-color-success, #6ee7a0);
  --_pay-color-warning: var(--pay-color-warning, #fcd34d);
  --_pay-focus-ring-color: var(--pay-focus-ring-color, #9ec0ff);
  color-scheme: dark;
`

/**
 * Design tokens, the public theming surface. A page sets `--pay-*` anywhere above the element
 * (`:root`, a wrapper, the tag itself) and it inherits in. Colours, whose defaults change with the
 * theme, are read through private `--_pay-*` copies that hold the defaults, so the defaults never
 * shadow what the page set; the other tokens (`--pay-space-*`, `--pay-radius`, `--pay-font-*`,
 * `--pay-focus-ring-width`/`-offset`) are read where they are used, with their default beside them.
 * Light colours meet WCAG AA contrast on the light surface; dark ones on the dark surface.
 */
export const tokenStyles = css`
  :host {
    --_pay-color-accent: var(--pay-color-accent, #1d4ed8);
    --_pay-color-accent-text: var(--pay-color-accent-text, #ffffff);
    --_pay-color-text: var(--pay-color-text, #1a202c);
    --_pay-color-text-muted: var(--pay-color-text-muted, #4a5568);
    --_pay-color-surface: var(--pay-color-surface, #ffffff);
    --_pay-color-surface-raised: var(--pay-color-surface-raised, #f5f7fa);
    --_pay-color-border: var(--pay-color-border, #cbd2dc);
    --_pay-color-danger: var(--pay-color-danger, #b42318);
    --_pay-color-success: var(--pay-color-success, #127a3e);
    --_pay-color-warning: var(--pay-color-warning, #8a5a00);

    --_pay-focus-ring-color: var(--pay-focus-ring-color, #1d4ed8);

    color-scheme: light;
  }

  :host([theme='dark']) {
    ${darkTokens}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
`
