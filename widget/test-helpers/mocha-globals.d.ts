/**
 * The Mocha globals @web/test-runner provides in widget tests. `@types/mocha` is not a dependency
 * (and tsconfig limits `types` to node), so the few functions the tests use are declared here.
 */
type MochaDone = (error?: unknown) => void
type MochaTest = (this: unknown, done: MochaDone) => void | Promise<unknown>

interface MochaTestFunction {
  (title: string, test?: MochaTest): void
  only(title: string, test?: MochaTest): void
  skip(title: string, test?: MochaTest): void
}

interface MochaSuiteFunction {
  (title: string, suite: () => void): void
  only(title: string, suite: () => void): void
  skip(title: string, suite: () => void): void
}

declare const describe: MochaSuiteFunction
declare const it: MochaTestFunction
declare function before(hook: MochaTest): void
declare function after(hook: MochaTest): void
declare function beforeEach(hook: MochaTest): void
declare function afterEach(hook: MochaTest): void
