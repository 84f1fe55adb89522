/** What the shop and the element pages share: the live event log and the sandbox payer for a checkout. */
import type { PayCheckout, PayElement, PaymentMethod } from '../widget/index.js'
import { cardControls } from './sandbox-card.js'
import { cryptoControls } from './sandbox-crypto.js'
import { nicepayControls } from './sandbox-nicepay.js'

export type Log = (line: string) => void

/** Buttons that play the payer at each provider's simulator, for the checkout on screen. */
type SandboxControls = (box: HTMLElement, checkoutId: string, log: Log) => void | Promise<void>
const SANDBOX_CONTROLS: Record<PaymentMethod, SandboxControls> = { crypto: cryptoControls, card: cardControls, cvs: nicepayControls }

export const METHOD_OF_TAG: Record<string, PaymentMethod> = { 'pay-crypto': 'crypto', 'pay-card': 'card', 'pay-cvs': 'cvs' }

/** A log list, newest first: each line with the time it happened. */
export function eventLog(list: HTMLElement): Log {
  return (line) => {
    const item = document.createElement('li')
    const time = document.createElement('time')
    const now = new Date()
    time.dateTime = now.toISOString()
    time.textContent = now.toLocaleTimeString()
    item.append(time, ' ', line)
    list.prepend(item)
  }
}

/** Logs the element's four events, with what each carries that a merchant would act on. */
export function logEvents(element: PayElement | PayCheckout, log: Log): void {
  element.addEventListener('pay-ready', (e) => log(`pay-ready ${e.detail.checkout.id} ${e.detail.checkout.status}`))
  element.addEventListener('pay-status-change', (e) => log(`pay-status-change ${e.detail.previousStatus} → ${e.detail.checkout.status}`))
  element.addEventListener('pay-complete', (e) => log(`pay-complete ${e.detail.checkout.id}`))
  element.addEventListener('pay-error', (e) => log(`pay-error ${e.detail.code}: ${e.detail.message}`))
}

/** Fills `box` with the payer's sandbox controls for this checkout's methods (several under a heading each). */
export function showSandbox(box: HTMLElement, methods: PaymentMethod[], checkoutId: string, log: Log): void {
  box.replaceChildren()
  for (const method of methods) {
    let target = box
    if (methods.length > 1) {
      const heading = Object.assign(document.createElement('h3'), { textContent: METHOD_NAMES[method] })
      target = document.createElement('div')
      box.append(heading, target)
    }
    void SANDBOX_CONTROLS[method](target, checkoutId, log)
  }
}

const METHOD_NAMES: Record<PaymentMethod, string> = {
  crypto: 'Crypto (CCPayment)',
  card: 'Card (CCBill)',
  cvs: 'Convenience store (NICEPAY)',
}

/** Says why there are no controls in `box` (no checkout yet, or the element showing an error). */
function clearSandbox(box: HTMLElement, why: string): void {
  const note = document.createElement('p')
  note.className = 'note'
  note.textContent = why
  box.replaceChildren(note)
}

/**
 * Keeps `box` on the controls of the checkout `element` shows, and on none while it shows none:
 * before it has loaded, and after an error (a Retry that loads it brings them back).
 */
export function followSandbox(
  element: PayElement | PayCheckout,
  box: HTMLElement,
  methods: PaymentMethod[] | undefined,
  log: Log,
  onReady?: (id: string) => void,
): void {
  clearSandbox(box, 'Waiting for the checkout…')
  element.addEventListener('pay-ready', (e) => {
    showSandbox(box, methods ?? e.detail.checkout.methods, e.detail.checkout.id, log)
    onReady?.(e.detail.checkout.id)
  })
  element.addEventListener('pay-error', () => clearSandbox(box, 'The element shows an error, so there is no checkout to act on.'))
}

/** The demo backend cancels the checkout with its secret key (the page never holds one). */
export async function cancelCheckout(checkoutId: string, log: Log): Promise<void> {
  const response = await fetch(`/demo/api/checkouts/${encodeURIComponent(checkoutId)}/cancel`, { method: 'POST' })
  log(`merchant cancel → HTTP ${response.status}`)
}
