import '../widget/index.js'
import type { PayElement, PaymentMethod } from '../widget/index.js'
import { cryptoControls } from './sandbox-crypto.js'
import { nicepayControls } from './sandbox-nicepay.js'

interface Product {
  id: string
  name: string
  price: string
  currency: string
  methods: PaymentMethod[]
}

interface ReceivedWebhook {
  id: string
  type: string
  checkout: string
  verified: boolean
  error: string | null
  received_at: string
}

const TAG_FOR: Record<PaymentMethod, string> = { crypto: 'pay-crypto', card: 'pay-card', cvs: 'pay-cvs' }

/** Buttons that play the payer at each provider's simulator, for the checkout on screen. */
type SandboxControls = (box: HTMLElement, checkoutId: string, log: (line: string) => void) => void
const SANDBOX_CONTROLS: Partial<Record<PaymentMethod, SandboxControls>> = { crypto: cryptoControls, cvs: nicepayControls }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const checkoutBox = $('checkout')
const eventsLog = $<HTMLPreElement>('events')
const merchantActions = $('merchant-actions')
let element: PayElement | undefined
let checkoutId = ''

function log(line: string) {
  eventsLog.textContent = `${new Date().toLocaleTimeString()} ${line}\n${eventsLog.textContent ?? ''}`
}

function startCheckout(product: Product, method: PaymentMethod) {
  element = document.createElement(TAG_FOR[method]) as PayElement
  element.server = location.origin
  element.product = product.id
  const theme = $<HTMLSelectElement>('theme').value
  if (theme) element.setAttribute('theme', theme)
  element.addEventListener('pay-ready', (e) => {
    checkoutId = e.detail.checkout.id
    merchantActions.hidden = false
    const controls = SANDBOX_CONTROLS[method]
    $('sandbox').hidden = !controls
    $('sandbox-controls').replaceChildren()
    controls?.($('sandbox-controls'), checkoutId, log)
    log(`pay-ready ${e.detail.checkout.id} ${e.detail.checkout.status}`)
  })
  element.addEventListener('pay-status-change', (e) => log(`pay-status-change ${e.detail.previousStatus} → ${e.detail.checkout.status}`))
  element.addEventListener('pay-complete', (e) => log(`pay-complete ${e.detail.checkout.id}`))
  element.addEventListener('pay-error', (e) => log(`pay-error ${e.detail.code}: ${e.detail.message}`))
  checkoutBox.replaceChildren(element)
}

async function showProducts() {
  const products = (await (await fetch('/demo/api/products')).json()) as Product[]
  const box = $('products')
  for (const product of products) {
    for (const method of product.methods) {
      const button = document.createElement('button')
      button.type = 'button'
      const price = new Intl.NumberFormat(undefined, { style: 'currency', currency: product.currency }).format(product.price as `${number}`)
      button.textContent = `${product.name}, ${price}: pay by ${method}`
      button.addEventListener('click', () => startCheckout(product, method))
      box.append(button)
    }
  }
}

async function showWebhooks() {
  const webhooks = (await (await fetch('/demo/api/webhooks')).json()) as ReceivedWebhook[]
  const rows = webhooks.map((w) => {
    const row = document.createElement('tr')
    for (const text of [new Date(w.received_at).toLocaleTimeString(), w.type || '?', w.checkout]) {
      const cell = document.createElement('td')
      cell.textContent = text
      row.append(cell)
    }
    const verdict = document.createElement('td')
    verdict.className = w.verified ? 'ok' : 'bad'
    verdict.textContent = w.verified ? 'verified' : `rejected: ${w.error}`
    row.append(verdict)
    return row
  })
  if (rows.length) $('webhooks').replaceChildren(...rows)
}

$<HTMLButtonElement>('cancel').addEventListener('click', async () => {
  const response = await fetch(`/demo/api/checkouts/${encodeURIComponent(checkoutId)}/cancel`, { method: 'POST' })
  log(`merchant cancel → HTTP ${response.status}`)
})
$<HTMLSelectElement>('lang').addEventListener('change', (e) => {
  document.documentElement.lang = (e.target as HTMLSelectElement).value
})
$<HTMLSelectElement>('theme').addEventListener('change', (e) => {
  const theme = (e.target as HTMLSelectElement).value
  if (theme) element?.setAttribute('theme', theme)
  else element?.removeAttribute('theme')
})

await showProducts()
setInterval(() => void showWebhooks(), 1000)
