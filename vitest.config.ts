import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The slowest files on a 2-core machine, slowest first. Run first, they share the two workers and
// end before the many short files do; run last, one of them keeps a worker busy long after the
// other is done. This order is kept even when vitest has recorded durations (node_modules/.vite):
// its own order by them took 154–160 s where this one took 129 s, as it ran the heaviest files
// (each starting processes that load the dictionary) side by side.
const SLOWEST_FIRST = [
  'test/unit/CorpusService.test.ts',
  'test/cli/ask.test.ts',
  'test/e2e/refreshUnderLoad.test.ts',
  'test/quality/floors.test.ts',
  'test/e2e/corpus.test.ts',
  'test/e2e/build.test.ts',
  'test/e2e/process.test.ts',
  'test/e2e/sharding.test.ts',
  'test/corpus/CorpusWatcher.test.ts',
  'test/core/verbatim.test.ts',
  'test/cli/eval.test.ts',
  'test/e2e/faults.test.ts',
  'test/unit/CorpusServiceFolder.test.ts',
  'test/unit/CorpusServiceAdd.test.ts',
  'test/e2e/links.test.ts',
  'test/fuzz/questions.test.ts',
];

/** Files that replace a module with vi.mock or vi.doMock. */
export const ISOLATED = ['test/corpus/buildMessages.test.ts', 'test/corpus/loadCorpus.test.ts'];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const relativeName = (file: TestSpecification) => path.relative(root, file.moduleId).split(path.sep).join('/');
    const rank = (file: TestSpecification) => {
      const at = SLOWEST_FIRST.indexOf(relativeName(file));
      return at === -1 ? SLOWEST_FIRST.length : at;
    };
    // Array.prototype.sort is stable: the other files keep vitest's order (by recorded duration).
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    // The engine is CPU-bound and the machines have two cores.
    pool: 'forks',
    // Two files at a time. Vitest's default (one core left to its main process) is one worker on two
    // cores, which ran the files one after another; most of the slow files wait on child processes,
    // sockets and timers, and a second worker fills that waiting.
    maxWorkers: 2,
    testTimeout: 60_000,
    sequence: { sequencer: SlowestFirst },
    projects: [
      // A worker process runs one file after another and keeps the modules it imported: most files
      // import the engine (and many discord.js), and re-importing it in a fresh process per file
      // was a third of the suite's CPU time (333 s → 229 s; wall 184 s → 131 s on two cores). The
      // files keep no state in modules: each builds its own index, bot, fake Discord and temporary
      // folders, and removes the process listeners it adds.
      { extends: true, test: { name: 'shared', isolate: false, include: ['test/**/*.test.ts'], exclude: ISOLATED } },
      // Files that replace a module (vi.mock, vi.doMock) need it imported afresh, in a process of
      // their own.
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
  },
});
