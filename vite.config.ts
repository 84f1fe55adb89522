import { relative } from 'node:path'
import minifyLiterals from 'rollup-plugin-html-literals'
import { build, defineConfig, type Plugin, type UserConfig } from 'vite'

/** Where `npm run demo` / `npm start` serve the companion server by default. */
const companionServer = process.env.PAY_SERVER_URL ?? 'http://localhost:8787'

/**
 * What every element loads: Lit and the shared base (chassis, API client, controllers, English
 * strings, theme) go in one chunk, so a page makes one request for them and gzip sees them whole.
 */
const SHARED_MODULES =
  /[\\/](?:node_modules[\\/](?:lit|lit-html|lit-element|@lit[\\/][^\\/]+)[\\/]|widget[\\/](?:shared|i18n|theme)[\\/]|widget[\\/]contract[\\/]checkout\.ts$)/

/**
 * The package's dependencies. The npm build leaves them to the app's bundler (so an app that has
 * Lit already ships it once, and a server-side import gets Lit's Node build); the script-tag file
 * and the `bundled` build (what a page downloads, measured by `npm run size`) carry them.
 */
const DEPENDENCIES = /^(?:lit|lit-html|lit-element|@lit\/[^/]+|@lit-labs\/[^/]+|@pay-elements\/contract)(?:\/|$)/

/**
 * Export condition of the workspace packages that points at their TypeScript sources, so the
 * contract needs no build while developing; published files resolve to its built JavaScript.
 */
export const SOURCE_CONDITION = 'pay-elements-source'

/**
 * No comments in what we ship. The minifier keeps `@__PURE__` marks by default (16 bytes each,
 * twenty in the shared chunk), which serve no browser; Lit's own published files carry none.
 */
const OUTPUT_COMMENTS = false

/** The element entries: each registers its element; `index` all four, `classes` none. */
const ENTRIES = {
  index: 'widget/index.ts',
  classes: 'widget/classes.ts',
  'pay-crypto': 'widget/pay-crypto/define.ts',
  'pay-card': 'widget/pay-card/define.ts',
  'pay-cvs': 'widget/pay-cvs/define.ts',
  'pay-checkout': 'widget/pay-checkout/define.ts',
}

/**
 * `vite build`: the npm package's ES modules in widget/dist (one entry per element plus index.js
 * and classes.js, our shared code in one chunk; Lit and the contract left as imports).
 * `vite build --mode bundled`: the same with Lit and the contract bundled into the shared chunk,
 * as a page receives it from an app's bundler (what `npm run size` measures).
 * `vite build --mode script`: one self-registering IIFE, widget/dist/pay-elements.js, for a
 * classic `<script src>` (it works as `type="module"` too), added beside the ES build, with its
 * Indonesian and Chinese strings beside it (pay-elements.id.js, pay-elements.zh-CN.js).
 * `vite`: dev server for the demo, proxying the browser API to the companion server.
 */
