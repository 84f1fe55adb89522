import '../widget/index.js'
import type { PayCheckout, PayElement, PaymentMethod } from '../widget/index.js'
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

const HOW_SEVERAL = 'The payer picks card or crypto in one element, which loads only the chosen method.'

const HOW: Record<PaymentMethod, string> = {
  crypto: 'Crypto (USDT, USDC, BTC, ETH…) through CCPayment.',
  card: 'Card, with 3-D Secure when the bank asks, through CCBill.',
  cvs: 'Cash at Indomaret or Alfamart through NICEPAY.',
}

/** The same element in hosted mode: the store is picked on NICEPAY's own payment page (a popup here). */
const HOSTED_HOW = "Cash at Indomaret or Alfamart, the store picked on NICEPAY's payment page."

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const log = eventLog($('events'))
const cancelButton = $<HTMLButtonElement>('cancel')
let checkoutId = ''

/** A product paid one way gets that method's element; one paid several ways gets `<pay-checkout>`. */
const tagFor = (methods: PaymentMethod[]) => (methods.length > 1 ? 'pay-checkout' : TAG_FOR[methods[0]!])

function startCheckout(product: Product, methods: PaymentMethod[], card: HTMLElement, hosted: boolean) {
  document.querySelectorAll('.product[aria-current]').forEach((other) => other.removeAttribute('aria-current'))
  card.setAttribute('aria-current', 'true')
  const element = document.createElement(tagFor(methods)) as PayElement | PayCheckout
  element.server = location.origin
  element.product = product.id
  if (hosted) element.setAttribute('mode', 'hosted')
  logEvents(element, log)
  followSandbox(element, $('sandbox-controls'), methods, log, (id) => {
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

function productCard(product: Product, methods: PaymentMethod[], hosted = false): HTMLElement {
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
  how.textContent = hosted ? HOSTED_HOW : methods.length > 1 ? HOW_SEVERAL : HOW[methods[0]!]
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'primary'
  const productName = document.createElement('span')
  productName.className = 'visually-hidden'
  productName.textContent = `${product.name}: `
  button.append(productName, `Check out with ${tagFor(methods)}${hosted ? ' on NICEPAY’s page' : ''}`)
  button.addEventListener('click', () => startCheckout(product, methods, card, hosted))
  card.append(art, name, price, how, button)
  return card
}

async function showProducts() {
  const products = (await (await fetch('/demo/api/products')).json()) as Product[]
  $('products').replaceChildren(
    ...products.flatMap((product) => [
      productCard(product, product.methods),
      ...(product.methods.length === 1 && product.methods[0] === 'cvs' ? [productCard(product, ['cvs'], true)] : []),
    ]),
  )
}

cancelButton.addEventListener('click', () => void cancelCheckout(checkoutId, log))
followWebhooks($<HTMLTableSectionElement>('webhooks'))
await showProducts()
