import { defineConfig } from 'vitest/config';
import { RUN_CONTEXT } from './test/support/run-context.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // @actions/github reads the run context on import, so in-process runs get it here.
    env: RUN_CONTEXT,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // src/index.ts only calls run(); it is exercised through the bundle, which v8 cannot map.
      exclude: ['src/index.ts'],
      reporter: ['text-summary', 'text'],
      // Just below what the suite reaches, so that a drop fails `npm test`.
      thresholds: { lines: 97, statements: 96, functions: 98, branches: 86 },
    },
  },
});