export default defineConfig(({ command, mode }): UserConfig => {
  const shared: UserConfig = {
    // Lit's production build (no dev-mode checks) in everything we ship.
    resolve: { conditions: [SOURCE_CONDITION, 'module', 'browser', command === 'build' ? 'production' : 'development'] },
    plugins: command === 'build' ? [minifyTemplates()] : [],
    server: {
      proxy: {
        '/v1': companionServer,
        '/sandbox': companionServer,
      },
    },
  }

  if (mode === 'script') {
    return {
      ...shared,
      // Locales first: their `import()`s become file loads before the rest are made static.
      plugins: [...(shared.plugins ?? []), localesBesideTheScript(shared), importEverythingStatically()],
      build: {
        outDir: 'widget/dist',
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        lib: {
          entry: 'widget/script.ts',
          formats: ['iife'],
          name: 'PayElements',
          fileName: () => 'pay-elements.js',
        },
        // Off the browser (a server render that imports it, a worker) the file does nothing.
        rolldownOptions: { output: { intro: 'if (typeof HTMLElement > "u") return', comments: OUTPUT_COMMENTS } },
      },
    }
  }

  return {
    ...shared,
    build: {
      outDir: 'widget/dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: true,
      lib: {
        entry: ENTRIES,
        formats: ['es'],
        fileName: (_format, entryName) => `${entryName}.js`,
      },
      rolldownOptions: {
        // Lets each element's module live in its own entry file (index.js imports those) instead of
        // a chunk behind a one-line re-export file: one request fewer per element.
        preserveEntrySignatures: 'allow-extension',
        ...(mode === 'bundled' ? {} : { external: (id: string) => DEPENDENCIES.test(id) }),
        output: {
          // Vite leaves whitespace in ES library builds for downstream bundlers; these files are
          // also loaded straight from a CDN, so they are minified fully.
          minify: true,
          comments: OUTPUT_COMMENTS,
          // No content hash: the package version already names a release, and each hash costs a
          // first load bytes in every file that imports the chunk.
          chunkFileNames: (chunk) => `chunks/${chunkName(chunk)}.js`,
          codeSplitting: {
            groups: [
              // Each element's class and its registration function share one chunk, which the
              // element's entry (one call) and classes.js (no call) both import.
              ...(['pay-crypto', 'pay-card', 'pay-cvs', 'pay-checkout'] as const).map((element) => ({
                name: element,
                test: new RegExp(`[\\\\/]widget[\\\\/]${element}[\\\\/](?:${element}|register)\\.ts$`),
              })),
              {
                debugName: 'shared',
                // Before the elements' groups, which would otherwise take what they import.
                priority: 1,
                test: SHARED_MODULES,
                // Modules only loaded by `import()` (the other locales' strings, what follows the
                // checkout), and what only they import, stay in chunks of their own.
                name: (id, context) => (loadedStatically(id, (each) => context.getModuleInfo(each)) ? 'shared' : null),
              },
            ],
          },
        },
      },
    },
  }
})

/** A chunk's file name: an element's own modules carry its name (`pay-card-i18n-id`), the rest their own. */
function chunkName({ name, facadeModuleId }: { name: string; facadeModuleId: string | null }): string {
  const element = facadeModuleId?.match(/[\\/]widget[\\/](pay-[a-z]+)[\\/][^\\/]+$/)?.[1]
  return element && !name.startsWith(element) ? `${element}-${name}` : name
}

/** Whether an entry reaches module `id` through static imports only (so it belongs to a first load). */
function loadedStatically(
  id: string,
  moduleInfo: (id: string) => { isEntry: boolean; importers: readonly string[] } | null,
  seen = new Set<string>(),
): boolean {
  const info = moduleInfo(id)
  if (!info || seen.has(id)) return false
  seen.add(id)
  return info.isEntry || info.importers.some((importer) => loadedStatically(importer, moduleInfo, seen))
}

/**
 * Minifies the HTML and CSS inside Lit's `html`, `svg` and `css` tagged templates (JavaScript
 * minifiers leave template text alone), as Lit's production guide recommends.
 */
function minifyTemplates() {
  return minifyLiterals({
    include: ['widget/**/*.ts'],
    failOnError: true,
    options: {
      // A block of declarations shared by two rules (the dark theme tokens) is no stylesheet on its
      // own, so the CSS minifier would reject it: it is left as written.
      shouldMinifyCSS: (template: { tag?: string; parts: { text: string }[] }) =>
        template.tag === 'css' && template.parts.some((part) => part.text.includes('{')),
      minifyOptions: {
        // Keep attributes written empty on purpose (alt="", value="").
        removeEmptyAttributes: false,
      },
    },
  })
}

