import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { CheckoutStatus } from '../shared/types.js'
import en from './en.js'
import { formatMoney } from './format.js'
import id from './id.js'
import type { LocaleCode, Translation } from './translation.js'
import zhCN from './zh-CN.js'

export type { LocaleCode, Translation } from './translation.js'

const translations: Record<LocaleCode, Translation> = { en, id, 'zh-CN': zhCN }

/** Keys of entries that produce a string (plain or interpolated); `$code` and friends excluded. */
export type TermKey = {
  [K in keyof Translation]: K extends `$${string}` ? never : Translation[K] extends string | ((...args: never[]) => string) ? K : never
}[keyof Translation]

export type TermArgs<K extends TermKey> = Translation[K] extends (...args: infer A) => string ? A : []

/**
 * Picks the shipped locale for a BCP 47 tag by language: `id-ID` → `id`, `zh`, `zh-Hans`,
 * `zh-CN`, `zh-SG` → `zh-CN`. Traditional Chinese (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) and every
 * other language get English until they have their own translation.
 */
export function matchLocale(tag: string): LocaleCode {
  const [language = '', ...subtags] = tag.trim().toLowerCase().replace(/_/g, '-').split('-')
  // "in" is the withdrawn code for Indonesian that old Java-based stacks still emit.
  if (language === 'id' || language === 'in') return 'id'
  if (language === 'zh') {
    const traditional = subtags.includes('hant') || (!subtags.includes('hans') && subtags.some((s) => ['tw', 'hk', 'mo'].includes(s)))
    return traditional ? 'en' : 'zh-CN'
  }
  return 'en'
}

/**
 * The language in effect for an element: its own `lang`, else the nearest ancestor's (crossing
 * shadow roots), else `<html lang>`. Empty `lang=""` means "unknown" and is skipped.
 */
export function resolveLang(element: Element): string {
  let node: Element | null = element
  while (node) {
    const found: Element | null = node.closest('[lang]:not([lang=""])')
    if (found) return found.getAttribute('lang') ?? ''
    const root = node.getRootNode()
    node = root instanceof ShadowRoot ? root.host : null
  }
  return document.documentElement.lang
}

/**
 * One observer for the whole page: a `lang` change anywhere in the document (on `<html>`, an
 * ancestor, or an element itself) re-renders every connected element that localizes.
 */
const connectedControllers = new Set<LocalizeController>()
let langObserver: MutationObserver | undefined

function observeLang(controller: LocalizeController): void {
  connectedControllers.add(controller)
  if (langObserver) return
  langObserver = new MutationObserver(() => {
    for (const each of connectedControllers) each.host.requestUpdate()
  })
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true })
}

function unobserveLang(controller: LocalizeController): void {
  connectedControllers.delete(controller)
  if (connectedControllers.size === 0) {
    langObserver?.disconnect()
    langObserver = undefined
  }
}

/** Per-element translations, following the page's `lang` live (the Shoelace / Web Awesome way). */
export class LocalizeController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement

  constructor(host: ReactiveControllerHost & HTMLElement) {
    ;(this.host = host).addController(this)
  }

  hostConnected(): void {
    observeLang(this)
  }

  hostDisconnected(): void {
    unobserveLang(this)
  }

  /** The BCP 47 tag in effect, e.g. `id-ID`; empty when the page declares none. */
  lang(): string {
    return resolveLang(this.host)
  }

  /** The shipped locale used for strings. */
  code(): LocaleCode {
    return matchLocale(this.lang())
  }

  get translation(): Translation {
    return translations[this.code()]
  }

  dir(): 'ltr' | 'rtl' {
    return this.translation.$dir
  }

  term<K extends TermKey>(key: K, ...args: TermArgs<K>): string {
    const entry = this.translation[key] as string | ((...values: TermArgs<K>) => string)
    return typeof entry === 'function' ? entry(...args) : entry
  }

  status(status: CheckoutStatus): string {
    return this.translation.statuses[status]
  }

  /**
   * Money in the page's full locale when it is a variant of the language shown (`en-GB` keeps its
   * own conventions), else in the translation's locale, so text and numbers never disagree.
   */
  formatMoney(amount: string, currency: string): string {
    return formatMoney(amount, currency, this.intlLocale())
  }

  private intlLocale(): string {
    const lang = this.lang()
    const code = this.code()
    try {
      const sameLanguage = lang.toLowerCase().split(/[-_]/)[0] === code.toLowerCase().split('-')[0]
      if (sameLanguage && Intl.NumberFormat.supportedLocalesOf(lang).length > 0) return lang
    } catch {
      // Malformed tag: Intl throws a RangeError.
    }
    return code
  }
}
