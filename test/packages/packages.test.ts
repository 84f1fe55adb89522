import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The packages as merchants get them: each workspace package packed (`npm pack`, after
 * `npm run build`), checked by publint and Are the Types Wrong, installed from its tarball into an
 * empty project, and imported there in plain Node and through Vite's SSR build.
 */

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const PACKAGES = {
  contract: 'widget/contract',
  browser: 'widget',
  react: 'widget/react',
  server: 'server',
} as const
type Name = keyof typeof PACKAGES

/** What installing the browser package may add to an empty project: Lit, the contract, nothing else. */
const BROWSER_FOOTPRINT = [
  '@lit-labs/ssr-dom-shim',
  '@lit/reactive-element',
  '@pay-elements/contract',
  '@types/trusted-types',
  'lit',
  'lit-element',
  'lit-html',
  'pay-elements',
]
/** Every entry of the browser package that holds JavaScript. */
const BROWSER_ENTRIES = [
  'pay-elements',
  'pay-elements/classes',
  'pay-elements/pay-crypto',
  'pay-elements/pay-card',
  'pay-elements/pay-cvs',
  'pay-elements/pay-checkout',
  'pay-elements/script',
]

/** The elements the package registers, in alphabetical order. */
const TAGS = ['pay-card', 'pay-checkout', 'pay-crypto', 'pay-cvs']

const work = mkdtempSync(join(tmpdir(), 'pay-packages-'))
const tarballs = {} as Record<Name, string>
const app = join(work, 'app')

const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, maxBuffer: 64 << 20 })

/** Packages in a node_modules folder (`name` or `@scope/name`). */
function installed(project: string): string[] {
  const modules = join(project, 'node_modules')
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((each) => `${name}/${each}`) : [name]))
    .sort()
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

beforeAll(async () => {
  for (const [name, dir] of Object.entries(PACKAGES) as [Name, string][]) {
    // Built by `npm run build` before this suite; packing must not build again.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: join(root, dir) })
    tarballs[name] = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename)
  }
  writeFileSync(join(work, 'package.json'), '{}')
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.each(Object.keys(PACKAGES) as Name[])('the %s package', (name) => {
  it('passes publint', async () => {
    const bytes = readFileSync(tarballs[name])
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const { messages, pkg } = await publint({ pack: { tarball }, strict: true })
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([])
  })

  it('passes Are the Types Wrong (ESM only)', async () => {
    const attw = join(root, 'node_modules/.bin/attw')
    // Exits 1 on any problem; the table says which.
    const failure = await run(attw, [tarballs[name], '--profile', 'esm-only', '--format', 'table']).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
    expect(failure).toBe('')
  }, 60_000)

  it('ships source maps whose sources resolve', async () => {
    const dir = join(work, `unpacked-${name}`)
    await run('mkdir', ['-p', dir])
    await run('tar', ['-xzf', tarballs[name], '-C', dir])
    for (const map of files(join(dir, 'package')).filter((path) => path.endsWith('.map'))) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] }
      sources.forEach((source, index) => {
        const there = existsSync(resolve(dirname(map), source)) || typeof sourcesContent?.[index] === 'string'
        expect(there, `${relative(dir, map)} → ${source}`).toBe(true)
      })
    }
  })
})

/**
 * What README's "Preload the element's files" lists for each element entry of the ES build (besides
 * `chunks/follow.js`, loaded beside the first read): every file the entry reaches by static imports.
 */
const PRELOADED: Record<string, string[]> = {
  'pay-crypto.js': ['chunks/pay-crypto.js', 'chunks/shared.js'],
  'pay-card.js': ['chunks/pay-card.js', 'chunks/shared.js'],
  'pay-cvs.js': ['chunks/pay-cvs.js', 'chunks/shared.js'],
  'pay-checkout.js': ['chunks/pay-checkout.js', 'chunks/shared.js'],
}

/** The files `file` (relative to `dir`) reaches through static `import … from` and `import "…"` statements. */
function staticImports(dir: string, file: string, seen = new Set<string>()): Set<string> {
  const code = readFileSync(join(dir, file), 'utf8')
  for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = relative(dir, resolve(dir, dirname(file), specifier!))
    if (!seen.has(target)) {
      seen.add(target)
      staticImports(dir, target, seen)
    }
  }
  return seen
}

describe('the ES build', () => {
  it.each(Object.entries(PRELOADED))('%s reaches exactly the chunks the README says to preload', (entry, chunks) => {
    expect([...staticImports(join(root, 'widget/dist'), entry)].sort()).toEqual(chunks)
    expect(existsSync(join(root, 'widget/dist/chunks/follow.js'))).toBe(true)
  })
})

