import type { Engine, EngineResult, LatencyFigures } from './measure.js';
import type { EndToEndFigures, RefreshFigures, TimingSummary } from './service.js';
import { median } from './stats.js';

/** Markdown for the results: what ran where, the corpora, and isnad beside MiniSearch with their ratio. */

export interface CorpusInfo {
  readonly label: string;
  readonly documents: number;
  readonly passages: number;
  readonly bytes: number;
  readonly arabicPassages?: number;
  readonly englishPassages?: number;
  readonly dir: string;
  readonly reused?: boolean;
  /** Distinct terms of the passages' text after isnad's analysis (termStatistics). */
  readonly terms?: number;
}

export interface TargetResult {
  readonly corpus: CorpusInfo;
  readonly questions: { readonly total: number; readonly byKind: Record<string, number> };
  /** Median over repeats; undefined when every run of that engine failed. */
  readonly results: Partial<Record<Engine, EngineResult>>;
  readonly failures: readonly string[];
  /** isnad in service (refresh, cold start, end to end); absent when skipped or isnad not measured. */
  readonly service?: ServiceFigures;
}

/** One corpus of the growth series: isnad alone on a share of the base corpus (a prefix of the same text). */
export interface GrowthPoint {
  /** Share of the base size, 0.25 for 25 %. */
  readonly share: number;
  readonly corpus: CorpusInfo;
  /** Median over repeats; undefined when every run failed. */
  readonly isnad?: EngineResult;
}

export interface ColdStartFigures {
  /** Fresh processes whose openIndex loaded the snapshot. */
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median time from the process's start to the index ready (node, tsx, imports, openIndex). */
  readonly sinceProcessStartMs: number;
  /** Median time from the process's start to the first question answered from that index. */
  readonly firstAnswerSinceProcessStartMs?: number;
  /** Median resident set size after that first answer and the folder check (after a full GC). */
  readonly rssAfterStart?: number;
  /** Median resident set size once the lexicon is loaded and the index prepared, as a bot serving holds (after a full GC). */
  readonly rssServing?: number;
  /** Median time from the process's start to the end of the folder check, which runs after the index is served. */
  readonly verifiedSinceProcessStartMs?: number;
  /** The bot's start-up warm-up (core/warmUp.ts) after that: questions and time, medians of the processes. */
  readonly warmUp?: { readonly questions: number; readonly tookMs: number };
  /** Then the set's questions, each once with the lexicon: each percentile the median of the processes'. */
  readonly afterWarmUp?: TimingSummary;
  /** Resident set size after those answers (after a full GC). */
  readonly rssAfterWarmUp?: number;
}

export interface ServiceFigures {
  /** Medians over repeats. */
  readonly refresh?: RefreshFigures;
  /** From the compiled tree, as `npm start` runs the bot. */
  readonly coldStart?: ColdStartFigures;
  /** From the sources under tsx, as `npm run dev` runs it. */
  readonly coldStartTsx?: ColdStartFigures;
  readonly endToEnd?: EndToEndFigures;
  readonly errors: readonly string[];
}

/** The p99-during-refresh / p99-idle ratio isnad aims to stay under. */
export const REFRESH_P99_TARGET = 2;

export interface RunInfo {
  readonly date: Date;
  readonly command: string;
  readonly machine: string;
  readonly node: string;
  readonly os: string;
  /** Commit measured (git), with a note when the engine's sources were modified. */
  readonly code: string;
  readonly seed: number;
  readonly sizes: string;
  readonly sources: readonly string[];
  readonly evalFiles: readonly string[];
  readonly maxSeconds: number;
  readonly warmup: number;
  readonly repeat: number;
  readonly gc: boolean;
  readonly totalSeconds: number;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 100_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(0)} kB`;
  if (bytes < 1e8) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

export function formatRatio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return '–';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r >= 0.01 ? r.toFixed(2) : r.toPrecision(1)}×`;
}

const grouped = (n: number) => n.toLocaleString('en-US');

type Getter = (r: EngineResult) => number | undefined;

