import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Locator } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Runs axe-core on one element as the page shows it now (shadow roots included) and returns its
 * violations, each as "rule: target". axe is put in through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern, so the page keeps its strict policy.
 */
export async function axeViolations(element: Locator): Promise<string[]> {
  const page = element.page()
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return element.evaluate(async (node) => {
    const axe = (
      window as unknown as { axe: { run(context: Element): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }
    ).axe
    const { violations } = await axe.run(node)
    return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`))
  })
}
