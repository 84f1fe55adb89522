import { definePayElement, PayElement } from '../shared/pay-element.js'

/**
 * @summary Pays a checkout by card (CCBill).
 * @tag pay-card
 *
 * Shows the checkout summary and live status; the card form (CCBill Advanced Widget) comes in a
 * later version.
 *
 * @slot header - Merchant content above the amount, e.g. a logo.
 *
 * @csspart base - The box around everything.
 * @csspart header - Holds the header slot, the description and the amount.
 * @csspart description - What is being paid for.
 * @csspart amount - The amount, formatted for the page's language.
 * @csspart status - The live status line (a polite live region).
 * @csspart amount-due - "X still due", inside the status while underpaid.
 * @csspart countdown - Time left to pay, while the checkout is payable.
 * @csspart error - The error message.
 * @csspart retry-button - Tries again after an error that may pass.
 *
 * @cssproperty [--pay-color-accent=#1d4ed8] - Buttons and highlights.
 * @cssproperty [--pay-color-accent-text=#ffffff] - Text on the accent colour.
 * @cssproperty [--pay-color-text=#1a202c] - Body text.
 * @cssproperty [--pay-color-text-muted=#4a5568] - Secondary text.
 * @cssproperty [--pay-color-surface=#ffffff] - Background.
 * @cssproperty [--pay-color-surface-raised=#f5f7fa] - Background of raised areas.
 * @cssproperty [--pay-color-border=#cbd2dc] - Borders.
 * @cssproperty [--pay-color-danger=#b42318] - Errors and failed payments.
 * @cssproperty [--pay-color-success=#127a3e] - Completed payments.
 * @cssproperty [--pay-color-warning=#8a5a00] - Partial payments.
 * @cssproperty [--pay-radius=0.5rem] - Corner radius.
 * @cssproperty --pay-font-family - Font stack.
 * @cssproperty [--pay-font-size=1rem] - Base font size.
 * @cssproperty [--pay-space-m=1rem] - Spacing unit (also `-xs`, `-s`, `-l`).
 * @cssproperty [--pay-focus-ring-color=#1d4ed8] - Keyboard focus outline.
 *
 * @event {PayReadyEvent} pay-ready - The checkout loaded and is shown.
 * @event {PayStatusChangeEvent} pay-status-change - The server reported a new status.
 * @event {PayCompleteEvent} pay-complete - The checkout is paid (or overpaid); fired once.
 * @event {PayErrorEvent} pay-error - Loading or following the checkout failed.
 */
export class PayCard extends PayElement {}

definePayElement('pay-card', PayCard)

declare global {
  interface HTMLElementTagNameMap {
    'pay-card': PayCard
  }
}
