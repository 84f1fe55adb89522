import minifyLiterals from 'rollup-plugin-html-literals'
import { defineConfig, type Plugin, type UserConfig } from 'vite'

/** Where `npm run demo` / `npm start` serve the companion server by default. */
const companionServer = process.env.PAY_SERVER_URL ?? 'http://localhost:8787'

/**
 * What every element loads: Lit and the shared base (chassis, API client, controllers, English
 * strings, theme) go in one chunk, so a page makes one request for them and gzip sees them whole.
 */
const SHARED_MODULES =
  /[\\/](?:node_modules[\\/](?:lit|lit-html|lit-element|@lit[\\/][^\\/]+)|widget[\\/](?:shared|i18n|theme)|server[\\/]checkouts)[\\/]/

/**
 * `vite build`: ES modules in dist/widget (one entry per element plus index.js, Lit shared).
 * `vite build --mode script`: one self-registering IIFE, dist/widget/pay-elements.js, for a
 * classic `<script src>` (it works as `type="module"` too), added beside the ES build.
 * `vite`: dev server for the demo, proxying the browser API to the companion server.
 */
export default defineConfig(({ command, mode }): UserConfig => {
  const shared: UserConfig = {
    // Lit's production build (no dev-mode checks) in everything we ship.
    resolve: command === 'build' ? { conditions: ['module', 'browser', 'production'] } : {},
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
      plugins: [...(shared.plugins ?? []), importEverythingStatically()],
      build: {
        outDir: 'dist/widget',
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        lib: {
          entry: 'widget/script.ts',
          formats: ['iife'],
          name: 'PayElements',
          fileName: () => 'pay-elements.js',
        },
      },
    }
  }

  return {
    ...shared,
    build: {
      outDir: 'dist/widget',
      emptyOutDir: true,
      sourcemap: true,
      minify: true,
      lib: {
        entry: {
          index: 'widget/index.ts',
          'pay-crypto': 'widget/pay-crypto/pay-crypto.ts',
          'pay-card': 'widget/pay-card/pay-card.ts',
          'pay-cvs': 'widget/pay-cvs/pay-cvs.ts',
        },
        formats: ['es'],
        fileName: (_format, entryName) => `${entryName}.js`,
      },
      rolldownOptions: {
        // Lets each element's module live in its own entry file (index.js imports those) instead of
        // a chunk behind a one-line re-export file: one request fewer per element.
        preserveEntrySignatures: 'allow-extension',
        output: {
          // Vite leaves whitespace in ES library builds for downstream bundlers; these files are
          // also loaded straight from a CDN, so they are minified fully.
          minify: true,
          chunkFileNames: 'chunks/[name]-[hash].js',
          codeSplitting: {
            groups: [
              {
                debugName: 'shared',
                test: SHARED_MODULES,
                // Modules only loaded by `import()` (the other locales' strings) stay in chunks of their own.
                name: (id, context) => (context.getModuleInfo(id)?.importers.length ? 'shared' : null),
              },
            ],
          },
        },
      },
    },
  }
})

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

/**
 * The script-tag file is one file by design, so what the ES build loads on demand (views, other
 * locales, the live-status code) is simply part of it: each `import('./x.js')` of ours becomes a
 * static import handed back as a resolved promise. Bundled that way the modules are hoisted into
 * one scope like the rest, instead of each being wrapped in a lazy initializer, which made the
 * file larger.
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