const METRICS: readonly { readonly name: string; readonly get: Getter; readonly format: (v: number | undefined) => string }[] = [
  { name: 'corpus load (scan and parse, same code)', get: (r) => r.loadMs, format: formatMs },
  { name: 'build (documents → ready index)', get: (r) => r.buildMs, format: formatMs },
  { name: 'snapshot size', get: (r) => r.snapshotBytes, format: formatBytes },
  { name: 'snapshot write', get: (r) => r.snapshotWriteMs, format: formatMs },
  { name: 'snapshot load (file → ready index)', get: (r) => r.snapshotLoadMs, format: formatMs },
  { name: 'heap used after build', get: (r) => r.heapAfterBuild, format: formatBytes },
  { name: 'heap of the index (after build − after load)', get: (r) => r.heapAfterBuild - r.heapAfterLoad, format: formatBytes },
  { name: 'RSS after build', get: (r) => r.rssAfterBuild, format: formatBytes },
  { name: 'peak RSS during load and build', get: (r) => r.peakRssAfterBuild, format: formatBytes },
  { name: 'peak RSS (whole measurement)', get: (r) => r.peakRss, format: formatBytes },
  { name: 'question p50', get: (r) => r.latency?.p50, format: formatMs },
  { name: 'question p95', get: (r) => r.latency?.p95, format: formatMs },
  { name: 'question p99', get: (r) => r.latency?.p99, format: formatMs },
  { name: 'question p50 with the lexicon, just started (before the start-up warm-up)', get: (r) => r.latencyWithLexicon?.p50, format: formatMs },
  { name: 'question p95 with the lexicon, just started', get: (r) => r.latencyWithLexicon?.p95, format: formatMs },
  { name: 'question p99 with the lexicon, just started', get: (r) => r.latencyWithLexicon?.p99, format: formatMs },
  { name: 'question p50 with the lexicon, steady (after --steady other questions)', get: (r) => r.latencySteady?.p50, format: formatMs },
  { name: 'question p95 with the lexicon, steady', get: (r) => r.latencySteady?.p95, format: formatMs },
  { name: 'question p99 with the lexicon, steady', get: (r) => r.latencySteady?.p99, format: formatMs },
  { name: 'distinct terms in the index', get: (r) => r.vocabulary, format: (v) => (v === undefined ? '–' : grouped(v)) },
];

function questionsCell(r: EngineResult | undefined): string {
  const l = r?.latency;
  if (!l) return '–';
  return `${l.measured}/${l.total} timed, ${l.answered} ${r.engine === 'isnad' ? 'answered' : 'with hits'}`;
}

function kindsCell(r: EngineResult | undefined): string {
  const kinds = r?.latency?.answeredByKind;
  if (!kinds) return '–';
  return ['corpus', 'eval', 'out-of-corpus']
    .filter((k) => kinds[k])
    .map((k) => `${k} ${kinds[k]![0]}/${kinds[k]![1]}`)
    .join(', ');
}

