/** Sandbox payer for `<pay-crypto>`: sends money to the checkout's CCPayment order through the simulator. */
export function cryptoControls(box: HTMLElement, checkoutId: string, log: (line: string) => void): void {
  const actions: [label: string, body: object][] = [
    ['Pay in full', { fraction: '1' }],
    ['Pay half', { fraction: '0.5' }],
    ['Pay the rest', { rest: true }],
    ['Pay 10% too much', { fraction: '1.1' }],
  ]
  for (const [label, body] of actions) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = label
    button.addEventListener('click', async () => {
      const response = await fetch(`/demo/api/checkouts/${encodeURIComponent(checkoutId)}/crypto/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const result = (await response.json()) as { status?: string; error?: string }
      log(`sandbox ${label.toLowerCase()} → ${result.status ?? result.error ?? response.status}`)
    })
    box.append(button)
  }
}
