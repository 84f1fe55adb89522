import { defineConfig, type UserConfig } from 'vite'

/** Where `npm run demo` / `npm start` serve the companion server by default. */
const companionServer = process.env.PAY_SERVER_URL ?? 'http://localhost:8787'

/** Lit and its parts, kept in one shared chunk so the per-element entries never duplicate it. */
const LIT_MODULES = /[\\/]node_modules[\\/](?:lit|lit-html|lit-element|@lit[\\/][^\\/]+)[\\/]/

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
        output: {
          // Vite leaves whitespace in ES library builds for downstream bundlers; these files are
          // also loaded straight from a CDN, so they are minified fully.
          minify: true,
          chunkFileNames: 'chunks/[name]-[hash].js',
          codeSplitting: {
            groups: [{ name: 'lit', test: LIT_MODULES }],
          },
        },
      },
    },
  }
})
