import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js'
import { eventually, freePort } from './wait.js'

/** Runs `npm run demo`'s server (demo/serve.ts) on a free port with its own SQLite file. */
export async function startDemoServer(env: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pay-e2e-'))
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--conditions=pay-elements-source', '--import', 'tsx', 'demo/serve.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'pay.sqlite')}`, PAY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://localhost:${port}`
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`demo server exited with ${child.exitCode}`)
      const response = await fetch(`${url}/healthz`)
      if (!response.ok) throw new Error(`healthz ${response.status}`)
    },
    60_000,
    200,
  )
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Debian's Chromium, headless; tests never download a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  })
}

/**
 * The same Chromium with a regular (not incognito-like) profile in `userDataDir`, for what the
 * browser only does there: Chromium ignores `<link rel="preconnect">` in the contexts
 * `launchChromium().newContext()` makes. `args` adds switches to the usual ones.
 */
export function launchChromiumProfile(userDataDir: string, args: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  })
}

export interface DemoSession {
  server: Awaited<ReturnType<typeof startDemoServer>>
  browser: Browser
  page: Page
  /** Console errors (CSP violations among them), failed requests and uncaught page errors, as they happen. */
  problems: string[]
  close(): Promise<void>
}

/**
 * The demo shop running, and a Chromium page to drive it, recording everything that went wrong on
 * the page. `expected` excuses a console error a test provokes on purpose.
 */
export async function openDemo(
  options: { expected?: (message: ConsoleMessage) => boolean; env?: Record<string, string> } = {},
): Promise<DemoSession> {
  const server = await startDemoServer(options.env)
  const browser = await launchChromium()
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !options.expected?.(message)) problems.push(`${message.text()} ${message.location().url}`)
  })
  // A stream the element closes itself (at a final status) ends as ERR_ABORTED: not a failure.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  return {
    server,
    browser,
    page,
    problems,
    async close() {
      await browser.close()
      await server.stop()
    },
  }
}
