import { css, html } from 'lit'
import type { CardDeclineReason } from '@pay-elements/contract'
import type { LocaleCode } from '../i18n/translation.js'
import { brandOf, latinName, luhnValid, nameOnCardValid, type parseExpiry } from './card-input.js'
import { cardStrings, type CardField } from './i18n.js'

/**
 * What `<pay-card>` shows once the payer has acted: what to fix in the form, the bank's steps, why
 * a payment did not go through and the receipt, with their words (and the receipt's looks). Loaded on demand (fetched once the
 * form is on screen), so the first load carries only the form.
 */

/** English here, the others in the element's language files. */
export interface CardResultStrings {
  /** What to fix, shown under a field that is wrong. */
  invalid: Record<CardField, string>
  challenge: string
  checking: string
  /** Why a charge did not go through, in plain words. */
  declined: Record<CardDeclineReason, string>
  /** CCBill's own words, shown second. */
  bankSaid: (text: string) => string
  cardRefused: string
  errorRetryable: string
  approved: string
  cardEnding: (last4: string) => string
  reference: (id: string) => string
  errorFatal: string
}

const en: CardResultStrings = {
  invalid: {
    number: 'Enter the card number as printed on the card.',
    expiry: 'Enter the expiry date as MM / YY. The card must not have expired.',
    cvv: 'Enter the security code: 3 digits on the back, or 4 on the front of an American Express card.',
    name: 'Enter the name as printed on the card, in Latin letters (2 to 45).',
    email: 'Enter an email address such as name@example.com.',
    country: 'Choose your country.',
    postal: 'Enter your postal code (letters and digits, at most 16).',
  },
  challenge: 'Your bank wants to confirm it is you. Follow the steps below.',
  checking: 'Checking the payment with your bank…',
  declined: {
    declined: 'Your bank declined this card. Nothing was charged. Try another card, or ask your bank why.',
    authentication_failed: 'Your bank could not confirm it was you, so nothing was charged. Try again or use another card.',
    try_again: 'Your bank could not be reached just now. Nothing was charged. Please try again in a moment.',
  },
  bankSaid: (text) => `Message from the bank: ${text}`,
  cardRefused: 'These card details were not accepted. Check them and try again.',
  errorRetryable: 'The payment could not be completed just now. Please try again.',
  approved: 'Payment approved. Thank you!',
  cardEnding: (last4) => `Card ending ${last4}`,
  reference: (id) => `Reference: ${id}`,
  errorFatal: 'This order cannot be paid by card. Please contact the merchant.',
}

/** These words in the language `code` (the element renders in a language once its file has arrived). */
export const resultStrings = (code: LocaleCode): CardResultStrings => cardStrings.get(code)?.result ?? en

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const POSTAL = /^[a-z0-9][a-z0-9 -]{0,15}$/i

/** The fields whose values cannot be right, given the card's digits, its parsed expiry and the trimmed name. */
export function invalidFields(
  value: (field: CardField) => string,
  digits: string,
  expiry: ReturnType<typeof parseExpiry>,
  name: string,
): CardField[] {
  const valid: Record<CardField, boolean> = {
    number: luhnValid(digits),
    expiry: !!expiry,
    cvv: (brandOf(digits) === 'American Express' ? /^\d{4}$/ : /^\d{3}$/).test(value('cvv')),
    name: nameOnCardValid(latinName(name)),
    email: EMAIL.test(value('email')),
    country: !!value('country'),
    postal: POSTAL.test(value('postal')),
  }
  return (Object.keys(valid) as CardField[]).filter((field) => !valid[field])
}

/** The receipt; `terms` are the subscription's, when there is one. */
export function renderReceipt(s: CardResultStrings, amount: string, last4: string, id: string, terms: unknown) {
  return html`<div part="receipt" class="receipt" tabindex="-1">
    <p class="receipt-title">${s.approved}</p>
    <p>${amount}${last4 ? ` · ${s.cardEnding(last4)}` : ''}</p>
    <p>${s.reference(id)}</p>
    ${terms}
  </div>`
}

/** The failure notice and the receipt (the form's shadow styles on first load are in pay-card.styles.ts). */
export const styles = css`
  .notice,
  .receipt {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
    padding: var(--pay-space-m, 1rem);
    border: 1px solid var(--_pay-color-success);
    border-radius: var(--pay-radius, 0.5rem);
  }

  .notice {
    color: var(--_pay-color-danger);
    border-color: currentColor;
  }

  .detail {
    color: var(--_pay-color-text-muted);
    font-size: var(--pay-font-size-small, 0.875rem);
  }

  .receipt-title {
    color: var(--_pay-color-success);
    font-weight: 700;
  }
`
