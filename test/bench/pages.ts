/**
 * Pages for the browser benchmarks: the elements' production build, the page around one element,
 * and a small file server for both on a loopback origin of its own (so the element talks to the
 * companion server cross-origin, with CORS, as on a merchant's site).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
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

export interface PageExtras {
  /** Tags for the page's head (resource hints). */
  head?: string[]
  /** A module's code run before the scripts, inline so that it costs no request (the render probe). */
  inlineModule?: string
}

/**
 * A page holding one element, the start mark, then the given module scripts in order. An empty
 * icon keeps the browser from asking for /favicon.ico.
 */
export function elementPage(
  tag: string,
  attributes: Record<string, string>,
  scripts: string[],
  { head = [], inlineModule }: PageExtras = {},
): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
${head.join('\n')}
</head>
<body>
<${tag}${attrs}></${tag}>
<script>window.benchStart = performance.now()</script>
${inlineModule ? `<script type="module">${inlineModule}</script>` : ''}
${scripts.map((src) => `<script type="module" src="/${src}"></script>`).join('\n')}
</body></html>`
}

/** `import … from"./x.js"`, `import"./x.js"` and `export … from"./x.js"`; never `import("./x.js")`. */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?(["'])(\.{1,2}\/[^"']+)\1/g

/**
 * Every file of the build under `root` that `files` (paths relative to `root`) reach through static
 * imports, followed recursively, as paths relative to `root`; `files` themselves only when another
 * one imports them.
 */
export function staticImports(root: string, files: string[]): string[] {
  const reached = new Set<string>()
  const visit = (file: string) => {
    for (const [, , specifier] of readFileSync(join(root, file), 'utf8').matchAll(STATIC_IMPORT)) {
      const imported = relative(root, join(root, dirname(file), specifier!))
      if (!reached.has(imported)) {
        reached.add(imported)
        visit(imported)
      }
    }
  }
  files.forEach(visit)
  return [...reached]
}

export interface PageServer {
  url: string
  /** Registers a page and returns its URL, at `origin` when the browser reaches this server through a proxy. */
  add(html: string, origin?: string): string
  /**
   * Passes the browser API (`/v1/client/…`) on to the companion server at `upstream`, as a site
   * that routes that path to it does: the elements then call their page's own origin.
   */
  forwardApi(upstream: string): void
  close(): void
}

/**
 * Serves the files under `root`, and each registered page at `/page?id=…`. Scripts are sent
 * gzipped (-9) to a browser that accepts it, as a CDN sends them: on a slow link their size counts.
 */
export async function servePages(root: string): Promise<PageServer> {
  const pages = new Map<string, string>()
  const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
  const gzipped = new Map<string, Buffer>()
  let api: URL | undefined
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (api && url.pathname.startsWith('/v1/client/')) {
      const upstream = httpRequest(
        new URL(request.url!, api),
        { method: request.method, headers: { ...request.headers, host: api.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(response)
        },
      )
      upstream.on('error', () => response.destroy())
      request.pipe(upstream)
      return
    }
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
    if (!body) {
      response.writeHead(404)
      response.end()
      return
    }
    // no-store: nothing of one page load (code cache included) may serve the next.
    const headers: Record<string, string> = { 'content-type': types[extname(path)]!, 'cache-control': 'no-store', vary: 'accept-encoding' }
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(body, { level: 9 }))
      body = gzipped.get(path)!
      headers['content-encoding'] = 'gzip'
    }
    response.writeHead(200, headers)
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    add(html, origin = url) {
      const id = String(pages.size)
      pages.set(id, html)
      return `${origin}/page?id=${id}`
    },
    forwardApi(upstream) {
      api = new URL(upstream)
    },
    close: () => {
      server.close()
      server.closeAllConnections()
    },
  }
}
