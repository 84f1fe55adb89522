/**
 * The header every demo page shares: navigation, the theme switcher and the language switcher.
 * It never imports the elements (it only sets attributes on them), so the script-tag page can
 * load it beside the single script-tag file; serve.ts also builds it as a classic script for that.
 * Choices are remembered across pages.
 */

const NAVIGATION: [href: string, label: string][] = [
  ['/', 'Shop'],
  ['/elements/pay-crypto.html', 'pay-crypto'],
  ['/elements/pay-card.html', 'pay-card'],
  ['/elements/pay-cvs.html', 'pay-cvs'],
  ['/elements/pay-checkout.html', 'pay-checkout'],
  ['/webhooks.html', 'Webhooks'],
  ['/script-tag.html', 'Script tag'],
  ['/npm.html', 'npm'],
]

type Theme = 'system' | 'light' | 'dark' | 'brand'

/** What each page theme asks of the elements: Brand is the light theme recoloured through `--pay-*` (brand-theme.css). */
const THEMES: Record<Theme, { label: string; element: 'light' | 'dark' | null }> = {
  system: { label: 'System', element: null },
  light: { label: 'Light', element: 'light' },
  dark: { label: 'Dark', element: 'dark' },
  brand: { label: 'Brand', element: 'light' },
}

const LANGUAGES: Record<string, string> = { en: 'English', id: 'Bahasa Indonesia', 'zh-CN': '中文（简体）' }

const PAY_ELEMENTS = 'pay-crypto, pay-card, pay-cvs, pay-checkout'

/** localStorage, when the browser lets the page use it. */
const remembered = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(`pay-demo-${key}`)
    } catch {
      return null
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(`pay-demo-${key}`, value)
    } catch {
      // Private mode or storage off: the choice lasts for this page only.
    }
  },
}

let theme: Theme = 'system'

function applyTheme(element: Element): void {
  const wanted = THEMES[theme].element
  if (wanted) element.setAttribute('theme', wanted)
  else element.removeAttribute('theme')
}

function setTheme(next: Theme): void {
  theme = next
  document.documentElement.dataset.theme = next
  document.querySelectorAll(PAY_ELEMENTS).forEach(applyTheme)
  remembered.set('theme', next)
}

function setLanguage(lang: string): void {
  // The elements follow the page's `lang`, as they would on a merchant's page.
  document.documentElement.lang = lang
  remembered.set('lang', lang)
}

function select(id: string, label: string, options: Record<string, string>, value: string, onChange: (value: string) => void) {
  const wrapper = document.createElement('label')
  wrapper.className = 'switcher'
  wrapper.textContent = label
  const input = document.createElement('select')
  input.id = id
  for (const [optionValue, text] of Object.entries(options)) input.add(new Option(text, optionValue, false, optionValue === value))
  input.addEventListener('change', () => onChange(input.value))
  wrapper.append(input)
  return wrapper
}

function renderHeader(header: HTMLElement): void {
  const brand = document.createElement('a')
  brand.className = 'brand'
  brand.href = '/'
  brand.innerHTML = '<span class="brand-mark" aria-hidden="true"></span>pay-elements <span class="badge">sandbox</span>'

  const nav = document.createElement('nav')
  nav.setAttribute('aria-label', 'Demo pages')
  const list = document.createElement('ul')
  for (const [href, label] of NAVIGATION) {
    const link = document.createElement('a')
    link.href = href
    link.textContent = label
    const here = href === '/' ? ['/', '/index.html'].includes(location.pathname) : location.pathname === href
    if (here) link.setAttribute('aria-current', 'page')
    const item = document.createElement('li')
    item.append(link)
    list.append(item)
  }
  nav.append(list)

  const switchers = document.createElement('div')
  switchers.className = 'switchers'
  const themeLabels = Object.fromEntries(Object.entries(THEMES).map(([value, { label }]) => [value, label]))
  switchers.append(
    select('theme', 'Theme', themeLabels, theme, (value) => setTheme(value as Theme)),
    select('lang', 'Language', LANGUAGES, document.documentElement.lang, setLanguage),
  )
  header.replaceChildren(brand, nav, switchers)
}

const storedTheme = remembered.get('theme')
setTheme(storedTheme && storedTheme in THEMES ? (storedTheme as Theme) : 'system')
const storedLang = remembered.get('lang')
if (storedLang && storedLang in LANGUAGES) setLanguage(storedLang)

// Elements added later (a checkout started, an attribute form applied) get the theme too.
new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    for (const node of mutation.addedNodes) {
      if (!(node instanceof Element)) continue
      if (node.matches(PAY_ELEMENTS)) applyTheme(node)
      node.querySelectorAll(PAY_ELEMENTS).forEach(applyTheme)
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true })

const header = document.getElementById('site-header')
if (header) renderHeader(header)
