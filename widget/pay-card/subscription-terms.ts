import { css, html } from 'lit'
import type { LocaleCode } from '../i18n/translation.js'
import type { ClientCheckout } from '../shared/types.js'

/**
 * A subscription's terms in the payer's words: what is paid now and for how long, what each
 * renewal costs, how often and how many times. Card networks require them before the payer
 * commits, so `<pay-card>` shows them above its form (its Pay button waits for them) and again on
 * the receipt. Loaded on demand: most checkouts are one-off payments.
 */

interface TermsStrings {
  title: string
  /** `now` and `then` are formatted amounts, `first` and `every` formatted durations ("30 days"). */
  once: (now: string, first: string) => string
  untilCanceled: (now: string, first: string, then: string, every: string) => string
  times: (now: string, first: string, then: string, every: string, times: number) => string
}

const STRINGS: Record<LocaleCode, TermsStrings> = {
  en: {
    title: 'Subscription',
    once: (now, first) => `${now} for ${first}. It does not renew.`,
    untilCanceled: (now, first, then, every) => `${now} today for the first ${first}, then ${then} every ${every} until you cancel.`,
    times: (now, first, then, every, times) =>
      `${now} today for the first ${first}, then ${then} every ${every}, ${times === 1 ? 'once' : `${times} times`}.`,
  },
  id: {
    title: 'Langganan',
    once: (now, first) => `${now} untuk ${first}. Tidak diperpanjang.`,
    untilCanceled: (now, first, then, every) =>
      `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every} sampai Anda berhenti berlangganan.`,
    times: (now, first, then, every, times) =>
      `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every}, sebanyak ${times} kali.`,
  },
  'zh-CN': {
    title: '订阅',
    once: (now, first) => `${now}，有效期${first}，不会自动续订。`,
    untilCanceled: (now, first, then, every) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，直至您取消。`,
    times: (now, first, then, every, times) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，共${times}次。`,
  },
}

/**
 * The terms of `checkout`'s subscription. `locale` picks the words, `numbers` is the Intl locale of
 * the numbers, and `money` formats an amount in the checkout's currency as the element does.
 */
export function subscriptionTerms(
  checkout: ClientCheckout,
  locale: LocaleCode,
  numbers: string,
  money: (amount: string) => string,
): { title: string; text: string } | undefined {
  const terms = checkout.subscription
  if (!terms) return undefined
  const s = STRINGS[locale]
  const days = (count: number) => new Intl.NumberFormat(numbers, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(count)
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

/** The terms as a box: above the card form, and inside the receipt. */
export function renderTerms(terms: { title: string; text: string }) {
  return html`<div part="subscription-terms" class="terms">
    <p class="terms-title">${terms.title}</p>
    <p>${terms.text}</p>
  </div>`
}

export const styles = css`
  .terms {
    display: grid;
    gap: var(--pay-space-xs, 0.25rem);
    padding: var(--pay-space-s, 0.5rem) var(--pay-space-m, 1rem);
    background: var(--_pay-color-surface-raised);
    border-radius: var(--pay-radius, 0.5rem);
  }

  .terms-title {
    font-weight: 600;
  }
`
