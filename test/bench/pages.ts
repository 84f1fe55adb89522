/**
 * Pages for the browser benchmarks: the elements' production build, the page around one element,
 * and a small file server for both on a loopback origin of its own (so the element talks to the
 * companion server cross-origin, with CORS, as on a merchant's site).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { build } from 'vite'

/**
 * The production build of the elements (vite.config.ts, with Lit bundled in as a page gets it from an
 * app's bundler: `--mode bundled`), and beside it, in `bare/`, the
 * render probe and the bare element bundled with Lit alone (same resolve conditions, minified), so
 * the baseline loads Lit and nothing of ours. Both into a temporary folder, returned.
 */
export async function buildPages(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'pay-bench-pages-'))
  await build({ configFile: 'vite.config.ts', mode: 'bundled', logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } })
  await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      outDir: join(outDir, 'bare'),
      emptyOutDir: true,
      minify: true,
      lib: { entry: { probe: 'test/bench/render/probe.ts', element: 'test/bench/render/bare-element.ts' }, formats: ['es'] },
    },
  })
  return outDir
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')

/** A page holding one element, the start mark, then the given module scripts in order. */
export function elementPage(tag: string, attributes: Record<string, string>, scripts: string[]): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title></head>
<body>
<${tag}${attrs}></${tag}>
<script>window.benchStart = performance.now()</script>
${scripts.map((src) => `<script type="module" src="/${src}"></script>`).join('\n')}
</body></html>`
}

export interface PageServer {
  url: string
  /** Registers a page and returns its URL. */
  add(html: string): string
  close(): void
}

/** Serves the files under `root`, and each registered page at `/page?id=…`. */
export async function servePages(root: string): Promise<PageServer> {
  const pages = new Map<string, string>()
  const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const html = url.pathname === '/page' ? pages.get(url.searchParams.get('id') ?? '') : undefined
    if (html !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      response.end(html)
      return
    }
    const path = normalize(join(root, url.pathname))
    let body: Buffer | undefined
    try {
      body = path.startsWith(root) && types[extname(path)] ? readFileSync(path) : undefined
    } catch {
      body = undefined
    }
    response.writeHead(body ? 200 : 404, body ? { 'content-type': types[extname(path)]! } : {})
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    add(html) {
      const id = String(pages.size)
      pages.set(id, html)
      return `${url}/page?id=${id}`
    },
    close: () => server.close(),
  }
}