export function renderReport(run: RunInfo, targets: readonly TargetResult[], growth: readonly GrowthPoint[] = []): string {
  const lines: string[] = [];
  lines.push('# isnad benchmark results', '');
  lines.push(`Generated by \`${run.command}\` (see [README.md](README.md)).`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| date | ${run.date.toISOString().replace('T', ' ').slice(0, 16)} UTC |`);
  lines.push(`| machine | ${run.machine} |`);
  lines.push(`| OS | ${run.os} |`);
  lines.push(`| Node | ${run.node} |`);
  lines.push(`| code | ${run.code} |`);
  lines.push(`| seed | ${run.seed} |`);
  lines.push(`| sizes | ${run.sizes} |`);
  lines.push(`| text sources | ${run.sources.map((s) => `\`${s}\``).join(', ') || '–'} |`);
  lines.push(`| eval question files | ${run.evalFiles.map((s) => `\`${s}\``).join(', ') || 'none (../shared/eval not found)'} |`);
  lines.push(`| questions | ${run.warmup} warm-up (untimed), then the whole set timed once; cap ${run.maxSeconds} s of question time per engine and corpus |`);
  lines.push(
    `| heap figures | ${run.gc ? 'after global.gc() (workers run with node --expose-gc)' : '**without** a forced GC (global.gc unavailable): noisy'} |`,
  );
  lines.push(`| runs | ${run.repeat === 1 ? '1 per engine and corpus' : `${run.repeat} per engine and corpus; every figure is the median`} |`);
  lines.push(`| total time | ${formatMs(run.totalSeconds * 1000)} |`);
  lines.push('');

  lines.push('## Corpora', '');
  lines.push(
    '| size | documents | passages | text (UTF-8) | distinct terms (after analysis) | Arabic / English passages | questions (corpus / eval / out-of-corpus) |',
  );
  lines.push('|---|--:|--:|--:|--:|--:|--:|');
  for (const t of targets) {
    const c = t.corpus;
    const split = c.arabicPassages !== undefined && c.englishPassages !== undefined ? `${grouped(c.arabicPassages)} / ${grouped(c.englishPassages)}` : '–';
    const k = t.questions.byKind;
    lines.push(
      `| ${c.label} | ${grouped(c.documents)} | ${grouped(c.passages)} | ${formatBytes(c.bytes)} | ${c.terms === undefined ? '–' : grouped(c.terms)} | ${split} | ` +
        `${t.questions.total} (${k.corpus ?? 0} / ${k.eval ?? 0} / ${k['out-of-corpus'] ?? 0}) |`,
    );
  }
  lines.push('');

  lines.push('## isnad beside plain MiniSearch', '');
  lines.push('Ratio = isnad / MiniSearch: above 1× isnad is slower or bigger, below 1× it is faster or smaller.', '');
  lines.push('| size | metric | isnad | MiniSearch | isnad / MiniSearch |');
  lines.push('|---|---|--:|--:|--:|');
  for (const t of targets) {
    const i = t.results.isnad;
    const m = t.results.minisearch;
    for (const metric of METRICS) {
      const a = i ? metric.get(i) : undefined;
      const b = m ? metric.get(m) : undefined;
      lines.push(`| ${t.corpus.label} | ${metric.name} | ${metric.format(a)} | ${metric.format(b)} | ${formatRatio(a, b)} |`);
    }
    lines.push(`| ${t.corpus.label} | questions | ${questionsCell(i)} | ${questionsCell(m)} | |`);
    lines.push(`| ${t.corpus.label} | answered (isnad) / with hits (MiniSearch), by kind | ${kindsCell(i)} | ${kindsCell(m)} | |`);
  }
  lines.push('');

  const withParts = targets.filter((t) => t.results.isnad?.snapshotParts);
  if (withParts.length > 0) {
    lines.push('## What the isnad snapshot holds', '');
    lines.push(
      'Size of each part of the snapshot body (`SearchIndex.toBytes()`, sections grouped): the text is UTF-8, ' +
        'everything else typed arrays; postings are a passage id (4 bytes) and a count (1 byte) per term and passage.',
      '',
    );
    const keys = [...new Set(withParts.flatMap((t) => Object.keys(t.results.isnad!.snapshotParts!)))];
    lines.push(`| size | ${keys.join(' | ')} |`);
    lines.push(`|---|${keys.map(() => '--:').join('|')}|`);
    for (const t of withParts) {
      const parts = t.results.isnad!.snapshotParts!;
      lines.push(`| ${t.corpus.label} | ${keys.map((k) => formatBytes(parts[k])).join(' | ')} |`);
    }
    lines.push('');
  }

  lines.push(...renderPeers(targets));
  lines.push(...renderService(targets));
  lines.push(...renderGrowth(growth));

  const problems = [
    ...growth.flatMap((g) => (g.isnad ? g.isnad.errors.map((e) => `growth ${g.corpus.label} isnad: ${e}`) : [`growth ${g.corpus.label}: no isnad result`])),
    ...targets.flatMap((t) => [
      ...t.failures.map((f) => `${t.corpus.label}: ${f}`),
      ...(t.service?.errors ?? []).map((e) => `${t.corpus.label} isnad ${e}`),
      ...Object.values(t.results).flatMap((r) => (r?.errors ?? []).map((e) => `${t.corpus.label} ${r!.engine}: ${e}`)),
    ]),
  ];
  if (problems.length > 0) {
    lines.push('## Problems', '');
    for (const p of problems) lines.push(`- ${p}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The isnad-only section: questions during a refresh, cold start, /ask end to end. Empty when none was measured. */
export function renderService(targets: readonly TargetResult[]): string[] {
  const lines: string[] = [];
  const withRefresh = targets.filter((t) => t.service?.refresh);
  const withOther = targets.filter((t) => t.service?.coldStart || t.service?.coldStartTsx || t.service?.endToEnd);
  if (withRefresh.length === 0 && withOther.length === 0) return lines;
  lines.push('## isnad in service', '');
  lines.push('isnad only (MiniSearch has no refresh, snapshot start or bot). Each measurement runs in a fresh child process.', '');

  if (withRefresh.length > 0) {
    lines.push('### Questions while a refresh rebuilds the index', '');
    lines.push(
      '`CorpusService.refresh()` with no snapshot in its folder (a real rebuild in the build process, started beforehand with `prepareRefresh()` as the bot does: load, parse, build, ' +
        'write the snapshot), while the main thread answers the question set in a loop — `answer(corpus.current.index, q, { limit: 5 })`, ' +
        'one question per event-loop turn (`setImmediate` between them). Idle: the same loop over the whole set once, no refresh running. ' +
        `Target: p99 during the refresh ≤ ${REFRESH_P99_TARGET}× idle. A gap is the time between the end of one question and the start of the next: ` +
        'what else the main thread did then (the build process’s reply, reading the new index, the swap, GC).',
      '',
    );
    lines.push('| size | metric | idle | during the refresh | during / idle |');
    lines.push('|---|---|--:|--:|--:|');
    for (const t of withRefresh) {
      const f = t.service!.refresh!;
      const row = (metric: string, idle: string, during: string, ratio = '') =>
        lines.push(`| ${t.corpus.label} | ${metric} | ${idle} | ${during} | ${ratio} |`);
      row('question p50', formatMs(f.idle.p50), formatMs(f.during.p50), formatRatio(f.during.p50, f.idle.p50));
      row('question p95', formatMs(f.idle.p95), formatMs(f.during.p95), formatRatio(f.during.p95, f.idle.p95));
      const ratio = f.during.p99 / f.idle.p99;
      const verdict = Number.isFinite(ratio) ? (ratio <= REFRESH_P99_TARGET ? ' ✓' : ` ✗ (target ≤ ${REFRESH_P99_TARGET}×)`) : '';
      // Two decimals, so that the verdict never contradicts the figure shown (2.02× is over 2×).
      const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–';
      row(`question p99 (target ≤ ${REFRESH_P99_TARGET}×)`, formatMs(f.idle.p99), formatMs(f.during.p99), `${shown}${verdict}`);
      row('slowest question', formatMs(f.idle.max), formatMs(f.during.max), formatRatio(f.during.max, f.idle.max));
      row('questions timed', grouped(f.idle.measured), grouped(f.during.measured));
      row('refresh (`refresh()` → new index served)', '', `${formatMs(f.refreshMs)} (${f.origin === 'built' ? 'rebuilt' : `from a ${f.origin}!`})`);
      row('longest gap between two questions', formatMs(f.idleMaxGapMs), formatMs(f.maxGapMs));
      row('… the gap holding the swap (the build process’s reply received → new index served)', '', formatMs(f.swapGapMs));
      row(`first ${f.afterSwap.measured} questions on the new index: p50 / slowest`, '', `${formatMs(f.afterSwap.p50)} / ${formatMs(f.afterSwap.max)}`);
      row('peak RSS of the process (both indexes; the build has a process of its own)', '', formatBytes(f.peakRss));
      const rss = Object.keys(f.rssByRefresh)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => f.rssByRefresh[k]!);
      if (rss.length > 1) {
        row(
          `RSS before the refreshes → after each of ${rss.length - 1} rebuilds (after GC)`,
          formatBytes(rss[0]),
          rss.slice(1).map(formatBytes).join(' → '),
          formatRatio(rss.at(-1)!, rss[0]!),
        );
      }
    }
    lines.push('');
  }

  if (withOther.length > 0) {
    lines.push('### Cold start and /ask end to end', '');
    lines.push(
      '**Cold start**: `openIndex(corpusDir, { snapshotDir, verifyLater: true })` with an up-to-date snapshot — what `npm start` does on an unchanged ' +
        'corpus (read the snapshot, check the checksum, wrap the arrays, serve; then, in the background, stat the files — reading only those whose stat changed — and check them against it) — once per fresh process that imports only what a start does (`src/bench/coldStartProcess.mjs`), from the compiled tree (`npm start`) and from the sources under tsx (`npm run dev`) in turn, median (min–max) of the processes. ' +
        '**End to end**: `/ask` interactions sent one at a time by the local Discord-compatible server (`test/support/FakeDiscord.ts`) ' +
        'to the real discord.js client of `createBot`, timed from INTERACTION_CREATE written to the gateway socket to the edit of the ' +
        'deferred reply (the answer) handled by that server; all on 127.0.0.1 in one process, so Discord’s own network latency comes on top. ' +
        'Warm-up questions are not timed.',
      '',
    );
    lines.push('| size | metric | isnad |');
    lines.push('|---|---|--:|');
    for (const t of withOther) {
      const e = t.service!.endToEnd;
      const row = (metric: string, value: string) => lines.push(`| ${t.corpus.label} | ${metric} | ${value} |`);
      const coldStarts = [
        ['compiled, as `npm start`', t.service!.coldStart],
        ['tsx, as `npm run dev`', t.service!.coldStartTsx],
      ] as const;
      for (const [how, c] of coldStarts) {
        if (c === undefined) continue;
        row(`cold start (${how}): openIndex from the snapshot (${c.runs} processes)`, `${formatMs(c.medianMs)} (${formatMs(c.minMs)}–${formatMs(c.maxMs)})`);
        row(`cold start (${how}): process start → index ready (node, imports, openIndex)`, formatMs(c.sinceProcessStartMs));
        if (c.firstAnswerSinceProcessStartMs !== undefined)
          row(`cold start (${how}): process start → first question answered`, formatMs(c.firstAnswerSinceProcessStartMs));
        if (c.verifiedSinceProcessStartMs !== undefined)
          row(`cold start (${how}): process start → corpus folder checked against the snapshot (in the background)`, formatMs(c.verifiedSinceProcessStartMs));
        if (c.rssAfterStart !== undefined) row(`cold start (${how}): RSS after the first answer and the check (after GC)`, formatBytes(c.rssAfterStart));
        if (c.rssServing !== undefined)
          row(
            `cold start (${how}): RSS serving — then the lexicon loaded, the index prepared, an answer with the lexicon (after GC)`,
            formatBytes(c.rssServing),
          );
        if (c.warmUp !== undefined && c.afterWarmUp !== undefined) {
          row(
            `cold start (${how}): then the start-up warm-up (questions from the corpus the bot asks itself)`,
            `${grouped(c.warmUp.questions)} in ${formatMs(c.warmUp.tookMs)}`,
          );
          row(
            `cold start (${how}): then the set's ${grouped(c.afterWarmUp.measured)} questions with the lexicon, each once: p50 / p95 / p99`,
            `${formatMs(c.afterWarmUp.p50)} / ${formatMs(c.afterWarmUp.p95)} / ${formatMs(c.afterWarmUp.p99)}`,
          );
        }
        if (c.rssAfterWarmUp !== undefined) row(`cold start (${how}): RSS after those answers (after GC)`, formatBytes(c.rssAfterWarmUp));
      }
      if (e) {
        row('/ask end to end p50', formatMs(e.answer.p50));
        row('/ask end to end p95', formatMs(e.answer.p95));
        row('/ask end to end p99', formatMs(e.answer.p99));
        row('/ask deferral p50 (INTERACTION_CREATE → “thinking…” callback handled)', formatMs(e.deferral.p50));
        row('/ask questions', `${grouped(e.answer.measured)} timed after ${e.warmup} warm-up, ${grouped(e.replied)} answered`);
      }
    }
    lines.push('');
  }
  return lines;
}

/** Median of every numeric figure (recursively) over repeated runs; other values from the first run. */
export function medianRecord<T>(runs: readonly T[]): T {
  if (runs.length === 0) throw new Error('medianRecord of no runs');
  return mergeMedian(runs) as T;
}

function mergeMedian(values: readonly unknown[]): unknown {
  const first = values[0];
  if (typeof first === 'number') return median(values.filter((v): v is number => typeof v === 'number'));
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    const records = values.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
    const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(keys.map((k) => [k, mergeMedian(records.map((r) => r[k]).filter((v) => v !== undefined))]));
  }
  return first;
}

