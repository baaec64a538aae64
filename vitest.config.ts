import { defineConfig } from 'vitest/config';

/**
 * One run for everything: unit tests next to the code (`src/**\/*.test.ts`), integration tests per package
 * (`test/`), and system tests in the top-level `test/`. Integration and system tests start their own
 * infrastructure processes on free ports, so files can run in parallel.
 */
export default defineConfig({
  test: {
    include: ['shared/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
