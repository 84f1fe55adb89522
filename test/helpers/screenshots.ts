import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'

const DIR = join(import.meta.dirname, '../../docs/screenshots')

/**
 * Whether this run writes the README's screenshots: only `npm run screenshots` (which sets
 * PAY_SCREENSHOTS=1) does, so `npm test` leaves the working tree as it found it.
 */
export const TAKING_SCREENSHOTS = process.env.PAY_SCREENSHOTS === '1'

/**
 * Saves `element` as it looks now, in the light and the dark theme, to
 * `docs/screenshots/<name>-light.png` and `-dark.png` (the README shows them), then gives the
 * element back its own theme. Does nothing unless the run takes screenshots.
 */
export async function screenshotThemes(element: Locator, name: string): Promise<void> {
  if (!TAKING_SCREENSHOTS) return
  mkdirSync(DIR, { recursive: true })
  const before = await element.getAttribute('theme')
  for (const theme of ['light', 'dark'] as const) {
    await element.evaluate(async (el, value) => {
      el.setAttribute('theme', value)
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete
    }, theme)
    await element.screenshot({ path: join(DIR, `${name}-${theme}.png`), animations: 'disabled', caret: 'hide' })
  }
  await element.evaluate((el, value) => (value === null ? el.removeAttribute('theme') : el.setAttribute('theme', value)), before)
}
