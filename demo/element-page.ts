/**
 * One page per element (`/elements/<tag>.html`, the tag in `<body data-element>`): the element
 * live, a form over its attributes (read from the element class itself, so the page never lags
 * behind it), the markup that gives this result, its events, its `::part`s and its theming.
 */
import '../widget/index.js'
import type { PayCheckout, PayElement } from '../widget/index.js'
import brandThemeCss from './brand-theme.css?raw'
import './chrome.js'
import { cancelCheckout, eventLog, followSandbox, logEvents, METHOD_OF_TAG } from './checkout-tools.js'

interface Product {
  id: string
  name: string
  methods: string[]
}

/** Attributes whose values are a fixed list; '' means "not set". */
const CHOICES: Record<string, string[]> = {
  theme: ['', 'light', 'dark'],
  mode: ['native', 'hosted'],
  lang: ['', 'en', 'id', 'zh-CN'],
  method: ['', 'card', 'crypto', 'cvs'],
}

const HINTS: Record<string, string> = {
  server: 'Base URL of the companion server.',
  'client-secret': "A checkout's client secret from your backend; wins over product.",
  product: 'Catalog product id: the server creates the checkout at its own price.',
  theme: 'Unset follows the system; the Theme switcher above sets it too.',
  mode: "native does it all here; hosted opens the provider's own page (CVS: where the payer picks the store).",
  'return-url': 'Where the hosted page sends the payer back to.',
  lang: "Unset follows the page's lang (the Language switcher above).",
  method: 'The method chosen at first, when the checkout allows it.',
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const tag = document.body.dataset.element ?? 'pay-crypto'
/** The single element's method; `<pay-checkout>` offers whatever its checkout allows. */
const method = METHOD_OF_TAG[tag]
const log = eventLog($('events'))
const stage = $('stage')
const form = $<HTMLFormElement>('attributes')
const markup = $('markup')
let element: PayElement | PayCheckout
let checkoutId = ''

const observedAttributes = (customElements.get(tag) as unknown as { observedAttributes: string[] }).observedAttributes
const attributeNames = [...observedAttributes, 'lang']

function field(name: string, productIds: string[]): HTMLLabelElement {
  const label = document.createElement('label')
  const title = document.createElement('span')
  title.className = 'attribute-name'
  title.textContent = name
  const hint = document.createElement('span')
  hint.className = 'note'
  hint.textContent = HINTS[name] ?? ''
  const choices = name === 'product' ? ['', ...productIds] : CHOICES[name]
  let input: HTMLInputElement | HTMLSelectElement
  if (choices) {
    input = document.createElement('select')
    for (const choice of choices) input.add(new Option(choice || '(not set)', choice))
  } else {
    input = document.createElement('input')
    input.autocomplete = 'off'
    input.spellcheck = false
  }
  input.name = name
  input.addEventListener('change', () => {
    if (input.value) element.setAttribute(name, input.value)
    else element.removeAttribute(name)
  })
  label.append(title, input, hint)
  return label
}

/** The form and the copyable markup always show the element's actual attributes (the theme switcher changes them too). */
function reflectAttributes(): void {
  for (const name of attributeNames) {
    const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null
    if (input && document.activeElement !== input) input.value = element.getAttribute(name) ?? ''
  }
  const attributes = [...element.attributes].map((a) => ` ${a.name}="${a.value}"`).join('')
  markup.textContent = `<${tag}${attributes}></${tag}>`
}

function mount(attributes: Record<string, string>): void {
  element = document.createElement(tag) as PayElement | PayCheckout
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  logEvents(element, log)
  followSandbox(element, $('sandbox-controls'), method ? [method] : undefined, log, (id) => (checkoutId = id))
  new MutationObserver(reflectAttributes).observe(element, { attributes: true })
  stage.replaceChildren(element)
  reflectAttributes()
  followParts()
}

// ---- ::part explorer: the parts the element renders right now, each of which can be outlined. ----
const highlighted = new Set<string>()
const partSheet = new CSSStyleSheet()
document.adoptedStyleSheets = [...document.adoptedStyleSheets, partSheet]
let listedParts = ''

function followParts(): void {
  const root = element.shadowRoot
  if (!root) return
  const list = () => {
    const names = [...new Set([...root.querySelectorAll('[part]')].flatMap((node) => node.getAttribute('part')!.split(/\s+/)))].sort()
    if (names.join() === listedParts) return
    listedParts = names.join()
    $('parts').replaceChildren(
      ...names.map((name) => {
        const item = document.createElement('li')
        const label = document.createElement('label')
        const box = document.createElement('input')
        box.type = 'checkbox'
        box.checked = highlighted.has(name)
        box.addEventListener('change', () => {
          if (box.checked) highlighted.add(name)
          else highlighted.delete(name)
          partSheet.replaceSync(
            [...highlighted].map((n) => `${tag}::part(${CSS.escape(n)}) { outline: 2px dashed #d946ef; outline-offset: 2px; }`).join('\n'),
          )
        })
        const code = document.createElement('code')
        code.textContent = name
        label.append(box, code)
        item.append(label)
        return item
      }),
    )
  }
  new MutationObserver(list).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['part'] })
  list()
}

async function start(): Promise<void> {
  const products = (await (await fetch('/demo/api/products')).json()) as Product[]
  // <pay-checkout> takes any product, those paid several ways first.
  const productIds = (
    method ? products.filter((p) => p.methods.includes(method)) : products.sort((a, b) => b.methods.length - a.methods.length)
  ).map((p) => p.id)
  form.replaceChildren(...attributeNames.map((name) => field(name, productIds)))
  // This server and the first catalog product this element can pay.
  mount({ server: location.origin, ...(productIds[0] ? { product: productIds[0] } : {}) })
}

form.addEventListener('submit', (e) => e.preventDefault())
$('restart').addEventListener('click', () => {
  // The same attributes on a fresh element: a catalog product then gets a new checkout.
  const attributes = Object.fromEntries([...element.attributes].map((a) => [a.name, a.value]))
  log('— new element —')
  mount(attributes)
})
$('cancel').addEventListener('click', () => void cancelCheckout(checkoutId, log))
$('brand-css').textContent = brandThemeCss.trim()
await start()
