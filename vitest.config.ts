import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Latency tests (`*.latency.test.ts`) time how fast a thread answers while CPU-heavy work runs.
 * Other test files running beside them in parallel forks on the same two cores would fail them for
 * reasons that are not the product's, so the default run leaves them out and `--mode latency`
 * (npm run test:latency) runs only them, one file at a time in a single worker.
 */
const LATENCY_TESTS = '**/*.latency.test.ts';

export default defineConfig(({ mode }) => {
  const latency = mode === 'latency';
  return {
    test: {
      include: latency
        ? [`tests/${LATENCY_TESTS}`]
        : ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'src/**/*.test.ts'],
      exclude: latency ? configDefaults.exclude : [...configDefaults.exclude, LATENCY_TESTS],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // Two cores here and in CI: keep forks few so timing-sensitive tests are not starved.
      pool: 'forks',
      maxWorkers: latency ? 1 : 2,
      fileParallelism: !latency,
    },
  };
});
