import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The engine is CPU-bound and the machines have two cores.
    pool: 'forks',
    // Two files at a time. Vitest's default (one core left to its main process) is one worker on two
    // cores, which ran the files one after another; most of the slow files wait on child processes,
    // sockets and timers, and a second worker fills that waiting.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
