import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectLanguage } from '../core/detectLanguage.js';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { DEFAULT_LEXICON_FILE } from '../corpus/loadLexicon.js';
import { writeFileAtomic } from '../corpus/writeFileAtomic.js';
import { corpusCacheDir, formatSize, generateCorpus, paragraphText, parseSize, writeCorpus, type GeneratedCorpus } from '../bench/generateCorpus.js';
import { generateNewsCorpus, prefixOf } from '../bench/generateNewsCorpus.js';
import { termStatistics, type TermStatistics } from '../bench/termStatistics.js';
import { ENGINES, measure, type Engine, type EngineResult } from '../bench/measure.js';
import { QUESTION_GENERATOR_VERSION, generateQuestions, loadEvalQuestions, type BenchQuestion, type EvalQuestions } from '../bench/questions.js';
import {
  medianRecord,
  medianResult,
  renderReport,
  type ColdStartFigures,
  type CorpusInfo,
  type GrowthPoint,
  type ServiceFigures,
  type TargetResult,
} from '../bench/report.js';
// Types only: service.ts loads discord.js and FakeDiscord, which the parent and the engine
// workers must not carry (their heap figures would include them). serviceWorker imports it.
import type { ColdStartRun, EndToEndFigures, RefreshFigures, ServiceResult, ServiceTask } from '../bench/service.js';
import { median, summarise } from '../bench/stats.js';
import { PROJECT_ROOT, buildSentencePool, defaultSources, type SentencePool } from '../bench/sentencePool.js';
import { DEFAULT_PATHS } from '../defaultPaths.js';
import { runMain, UsageError } from './runMain.js';
import { stderrLog } from './stderrLog.js';

/**
 * `npm run bench`: isnad beside plain MiniSearch (default options) on generated corpora of 1k, 10k
 * and 150k passages, or on any folder. The parent generates the corpora and questions, runs every
 * engine × corpus in a child process of its own (`node --expose-gc --import tsx src/bin/bench.ts
 * --worker …`), and prints one markdown table (also written to bench/results.md). Progress goes to
 * stderr. See bench/README.md.
 */

const SCRIPT = fileURLToPath(import.meta.url);
const RESULT_PREFIX = 'BENCH_RESULT ';
const log = stderrLog('bench');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1k,10k,150k' },
    corpus: { type: 'string' },
    generator: { type: 'string', default: 'news' },
    growth: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    questions: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    steady: { type: 'string', default: '1000' },
    'steady-file': { type: 'string' },
    'max-seconds': { type: 'string', default: '120' },
    repeat: { type: 'string', default: '1' },
    engines: { type: 'string', default: ENGINES.join(',') },
    out: { type: 'string', default: path.join('bench', 'results.md') },
    'cache-dir': { type: 'string', default: DEFAULT_PATHS.benchCacheDir },
    'worker-timeout': { type: 'string', default: '3600' },
    'heap-mb': { type: 'string' },
    'no-refresh': { type: 'boolean', default: false },
    'no-cold-start': { type: 'boolean', default: false },
    'no-e2e': { type: 'boolean', default: false },
    'no-html': { type: 'boolean', default: false },
    'html-pages': { type: 'string', default: '1000' },
    help: { type: 'boolean', default: false },
    // Internal: one measurement in this process.
    worker: { type: 'boolean', default: false },
    engine: { type: 'string' },
    'questions-file': { type: 'string' },
    'scratch-dir': { type: 'string' },
    task: { type: 'string' },
    'snapshot-dir': { type: 'string' },
  },
});

const HELP = `npm run bench -- [options]

  --sizes 1k,10k,150k   generated corpus sizes in passages (default all three)
  --corpus DIR          benchmark this folder instead of generated corpora
  --generator NAME      news (default: vocabulary that grows like news, ~300k terms at 150k)
                        or sentences (the first generator: ~1,270 real sentences repeated)
  --growth              also isnad alone at 25, 50, 100 and 200 % of the largest size
  --seed N              seed for corpora and questions (default 42)
  --questions N         questions per corpus (default 200)
  --warmup N            untimed warm-up questions (default 20)
  --steady N            isnad: also time the answer with the lexicon as a bot that has answered N other
                        questions (drawn like the set, none of it), on a fresh index and lexicon (default 1000; 0: off)
  --max-seconds S       cap on timed question time per engine and corpus (default 120)
  --repeat N            run every measurement N times and report medians (default 1)
  --engines LIST        isnad,minisearch,minisearch-isnad (default all three)
  --out FILE            where the markdown goes besides stdout (default bench/results.md; - for nowhere)
  --cache-dir DIR       generated corpora (default .isnad/bench; reused for the same seed)
  --worker-timeout S    kill a measurement after S seconds (default 3600)
  --heap-mb N           --max-old-space-size for the measuring processes
  --no-refresh          skip isnad's question latency during a refresh
  --no-cold-start       skip isnad's cold start from an up-to-date snapshot
  --no-e2e              skip isnad's end-to-end /ask latency (discord.js + local fake Discord)
  --no-html             skip the HTML articles section (fixture quality, pages per second, refresh)
  --html-pages N        generated HTML pages for the refresh time (default 1000)
`;