/** Median of each figure over repeated runs of one engine on one corpus. */
export function medianResult(results: readonly EngineResult[]): EngineResult | undefined {
  const first = results[0];
  if (!first) return undefined;
  if (results.length === 1) return first;
  const m = (get: (r: EngineResult) => number | undefined): number | undefined => {
    const values = results.map(get).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : median(values);
  };
  const latencyOf = (get: (r: EngineResult) => LatencyFigures | undefined): LatencyFigures | undefined => {
    const l = get(first);
    if (!l) return undefined;
    const at = (field: 'measured' | 'p50' | 'p95' | 'p99' | 'mean' | 'max' | 'answered') => m((r) => get(r)?.[field])!;
    return {
      measured: at('measured'),
      total: l.total,
      warmup: l.warmup,
      p50: at('p50'),
      p95: at('p95'),
      p99: at('p99'),
      mean: at('mean'),
      max: at('max'),
      answered: at('answered'),
      // Counts, not timings: the same in every run unless a time cap cut one short.
      answeredByKind: l.answeredByKind,
    };
  };
  const latency = latencyOf((r) => r.latency);
  const retrieval = latencyOf((r) => r.retrieval);
  const latencyWithLexicon = latencyOf((r) => r.latencyWithLexicon);
  const latencySteady = latencyOf((r) => r.latencySteady);
  const parts = first.snapshotParts ? Object.fromEntries(Object.keys(first.snapshotParts).map((k) => [k, m((r) => r.snapshotParts?.[k])!])) : undefined;
  return {
    ...first,
    loadMs: m((r) => r.loadMs)!,
    buildMs: m((r) => r.buildMs)!,
    heapAfterLoad: m((r) => r.heapAfterLoad)!,
    heapAfterBuild: m((r) => r.heapAfterBuild)!,
    rssAfterBuild: m((r) => r.rssAfterBuild)!,
    ...(latency ? { latency } : {}),
    ...(retrieval ? { retrieval } : {}),
    ...(latencyWithLexicon ? { latencyWithLexicon } : {}),
    ...(latencySteady ? { latencySteady } : {}),
    ...(m((r) => r.peakRssAfterBuild) !== undefined ? { peakRssAfterBuild: m((r) => r.peakRssAfterBuild)! } : {}),
    ...(m((r) => r.peakRss) !== undefined ? { peakRss: m((r) => r.peakRss)! } : {}),
    ...(m((r) => r.snapshotBytes) !== undefined ? { snapshotBytes: m((r) => r.snapshotBytes)! } : {}),
    ...(m((r) => r.snapshotWriteMs) !== undefined ? { snapshotWriteMs: m((r) => r.snapshotWriteMs)! } : {}),
    ...(m((r) => r.snapshotLoadMs) !== undefined ? { snapshotLoadMs: m((r) => r.snapshotLoadMs)! } : {}),
    ...(m((r) => r.heapAfterSnapshotLoad) !== undefined ? { heapAfterSnapshotLoad: m((r) => r.heapAfterSnapshotLoad)! } : {}),
    ...(parts ? { snapshotParts: parts } : {}),
    errors: [...new Set(results.flatMap((r) => r.errors))],
  };
}

