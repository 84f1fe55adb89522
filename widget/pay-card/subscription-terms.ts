import { css, html, nothing } from 'lit'
import type { LocalizeController } from '../i18n/localize.js'
import type { ClientCheckout } from '../shared/types.js'
import { cardStrings } from './i18n.js'

/**
 * A subscription's terms in the payer's words: what is paid now and for how long, what each
 * renewal costs, how often and how many times. Card networks require them before the payer
 * commits, so `<pay-card>` shows them above its form (its Pay button waits for them) and again on
 * the receipt. Loaded on demand: most checkouts are one-off payments.
 */

/** English here, the others in the element's language files. */
export interface TermsStrings {
  title: string
  /** `now` and `then` are formatted amounts, `first` and `every` formatted durations ("30 days"). */
  once: (now: string, first: string) => string
  untilCanceled: (now: string, first: string, then: string, every: string) => string
  times: (now: string, first: string, then: string, every: string, times: number) => string
}

const en: TermsStrings = {
  title: 'Subscription',
  once: (now, first) => `${now} for ${first}. It does not renew.`,
  untilCanceled: (now, first, then, every) => `${now} today for the first ${first}, then ${then} every ${every} until you cancel.`,
  times: (now, first, then, every, times) =>
    `${now} today for the first ${first}, then ${then} every ${every}, ${times === 1 ? 'once' : `${times} times`}.`,
}

/**
 * The terms of `checkout`'s subscription (none for a one-off payment), in the language `localize`
 * shows; amounts formatted as the element formats them.
 */
export function subscriptionTerms(checkout: ClientCheckout, localize: LocalizeController): { title: string; text: string } | undefined {
  const terms = checkout.subscription
  if (!terms) return undefined
  const s = cardStrings.get(localize.code())?.terms ?? en
  const days = (count: number) =>
    new Intl.NumberFormat(localize.intlLocale(), { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(count)
  const money = (amount: string) => localize.formatMoney(amount, checkout.currency)
  const now = money(checkout.amount)
  const first = days(terms.initial_period_days)
  if (terms.rebills === 0) return { title: s.title, text: s.once(now, first) }
  const then = money(terms.recurring_amount)
  const every = days(terms.recurring_period_days)
  return {
    title: s.title,
    text: terms.rebills >= 99 ? s.untilCanceled(now, first, then, every) : s.times(now, first, then, every, terms.rebills),
  }
}

/** The terms as a box (above the card form, and inside the receipt); nothing without a subscription. */
export function renderTerms(checkout: ClientCheckout, localize: LocalizeController) {
  const terms = subscriptionTerms(checkout, localize)
  return terms ? html`<p part="subscription-terms" class="terms"><strong>${terms.title}</strong><br />${terms.text}</p>` : nothing
}

export const styles = css`
  .terms {
    margin: 0;
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    background: var(--_pay-color-surface-raised);
    border-radius: var(--pay-radius, 0.5rem);
  }
`
