import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing'
import { LitElement, nothing } from 'lit'
import { CHECKOUT_STATUSES } from '@pay-elements/contract'
import en from './en.js'
import { formatMoney } from './format.js'
import id from './id.js'
import { LocaleStrings, LocalizeController, matchLocale } from './localize.js'
import zhCN from './zh-CN.js'

/** Renders one localized word, so a test can watch it follow `lang`. */
class LocalizeProbe extends LitElement {
  readonly localize = new LocalizeController(this)

  override render() {
    return html`<span>${this.localize.term('retry')}</span>`
  }

  // As PayElement does: complete once rendered in the page's language.
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete()
    const loading = this.localize.loading
    return loading ? loading.then(() => this.updateComplete) : done
  }
}
customElements.define('localize-probe', LocalizeProbe)

/** Strings whose Indonesian arrives when the test says so and whose Chinese never does. */
function gatedStrings() {
  let release = () => {}
  const strings = new LocaleStrings<{ hello: string }>(
    { hello: 'Hello' },
    {
      id: () => new Promise((resolve) => (release = () => resolve({ default: { hello: 'Halo' } }))),
      'zh-CN': () => Promise.reject(new Error('offline')),
    },
  )
  return { strings, release: () => release() }
}

let gatedProbes = 0
/** Defines an element showing its own gated strings beside a shared term; returns its tag. */
function defineGatedProbe(strings: LocaleStrings<{ hello: string }>): string {
  const tag = `gated-probe-${++gatedProbes}`
  customElements.define(
    tag,
    class extends LitElement {
      readonly localize = new LocalizeController(this)
      readonly text = this.localize.use(strings)
      override render() {
        return this.localize.ready ? html`<span>${this.text().hello} ${this.localize.term('retry')}</span>` : nothing
      }
    },
  )
  return tag
}

const shown = (el: Element) => el.shadowRoot?.textContent?.trim() ?? ''

/** Wraps a probe in another element's shadow root, to test lang lookup across the boundary. */
class LocalizeWrapper extends LitElement {
  override render() {
    return html`<localize-probe></localize-probe>`
  }
}
customElements.define('localize-wrapper', LocalizeWrapper)

const text = (probe: LocalizeProbe) => probe.shadowRoot?.textContent?.trim()
/** Intl puts non-breaking spaces in currency formats. */
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ')

describe('matchLocale', () => {
  it('falls back by language', () => {
    const cases: Record<string, string> = {
      id: 'id',
      'id-ID': 'id',
      in: 'id',
      zh: 'zh-CN',
      'zh-CN': 'zh-CN',
      'zh-Hans': 'zh-CN',
      'zh-hans-sg': 'zh-CN',
      zh_CN: 'zh-CN',
      'zh-TW': 'en',
      'zh-Hant-HK': 'en',
      en: 'en',
      'en-GB': 'en',
      fr: 'en',
      '': 'en',
    }
    for (const [tag, expected] of Object.entries(cases)) expect(matchLocale(tag), tag).to.equal(expected)
  })
})

describe('translations', () => {
  it('name every checkout status in every locale', () => {
    for (const translation of [en, id, zhCN]) {
      for (const status of CHECKOUT_STATUSES) {
        expect(translation.statuses[status], `${translation.$code} ${status}`).to.be.a('string').and.not.empty
      }
    }
  })

  it('interpolate', () => {
    expect(en.pay('$5.00')).to.equal('Pay $5.00')
    expect(id.amountDue('Rp 5.000')).to.equal('Masih kurang Rp 5.000')
    expect(zhCN.amountDue('¥5.00')).to.equal('仍需支付 ¥5.00')
  })
})

describe('formatMoney', () => {
  it('formats for the locale with the precision the server sent', () => {
    expect(formatMoney('19.99', 'USD', 'en')).to.equal('$19.99')
    expect(plain(formatMoney('150000', 'IDR', 'id'))).to.equal('Rp 150.000')
    expect(plain(formatMoney('150000', 'IDR', 'id-ID'))).to.equal('Rp 150.000')
    expect(formatMoney('1500', 'JPY', 'en')).to.equal('¥1,500')
    expect(formatMoney('20.00', 'USD', 'zh-CN')).to.equal('US$20.00')
  })

  it('never rounds the amount through a float', () => {
    // 2^53 + 1 and a cent: a float would print ...992.00.
    expect(formatMoney('9007199254740993.01', 'USD', 'en')).to.equal('$9,007,199,254,740,993.01')
  })

  it('copes with codes Intl does not know and with malformed amounts', () => {
    expect(formatMoney('10.50', 'USDT', 'en')).to.equal('10.50 USDT')
    expect(formatMoney('abc', 'USD', 'en')).to.equal('abc USD')
  })
})

