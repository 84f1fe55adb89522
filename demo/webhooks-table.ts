/** The merchant webhooks the demo's backend received, as a table body kept up to date by polling. */

interface ReceivedWebhook {
  id: string
  type: string
  checkout: string
  status: string
  verified: boolean
  error: string | null
  received_at: string
}

const POLL_MS = 1000

function row(webhook: ReceivedWebhook, withId: boolean, labels: string[]): HTMLTableRowElement {
  const cells = [new Date(webhook.received_at).toLocaleTimeString(), webhook.type || '?', webhook.checkout, webhook.status]
  if (withId) cells.push(webhook.id)
  const tr = document.createElement('tr')
  for (const text of cells) {
    const td = document.createElement('td')
    td.textContent = text
    tr.append(td)
  }
  // Each cell names its column, for the narrow layout where the rows are stacked (demo.css).
  ;[...tr.cells].forEach((td, index) => (td.dataset.label = labels[index] ?? ''))
  const verdict = document.createElement('td')
  verdict.dataset.label = labels.at(-1) ?? ''
  verdict.className = webhook.verified ? 'ok' : 'bad'
  verdict.textContent = webhook.verified ? 'verified' : `rejected: ${webhook.error}`
  tr.append(verdict)
  return tr
}

/** Keeps `body` showing what arrived, newest first; `withId` adds the `webhook-id` column. */
export function followWebhooks(body: HTMLTableSectionElement, { withId = false } = {}): void {
  let shown = ''
  const labels = [...(body.closest('table')?.tHead?.rows[0]?.cells ?? [])].map((th) => th.textContent?.trim() ?? '')
  async function refresh() {
    try {
      const response = await fetch('/demo/api/webhooks')
      const text = await response.text()
      if (response.ok && text !== shown) {
        shown = text
        const webhooks = JSON.parse(text) as ReceivedWebhook[]
        if (webhooks.length) body.replaceChildren(...webhooks.map((w) => row(w, withId, labels)))
      }
    } catch {
      // The server is restarting or gone: keep what is shown and ask again.
    } finally {
      setTimeout(() => void refresh(), POLL_MS)
    }
  }
  void refresh()
}
