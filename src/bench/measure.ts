import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { analyze, analyzeToken, tokenize } from '../core/analyze.js';
import { answer, prepareIndex, retrievalTerms } from '../core/answer.js';
import { sectionSizes } from '../core/packSections.js';
import { SearchIndex } from '../core/SearchIndex.js';
import { drain } from '../core/steps.js';
import { loadCorpus, scanCorpus, type LoadedCorpus } from '../corpus/loadCorpus.js';
import { loadLexicon } from '../corpus/loadLexicon.js';
import { readSnapshot, writeSnapshot } from '../corpus/snapshotStore.js';
import type { BenchQuestion } from './questions.js';
import { mean, percentile } from './stats.js';

/**
 * One measurement: one engine on one corpus, in a process of its own (see src/bin/bench.ts), so
 * heap figures hold only this engine's data and a crash loses only this measurement.
 */
export type Engine = 'isnad' | 'minisearch' | 'minisearch-isnad';
/**
 * `minisearch`: MiniSearch with its default options (its own tokeniser, lower case, no stemming);
 * `minisearch-isnad`: MiniSearch fed isnad's analysis (tokenize + analyzeToken, the title as a
 * second field at 0.5 as isnad searches it), so that the retrieval itself is compared on equal terms.
 */
export const ENGINES: readonly Engine[] = ['isnad', 'minisearch', 'minisearch-isnad'];

/** Candidate passages retrieved per question, as isnad's answer() takes them (RANKING.candidatePassages). */
export const RETRIEVED = 30;

export interface LatencyFigures {
  /** Questions timed (after the warm-up); fewer than `total` when the time cap was reached. */
  readonly measured: number;
  readonly total: number;
  readonly warmup: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
  /** isnad: questions answered with at least one extract; MiniSearch: questions with at least one hit. */
  readonly answered: number;
  /** The same per kind of question: [answered or with hits, timed]. */
  readonly answeredByKind: Record<string, readonly [number, number]>;
}

export interface EngineResult {
  readonly engine: Engine;
  readonly documents: number;
  readonly passages: number;
  readonly corpusBytes: number;
  /** Whether global.gc was available (heap figures are after a full collection only then). */
  readonly gc: boolean;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly heapAfterLoad: number;
  readonly heapAfterBuild: number;
  readonly rssAfterBuild: number;
  /** Peak resident set size up to the end of the build (the corpus loaded, the index built). */
  readonly peakRssAfterBuild?: number;
  /** Distinct terms of the index after isnad's analysis (text and title); isnad only. */
  readonly vocabulary?: number;
  /** Peak resident set size of the whole measurement (load, build, questions, snapshots). */
  readonly peakRss?: number;
  /** isnad: the whole answer; MiniSearch: a search, whose best RETRIEVED results are the candidates. */
  readonly latency?: LatencyFigures;
  /** isnad only: retrieving its RETRIEVED candidate passages (the first step of answer()), timed apart. */
  readonly retrieval?: LatencyFigures;
  /**
   * isnad only: the whole answer with the bilingual lexicon, as the bot answers once it has loaded
   * it (the question also searched in the other language). `latency` is without it.
   */
  readonly latencyWithLexicon?: LatencyFigures;
  /**
   * isnad only: the same, as a bot that has been serving answers: on the index read again and the
   * lexicon loaded again (so that nothing either keeps of the questions is there), after the
   * `steadyQuestions` (others than the timed ones) were answered untimed. `latencyWithLexicon` is
   * a bot that has just started, its code still being compiled from what it meets.
   */
  readonly latencySteady?: LatencyFigures;
  readonly snapshotBytes?: number;
  readonly snapshotWriteMs?: number;
  readonly snapshotLoadMs?: number;
  readonly heapAfterSnapshotLoad?: number;
  /** isnad only: serialised size of each part of the snapshot body. */
  readonly snapshotParts?: Record<string, number>;
  readonly errors: readonly string[];
}

type SnapshotFigures = Pick<EngineResult, 'snapshotBytes' | 'snapshotWriteMs' | 'snapshotLoadMs' | 'heapAfterSnapshotLoad' | 'snapshotParts'>;

export interface MeasureOptions {
  readonly engine: Engine;
  readonly corpusDir: string;
  readonly questions: readonly BenchQuestion[];
  /** Cap on the time spent answering timed questions. */
  readonly maxSeconds: number;
  readonly warmup: number;
  /** Scratch folder for snapshot files; removed afterwards. */
  readonly scratchDir: string;
  readonly progress: (message: string) => void;
  /** Skip the per-part snapshot sizes (they cost one more serialisation). */
  readonly parts?: boolean;
  /** isnad only: questions (none of `questions`) answered untimed before `latencySteady` is timed. */
  readonly steadyQuestions?: readonly BenchQuestion[];
}

