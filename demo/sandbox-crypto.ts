/**
 * Sandbox payer for `<pay-crypto>`: sends money to the checkout's CCPayment order, or runs its
 * valid period out, through the simulator's controls (the demo's backend finds the order).
 */

type Step = { action: 'pay' | 'expire'; body?: object }

const ACTIONS: [label: string, steps: Step[]][] = [
  ['Pay in full', [{ action: 'pay', body: { fraction: '1' } }]],
  ['Pay half', [{ action: 'pay', body: { fraction: '0.5' } }]],
  ['Pay the rest', [{ action: 'pay', body: { rest: true } }]],
  ['Pay 10% too much', [{ action: 'pay', body: { fraction: '1.1' } }]],
  ['Pay late (after the order expired)', [{ action: 'expire' }, { action: 'pay', body: { rest: true } }]],
  ['Let the order expire', [{ action: 'expire' }]],
]

export function cryptoControls(box: HTMLElement, checkoutId: string, log: (line: string) => void): void {
  const hint = document.createElement('p')
  hint.className = 'hint'
  hint.textContent = 'Pick a coin and network in the element first; these buttons then send money to that deposit address.'
  const row = document.createElement('div')
  row.className = 'button-row'
  for (const [label, steps] of ACTIONS) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = label
    button.addEventListener('click', async () => {
      let outcome = ''
      for (const step of steps) {
        const response = await fetch(`/demo/api/checkouts/${encodeURIComponent(checkoutId)}/crypto/${step.action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(step.body ?? {}),
        })
        const result = (await response.json()) as { status?: string; error?: string }
        outcome = result.status ?? result.error ?? String(response.status)
        if (!response.ok) break
      }
      log(`sandbox ${label.toLowerCase()} → ${outcome}`)
    })
    row.append(button)
  }
  box.append(hint, row)
}
