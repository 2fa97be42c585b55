import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The engine is CPU-bound and the machines have two cores.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
