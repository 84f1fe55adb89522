import { emulateMedia } from '@web/test-runner-commands'
import { expect, waitUntil } from '@open-wc/testing'

import { FakePayApi, makeCheckout, networkError } from './fake-pay-api.js'
import { mount, part, partText, settled } from './mount.js'
import type { PayElement } from '../shared/pay-element.js'

/** Background colours of the light and dark surface tokens. */
const LIGHT_SURFACE = 'rgb(255, 255, 255)'
const DARK_SURFACE = 'rgb(22, 26, 34)'

/** What every pay element promises, whatever its payment method (style.md C10). */
/**
 * `prepare` gives an element what it needs beyond the shared API (a fake for its own routes).
 */
export function runPayElementSuite(tag: string, prepare: (el: PayElement) => void = () => {}): void {
  describe(`<${tag}> (shared chassis)`, () => {
    it('is registered', () => {
      expect(customElements.get(tag)).to.be.a('function')
      expect(document.createElement(tag)).to.be.instanceOf(customElements.get(tag) as CustomElementConstructor)
    })

    it('passes the accessibility audit while loading', async () => {
      const api = new FakePayApi()
      api.holdRequests()
      const { el } = await mount(tag, api, undefined, prepare)
      expect(partText(el, 'status')).to.equal('Loading…')
      await expect(el).to.be.accessible()
      api.release()
    })

    it('passes the accessibility audit when open', async () => {
      const mounted = await mount(tag, new FakePayApi(), undefined, prepare)
      await settled(mounted)
      expect(part(mounted.el, 'countdown')).to.exist
      await expect(mounted.el).to.be.accessible()
    })

    it('passes the accessibility audit when paid', async () => {
      const mounted = await mount(
        tag,
        new FakePayApi(makeCheckout({ status: 'paid', amount_paid: '19.99', amount_due: '0.00' })),
        undefined,
        prepare,
      )
      await settled(mounted)
      expect(partText(mounted.el, 'status')).to.equal('Payment received')
      await expect(mounted.el).to.be.accessible()
    })

    it('passes the accessibility audit showing an error', async () => {
      const api = new FakePayApi()
      api.failWith = networkError()
      const mounted = await mount(tag, api, undefined, prepare)
      await settled(mounted)
      expect(part(mounted.el, 'retry-button')).to.exist
      await expect(mounted.el).to.be.accessible()
    })

    it('exposes its parts', async () => {
      const mounted = await mount(tag, new FakePayApi(), undefined, prepare)
      await settled(mounted)
      for (const name of ['base', 'header', 'description', 'amount', 'status', 'countdown']) {
        expect(part(mounted.el, name), name).to.exist
      }
      expect(part(mounted.el, 'status')?.getAttribute('role')).to.equal('status')
      expect(partText(mounted.el, 'amount')).to.equal('$19.99')
    })

    it('speaks English, Indonesian and Simplified Chinese', async () => {
      const expected: Record<string, string> = {
        en: 'Awaiting payment',
        'id-ID': 'Menunggu pembayaran',
        'zh-CN': '等待付款',
      }
      for (const [lang, status] of Object.entries(expected)) {
        const mounted = await mount(
          tag,
          new FakePayApi(makeCheckout({ amount: '150000', currency: 'IDR' })),
          {
            server: 'http://pay.test',
            'client-secret': 'cs_test',
            lang,
          },
          prepare,
        )
        await settled(mounted)
        expect(partText(mounted.el, 'status'), lang).to.equal(status)
        if (lang === 'id-ID') expect(partText(mounted.el, 'amount')).to.equal('Rp 150.000')
      }
    })

    it('takes --pay-* tokens set on an ancestor, in light and dark alike', async () => {
      const mounted = await mount(tag, new FakePayApi(), undefined, prepare)
      await settled(mounted)
      const { el } = mounted
      const surface = () => getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor
      el.parentElement!.style.setProperty('--pay-color-surface', 'rgb(1, 2, 3)')
      expect(surface()).to.equal('rgb(1, 2, 3)')
      el.theme = 'dark'
      await el.updateComplete
      expect(surface()).to.equal('rgb(1, 2, 3)')
      el.parentElement!.style.removeProperty('--pay-color-surface')
      expect(surface()).to.equal(DARK_SURFACE)
    })

    it('applies the dark tokens with theme="dark" and follows the OS unless theme="light"', async () => {
      const mounted = await mount(tag, new FakePayApi(), undefined, prepare)
      await settled(mounted)
      const { el } = mounted
      const surface = () => getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor
      try {
        await emulateMedia({ colorScheme: 'light' })
        expect(surface()).to.equal(LIGHT_SURFACE)

        el.theme = 'dark'
        await el.updateComplete
        expect(el.getAttribute('theme')).to.equal('dark')
        expect(surface()).to.equal(DARK_SURFACE)

        el.theme = undefined
        await el.updateComplete
        await emulateMedia({ colorScheme: 'dark' })
        await waitUntil(() => surface() === DARK_SURFACE, 'OS dark preference not followed')

        el.theme = 'light'
        await el.updateComplete
        expect(surface()).to.equal(LIGHT_SURFACE)
      } finally {
        await emulateMedia({ colorScheme: 'light' })
      }
    })
  })
}