/** The script-tag file's languages other than English: `pay-elements.<code>.js` next to it. */
const SCRIPT_LOCALES = ['id', 'zh-CN'] as const
const LOCALE_IMPORT = /\bimport\(\s*(['"])(\.{1,2}\/(?:[^'"]*[/-])?(id|zh-CN)\.js)\1\s*\)/g
const SCRIPT_LOCALE_MODULE = 'virtual:pay-script-locale'

/**
 * The script-tag file carries English only; the strings of each other language (the base's and
 * every element's) go in one small ES module beside it, `pay-elements.id.js` and
 * `pay-elements.zh-CN.js`, which it loads by `import()` from its own URL the first time a page asks
 * for that language. Each locale `import('./…-id.js')` becomes a read of one export of that file.
 */
function localesBesideTheScript(shared: UserConfig): Plugin {
  const widget = new URL('./widget/', import.meta.url).pathname
  /** Export name → locale module path without its code, e.g. `pay_card_i18n` → `…/pay-card/i18n-`. */
  const modules = new Map<string, string>()
  let sourcemap: boolean | 'inline' | 'hidden' = false
  return {
    name: 'pay-elements:locales-beside-the-script',
    configResolved(config) {
      sourcemap = config.build.sourcemap
    },
    resolveId: (id) => (id === SCRIPT_LOCALE_MODULE ? `\0${id}` : null),
    load(id) {
      if (id !== `\0${SCRIPT_LOCALE_MODULE}`) return null
      // Captured while the script runs (a module script has no currentScript: it is found by name).
      return `const src = document.currentScript?.src || document.querySelector('script[src*="pay-elements"]')?.src
const files = {}
export const scriptLocale = (code, name) =>
  (files[code] ??= import(/* @vite-ignore */ new URL(\`pay-elements.\${code}.js\`, src).href)).then((file) => ({ default: file[name] }))
`
    },
    transform(code, id) {
      if (!id.startsWith(widget) || !LOCALE_IMPORT.test(code)) return null
      const name = relative(widget, id).replace(/\.ts$/, '').replace(/\W/g, '_')
      const rewritten = code.replace(LOCALE_IMPORT, (_call, _quote: string, path: string, locale: string) => {
        modules.set(name, new URL(path.replace(/\.js$/, '.ts'), `file://${id}`).pathname.slice(0, -`${locale}.ts`.length))
        return `__payScriptLocale(${JSON.stringify(locale)}, ${JSON.stringify(name)})`
      })
      return { code: `${rewritten}\nimport { scriptLocale as __payScriptLocale } from '${SCRIPT_LOCALE_MODULE}'\n`, map: null }
    },
    async writeBundle({ dir }) {
      const prefix = '\0pay-locale:'
      await build({
        configFile: false,
        logLevel: 'warn',
        resolve: shared.resolve ?? {},
        plugins: [
          {
            name: 'pay-elements:script-locale-entries',
            resolveId: (id) => (id.startsWith(prefix) ? id : null),
            load: (id) =>
              id.startsWith(prefix)
                ? [...modules].map(([name, path]) => `export { default as ${name} } from '${path}${id.slice(prefix.length)}.ts'`).join('\n')
                : null,
          },
        ],
        build: {
          outDir: dir,
          emptyOutDir: false,
          sourcemap,
          minify: true,
          rolldownOptions: {
            input: Object.fromEntries(SCRIPT_LOCALES.map((locale) => [`pay-elements.${locale}`, prefix + locale])),
            preserveEntrySignatures: 'strict',
            output: { format: 'es', entryFileNames: '[name].js', minify: true },
          },
        },
      })
    },
  }
}

/**
 * The script-tag file is one file by design, so what the ES build loads on demand (views, the
 * live-status code; not the other locales, see above) is simply part of it: each `import('./x.js')`
 * of ours becomes a static import handed back as a resolved promise. Bundled that way the modules
 * are hoisted into one scope like the rest, instead of each being wrapped in a lazy initializer,
 * which made the file larger.
 */
function importEverythingStatically(): Plugin {
  return {
    name: 'pay-elements:import-everything-statically',
    transform(code, id) {
      if (!/[\\/]widget[\\/]/.test(id) || !code.includes('import(')) return null
      const imports: string[] = []
      const rewritten = code.replace(/\bimport\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g, (_call, _quote: string, path: string) => {
        imports.push(`import * as __onDemand${imports.length} from ${JSON.stringify(path)}`)
        return `Promise.resolve(__onDemand${imports.length - 1})`
      })
      // Imports are hoisted, so appending them keeps every other line where it was.
      return imports.length ? { code: `${rewritten}\n${imports.join('\n')}\n`, map: null } : null
    },
  }
}
