import { createContext, runInContext } from 'node:vm'
import { eventually } from '../../../../test/helpers/wait.js'

/** Anything that answers requests for `/sandbox/ccbill/…` (the app, or the simulator mounted there). */
interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>
}

/**
 * Runs the stand-in Advanced Widget script on a page made of plain objects, as CCBill's guide uses
 * it: the widget's fields (by `data-ccbill`, or by id for names given as `#id`), fetch going to
 * `app`, and just enough DOM for the 3-D Secure challenge iframe, whose page `decide` answers.
 */
export function widgetPage(app: Requester, source: string, values: Record<string, string>) {
  const inputs = new Map(Object.entries(values).map(([name, value]) => [name, { value }]))
  const frames: { src: string }[] = []
  const element = (tagName: string) => {
    const made = {
      tagName,
      style: {},
      src: '',
      title: '',
      setAttribute() {},
      addEventListener() {},
      appendChild() {},
      remove() {},
      focus() {},
    }
    if (tagName === 'IFRAME') frames.push(made)
    return made
  }
  const document = {
    currentScript: { src: 'https://pay.example.com/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js' },
    querySelector: (selector: string) => inputs.get(/data-ccbill="(\w+)"/.exec(selector)?.[1] ?? '') ?? null,
    getElementById: (id: string) => inputs.get(`#${id}`) ?? null,
    createElement: (tag: string) => element(tag.toUpperCase()),
    body: { appendChild() {} },
  }
  const requests: string[] = []
  const window: Record<string, unknown> = {}
  const context = createContext({
    window,
    document,
    navigator: { userAgent: 'test', language: 'en' },
    location: { href: 'https://shop.example/' },
    URL,
    URLSearchParams,
    Response,
    setTimeout,
    fetch: (url: string, init: RequestInit) => {
      requests.push(url)
      return app.request(new URL(url).pathname + new URL(url).search, init)
    },
  })
  runInContext(source, context)

  /** Clicks a button on the challenge page the widget framed. */
  const decide = async (decision: 'approve' | 'fail') => {
    const frame = await eventually(() => {
      const src = frames.at(-1)?.src ?? ''
      if (!/challenge/.test(src)) throw new Error('no challenge framed yet')
      return src
    })
    await app.request(new URL(frame).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=${decision}`,
    })
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { ccbill: window.ccbill as any, requests, decide }
}
