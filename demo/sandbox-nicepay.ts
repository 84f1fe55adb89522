/**
 * Sandbox store side for `<pay-cvs>`: plays the convenience-store cashier at the NICEPAY simulator.
 * The cashier types the payment code the payer shows (or takes this checkout's code from the
 * simulator), looks it up (an Alfamart-group code then reads "ready", inquiry status 5), takes
 * the money (NICEPAY then notifies the server), or lets the code expire.
 */

interface StoreAnswer {
  payNo?: string
  status?: string
  referenceNo?: string
  error?: string
  notifications?: { status: number | null }[]
}

const STATUS_WORDS: Record<string, string> = { '0': 'paid', '3': 'unpaid', '4': 'expired', '5': 'ready to pay (Alfamart group)' }

export function nicepayControls(box: HTMLElement, checkoutId: string, log: (line: string) => void): void {
  const label = document.createElement('label')
  label.textContent = 'Payment code, as the cashier types it '
  const input = document.createElement('input')
  input.id = 'nicepay-pay-no'
  input.inputMode = 'numeric'
  input.autocomplete = 'off'
  input.placeholder = "empty: this checkout's code"
  label.append(input)
  const result = document.createElement('p')
  result.id = 'nicepay-result'
  result.className = 'result'
  result.setAttribute('role', 'status')
  const row = document.createElement('div')
  row.className = 'button-row'
  box.append(label, row)

  /** The code the cashier typed, or the one the simulator issued for this checkout. */
  async function payNo(): Promise<string | undefined> {
    const typed = input.value.replace(/\s+/g, '')
    if (typed) return typed
    const transactions = (await (await fetch('/sandbox/nicepay/control/transactions')).json()) as StoreAnswer[]
    return transactions.find((t) => t.referenceNo?.startsWith(`${checkoutId}-`))?.payNo
  }

  const actions: [label: string, path: string][] = [
    ['Cashier looks the code up', '/sandbox/nicepay/store/lookup'],
    ['Pay at the store', '/sandbox/nicepay/store/pay'],
    ['Let the code expire', '/sandbox/nicepay/store/expire'],
  ]
  for (const [text, path] of actions) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = text
    button.addEventListener('click', async () => {
      const code = await payNo()
      if (!code) {
        result.textContent = 'No payment code yet: get one in the element first.'
        return
      }
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payNo: code }),
      })
      const answer = (await response.json()) as StoreAnswer
      const status = answer.status ? (STATUS_WORDS[answer.status] ?? answer.status) : ''
      const delivered = answer.notifications
        ? `; notification → HTTP ${answer.notifications.map((n) => n.status ?? 'no answer').join(', ')}`
        : ''
      result.textContent = answer.error ? `${text}: ${answer.error}` : `${text}: code ${code} is ${status}${delivered}`
      log(`sandbox nicepay ${text.toLowerCase()} → ${answer.error ?? status}`)
    })
    row.append(button)
  }
  box.append(result)
}
