import { html, LitElement } from 'lit'
import { property } from 'lit/decorators.js'

/**
 * The baseline of `npm run bench:render`: a Lit element with no data to fetch, rendering as many
 * elements and as much text as the measured element showed at its first meaningful paint.
 */
export class BenchBare extends LitElement {
  @property({ type: Number }) elements = 0
  @property({ type: Number, attribute: 'text-length' }) textLength = 0

  override render() {
    const perElement = Math.ceil(this.textLength / Math.max(1, this.elements))
    const text = 'x'.repeat(perElement)
    return html`${Array.from({ length: this.elements }, (_, i) => html`<p part=${i === this.elements - 1 ? 'last' : ''}>${text}</p>`)}`
  }
}

customElements.define('bench-bare', BenchBare)
