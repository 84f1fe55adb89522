import type { ChangeFeed } from './changes.js'

/** Resolves true when the checkout changes, false when `timeoutMs` passes or `signal` aborts first. */
export function waitForChange(changes: ChangeFeed, checkoutId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false)
    const finish = (changed: boolean) => {
      clearTimeout(timer)
      unsubscribe()
      signal?.removeEventListener('abort', onAbort)
      resolve(changed)
    }
    const onAbort = () => finish(false)
    const timer = setTimeout(() => finish(false), timeoutMs)
    const unsubscribe = changes.subscribe(checkoutId, () => finish(true))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
