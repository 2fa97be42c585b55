import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../../src/bench/measure.js';
import { medianRecord, medianResult, renderReport, type GrowthPoint, type RunInfo, type ServiceFigures, type TargetResult } from '../../src/bench/report.js';
import type { TimingSummary } from '../../src/bench/service.js';

const timing = (p50: number, p95: number, p99: number, measured: number): TimingSummary => ({ measured, p50, p95, p99, max: p99 + 1 });

const RUN: RunInfo = {
  date: new Date('2026-01-01T00:00:00Z'),
  command: 'npm run bench -- --sizes 1k',
  machine: 'test machine',
  node: 'v20',
  os: 'test OS',
  code: 'abc1234',
  seed: 42,
  sizes: '1k',
  sources: ['corpus/'],
  evalFiles: [],
  maxSeconds: 120,
  warmup: 20,
  repeat: 1,
  gc: true,
  totalSeconds: 12,
};

const ISNAD: EngineResult = {
  engine: 'isnad',
  documents: 54,
  passages: 1000,
  corpusBytes: 354_000,
  gc: true,
  loadMs: 60,
  buildMs: 140,
  heapAfterLoad: 7e6,
  heapAfterBuild: 14e6,
  rssAfterBuild: 108e6,
  latency: { measured: 200, total: 200, warmup: 20, p50: 2.5, p95: 4.6, p99: 7.6, mean: 3, max: 9, answered: 175, answeredByKind: { corpus: [140, 140] } },
  errors: [],
};

const SERVICE: ServiceFigures = {
  refresh: {
    openMs: 300,
    idle: timing(2, 5, 8, 200),
    during: timing(2.5, 9, 20, 150),
    afterSwap: timing(2.2, 6, 7, 20),
    refreshMs: 1100,
    refreshTookMs: 1090,
    origin: 'built',
    idleMaxGapMs: 0.4,
    maxGapMs: 63,
    swapGapMs: 63,
    peakRss: 250e6,
    rssByRefresh: { '0': 200e6, '1': 210e6, '2': 205e6, '3': 212e6, '4': 208e6, '5': 220e6 },
  },
  coldStart: { runs: 3, medianMs: 84, minMs: 76, maxMs: 92, sinceProcessStartMs: 900 },
  endToEnd: { setupMs: 100, warmup: 20, answer: timing(9.3, 17, 26, 200), deferral: timing(2, 6, 7, 200), replied: 200 },
  errors: ['cold-start: 2 of 3 processes loaded the snapshot'],
};

const target = (service?: ServiceFigures): TargetResult => ({
  corpus: { label: '1k', documents: 54, passages: 1000, bytes: 354_000, dir: '/tmp/corpus' },
  questions: { total: 200, byKind: { corpus: 200 } },
  results: { isnad: ISNAD },
  failures: [],
  ...(service ? { service } : {}),
});