const MINISEARCH_DEFAULTS = { fields: ['text'], storeFields: [] as string[] };

const MINISEARCH_ISNAD = {
  fields: ['text', 'title'],
  storeFields: [] as string[],
  tokenize: (text: string) => tokenize(text).map((token) => token.text),
  // MiniSearch drops a term processTerm maps to a falsy value: isnad's stop words.
  processTerm: (term: string) => analyzeToken(term) ?? false,
  searchOptions: { boost: { title: 0.5 } },
};

/** isnad's candidate retrieval as answer() does it for a question in its own language. */
function retrieve(index: SearchIndex, question: string): number {
  const terms = [...new Set(analyze(question))];
  return index.search(retrievalTerms(index, terms), { text: 1, title: 0.5 }, RETRIEVED).length;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function heapUsed(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

interface Searcher {
  /** Runs one question; true when it produced at least one extract or hit. */
  run(question: string): boolean;
}

/**
 * The whole answer with the lexicon as a bot that has been serving answers (see
 * EngineResult.latencySteady): a fresh index from the snapshot and a fresh lexicon, the steady
 * questions answered untimed, then the timed set with no warm-up of its own.
 */
async function timeSteady(snapshotFile: string, fingerprint: string, steady: readonly BenchQuestion[], options: MeasureOptions): Promise<LatencyFigures> {
  const index = await readServedIndex(snapshotFile, fingerprint);
  const loaded = await loadLexicon();
  if (loaded.kind !== 'loaded') throw new Error(`lexicon: ${loaded.reason}`);
  drain(prepareIndex(index));
  options.progress(`steady: answering ${steady.length} other questions untimed, then timing the set again on a fresh index and lexicon`);
  for (const question of steady) answer(index, question.question, { limit: 5, lexicon: loaded.lexicon });
  const timed = timeQuestions({ run: (q) => answer(index, q, { limit: 5, lexicon: loaded.lexicon }).kind === 'answer' }, { ...options, warmup: 0 });
  // Its warm-up is the steady questions.
  return { ...timed, warmup: steady.length };
}

/** The index as the bot serves it, read back from the snapshot just written; a snapshot not loaded is a bench failure. */
async function readServedIndex(snapshotFile: string, fingerprint: string): Promise<SearchIndex> {
  const read = await readSnapshot(snapshotFile, fingerprint);
  if (read.kind !== 'loaded') throw new Error(`snapshot not loaded: ${read.kind === 'rejected' ? read.reason : 'missing'}`);
  return read.index;
}

function timeQuestions(searcher: Searcher, options: MeasureOptions): LatencyFigures {
  const { questions, progress } = options;
  const warmup = Math.min(options.warmup, questions.length);
  progress(`warm-up: ${warmup} questions`);
  for (let i = 0; i < warmup; i++) searcher.run(questions[i]!.question);
  collect();
  const times: number[] = [];
  let answered = 0;
  const byKind: Record<string, [number, number]> = {};
  const budget = options.maxSeconds * 1000;
  let spent = 0;
  let lastReport = performance.now();
  for (const question of questions) {
    if (spent > budget) {
      progress(`time cap of ${options.maxSeconds} s reached after ${times.length} of ${questions.length} questions`);
      break;
    }
    const start = performance.now();
    const found = searcher.run(question.question);
    const took = performance.now() - start;
    times.push(took);
    spent += took;
    if (found) answered++;
    const kind = (byKind[question.kind] ??= [0, 0]);
    kind[1]++;
    if (found) kind[0]++;
    if (performance.now() - lastReport > 10_000) {
      progress(`questions: ${times.length}/${questions.length}`);
      lastReport = performance.now();
    }
  }
  return {
    measured: times.length,
    total: questions.length,
    warmup,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    mean: mean(times),
    max: times.reduce((m, t) => Math.max(m, t), 0),
    answered,
    answeredByKind: byKind,
  };
}

/** The snapshot's sections by what they hold (names as in SearchIndex.toBytes). */
function groupSections(sizes: Record<string, number>): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const [name, bytes] of Object.entries(sizes)) {
    const group =
      name === 'text'
        ? 'text'
        : name.startsWith('textPosting') || name === 'textLengths'
          ? 'text postings'
          : name.startsWith('titlePosting') || name === 'titleLengths'
            ? 'title postings'
            : name === 'vocabulary'
              ? 'vocabulary'
              : name.startsWith('sentence')
                ? 'sentences'
                : 'documents and passages';
    groups[group] = (groups[group] ?? 0) + bytes;
  }
  return groups;
}

