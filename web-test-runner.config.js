// Browser tests for widget/** in the system Chromium (never a downloaded one: the machine is offline).
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/chromium.js'

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['widget/**/*.test.ts'],
  // Test what ships: Lit's production build, without dev-mode warnings.
  nodeResolve: { exportConditions: ['pay-elements-source', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      // One browser context (its own window) per test file: with concurrent files, tabs behind
      // the front one are "hidden" and never get animation frames, which open-wc fixtures await.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 5000 } },
  testsFinishTimeout: 120_000,
}