/** A figure and its ratio to a reference, `9.0 ms (45×)`. */
function withRatio(value: number | undefined, reference: number | undefined, format: (v: number | undefined) => string): string {
  const ratio = formatRatio(value, reference);
  return ratio === '–' ? format(value) : `${format(value)} (${ratio})`;
}

/**
 * Retrieval of the candidate passages, isnad beside MiniSearch (defaults, and fed isnad's analysis)
 * on the same questions in the same run. isnad's whole answer is shown too: retrieval is its first step.
 */
export function renderPeers(targets: readonly TargetResult[]): string[] {
  const rows = targets.filter((t) => t.results.isnad?.retrieval || t.results['minisearch-isnad']);
  if (rows.length === 0) return [];
  const lines: string[] = ['## Retrieval beside the peers', ''];
  lines.push(
    'Each engine retrieves the best 30 paragraphs for every question of the set (MiniSearch scores and sorts every match, ' +
      'then the first 30 are taken; isnad retrieves its 30 candidates as `answer()` does, timed apart from the rest of the answer). ' +
      '"MiniSearch, isnad analysis": MiniSearch with isnad\'s tokeniser and `analyzeToken` (stop words, Arabic normalisation and light stemming, ' +
      "Porter), the title as a second field boosted 0.5. In brackets: the figure ÷ isnad's retrieval; in the last two columns, ÷ isnad's whole answer.",
    '',
  );
  lines.push('| size | engine | p50 | p95 | p99 | build | p50 ÷ isnad answer | p95 ÷ isnad answer |');
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const t of rows) {
    const isnad = t.results.isnad;
    const reference = isnad?.retrieval;
    const answer = isnad?.latency;
    const row = (name: string, l: Pick<LatencyFigures, 'p50' | 'p95' | 'p99'> | undefined, build: number | undefined) =>
      lines.push(
        `| ${t.corpus.label} | ${name} | ${withRatio(l?.p50, reference?.p50, formatMs)} | ${withRatio(l?.p95, reference?.p95, formatMs)} | ` +
          `${withRatio(l?.p99, reference?.p99, formatMs)} | ${formatMs(build)} | ${formatRatio(l?.p50, answer?.p50)} | ${formatRatio(l?.p95, answer?.p95)} |`,
      );
    row('isnad retrieval (30 candidates)', reference, isnad?.buildMs);
    row('isnad whole answer', answer, isnad?.buildMs);
    if (isnad?.latencyWithLexicon)
      row('isnad whole answer with the lexicon, just started (before the start-up warm-up)', isnad.latencyWithLexicon, isnad.buildMs);
    if (isnad?.latencySteady)
      row(
        `isnad whole answer with the lexicon, steady (a bot that has answered ${grouped(isnad.latencySteady.warmup)} other questions)`,
        isnad.latencySteady,
        isnad.buildMs,
      );
    const warmed = t.service?.coldStart;
    if (warmed?.afterWarmUp !== undefined && warmed.warmUp !== undefined)
      row(
        `isnad whole answer with the lexicon, as \`npm start\` once started and warmed up (${grouped(warmed.warmUp.questions)} questions of its own, ${formatMs(warmed.warmUp.tookMs)})`,
        warmed.afterWarmUp,
        isnad?.buildMs,
      );
    const analysed = t.results['minisearch-isnad'];
    row('MiniSearch, isnad analysis', analysed?.latency, analysed?.buildMs);
    const plain = t.results.minisearch;
    row('MiniSearch defaults', plain?.latency, plain?.buildMs);
  }
  lines.push('');
  return lines;
}

