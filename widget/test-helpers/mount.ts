import { fixture, html, waitUntil } from '@open-wc/testing'
import type { PayElement } from '../shared/pay-element.js'
import type { FakePayApi } from './fake-pay-api.js'

export const PAY_EVENTS = ['pay-ready', 'pay-status-change', 'pay-complete', 'pay-error'] as const

export interface Mounted<T extends PayElement> {
  el: T
  /** Every pay-* event the element fired, in order. */
  events: Event[]
  count: (type: (typeof PAY_EVENTS)[number]) => number
}

/**
 * Creates a pay element with attributes and a fake API, listens to its events from the start (so
 * none fired during loading is missed), then connects it inside a fixture (removed after each test).
 */
export async function mount<T extends PayElement>(
  tag: string,
  api: FakePayApi,
  attributes: Record<string, string> = { server: 'http://pay.test', 'client-secret': 'cs_test' },
  /** Sets what an element needs beyond the shared API (say, a fake for its own routes) before it connects. */
  prepare: (el: T) => void = () => {},
): Promise<Mounted<T>> {
  const el = document.createElement(tag) as T
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
  el.api = api
  prepare(el)
  const events: Event[] = []
  for (const type of PAY_EVENTS) el.addEventListener(type, (event) => events.push(event))
  const container = await fixture<HTMLDivElement>(html`<div></div>`)
  container.append(el)
  await el.updateComplete
  return { el, events, count: (type) => events.filter((event) => event.type === type).length }
}

/** Resolves once the element has loaded its checkout (or failed to). */
export async function settled(mounted: Mounted<PayElement>): Promise<void> {
  // The first mount of a run also fetches the on-demand modules the element loads beside its checkout.
  await waitUntil(() => mounted.count('pay-ready') + mounted.count('pay-error') > 0, 'never loaded', { timeout: 4000 })
  await mounted.el.updateComplete
}

export function part(el: HTMLElement, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null
}

export function partText(el: HTMLElement, name: string): string {
  return (
    part(el, name)
      ?.textContent?.replace(/\s+/g, ' ')
      .replace(/[\u00a0\u202f]/g, ' ')
      .trim() ?? ''
  )
}