describe('bench report', () => {
  it('renders the isnad service rows beside the engine table', () => {
    const report = renderReport(RUN, [target(SERVICE)]);
    // The engine table is still there, with its ratio column.
    expect(report).toContain('| 1k | question p50 | 2.5 ms | – | – |');
    expect(report).toContain('## isnad in service');
    expect(report).toContain('| 1k | question p99 (target ≤ 2×) | 8.0 ms | 20 ms | 2.50× ✗ (target ≤ 2×) |');
    expect(report).toContain('| 1k | question p50 | 2.0 ms | 2.5 ms | 1.3× |');
    expect(report).toContain('| 1k | questions timed | 200 | 150 |  |');
    expect(report).toContain('| 1k | refresh (`refresh()` → new index served) |  | 1.1 s (rebuilt) |  |');
    expect(report).toContain('| 1k | … the gap holding the swap (the build process’s reply received → new index served) |  | 63 ms |  |');
    expect(report).toContain('| 1k | peak RSS of the process (both indexes; the build has a process of its own) |  | 250 MB |  |');
    expect(report).toContain(
      '| 1k | RSS before the refreshes → after each of 5 rebuilds (after GC) | 200 MB | 210 MB → 205 MB → 212 MB → 208 MB → 220 MB | 1.1× |',
    );
    expect(report).toContain('| 1k | cold start (compiled, as `npm start`): openIndex from the snapshot (3 processes) | 84 ms (76 ms–92 ms) |');
    expect(report).toContain('| 1k | cold start (compiled, as `npm start`): process start → index ready (node, imports, openIndex) | 900 ms |');
    expect(report).not.toContain('cold start (tsx');
    expect(report).toContain('| 1k | /ask end to end p50 | 9.3 ms |');
    expect(report).toContain('| 1k | /ask end to end p95 | 17 ms |');
    expect(report).toContain('| 1k | /ask questions | 200 timed after 20 warm-up, 200 answered |');
    expect(report).toContain('- 1k isnad cold-start: 2 of 3 processes loaded the snapshot');
  });

  it('leaves the section out when no service figure was measured', () => {
    const report = renderReport(RUN, [target()]);
    expect(report).not.toContain('isnad in service');
    expect(report).toContain('| 1k | question p99 | 7.6 ms | – | – |');
  });

  it('takes the median of every figure over repeated runs', () => {
    const runs = [1, 3, 2].map((k) => ({ origin: 'built', p: timing(k, 2 * k, 3 * k, 10 * k) }));
    expect(medianRecord(runs)).toEqual({ origin: 'built', p: timing(2, 4, 6, 20) });
  });

  const latency = (p50: number, p95: number, p99: number) => ({ ...ISNAD.latency!, p50, p95, p99 });

  it("shows the peers beside isnad's retrieval and its whole answer, with ratios", () => {
    const withPeers: TargetResult = {
      ...target(),
      results: {
        isnad: { ...ISNAD, retrieval: latency(0.2, 0.5, 0.9), latencyWithLexicon: latency(5, 23, 38) },
        'minisearch-isnad': { ...ISNAD, engine: 'minisearch-isnad', buildMs: 3000, latency: latency(10, 50, 90) },
        minisearch: { ...ISNAD, engine: 'minisearch', buildMs: 2000, latency: latency(20, 460, 900) },
      },
    };
    const report = renderReport(RUN, [withPeers]);
    expect(report).toContain('## Retrieval beside the peers');
    expect(report).toContain('| 1k | isnad retrieval (30 candidates) | 0.20 ms (1.0×) | 0.50 ms (1.0×) | 0.90 ms (1.0×) | 140 ms | 0.08× | 0.11× |');
    expect(report).toContain('| 1k | MiniSearch, isnad analysis | 10 ms (50×) | 50 ms (100×) | 90 ms (100×) | 3.0 s | 4.0× | 11× |');
    expect(report).toContain('| 1k | MiniSearch defaults | 20 ms (100×) | 460 ms (920×) | 900 ms (1000×) | 2.0 s | 8.0× | 100× |');
    // The bot's own path: the question also searched in the other language through the lexicon.
    expect(report).toContain(
      '| 1k | isnad whole answer with the lexicon, just started (before the start-up warm-up) | 5.0 ms (25×) | 23 ms (46×) | 38 ms (42×) | 140 ms | 2.0× | 5.0× |',
    );
    expect(report).toContain('| 1k | question p95 with the lexicon, just started | 23 ms |');
  });

  it('shows the answers of the compiled bot once warmed up, in the cold-start section and beside the peers', () => {
    const warmed: TargetResult = {
      ...target({
        ...SERVICE,
        coldStart: { ...SERVICE.coldStart!, warmUp: { questions: 1000, tookMs: 4300 }, afterWarmUp: timing(2.1, 4.8, 7.5, 200), rssAfterWarmUp: 410e6 },
      }),
      results: { isnad: { ...ISNAD, retrieval: latency(0.2, 0.5, 0.9) } },
    };
    const report = renderReport(RUN, [warmed]);
    expect(report).toContain(
      '| 1k | cold start (compiled, as `npm start`): then the start-up warm-up (questions from the corpus the bot asks itself) | 1,000 in 4.3 s |',
    );
    expect(report).toContain(
      "| 1k | cold start (compiled, as `npm start`): then the set's 200 questions with the lexicon, each once: p50 / p95 / p99 | 2.1 ms / 4.8 ms / 7.5 ms |",
    );
    expect(report).toContain('| 1k | cold start (compiled, as `npm start`): RSS after those answers (after GC) | 410 MB |');
    expect(report).toContain(
      '| 1k | isnad whole answer with the lexicon, as `npm start` once started and warmed up (1,000 questions of its own, 4.3 s) | 2.1 ms (11×) | 4.8 ms (9.6×) | 7.5 ms (8.3×) | 140 ms |',
    );
    // Without the warm-up's figures (an older bot, or the tsx processes), no such row.
    expect(renderReport(RUN, [target(SERVICE)])).not.toContain('warmed up');
  });

  it("renders the growth table with each figure ÷ the smallest corpus's", () => {
    const point = (share: number, scale: number): GrowthPoint => ({
      share,
      corpus: { label: `${share}`, documents: 10, passages: 1000 * scale, bytes: 1, dir: '/tmp' },
      isnad: {
        ...ISNAD,
        vocabulary: Math.round(5000 * scale ** 0.5),
        buildMs: 100 * scale,
        peakRssAfterBuild: 100e6 * scale,
        snapshotBytes: 2e6 * scale,
        retrieval: latency(0.1, 0.2, 0.3),
      },
    });
    const report = renderReport(RUN, [target()], [point(0.25, 1), point(0.5, 2), point(1, 4), point(2, 8)]);
    expect(report).toContain('## Growth');
    expect(report).toContain('| 25 % | 1,000 (1.0×) | 5,000 (1.0×) | 100 ms (1.0×) | 2.5 ms (1.0×) |');
    expect(report).toContain('| 200 % | 8,000 (8.0×) | 14,142 (2.8×) | 800 ms (8.0×) |');
    expect(report).toContain('| 800 MB (8.0×) | 14.0 MB (1.0×) | 16.0 MB (8.0×) |');
  });

  it('takes the median of the retrieval figures and the peak RSS of the build too', () => {
    const runs = [1, 3, 2].map((k) => ({ ...ISNAD, peakRssAfterBuild: k * 1e6, retrieval: latency(k, 2 * k, 3 * k) }));
    const merged = medianResult(runs)!;
    expect(merged.peakRssAfterBuild).toBe(2e6);
    expect([merged.retrieval?.p50, merged.retrieval?.p95, merged.retrieval?.p99]).toEqual([2, 4, 6]);
  });
});