/** How isnad's costs grow with the corpus: each share of the base corpus, with its figures ÷ the smallest's. */
export function renderGrowth(points: readonly GrowthPoint[]): string[] {
  const measured = points.filter((p) => p.isnad);
  if (measured.length === 0) return [];
  const base = measured[0]!;
  const lines: string[] = ['## Growth', ''];
  lines.push(
    `isnad alone on ${measured.map((p) => `${Math.round(p.share * 100)} %`).join(', ')} of the corpus (the smaller corpora are the first articles of the larger, ` +
      "so the text is alike). In brackets: the figure ÷ the smallest corpus's, to read beside the passages' own ratio: " +
      'linear growth has the same ratio as the passages, sub-linear a smaller one. Peak RSS is up to the end of the build (the corpus loaded and indexed).',
    '',
  );
  lines.push(
    '| share | passages | distinct terms | build | question p50 | question p95 | question p99 | retrieval p95 | peak RSS (load + build) | heap after build | snapshot |',
  );
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  const b = base.isnad!;
  for (const p of measured) {
    const r = p.isnad!;
    const count = (v: number | undefined, ref: number | undefined) => withRatio(v, ref, (x) => (x === undefined ? '–' : grouped(x)));
    lines.push(
      `| ${Math.round(p.share * 100)} % | ${count(p.corpus.passages, base.corpus.passages)} | ${count(r.vocabulary, b.vocabulary)} | ` +
        `${withRatio(r.buildMs, b.buildMs, formatMs)} | ${withRatio(r.latency?.p50, b.latency?.p50, formatMs)} | ${withRatio(r.latency?.p95, b.latency?.p95, formatMs)} | ` +
        `${withRatio(r.latency?.p99, b.latency?.p99, formatMs)} | ${withRatio(r.retrieval?.p95, b.retrieval?.p95, formatMs)} | ` +
        `${withRatio(r.peakRssAfterBuild, b.peakRssAfterBuild, formatBytes)} | ${withRatio(r.heapAfterBuild, b.heapAfterBuild, formatBytes)} | ` +
        `${withRatio(r.snapshotBytes, b.snapshotBytes, formatBytes)} |`,
    );
  }
  lines.push('');
  return lines;
}
