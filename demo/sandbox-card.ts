/**
 * Sandbox payer for `<pay-card>`: the card simulator's test cards (from `/sandbox/ccbill/test-cards`,
 * through the demo's backend), each with what it does and a button to copy its number.
 */

interface TestCard {
  number: string
  brand: string
  outcome: 'approve' | 'decline' | '3ds-pass' | '3ds-fail'
  description: string
}

const OUTCOME_WORDS: Record<TestCard['outcome'], string> = {
  approve: 'approves',
  decline: 'declines',
  '3ds-pass': '3DS, passes',
  '3ds-fail': '3DS, fails',
}

export async function cardControls(box: HTMLElement, _checkoutId: string, log: (line: string) => void): Promise<void> {
  const cards = (await (await fetch('/demo/api/test-cards')).json()) as TestCard[] | null
  if (!cards) {
    const unavailable = document.createElement('p')
    unavailable.className = 'hint'
    unavailable.textContent =
      'The card sandbox is unavailable on this server: it has no card simulator, so there are no test cards to show.'
    box.append(unavailable)
    return
  }
  const hint = document.createElement('p')
  hint.className = 'hint'
  hint.textContent = 'Type one of these test numbers into the card form. Nothing is charged anywhere.'
  const status = document.createElement('p')
  status.className = 'result'
  status.setAttribute('role', 'status')
  const list = document.createElement('ul')
  list.className = 'test-cards'
  list.setAttribute('aria-label', 'Test cards')
  for (const card of cards) {
    const item = document.createElement('li')
    const number = document.createElement('span')
    number.className = 'number'
    number.textContent = card.number
    const brand = document.createElement('span')
    brand.textContent = card.brand
    const outcome = document.createElement('span')
    outcome.className = 'outcome'
    outcome.textContent = OUTCOME_WORDS[card.outcome] ?? card.outcome
    const copy = document.createElement('button')
    copy.type = 'button'
    copy.textContent = 'Copy number'
    copy.setAttribute('aria-label', `Copy number ${card.number}`)
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(card.number.replace(/\s+/g, ''))
        status.textContent = `Copied ${card.number}.`
        log(`sandbox copied test card ${card.number} (${card.outcome})`)
      } catch {
        status.textContent = `The browser refused the clipboard: select ${card.number} and copy it by hand.`
      }
    })
    const description = document.createElement('span')
    description.className = 'description'
    description.textContent = card.description
    item.append(number, brand, outcome, copy, description)
    list.append(item)
  }
  box.append(hint, list, status)
}
