import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { CheckoutStatus } from '../shared/types.js'
import en from './en.js'
import { formatMoney } from './format.js'
import type { LocaleCode, SharedTranslation, Translation } from './translation.js'

export type { LocaleCode, Translation } from './translation.js'

/**
 * One set of strings in every shipped locale: English is built in (it is also the fallback), the
 * others are fetched by dynamic `import()` the first time a page asks for them, so a page pays only
 * for the languages it shows. A language's file holds every word of its owner (an element, or the
 * shared base), those of the views it loads on demand too, whose English comes with those views
 * (so `T` has those parts optional). Loaded sets are shared by every element on the page.
 */
export class LocaleStrings<T> {
  private readonly loaded = new Map<LocaleCode, T>()
  private readonly loading = new Map<LocaleCode, Promise<void>>()
  private readonly failed = new Set<LocaleCode>()

  constructor(
    english: T,
    private readonly loaders: Record<Exclude<LocaleCode, 'en'>, () => Promise<{ default: T }>>,
  ) {
    this.loaded.set('en', english)
  }

  get(code: LocaleCode): T | undefined {
    return this.loaded.get(code)
  }

  /** Whether `get(code)` has its answer: loaded, or given up on (a failed import fails again, so it is not retried). */
  settled(code: LocaleCode): boolean {
    return this.loaded.has(code) || this.failed.has(code)
  }

  /** Fetches the strings of `code` once; never rejects (a failure leaves English in use). */
  load(code: LocaleCode): Promise<void> {
    if (code === 'en') return Promise.resolve()
    let pending = this.loading.get(code)
    if (!pending) {
      pending = this.loaders[code]().then(
        (module) => void this.loaded.set(code, module.default),
        () => void this.failed.add(code),
      )
      this.loading.set(code, pending)
    }
    return pending
  }
}

/** The strings every element shows (statuses, countdown, errors), fetched in one file per language. */
export const baseStrings = new LocaleStrings<Translation & Partial<SharedTranslation>>(en, {
  id: () => import('./id.js'),
  'zh-CN': () => import('./zh-CN.js'),
})

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

/**
 * Per-element translations, following the page's `lang` live (the Shoelace / Web Awesome way).
 * The locale is settled before each render of the host: when the page asks for a language whose
 * strings have not arrived yet, the host keeps the language it shows (or, before its first render,
 * shows nothing) until they have, so the payer never sees a flash of the wrong language.
 */
export class LocalizeController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement
  private readonly sets: LocaleStrings<unknown>[] = [baseStrings]
  /** The locale the host renders in; undefined until the first one has arrived. */
  private current: LocaleCode | undefined
  /** While the strings the page asks for are on their way. */
  private pending: Promise<void> | undefined

  constructor(host: ReactiveControllerHost & HTMLElement) {
    ;(this.host = host).addController(this)
  }

  /**
   * Adds an element's own strings to those loaded before it renders; returns their reader for
   * the locale in use.
   */
  use<T>(strings: LocaleStrings<T>): () => T {
    this.sets.push(strings)
    return () => strings.get(this.code()) ?? (strings.get('en') as T)
  }

  hostConnected(): void {
    observeLang(this)
    // A page's first Intl formatter costs it tens of milliseconds (ICU loads its data): made in
    // the task after the host's first update (which sends its first read), so it is paid while
    // the read is on its way rather than when its answer is drawn.
    setTimeout(() => this.formatMoney('0', 'USD'))
  }

  hostDisconnected(): void {
    unobserveLang(this)
  }

  hostUpdate(): void {
    const wanted = matchLocale(this.lang())
    if (this.sets.every((set) => set.settled(wanted))) {
      this.current = this.sets.every((set) => set.get(wanted)) ? wanted : (this.current ?? 'en')
      return
    }
    if (this.pending) return
    const pending = Promise.all(this.sets.map((set) => set.load(wanted))).then(() => {
      this.pending = undefined
      this.host.requestUpdate()
    })
    this.pending = pending
  }

  /** Whether the host has a language to render in. */
  get ready(): boolean {
    return this.current !== undefined
  }

  /** Resolves once the strings the page asked for have arrived (and the host was asked to render them). */
  get loading(): Promise<void> | undefined {
    return this.pending
  }

  /** The BCP 47 tag in effect, e.g. `id-ID`; empty when the page declares none. */
  lang(): string {
    return resolveLang(this.host)
  }

  /** The shipped locale used for strings. */
  code(): LocaleCode {
    return this.current ?? 'en'
  }

  /** The shared strings in the locale used; the countdown's and the errors' too, except in English (theirs come with their code). */
  get translation(): Translation & Partial<SharedTranslation> {
    return baseStrings.get(this.code()) ?? en
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

  /**
   * The Intl locale numbers are written in: the page's tag where it is a variant of the language
   * shown, else that language. A variant Intl lacks falls back within its language by itself, so
   * the tag is only parsed (`supportedLocalesOf` would cost the first paint tens of milliseconds:
   * its first call has ICU list every locale).
   */
  intlLocale(): string {
    const lang = this.lang()
    const code = this.code()
    try {
      if (new Intl.Locale(lang).language === code.split('-')[0]) return lang
    } catch {
      // Malformed tag: Intl throws a RangeError.
    }
    return code
  }
}