function countPassages(corpus: LoadedCorpus): number {
  let n = 0;
  for (const document of corpus.documents) n += document.passages.length;
  return n;
}

/**
 * isnad's load and build as the product makes them (buildCorpusIndex): the scan, then each file
 * parsed and added to the build in turn. The time spent adding documents and finishing the index
 * is the build; the scan and the parsing between additions are the load, as loadCorpus's are for
 * the peers.
 */
async function streamedBuild(options: MeasureOptions) {
  const { progress } = options;
  progress('scanning the corpus, then parsing each file into the isnad index (buildCorpusIndex, timed apart)');
  const started = performance.now();
  const scanned = await scanCorpus(options.corpusDir);
  const heapAfterLoad = heapUsed();
  const scanMs = performance.now() - started;
  const builder = SearchIndex.builder();
  let addMs = 0;
  let passages = 0;
  const streamed = performance.now();
  const { ids, ...parsed } = await scanned.parseEach((document) => {
    const adding = performance.now();
    builder.add(document);
    passages += document.passages.length;
    addMs += performance.now() - adding;
  });
  const finishing = performance.now();
  const index = builder.finish(ids);
  const finishMs = performance.now() - finishing;
  const loadMs = scanMs + (finishing - streamed - addMs);
  return { index, parsed, passages, heapAfterLoad, loadMs, buildMs: addMs + finishMs };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function measure(options: MeasureOptions): Promise<EngineResult> {
  const { progress } = options;
  const errors: string[] = [];
  collect();

  let started = performance.now();
  // isnad never holds every document (the product does not); the peers are given them all.
  const isnad = options.engine === 'isnad' ? await streamedBuild(options) : undefined;
  if (isnad === undefined) progress('loading corpus');
  const corpus = isnad !== undefined ? { ...isnad.parsed, documents: [] } : await loadCorpus(options.corpusDir);
  const loadMs = isnad?.loadMs ?? performance.now() - started;
  const documents = isnad?.index.documents.length ?? corpus.documents.length;
  const passages = isnad?.passages ?? countPassages(corpus);
  const corpusBytes = corpus.files.reduce((sum, file) => sum + file.bytes, 0);
  progress(`loaded ${documents} documents, ${passages} passages in ${(loadMs / 1000).toFixed(1)} s`);
  if (corpus.skipped.length > 0) progress(`${corpus.skipped.length} files skipped, first: ${corpus.skipped[0]!.file}: ${corpus.skipped[0]!.reason}`);
  const heapAfterLoad = isnad?.heapAfterLoad ?? heapUsed();

  await mkdir(options.scratchDir, { recursive: true });
  const snapshotFile = path.join(options.scratchDir, `${options.engine}.snapshot`);
  const base = {
    engine: options.engine,
    documents,
    passages,
    corpusBytes,
    gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    loadMs,
    heapAfterLoad,
  };

  try {
    if (isnad !== undefined) {
      let index: SearchIndex | undefined = isnad.index;
      const { buildMs } = isnad;
      progress(`built in ${(buildMs / 1000).toFixed(1)} s`);
      const peakRssAfterBuild = peakRss();
      const heapAfterBuild = heapUsed();
      const rssAfterBuild = process.memoryUsage().rss;
      const vocabulary = index.vocabulary.length;

      const latency = timeQuestions({ run: (q) => answer(index!, q, { limit: 5 }).kind === 'answer' }, options);
      progress('timing the candidate retrieval alone');
      const retrieval = timeQuestions({ run: (q) => retrieve(index!, q) > 0 }, options);

      const snapshot: SnapshotFigures = {};
      // What the bot serves: the index read back from its snapshot (its text read from the file as
      // quoted), prepared as CorpusService prepares every index it serves.
      let served: SearchIndex | undefined;
      try {
        progress('writing the snapshot');
        started = performance.now();
        await writeSnapshot(snapshotFile, corpus.fingerprint, index);
        Object.assign(snapshot, { snapshotWriteMs: performance.now() - started, snapshotBytes: (await stat(snapshotFile)).size });
        index = undefined;
        collect();
        progress('reading the snapshot');
        started = performance.now();
        served = await readServedIndex(snapshotFile, corpus.fingerprint);
        const snapshotLoadMs = performance.now() - started;
        Object.assign(snapshot, { snapshotLoadMs, heapAfterSnapshotLoad: heapUsed() });
        if (options.parts !== false) {
          Object.assign(snapshot, { snapshotParts: groupSections(sectionSizes(served.toBytes())) });
        }
      } catch (error) {
        errors.push(`snapshot: ${message(error)}`);
      }
      let latencyWithLexicon: LatencyFigures | undefined;
      const loaded = await loadLexicon();
      if (loaded.kind === 'loaded' && served !== undefined) {
        const bots = served;
        progress('preparing the index read from the snapshot, then timing the whole answer with the lexicon, as the bot answers');
        drain(prepareIndex(bots));
        latencyWithLexicon = timeQuestions({ run: (q) => answer(bots, q, { limit: 5, lexicon: loaded.lexicon }).kind === 'answer' }, options);
      } else if (loaded.kind !== 'loaded') errors.push(`lexicon: ${loaded.reason}`);
      // The steady figure reads the snapshot again: the first served index is let go before.
      served = undefined;
      let latencySteady: LatencyFigures | undefined;
      const steady = options.steadyQuestions ?? [];
      if (latencyWithLexicon !== undefined && steady.length > 0) {
        try {
          latencySteady = await timeSteady(snapshotFile, corpus.fingerprint, steady, options);
        } catch (error) {
          errors.push(`steady: ${message(error)}`);
        }
      }
      return {
        ...base,
        buildMs,
        heapAfterBuild,
        rssAfterBuild,
        peakRssAfterBuild,
        vocabulary,
        latency,
        retrieval,
        ...(latencyWithLexicon !== undefined ? { latencyWithLexicon } : {}),
        ...(latencySteady !== undefined ? { latencySteady } : {}),
        ...snapshot,
        peakRss: peakRss(),
        errors,
      };
    }

    const withAnalysis = options.engine === 'minisearch-isnad';
    progress(`building MiniSearch (${withAnalysis ? "isnad's analysis" : 'default options'}) over ${passages} passages`);
    started = performance.now();
    type Doc = { id: number; text: string; title?: string };
    let ms: MiniSearch<Doc> | undefined = new MiniSearch<Doc>(withAnalysis ? MINISEARCH_ISNAD : MINISEARCH_DEFAULTS);
    let id = 0;
    let lastReport = performance.now();
    for (const document of corpus.documents) {
      for (const passage of document.passages)
        ms.add(withAnalysis ? { id: id++, text: passage.text, title: document.title } : { id: id++, text: passage.text });
      if (performance.now() - lastReport > 10_000) {
        progress(`indexed ${id}/${passages} passages`);
        lastReport = performance.now();
      }
    }
    const buildMs = performance.now() - started;
    progress(`built in ${(buildMs / 1000).toFixed(1)} s`);
    const peakRssAfterBuild = peakRss();
    const heapAfterBuild = heapUsed();
    const rssAfterBuild = process.memoryUsage().rss;

    // MiniSearch scores and sorts every match; the best RETRIEVED are what isnad would go on with.
    const latency = timeQuestions({ run: (q) => ms!.search(q).slice(0, RETRIEVED).length > 0 }, options);
    const result = { ...base, buildMs, heapAfterBuild, rssAfterBuild, peakRssAfterBuild, latency };
    // Its snapshot would need the custom tokeniser again to load; the peer is there for retrieval.
    if (withAnalysis) return { ...result, peakRss: peakRss(), errors };

    const snapshot: SnapshotFigures = {};
    try {
      progress('writing the snapshot (JSON.stringify)');
      started = performance.now();
      let json: string | undefined = JSON.stringify(ms);
      await writeFile(snapshotFile, json);
      Object.assign(snapshot, { snapshotWriteMs: performance.now() - started, snapshotBytes: Buffer.byteLength(json) });
      // Only the loaded copy in memory, as for isnad.
      json = undefined;
      ms = undefined;
      collect();
      progress('reading the snapshot (MiniSearch.loadJSON)');
      started = performance.now();
      const loaded = MiniSearch.loadJSON(await readFile(snapshotFile, 'utf8'), MINISEARCH_DEFAULTS);
      const snapshotLoadMs = performance.now() - started;
      if (loaded.documentCount !== passages) throw new Error(`loaded ${loaded.documentCount} passages, expected ${passages}`);
      Object.assign(snapshot, { snapshotLoadMs, heapAfterSnapshotLoad: heapUsed() });
    } catch (error) {
      errors.push(`snapshot: ${message(error)}`);
    }
    return { ...result, ...snapshot, peakRss: peakRss(), errors };
  } finally {
    await rm(options.scratchDir, { recursive: true, force: true });
  }
}