describe('installed from its tarball into an empty project', () => {
  beforeAll(async () => {
    writeFileSync(join(work, 'package.json'), '{}')
    await run('mkdir', ['-p', app])
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    await npm(['install', tarballs.contract, tarballs.browser], app)
  }, 180_000)

  it('the browser package adds Lit and the contract, nothing else and nothing native', () => {
    expect(installed(app)).toEqual(BROWSER_FOOTPRINT)
    const native = files(join(app, 'node_modules')).filter((path) => /\.node$|binding\.gyp$/.test(path))
    expect(native).toEqual([])
  })

  it('every browser entry imports in plain Node without touching the DOM', async () => {
    const script = `for (const entry of ${JSON.stringify(BROWSER_ENTRIES)}) await import(entry)
const classes = await import('pay-elements/classes')
console.log(JSON.stringify({ classes: Object.keys(classes).sort(), defined: ${JSON.stringify(TAGS)}.filter((tag) => customElements.get(tag)) }))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
    const result = JSON.parse(stdout) as { classes: string[]; defined: string[] }
    expect(result.classes).toEqual(
      expect.arrayContaining(['PayCard', 'PayCheckout', 'PayCrypto', 'PayCvs', 'PayElement', 'PayCompleteEvent']),
    )
    // Lit's Node build provides a customElements registry; the self-registering entries used it.
    expect(result.defined).toEqual(TAGS)
  })

  it('one element entry brings its tag and event types, and type-checks with skipLibCheck off', async () => {
    writeFileSync(
      join(app, 'check.ts'),
      `import 'pay-elements/pay-card'
const card = document.querySelector('pay-card')!
card.addEventListener('pay-complete', (event) => {
  const paid: string = event.detail.checkout.amount_paid
  console.log(paid, card.server)
})
`,
    )
    const options = {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    }
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['check.ts'] }))
    const failure = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app]).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
    expect(failure).toBe('')
  }, 60_000)

  it('pay-elements/classes registers nothing', async () => {
    const script = `await import('pay-elements/classes')
console.log(JSON.stringify(${JSON.stringify(TAGS)}.filter((tag) => globalThis.customElements?.get(tag))))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
    expect(JSON.parse(stdout)).toEqual([])
  })

  it('every browser entry survives a bundler’s SSR build (Vite, everything bundled)', async () => {
    writeFileSync(
      join(app, 'ssr.js'),
      `${BROWSER_ENTRIES.map((entry) => `export * as ${entry.replace(/\W/g, '_')} from '${entry}'`).join('\n')}\n`,
    )
    await build({
      configFile: false,
      root: app,
      logLevel: 'warn',
      ssr: { noExternal: true },
      build: { ssr: join(app, 'ssr.js'), outDir: join(app, 'ssr-dist'), emptyOutDir: true },
    })
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('./ssr-dist/ssr.js'); console.log(Object.keys(m.pay_elements_classes).length)`],
      {
        cwd: app,
      },
    )
    expect(Number(stdout)).toBeGreaterThan(10)
  }, 60_000)

  it('custom-elements.json lists the four elements with attributes, events, parts, slots and CSS properties', () => {
    const dir = join(app, 'node_modules/pay-elements')
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { customElements: string; 'web-types': string }
    const manifest = JSON.parse(readFileSync(join(dir, pkg.customElements), 'utf8')) as {
      modules: { declarations?: Record<string, unknown>[] }[]
    }
    const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName)
    const names = (list: unknown) => (list as { name: string }[]).map((each) => each.name)
    expect(elements.map((element) => element.tagName).sort()).toEqual(TAGS)
    for (const element of elements) {
      expect(names(element.attributes)).toEqual(expect.arrayContaining(['server', 'client-secret', 'product', 'theme']))
      // Internal state is no attribute.
      expect(names(element.attributes)).not.toContain('checkout')
      expect(names(element.events).sort()).toEqual(['pay-complete', 'pay-error', 'pay-ready', 'pay-status-change'])
      expect(names(element.cssProperties)).toEqual(expect.arrayContaining(['--pay-color-accent', '--pay-space-m', '--pay-radius']))
      if (element.tagName === 'pay-checkout') {
        // It draws the choice of method; the chosen method's element draws the checkout.
        expect(names(element.attributes)).toEqual(expect.arrayContaining(['method', 'mode', 'return-url']))
        expect(names(element.cssParts)).toEqual(expect.arrayContaining(['base', 'methods', 'method-option', 'method', 'status', 'error']))
        continue
      }
      expect(names(element.cssParts)).toEqual(expect.arrayContaining(['base', 'amount', 'status', 'countdown', 'error']))
      expect(names(element.slots)).toContain('header')
    }
    const tags = (file: string) =>
      JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        tags?: { name: string }[]
        contributions?: { html: { elements: { name: string }[] } }
      }
    expect(
      tags('dist/vscode.html-custom-data.json')
        .tags!.map((tag) => tag.name)
        .sort(),
    ).toEqual(TAGS)
    expect(
      tags(pkg['web-types'])
        .contributions!.html.elements.map((tag) => tag.name)
        .sort(),
    ).toEqual(TAGS)
  })

  it('the React package adds only itself and @lit/react to a React app that has pay-elements', async () => {
    // A React app in TypeScript (@lit/react asks for React's types as a peer).
    await npm(['install', 'react@19.3.1', '@types/react@19.3.3'], app)
    const before = installed(app)
    await npm(['install', tarballs.react], app)
    const added = installed(app).filter((name) => !before.includes(name))
    expect(added).toEqual(['@lit/react', '@pay-elements/react'])
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('@pay-elements/react'); console.log(typeof m.PayCard)`],
      { cwd: app },
    )
    expect(stdout.trim()).toBe('object')
  }, 180_000)
})
