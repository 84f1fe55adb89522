import { defineConfig } from 'vitest/config'
import { SOURCE_CONDITION } from '../vite.config.js'

/** Node-side suites: `server` (unit and HTTP tests beside the code, plus cross-process ones) and `e2e` (real browser). */
/** The workspace packages (the contract) from their TypeScript sources, as in development. */
const ssr = { resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'development|production'] } }

export default defineConfig({
  test: {
    projects: [
      {
        ssr,
        test: {
          name: 'server',
          root: '.',
          include: ['server/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/races/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // Each file gets its own databases; two workers match the two cores here.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'packages',
          root: '.',
          include: ['test/packages/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        ssr,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
