import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { RUN_CONTEXT } from './test/support/run-context.ts';

/**
 * The unit layer: tests with no network and no child process, which run in seconds
 * (`npm run test:unit`). Its set-up makes any socket or child process throw. Everything else,
 * whatever talks to a stand-in, Prism, the bundle or a tool, is the integration layer.
 */
const UNIT = [
  'test/*.test.ts',
  'test/api/answer-reading.test.ts',
  'test/api/api-failure.test.ts',
  'test/api/api-outcome.test.ts',
  'test/api/api-tokens.test.ts',
  'test/api/attempt-slots.test.ts',
  'test/api/confirmation.test.ts',
  'test/api/describe-failure.test.ts',
  'test/api/invites.test.ts',
  'test/api/network-error.test.ts',
  'test/api/rate-limit-pause.test.ts',
  'test/api/retry-policy.test.ts',
  'test/github/**/*.test.ts',
  'test/model/**/*.test.ts',
  'test/operations/audit.test.ts',
  'test/operations/removal.test.ts',
  'test/reporting/**/*.test.ts',
];

export default defineConfig({
  test: {
    // The integration tests mostly wait (on child processes, Retry-After, request timeouts) rather
    // than compute, so even a two-core machine runs two files at once instead of Vitest's one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    // @actions/github reads the run context on import, so in-process runs get it here.
    env: RUN_CONTEXT,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, setupFiles: ['test/support/unit-guard.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT] },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Each entry of src/actions/ only calls run(); they are exercised through the bundle, which v8 cannot map.
      exclude: ['src/actions/**'],
      reporter: ['text-summary', 'text'],
      // Just below what the suite reaches, so that a drop fails `npm test`.
      thresholds: { lines: 97.5, statements: 96.5, functions: 99, branches: 91 },
    },
  },
});
