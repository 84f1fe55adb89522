/**
 * Runs in the benchmark page before the element's module: watches the element until its
 * meaningful content is laid out, then waits for the frame that paints it.
 *
 * "First meaningful paint": every selector in `data-ready` matches an element with a non-empty
 * layout box, and the frame that follows has been produced (a `requestAnimationFrame`, then a task
 * after it). Selectors are looked up in the element's shadow root, its light DOM (the parts
 * `<pay-card>` keeps there) and the shadow roots inside those (a method's element inside
 * `<pay-checkout>`). Times are taken from `performance.now()` against the mark the page sets just
 * before its element script tag.
 */
import { PAINTED_MESSAGE } from './painted-message.js'

export interface BenchResult {
  /** ms from the script tag to the content being laid out. */
  shown: number
  /** ms from the script tag to after the frame that paints it. */
  painted: number
  /** The same moment on the wall clock (`performance.timeOrigin + performance.now()`), which the network proxy's records use. */
  paintedAt: number
  /** Elements and text characters rendered (every root, see `roots`) once laid out, for the bare baseline to match. */
  elements: number
  textLength: number
}

declare global {
  interface Window {
    benchStart: number
    benchResult?: BenchResult
  }
}

const host = document.querySelector<HTMLElement>('[data-ready]')!
const selectors = host.dataset.ready!.split('|')

/** The element's light DOM, then every open shadow root in or under it. */
function roots(): ParentNode[] {
  const found: ParentNode[] = [host]
  for (let i = 0; i < found.length; i++) {
    const root = found[i]!
    for (const element of [...(root === host ? [host] : []), ...root.querySelectorAll('*')]) {
      if (element.shadowRoot) found.push(element.shadowRoot)
    }
  }
  return found
}

/** The first element `selector` matches in any of the roots. */
const find = (selector: string, within: ParentNode[]): Element | undefined =>
  within.map((root) => root.querySelector(selector)).find((found) => found !== null) ?? undefined

function laidOut(element: Element): boolean {
  const box = element.getBoundingClientRect()
  return box.width > 0 && box.height > 0
}

function count(): { elements: number; textLength: number } {
  let elements = 0
  let textLength = 0
  for (const root of roots()) {
    elements += root.querySelectorAll('*').length
    for (const node of root.querySelectorAll('*')) {
      for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE) textLength += child.textContent!.trim().length
    }
  }
  return { elements, textLength }
}

let done = false
const observed = new Set<ParentNode>()
function check(): void {
  if (done) return
  const within = roots()
  // A shadow root attached since the last look is watched from now on (a shadow root's own changes reach no observer of its host).
  for (const root of within) {
    if (observed.has(root)) continue
    observed.add(root)
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true })
  }
  // Boxes are asked for only once everything is there: asking forces a layout, which on a page
  // still being drawn would be work the page itself never does (it lays out once, for its frame).
  const found = selectors.map((selector) => find(selector, within))
  if (found.some((element) => !element) || !found.every((element) => laidOut(element!))) return
  done = true
  observer.disconnect()
  const shown = performance.now() - window.benchStart
  // Counted now: what arrives during the next frame (the card form's country list) is not the first paint's.
  const drawn = count()
  requestAnimationFrame(() =>
    setTimeout(() => {
      const now = performance.now()
      window.benchResult = { shown, painted: now - window.benchStart, paintedAt: performance.timeOrigin + now, ...drawn }
      // Told by a console message, which the harness hears without running script in the page
      // (polling with an evaluation would put the harness's own script on the page's main thread).
      console.info(PAINTED_MESSAGE)
    }),
  )
}

const observer = new MutationObserver(check)
check()
void customElements.whenDefined(host.localName).then(check)

export {}
