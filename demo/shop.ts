import '../widget/index.js'
import type { PayElement, PaymentMethod } from '../widget/index.js'
import './chrome.js'
import { cancelCheckout, eventLog, followSandbox, logEvents } from './checkout-tools.js'
import { followWebhooks } from './webhooks-table.js'

interface Product {
  id: string
  name: string
  price: string
  currency: string
  methods: PaymentMethod[]
}

const TAG_FOR: Record<PaymentMethod, string> = { crypto: 'pay-crypto', card: 'pay-card', cvs: 'pay-cvs' }

const HOW: Record<PaymentMethod, string> = {
  crypto: 'Crypto (USDT, USDC, BTC, ETH…) through CCPayment.',
  card: 'Card, with 3-D Secure when the bank asks, through CCBill.',
  cvs: 'Cash at Indomaret or Alfamart through NICEPAY.',
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const log = eventLog($('events'))
const cancelButton = $<HTMLButtonElement>('cancel')
let checkoutId = ''

function startCheckout(product: Product, method: PaymentMethod, card: HTMLElement) {
  document.querySelectorAll('.product[aria-current]').forEach((other) => other.removeAttribute('aria-current'))
  card.setAttribute('aria-current', 'true')
  const element = document.createElement(TAG_FOR[method]) as PayElement
  element.server = location.origin
  element.product = product.id
  logEvents(element, log)
  followSandbox(element, $('sandbox-controls'), method, log, (id) => {
    checkoutId = id
    cancelButton.disabled = false
  })
  element.addEventListener('pay-error', () => {
    checkoutId = ''
    cancelButton.disabled = true
  })
  checkoutId = ''
  cancelButton.disabled = true
  $('checkout').replaceChildren(element)
  $('checkout-title').scrollIntoView({ behavior: 'smooth', block: 'start' })
}

function productCard(product: Product, method: PaymentMethod): HTMLElement {
  const card = document.createElement('article')
  card.className = 'product'
  const art = document.createElement('div')
  art.className = `product-art product-art--${product.id}`
  const name = document.createElement('h3')
  name.textContent = product.name
  const price = document.createElement('p')
  price.className = 'price'
  price.textContent = new Intl.NumberFormat('en', { style: 'currency', currency: product.currency }).format(product.price as `${number}`)
  const how = document.createElement('p')
  how.className = 'how'
  how.textContent = HOW[method]
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'primary'
  const productName = document.createElement('span')
  productName.className = 'visually-hidden'
  productName.textContent = `${product.name}: `
  button.append(productName, `Check out with ${TAG_FOR[method]}`)
  button.addEventListener('click', () => startCheckout(product, method, card))
  card.append(art, name, price, how, button)
  return card
}

async function showProducts() {
  const products = (await (await fetch('/demo/api/products')).json()) as Product[]
  $('products').replaceChildren(...products.flatMap((product) => product.methods.map((method) => productCard(product, method))))
}

cancelButton.addEventListener('click', () => void cancelCheckout(checkoutId, log))
followWebhooks($<HTMLTableSectionElement>('webhooks'))
await showProducts()