describe('LocalizeController', () => {
  let htmlLang: string
  beforeEach(() => {
    htmlLang = document.documentElement.lang
  })
  afterEach(() => {
    document.documentElement.lang = htmlLang
  })

  it('uses <html lang> when nothing closer sets one', async () => {
    document.documentElement.lang = 'id'
    const probe = await fixture<LocalizeProbe>(html`<localize-probe></localize-probe>`)
    expect(text(probe)).to.equal('Coba lagi')
  })

  it("prefers the closest ancestor's lang, then the element's own", async () => {
    document.documentElement.lang = 'en'
    const section = await fixture<HTMLElement>(html`
      <section lang="zh-CN">
        <localize-probe id="inherits"></localize-probe>
        <localize-probe id="own" lang="id-ID"></localize-probe>
      </section>
    `)
    const inherits = section.querySelector<LocalizeProbe>('#inherits')
    const own = section.querySelector<LocalizeProbe>('#own')
    // The fixture waits for the section only: each probe is done once its language has arrived.
    await Promise.all([inherits?.updateComplete, own?.updateComplete])
    expect(inherits && text(inherits)).to.equal('重试')
    expect(own && text(own)).to.equal('Coba lagi')
  })

  it('finds lang across shadow roots', async () => {
    const wrapper = await fixture<LocalizeWrapper>(html`<localize-wrapper lang="zh"></localize-wrapper>`)
    const probe = wrapper.shadowRoot?.querySelector<LocalizeProbe>('localize-probe')
    await probe?.updateComplete
    expect(probe && text(probe)).to.equal('重试')
  })

  it('follows live changes of <html lang> and of the element lang', async () => {
    document.documentElement.lang = 'en'
    const probe = await fixture<LocalizeProbe>(html`<localize-probe></localize-probe>`)
    expect(text(probe)).to.equal('Retry')

    document.documentElement.lang = 'zh-Hans'
    await nextFrame()
    await probe.updateComplete
    expect(text(probe)).to.equal('重试')

    probe.lang = 'id'
    await nextFrame()
    await probe.updateComplete
    expect(text(probe)).to.equal('Coba lagi')

    probe.removeAttribute('lang')
    await nextFrame()
    await probe.updateComplete
    expect(text(probe)).to.equal('重试')
  })

  it('formats money in the page locale when it matches the language shown', async () => {
    const probe = await fixture<LocalizeProbe>(html`<localize-probe lang="en-IN"></localize-probe>`)
    expect(probe.localize.formatMoney('1234567.50', 'INR')).to.equal('₹12,34,567.50')
    probe.lang = 'fr'
    // Text falls back to English, so numbers do too.
    expect(probe.localize.formatMoney('1234.50', 'EUR')).to.equal('€1,234.50')
    // A region Intl has no data for falls back within the language; a malformed tag, to the language shown.
    probe.lang = 'en-ZZ'
    expect(probe.localize.formatMoney('1234567.50', 'INR')).to.equal('₹1,234,567.50')
    probe.lang = 'en_IN'
    expect(probe.localize.formatMoney('1234567.50', 'INR')).to.equal('₹1,234,567.50')
  })

  it('shows nothing until the first language has arrived', async () => {
    const { strings, release } = gatedStrings()
    const el = document.createElement(defineGatedProbe(strings))
    el.lang = 'id'
    await fixture(html`<div>${el}</div>`)
    await nextFrame()
    expect(shown(el)).to.equal('')
    release()
    await waitUntil(() => shown(el) === 'Halo Coba lagi', 'never showed Indonesian')
  })

  it('keeps the language it shows until the next one has arrived, so nothing is ever half translated', async () => {
    const { strings, release } = gatedStrings()
    const el = document.createElement(defineGatedProbe(strings))
    el.lang = 'en'
    await fixture(html`<div>${el}</div>`)
    await waitUntil(() => shown(el) === 'Hello Retry')
    el.lang = 'id'
    // The shared Indonesian strings can arrive first; the element waits for its own as well.
    await baseReady('id')
    await nextFrame()
    expect(shown(el)).to.equal('Hello Retry')
    release()
    await waitUntil(() => shown(el) === 'Halo Coba lagi', 'never switched to Indonesian')
  })

  it('stays in English when a language cannot be loaded', async () => {
    const { strings } = gatedStrings()
    const el = document.createElement(defineGatedProbe(strings))
    el.lang = 'zh-CN'
    await fixture(html`<div>${el}</div>`)
    await waitUntil(() => shown(el) === 'Hello Retry', 'did not fall back to English')
  })
})

/** Waits until the shared strings of `code` are loaded (a probe of its own asks for them). */
async function baseReady(code: string): Promise<void> {
  const probe = await fixture<LocalizeProbe>(html`<localize-probe lang=${code}></localize-probe>`)
  await probe.updateComplete
}
