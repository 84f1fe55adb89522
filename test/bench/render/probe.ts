/**
 * Runs in the benchmark page before the element's module: watches the element until its
 * meaningful content is laid out, then waits for the frame that paints it.
 *
 * "First meaningful paint": every selector in `data-ready` matches an element (in the shadow root,
 * or in the light DOM for the parts `<pay-card>` keeps there) with a non-empty layout box, and the
 * frame that follows has been produced (a `requestAnimationFrame`, then a task after it). Times are
 * taken from `performance.now()` against the mark the page sets just before its element script tag.
 */
interface BenchResult {
  /** ms from the script tag to the content being laid out. */
  shown: number
  /** ms from the script tag to after the frame that paints it. */
  painted: number
  /** Elements and text characters rendered (shadow root plus light DOM), for the bare baseline to match. */
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

function laidOut(selector: string): boolean {
  const found = host.shadowRoot?.querySelector(selector) ?? host.querySelector(selector)
  if (!found) return false
  const box = found.getBoundingClientRect()
  return box.width > 0 && box.height > 0
}

function count(): { elements: number; textLength: number } {
  const roots: ParentNode[] = [host, ...(host.shadowRoot ? [host.shadowRoot] : [])]
  let elements = 0
  let textLength = 0
  for (const root of roots) {
    elements += root.querySelectorAll('*').length
    for (const node of root.querySelectorAll('*')) {
      for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE) textLength += child.textContent!.trim().length
    }
  }
  return { elements, textLength }
}

let done = false
function check(): void {
  if (done || !selectors.every(laidOut)) return
  done = true
  observer.disconnect()
  const shown = performance.now() - window.benchStart
  requestAnimationFrame(() =>
    setTimeout(() => {
      window.benchResult = { shown, painted: performance.now() - window.benchStart, ...count() }
    }),
  )
}

const observer = new MutationObserver(check)
observer.observe(host, { childList: true, subtree: true, attributes: true, characterData: true })
void customElements.whenDefined(host.localName).then(() => {
  if (host.shadowRoot) observer.observe(host.shadowRoot, { childList: true, subtree: true, attributes: true, characterData: true })
  check()
})

export {}
