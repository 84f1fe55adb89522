import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import { eventually, freePort } from '../helpers/wait.js'

/**
 * The server stops on SIGTERM however it was started: `npm start` (npm, a shell, node) and
 * `npx pay-server` (npm, `sh -c`, node), where npm hands the signal to the shell between it and
 * the server. The orchestrator signals npm only, as `docker stop` does.
 */

const REPO = resolve(import.meta.dirname, '../..')

/** Every process below `pid` (children, grandchildren…), read from ps. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const found: number[] = []
  const walk = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child)
        walk(child)
      }
    }
  }
  walk(pid)
  return found
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('stopping on SIGTERM', () => {
  let npm: ChildProcess | undefined
  let dir: string | undefined
  let below: number[] = []
  afterEach(() => {
    for (const pid of below) if (alive(pid)) process.kill(pid, 'SIGKILL')
    npm?.kill('SIGKILL')
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Starts `command` through npm, waits until the server answers, sends npm SIGTERM, and checks nothing is left. */
  async function startAndStop(args: string[], cwd: string, startupMs: number) {
    const port = await freePort()
    dir ??= mkdtempSync(join(tmpdir(), 'pay-signals-'))
    npm = spawn('npm', args, {
      cwd,
      env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'pay.sqlite')}`, PAY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const url = `http://127.0.0.1:${port}`
    await eventually(async () => expect((await fetch(`${url}/livez`)).status).toBe(200), startupMs, 250)
    below = descendants(npm.pid!)
    expect(below.length).toBeGreaterThan(0)
    const npmExit = new Promise<number | null>((done) => npm!.once('exit', (code) => done(code)))

    npm.kill('SIGTERM')
    await npmExit
    await eventually(() => expect(below.filter(alive)).toEqual([]), 15_000)
    await expect(fetch(`${url}/livez`)).rejects.toThrow()
  }

  it('`npx pay-server` stops, though npm runs it through a shell', async () => {
    // A project with pay-server installed: its bin runs the CLI, as the published one does.
    dir = mkdtempSync(join(tmpdir(), 'pay-signals-'))
    const bin = join(dir, 'node_modules', '.bin')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', private: true }))
    writeFileSync(
      join(bin, 'pay-server'),
      `#!/bin/sh\nexec "${process.execPath}" --conditions=pay-elements-source --import "${import.meta.resolve('tsx')}" "${join(REPO, 'server/cli.ts')}" "$@"\n`,
    )
    chmodSync(join(bin, 'pay-server'), 0o755)
    await startAndStop(['exec', '--', 'pay-server'], dir, 30_000)
  }, 60_000)

  it('`npm start` builds the server, runs it without a shell in between, and stops', async () => {
    expect(pkg.scripts.start).toMatch(/&& exec node /)
    await startAndStop(['start'], REPO, 150_000)
  }, 180_000)

  it('`pay-server --version` and `--help` print and exit; an unknown argument is a usage error', () => {
    const run = (arg: string) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, ['--conditions=pay-elements-source', '--import', 'tsx', 'server/cli.ts', arg], {
            cwd: REPO,
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        }
      } catch (error) {
        const failed = error as { status: number; stderr: string }
        return { code: failed.status, out: failed.stderr }
      }
    }
    expect(run('--version')).toEqual({ code: 0, out: `${pkg.version}\n` })
    const help = run('--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^pay-server: the pay-elements companion server\n\nUsage: pay-server /)
    expect(help.out).toContain('PAY_RECONCILE_INTERVAL')
    expect(run('--port=1')).toEqual({
      code: 64,
      out: 'pay-server: unknown argument "--port=1" (configuration comes from the environment; see --help)\n',
    })
    // Three start-ups of the CLI from TypeScript sources, one after the other.
  }, 60_000)
})