function positiveInt(name: string, text: string | undefined, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Worker: one engine on one corpus.

async function worker(): Promise<number> {
  if (values.task !== undefined) return serviceWorker();
  const engine = values.engine as Engine;
  if (!ENGINES.includes(engine) || !values.corpus || !values['questions-file'] || !values['scratch-dir']) {
    throw new UsageError('--worker needs --engine, --corpus, --questions-file and --scratch-dir');
  }
  const questions = JSON.parse(await readFile(values['questions-file'], 'utf8')) as BenchQuestion[];
  const steadyQuestions = values['steady-file'] ? (JSON.parse(await readFile(values['steady-file'], 'utf8')) as BenchQuestion[]) : [];
  const result = await measure({
    steadyQuestions,
    engine,
    corpusDir: values.corpus,
    questions,
    maxSeconds: Number(values['max-seconds']),
    warmup: positiveInt('warmup', values.warmup, 0),
    scratchDir: values['scratch-dir'],
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  return 0;
}

/** One isnad service measurement (refresh, cold start, end to end) in this process. */
async function serviceWorker(): Promise<number> {
  const { SERVICE_TASKS, measureService } = await import('../bench/service.js');
  const task = values.task as ServiceTask;
  if (!SERVICE_TASKS.includes(task) || !values.corpus || !values['questions-file'] || !values['snapshot-dir'] || !values['scratch-dir']) {
    throw new UsageError(`--worker --task (${SERVICE_TASKS.join('|')}) needs --corpus, --questions-file, --snapshot-dir and --scratch-dir`);
  }
  const questions = JSON.parse(await readFile(values['questions-file'], 'utf8')) as BenchQuestion[];
  const result = await measureService({
    task,
    corpusDir: values.corpus,
    questions,
    warmup: positiveInt('warmup', values.warmup, 0),
    snapshotDir: values['snapshot-dir'],
    scratchDir: values['scratch-dir'],
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  // Should a handle (discord.js, the build worker) outlive the measurement, do not wait for it.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Parent: corpora, questions, one child per measurement, the report.

interface Target {
  readonly corpus: CorpusInfo;
  readonly questionsFile: string;
  readonly questions: readonly BenchQuestion[];
  /** Questions for isnad's steady figure (see --steady), none of `questions`. */
  readonly steadyFile?: string;
}

/**
 * `--steady` questions, drawn as the set is (another seed) but none of it: what a bot has answered
 * before the timed questions come. Written beside the set's file.
 */
async function steadyQuestionsFile(
  passages: readonly string[],
  questions: readonly BenchQuestion[],
  questionsFile: string,
  seed: number,
  evalQuestions: EvalQuestions,
  documentFrequency: ReadonlyMap<string, number> | undefined,
): Promise<string | undefined> {
  const count = positiveInt('steady', values.steady, 0);
  if (count === 0) return undefined;
  const steady = generateQuestions(
    { passages },
    { count, seed: seed + 1, evalQuestions, exclude: new Set(questions.map((q) => q.question)), ...(documentFrequency ? { documentFrequency } : {}) },
  );
  const file = questionsFile.replace(/\.json$/, `-steady-${count}.json`);
  await writeQuestions(file, steady);
  return file;
}

function byKind(questions: readonly BenchQuestion[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const q of questions) counts[q.kind] = (counts[q.kind] ?? 0) + 1;
  return counts;
}

async function writeQuestions(file: string, questions: readonly BenchQuestion[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeWhole(file, `${JSON.stringify(questions, null, 1)}\n`);
}

/** The bench's own files, written like every file isnad writes: whole or not at all. */
async function writeWhole(file: string, text: string): Promise<void> {
  const written = await writeFileAtomic(file, Buffer.from(text));
  if (written.kind === 'failed') throw new Error(`could not write ${file}: ${written.reason}`);
}

export type GeneratorName = 'news' | 'sentences';
export const GENERATORS: readonly GeneratorName[] = ['news', 'sentences'];
/** Shares of the base size the growth series measures. */
const GROWTH_SHARES = [0.25, 0.5, 1, 2] as const;

interface GeneratedTargets {
  readonly targets: Target[];
  /** The growth series (isnad only), all with the questions of its smallest corpus. */
  readonly growth: { readonly share: number; readonly target: Target }[];
  readonly sources: string[];
}

function generate(generator: GeneratorName, pool: SentencePool, passages: number, seed: number): GeneratedCorpus {
  return generator === 'news' ? generateNewsCorpus(pool, { passages, seed }) : generateCorpus(pool, { passages, seed });
}

/** Writes a generated corpus to its cache folder (or reuses it) and, unless given, draws its questions. */
async function materialise(
  generated: GeneratedCorpus,
  generator: GeneratorName,
  cacheRoot: string,
  questionCount: number,
  evalQuestions: EvalQuestions,
  given?: { readonly questions: readonly BenchQuestion[]; readonly file: string },
): Promise<Target> {
  const size = generated.targetPassages;
  const label = formatSize(size);
  const dir = corpusCacheDir(cacheRoot, size, generated.seed, generated.poolHash, generator === 'news' ? 'news' : 'corpus');
  const started = performance.now();
  const { manifest, reused } = await writeCorpus(generated, dir);
  log(
    `${label}: ${reused ? 'reusing' : 'wrote'} ${manifest.documents} documents, ${manifest.passages} passages, ` +
      `${(manifest.bytes / 1e6).toFixed(1)} MB in ${path.relative(PROJECT_ROOT, dir) || dir}` +
      (reused ? '' : ` (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  );
  let questions = given?.questions;
  let questionsFile = given?.file;
  // A growth point given its questions skips the pass: its vocabulary comes from the index it builds.
  let statistics: TermStatistics | undefined;
  let steadyFile: string | undefined;
  if (questions === undefined || questionsFile === undefined) {
    const passages = generated.documents.flatMap((d) => d.paragraphs.map(paragraphText));
    statistics = timedStatistics(label, passages);
    // The first generator's questions stay as they were (random words of its few, repeated sentences).
    const documentFrequency = generator === 'news' ? statistics.documentFrequency : undefined;
    questions = generateQuestions(
      { passages },
      { count: questionCount, seed: generated.seed, evalQuestions, ...(documentFrequency ? { documentFrequency } : {}) },
    );
    questionsFile = path.join(dir, `questions-${QUESTION_GENERATOR_VERSION}-${questionCount}.json`);
    await writeQuestions(questionsFile, questions);
    steadyFile = await steadyQuestionsFile(passages, questions, questionsFile, generated.seed, evalQuestions, documentFrequency);
  }
  return {
    corpus: {
      label,
      documents: manifest.documents,
      passages: manifest.passages,
      bytes: manifest.bytes,
      ...(statistics ? { terms: statistics.documentFrequency.size } : {}),
      arabicPassages: manifest.languages.ar,
      englishPassages: manifest.languages.en,
      dir: path.join(dir, 'corpus'),
      reused,
    },
    questionsFile,
    questions,
    ...(steadyFile !== undefined ? { steadyFile } : {}),
  };
}

function timedStatistics(label: string, passages: readonly string[]): TermStatistics {
  const started = performance.now();
  const statistics = termStatistics(passages);
  log(
    `${label}: ${statistics.documentFrequency.size.toLocaleString('en-US')} distinct terms after analysis (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return statistics;
}

async function generatedTargets(
  generator: GeneratorName,
  sizes: readonly number[],
  growthBase: number | undefined,
  seed: number,
  questionCount: number,
  cacheRoot: string,
): Promise<GeneratedTargets> {
  const { used, missing } = defaultSources();
  log(`text sources: ${used.map((s) => s.name).join(', ') || 'none'}`);
  for (const source of missing) log(`text source not found, going without it: ${source.name}`);
  const pool = await buildSentencePool(used);
  log(`sentence pool: ${pool.en.length} English and ${pool.ar.length} Arabic sentences (pool ${pool.hash}); generator: ${generator}`);
  if (generator === 'sentences' && pool.en.length + pool.ar.length < 500) {
    log('warning: a small pool means a small vocabulary; figures that depend on it (index size) will be optimistic');
  }
  const evalQuestions = loadEvalQuestions();
  log(
    evalQuestions.files.length > 0
      ? `eval questions from ../shared/eval: ${evalQuestions.files.join(', ')}`
      : 'no ../shared/eval: questions from the corpus and built-in out-of-corpus questions only',
  );

  // The news generator's corpora are prefixes of one another: the largest is generated once.
  const growthSizes = growthBase === undefined ? [] : GROWTH_SHARES.map((share) => Math.round(share * growthBase));
  const largest = generator === 'news' ? Math.max(...sizes, ...growthSizes) : undefined;
  let full: GeneratedCorpus | undefined;
  const corpusOf = (passages: number): GeneratedCorpus => {
    if (largest === undefined) return generate(generator, pool, passages, seed);
    if (full === undefined) {
      const started = performance.now();
      full = generate(generator, pool, largest, seed);
      log(`generated ${formatSize(largest)} passages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return prefixOf(full, passages);
  };

  const targets: Target[] = [];
  for (const size of sizes) targets.push(await materialise(corpusOf(size), generator, cacheRoot, questionCount, evalQuestions));

  const growth: GeneratedTargets['growth'] = [];
  let shared: { questions: readonly BenchQuestion[]; file: string } | undefined;
  for (const [i, size] of growthSizes.entries()) {
    const target = await materialise(corpusOf(size), generator, cacheRoot, questionCount, evalQuestions, shared);
    // Questions of the smallest corpus, answerable in every larger one (its articles are theirs).
    shared ??= { questions: target.questions, file: target.questionsFile };
    growth.push({ share: GROWTH_SHARES[i]!, target: { ...target, corpus: { ...target.corpus, label: `${formatSize(size)} (growth)` } } });
  }
  return { targets, growth, sources: used.map((s) => s.name) };
}

async function folderTarget(dir: string, seed: number, questionCount: number, cacheRoot: string): Promise<Target> {
  log(`loading ${dir} to draw questions from it`);
  const corpus = await loadCorpus(dir);
  const passages = corpus.documents.flatMap((d) => d.passages.map((p) => p.text));
  const why = corpus.folderProblem?.reason ?? corpus.skipped[0]?.reason;
  if (passages.length === 0) throw new UsageError(`no passages in ${dir}${why !== undefined ? `: ${why}` : ''}`);
  let arabic = 0;
  for (const text of passages) if (detectLanguage(text) === 'ar') arabic++;
  const statistics = timedStatistics(path.basename(dir), passages);
  const questions = generateQuestions(
    { passages },
    { count: questionCount, seed, evalQuestions: loadEvalQuestions(), documentFrequency: statistics.documentFrequency },
  );
  const key = createHash('sha256')
    .update(`${path.resolve(dir)}\n${corpus.fingerprint}`)
    .digest('hex')
    .slice(0, 12);
  const questionsFile = path.join(cacheRoot, `questions-${key}-${seed}-${questionCount}.json`);
  await writeQuestions(questionsFile, questions);
  const steadyFile = await steadyQuestionsFile(passages, questions, questionsFile, seed, loadEvalQuestions(), statistics.documentFrequency);
  return {
    corpus: {
      label: path.basename(path.resolve(dir)),
      documents: corpus.documents.length,
      passages: passages.length,
      bytes: corpus.files.reduce((sum, f) => sum + f.bytes, 0),
      terms: statistics.documentFrequency.size,
      arabicPassages: arabic,
      englishPassages: passages.length - arabic,
      dir,
    },
    questionsFile,
    questions,
    ...(steadyFile !== undefined ? { steadyFile } : {}),
  };
}

interface WorkerOutcome<R = EngineResult> {
  readonly result?: R;
  readonly failure?: string;
}

function runWorker(engine: Engine, target: Target, name: string, scratchDir: string): Promise<WorkerOutcome> {
  return runChild<EngineResult>(name, [
    '--engine',
    engine,
    '--corpus',
    target.corpus.dir,
    '--questions-file',
    target.questionsFile,
    '--max-seconds',
    values['max-seconds'],
    '--warmup',
    values.warmup,
    '--scratch-dir',
    scratchDir,
    ...(engine === 'isnad' && target.steadyFile !== undefined ? ['--steady-file', target.steadyFile] : []),
  ]);
}

function runServiceWorker(task: ServiceTask, target: Target, name: string, snapshotDir: string, scratchDir: string): Promise<WorkerOutcome<ServiceResult>> {
  return runChild<ServiceResult>(name, [
    '--task',
    task,
    '--corpus',
    target.corpus.dir,
    '--questions-file',
    target.questionsFile,
    '--warmup',
    values.warmup,
    '--snapshot-dir',
    snapshotDir,
    '--scratch-dir',
    scratchDir,
  ]);
}

/** `node --expose-gc --import tsx src/bin/bench.ts --worker …args`; resolves with the BENCH_RESULT line it printed. */
function runChild<R>(name: string, workerArgs: readonly string[]): Promise<WorkerOutcome<R>> {
  return runNode<R>(name, ['--import', 'tsx', SCRIPT, '--worker', ...workerArgs]);
}

const COLD_START_PROCESS = path.join(PROJECT_ROOT, 'src', 'bench', 'coldStartProcess.mjs');

/**
 * One cold start in a process that imports only what the bot's start does (coldStartProcess.mjs),
 * from the compiled tree (`npm start`) or from the sources under tsx (`npm run dev`).
 */
function runColdStart(name: string, build: ColdStartBuild, target: Target, snapshotDir: string): Promise<WorkerOutcome<ServiceResult>> {
  const question = target.questions[0]?.question ?? '';
  // The answers after the start-up warm-up: from the compiled tree only, the bot as `npm start` runs it.
  const afterWarmUp = build.kind === 'compiled' ? [target.questionsFile] : [];
  const args = [COLD_START_PROCESS, build.root, target.corpus.dir, snapshotDir, question, DEFAULT_LEXICON_FILE, ...afterWarmUp];
  return runNode<ServiceResult>(name, build.kind === 'tsx' ? ['--import', 'tsx', ...args] : args);
}

interface ColdStartBuild {
  readonly kind: 'compiled' | 'tsx';
  readonly root: string;
}

let compiledTree: Promise<string | undefined> | undefined;

/** The bot's code compiled as `npm run build` does, once per bench run, into the cache (undefined when tsc fails). */
function compiledBot(cacheRoot: string): Promise<string | undefined> {
  compiledTree ??= (async () => {
    // Inside the project, so that the compiled code finds node_modules as dist/ does.
    const outDir = path.join(path.resolve(cacheRoot), `bot-build-${process.pid}`);
    log(`compiling the bot (tsc -p tsconfig.build.json) into ${outDir} for the cold start`);
    try {
      execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return outDir;
    } catch (error) {
      log(`the bot could not be compiled (${(error as Error).message.split('\n')[0]}): the cold start is measured under tsx only`);
      return undefined;
    }
  })();
  return compiledTree;
}

/** `node --expose-gc [--max-old-space-size] …args`; resolves with the BENCH_RESULT line it printed. */
function runNode<R>(name: string, scriptArgs: readonly string[]): Promise<WorkerOutcome<R>> {
  const nodeArgs = ['--expose-gc', ...(values['heap-mb'] ? [`--max-old-space-size=${values['heap-mb']}`] : [])];
  const args = [...nodeArgs, ...scriptArgs];
  const timeoutMs = Number(values['worker-timeout']) * 1000;
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let lastLine = 'starting';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) {
        if (line.trim() === '') continue;
        lastLine = line.trim();
        process.stderr.write(`[${name}] ${line}\n`);
      }
    });
    const seconds = () => Math.round((performance.now() - started) / 1000);
    const heartbeat = setInterval(() => process.stderr.write(`[${name}] … ${seconds()} s, still at: ${lastLine}\n`), 30_000);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) as R });
        return;
      }
      const why = timedOut
        ? `killed after the ${values['worker-timeout']} s worker timeout (at: ${lastLine})`
        : `exited with ${signal ?? `code ${code}`} after ${seconds()} s; last output: ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`;
      resolve({ failure: why });
    });
  });
}

/**
 * isnad's service figures for one corpus, each measurement in a fresh child process: latency
 * during a refresh, cold start from an up-to-date snapshot (at least 3 processes), /ask end to
 * end. They share one snapshot folder: the refresh leaves an up-to-date snapshot there, which the
 * cold start and the end-to-end bot load.
 */
async function serviceFigures(target: Target, repeat: number, cacheRoot: string, failures: string[]): Promise<ServiceFigures | undefined> {
  const want = { refresh: !values['no-refresh'], coldStart: !values['no-cold-start'], e2e: !values['no-e2e'] };
  if (!want.refresh && !want.coldStart && !want.e2e) return undefined;
  const key = createHash('sha256').update(target.corpus.dir).digest('hex').slice(0, 8);
  const snapshotDir = path.join(cacheRoot, `service-${process.pid}-${key}`, 'snapshots');
  const scratchDir = path.join(cacheRoot, `service-${process.pid}-${key}`, 'scratch');
  const errors: string[] = [];
  const run = async (task: ServiceTask, r?: number): Promise<ServiceResult | undefined> => {
    const name = `isnad ${target.corpus.label} ${task}${r !== undefined && repeat > 1 ? ` #${r}` : ''}`;
    log(`measuring ${name} in a child process`);
    const outcome = await runServiceWorker(task, target, name, snapshotDir, scratchDir);
    if (outcome.result) {
      errors.push(...outcome.result.errors.map((e) => `${task}: ${e}`));
      return outcome.result;
    }
    failures.push(`isnad ${task}: ${outcome.failure}`);
    log(`${name} FAILED: ${outcome.failure}`);
    return undefined;
  };
  const refreshRuns: RefreshFigures[] = [];
  const coldStartRuns: Record<ColdStartBuild['kind'], ColdStartRun[]> = { compiled: [], tsx: [] };
  const endToEndRuns: EndToEndFigures[] = [];
  try {
    if (want.refresh) {
      for (let r = 1; r <= repeat; r++) {
        const result = await run('refresh', r);
        if (result?.task === 'refresh') refreshRuns.push(result.refresh);
      }
    }
    if (want.coldStart) {
      // Without a snapshot yet (--no-refresh), the first process builds and writes it: not counted.
      // Compiled (what `npm start` runs) and tsx (`npm run dev`) in turn, so that a drift of the
      // machine's speed touches both alike.
      const compiled = await compiledBot(cacheRoot);
      const builds: ColdStartBuild[] = [
        ...(compiled !== undefined ? [{ kind: 'compiled', root: compiled } as const] : []),
        { kind: 'tsx', root: path.join(PROJECT_ROOT, 'src') },
      ];
      const wanted = Math.max(3, repeat);
      for (let attempt = 0; attempt < wanted + 1 && builds.some((build) => coldStartRuns[build.kind].length < wanted); attempt++) {
        for (const build of builds) {
          const runs = coldStartRuns[build.kind];
          if (runs.length >= wanted) continue;
          const name = `isnad ${target.corpus.label} cold-start (${build.kind}) #${runs.length + 1}`;
          log(`measuring ${name} in a child process`);
          const outcome = await runColdStart(name, build, target, snapshotDir);
          if (outcome.result?.task !== 'cold-start') {
            failures.push(`isnad cold-start (${build.kind}): ${outcome.failure ?? 'no result'}`);
            continue;
          }
          errors.push(...outcome.result.errors.map((e) => `cold-start: ${e}`));
          if (outcome.result.coldStart.origin === 'snapshot') runs.push(outcome.result.coldStart);
          else log(`${name}: no snapshot yet, this process built it (not counted)`);
        }
      }
      for (const build of builds) {
        const runs = coldStartRuns[build.kind].length;
        if (runs < wanted) errors.push(`cold-start (${build.kind}): ${runs} of ${wanted} processes loaded the snapshot`);
      }
    }
    if (want.e2e) {
      for (let r = 1; r <= repeat; r++) {
        const result = await run('e2e', r);
        if (result?.task === 'e2e') endToEndRuns.push(result.endToEnd);
      }
    }
  } finally {
    await rm(path.dirname(snapshotDir), { recursive: true, force: true });
  }
  return {
    ...(refreshRuns.length > 0 ? { refresh: medianRecord(refreshRuns) } : {}),
    ...(coldStartRuns.compiled.length > 0 ? { coldStart: coldStartFigures(coldStartRuns.compiled) } : {}),
    ...(coldStartRuns.tsx.length > 0 ? { coldStartTsx: coldStartFigures(coldStartRuns.tsx) } : {}),
    ...(endToEndRuns.length > 0 ? { endToEnd: medianRecord(endToEndRuns) } : {}),
    errors: [...new Set(errors)],
  };
}

function coldStartFigures(runs: readonly ColdStartRun[]): ColdStartFigures {
  const openMs = runs.map((c) => c.openMs);
  return {
    runs: openMs.length,
    medianMs: median(openMs),
    minMs: Math.min(...openMs),
    maxMs: Math.max(...openMs),
    sinceProcessStartMs: median(runs.map((c) => c.sinceProcessStartMs)),
    ...optionalMedian(
      'firstAnswerSinceProcessStartMs',
      runs.map((c) => c.firstAnswerSinceProcessStartMs),
    ),
    ...optionalMedian(
      'rssAfterStart',
      runs.map((c) => c.rssAfterStart),
    ),
    ...optionalMedian(
      'rssServing',
      runs.map((c) => c.rssServing),
    ),
    ...optionalMedian(
      'verifiedSinceProcessStartMs',
      runs.map((c) => c.verifiedSinceProcessStartMs),
    ),
    ...optionalMedian(
      'rssAfterWarmUp',
      runs.map((c) => c.rssAfterWarmUp),
    ),
    ...afterWarmUpFigures(runs),
  };
}

/** The start-up warm-up and the answers after it, each figure the median of the processes'. */
function afterWarmUpFigures(runs: readonly ColdStartRun[]): Pick<ColdStartFigures, 'warmUp' | 'afterWarmUp'> {
  const measured = runs.filter((c) => c.warmUp !== undefined && c.answerMsAfterWarmUp !== undefined && c.answerMsAfterWarmUp.length > 0);
  if (measured.length === 0) return {};
  const each = measured.map((c) => summarise(c.answerMsAfterWarmUp!));
  const of = (key: 'p50' | 'p95' | 'p99' | 'max') => median(each.map((summary) => summary[key]));
  return {
    warmUp: { questions: median(measured.map((c) => c.warmUp!.questions)), tookMs: median(measured.map((c) => c.warmUp!.tookMs)) },
    afterWarmUp: { measured: each[0]!.measured, p50: of('p50'), p95: of('p95'), p99: of('p99'), max: of('max') },
  };
}

function optionalMedian<K extends string>(key: K, values: readonly (number | undefined)[]): Partial<Record<K, number>> {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? ({ [key]: median(known) } as Partial<Record<K, number>>) : {};
}

/** The commit measured, and whether the engine's sources differ from it. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src/core', 'src/corpus') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/core or src/corpus' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function parent(): Promise<number> {
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const startedAt = performance.now();
  const code = codeVersion();
  const seed = positiveInt('seed', values.seed, 0);
  const questionCount = positiveInt('questions', values.questions);
  positiveInt('warmup', values.warmup, 0);
  positiveInt('max-seconds', values['max-seconds']);
  positiveInt('worker-timeout', values['worker-timeout']);
  const repeat = positiveInt('repeat', values.repeat);
  if (values['heap-mb'] !== undefined) positiveInt('heap-mb', values['heap-mb']);
  const engines = values.engines.split(',').map((e) => e.trim()) as Engine[];
  for (const e of engines) if (!ENGINES.includes(e)) throw new UsageError(`unknown engine "${e}" (known: ${ENGINES.join(', ')})`);
  const cacheRoot = path.resolve(PROJECT_ROOT, values['cache-dir']);

  const generator = values.generator as GeneratorName;
  if (!GENERATORS.includes(generator)) throw new UsageError(`unknown generator "${values.generator}" (known: ${GENERATORS.join(', ')})`);
  let targets: Target[];
  let growthTargets: GeneratedTargets['growth'] = [];
  let sources: string[];
  let sizesLabel: string;
  if (values.corpus !== undefined) {
    if (values.growth) throw new UsageError('--growth works on generated corpora (it needs 200 % of the corpus), not with --corpus');
    targets = [await folderTarget(path.resolve(values.corpus), seed, questionCount, cacheRoot)];
    sources = [values.corpus];
    sizesLabel = `folder ${values.corpus} (${targets[0]!.corpus.passages} passages)`;
  } else {
    let sizes: number[];
    try {
      sizes = values.sizes.split(',').map(parseSize);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const growthBase = values.growth ? Math.max(...sizes) : undefined;
    ({ targets, growth: growthTargets, sources } = await generatedTargets(generator, sizes, growthBase, seed, questionCount, cacheRoot));
    sizesLabel = `${sizes.map(formatSize).join(', ')} (${generator} generator)${growthBase !== undefined ? `; growth at ${growthTargets.map((g) => formatSize(g.target.corpus.passages)).join(', ')}` : ''}`;
  }

  const results: TargetResult[] = [];
  let gc = true;
  for (const target of targets) {
    const runs: Record<string, EngineResult[]> = {};
    const failures: string[] = [];
    for (let r = 1; r <= repeat; r++) {
      for (const engine of engines) {
        const name = `${engine} ${target.corpus.label}${repeat > 1 ? ` #${r}` : ''}`;
        log(`measuring ${name} in a child process`);
        const scratch = path.join(cacheRoot, `scratch-${process.pid}-${engine}`);
        const outcome = await runWorker(engine, target, name, scratch);
        if (outcome.result) {
          (runs[engine] ??= []).push(outcome.result);
          gc &&= outcome.result.gc;
          const l = outcome.result.latency;
          log(
            `${name}: build ${(outcome.result.buildMs / 1000).toFixed(2)} s` +
              (l ? `, p50 ${l.p50.toFixed(2)} ms, p95 ${l.p95.toFixed(2)} ms over ${l.measured} questions` : ''),
          );
        } else {
          failures.push(`${engine}${repeat > 1 ? ` run ${r}` : ''}: ${outcome.failure}`);
          log(`${name} FAILED: ${outcome.failure}`);
        }
      }
    }
    const merged: TargetResult['results'] = {};
    for (const engine of engines) {
      const m = medianResult(runs[engine] ?? []);
      if (m) merged[engine] = m;
    }
    const service = engines.includes('isnad') ? await serviceFigures(target, repeat, cacheRoot, failures) : undefined;
    results.push({
      corpus: target.corpus,
      questions: { total: target.questions.length, byKind: byKind(target.questions) },
      results: merged,
      failures,
      ...(service ? { service } : {}),
    });
  }

  const built = await compiledTree;
  if (built !== undefined) await rm(built, { recursive: true, force: true });

  const growth: GrowthPoint[] = [];
  const growthFailures: string[] = [];
  for (const { share, target } of growthTargets) {
    const runs: EngineResult[] = [];
    for (let r = 1; r <= repeat; r++) {
      const name = `isnad ${target.corpus.label}${repeat > 1 ? ` #${r}` : ''}`;
      log(`measuring ${name} in a child process`);
      const outcome = await runWorker('isnad', target, name, path.join(cacheRoot, `scratch-${process.pid}-growth`));
      if (outcome.result) {
        runs.push(outcome.result);
        gc &&= outcome.result.gc;
        log(`${name}: build ${(outcome.result.buildMs / 1000).toFixed(2)} s, p95 ${outcome.result.latency?.p95.toFixed(2)} ms`);
      } else {
        growthFailures.push(`growth ${target.corpus.label}${repeat > 1 ? ` run ${r}` : ''}: ${outcome.failure}`);
        log(`${name} FAILED: ${outcome.failure}`);
      }
    }
    const isnad = medianResult(runs);
    growth.push({ share, corpus: target.corpus, ...(isnad ? { isnad } : {}) });
  }

  const cpus = os.cpus();
  const report = renderReport(
    {
      date: new Date(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, ''),
      machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
      os: `${os.type()} ${os.release()} (${os.arch()})`,
      node: process.version,
      code,
      seed,
      sizes: sizesLabel,
      sources,
      evalFiles: loadEvalQuestions().files.map((f) => `../shared/eval/${f}`),
      maxSeconds: Number(values['max-seconds']),
      warmup: Number(values.warmup),
      repeat,
      gc,
      totalSeconds: (performance.now() - startedAt) / 1000,
    },
    results,
    growth,
  );
  const html = values['no-html'] ? '' : `\n\n${await htmlSection(cacheRoot)}`;
  process.stdout.write(`${report}${html}\n`);
  if (values.out !== '-') {
    const out = path.resolve(PROJECT_ROOT, values.out);
    await mkdir(path.dirname(out), { recursive: true });
    await writeWhole(out, `${report}${html}\n`);
    log(`written to ${path.relative(PROJECT_ROOT, out) || out}`);
  }
  for (const failure of growthFailures) log(failure);
  return results.some((t) => t.failures.length > 0) || growthFailures.length > 0 ? 1 : 0;
}

/** HTML articles: quality on the fixtures, extraction throughput, refresh of a folder of pages. */
async function htmlSection(cacheRoot: string): Promise<string> {
  const { measureHtml, renderHtmlFigures } = await import('../bench/html.js');
  const figures = await measureHtml({
    fixturesDir: path.join(PROJECT_ROOT, 'test', 'fixtures', 'html'),
    scratchDir: path.join(cacheRoot, `html-${process.pid}`),
    pages: positiveInt('html-pages', values['html-pages']),
    progress: log,
  });
  await rm(path.join(cacheRoot, `html-${process.pid}`), { recursive: true, force: true });
  return renderHtmlFigures(figures);
}

runMain(() => (values.worker ? worker() : parent()), log);
