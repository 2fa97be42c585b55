// One cold start from an up-to-date snapshot, in a process of its own (see src/bin/bench.ts):
//   node --expose-gc src/bench/coldStartProcess.mjs ROOT CORPUS_DIR SNAPSHOT_DIR QUESTION [LEXICON_FILE [QUESTIONS_FILE]]
// ROOT is the bot's code: the compiled tree (`tsc -p tsconfig.build.json`, what `npm start` runs),
// or `src` under `--import tsx` (what `npm run dev` runs). Plain JavaScript, and importing only
// what a start needs, so that the process's start-up is the bot's and not the benchmark's.
// With LEXICON_FILE, after the start is measured: the lexicon loaded and the index prepared as the
// bot does next (CorpusService), and the resident set size then — what a bot serving holds.
// With QUESTIONS_FILE too (the bench's question set, JSON): then the bot's start-up warm-up
// (core/warmUp.js, its default count, as startBot runs it once the lexicon is in and the index
// prepared), timed, and each question of the set answered once with the lexicon, timed: the bot's
// answers to its first members once it has warmed up.
// Prints one `BENCH_RESULT {...}` line (a ServiceResult of task 'cold-start').
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [root, corpusDir, snapshotDir, question, lexiconFile, questionsFile] = process.argv.slice(2);
const base = pathToFileURL(`${path.resolve(root)}/`);
const { openIndex } = await import(new URL('corpus/openIndex.js', base).href);
const { answer, prepareIndex } = await import(new URL('core/answer.js', base).href);
const { drain } = await import(new URL('core/steps.js', base).href);

const started = performance.now();
// As CorpusService opens it for the bot (verifyInBackground): served first, the folder checked after.
const opened = await openIndex(corpusDir, { snapshotDir, verifyLater: true, log: (line) => process.stderr.write(`openIndex: ${line}\n`) });
const ready = performance.now();
if (question) answer(opened.index, question, { limit: 5 });
const answered = performance.now();
const verification = await opened.verification;
const verified = performance.now();
const errors =
  verification !== undefined && verification.kind !== 'current'
    ? [`the folder check found the snapshot out of date: ${JSON.stringify(verification).slice(0, 200)}`]
    : [];
globalThis.gc?.();
const coldStart = {
  openMs: ready - started,
  sinceProcessStartMs: ready,
  ...(question ? { firstAnswerSinceProcessStartMs: answered } : {}),
  rssAfterStart: process.memoryUsage().rss,
  origin: opened.origin,
  ...(verification !== undefined ? { verifiedSinceProcessStartMs: verified } : {}),
};
if (lexiconFile) {
  const { loadLexicon } = await import(new URL('corpus/loadLexicon.js', base).href);
  const loaded = await loadLexicon(lexiconFile);
  if (loaded.kind === 'loaded') {
    drain(prepareIndex(opened.index));
    if (question) answer(opened.index, question, { limit: 5, lexicon: loaded.lexicon });
    globalThis.gc?.();
    coldStart.rssServing = process.memoryUsage().rss;
    if (questionsFile) {
      const { readFile } = await import('node:fs/promises');
      const { warmUp } = await import(new URL('core/warmUp.js', base).href);
      const { DEFAULT_WARM_UP_QUESTIONS } = await import(new URL('config.js', base).href);
      const questions = JSON.parse(await readFile(questionsFile, 'utf8'));
      const warmUpStarted = performance.now();
      const warmed = drain(warmUp(opened.index, DEFAULT_WARM_UP_QUESTIONS, loaded.lexicon));
      coldStart.warmUp = { questions: warmed.questions, tookMs: performance.now() - warmUpStarted };
      coldStart.answerMsAfterWarmUp = questions.map((q) => {
        const from = performance.now();
        answer(opened.index, q.question, { limit: 5, lexicon: loaded.lexicon });
        return performance.now() - from;
      });
      globalThis.gc?.();
      coldStart.rssAfterWarmUp = process.memoryUsage().rss;
    }
  } else errors.push(`lexicon: ${loaded.reason}`);
}
process.stderr.write(`openIndex: ${opened.origin} in ${(ready - started).toFixed(0)} ms (${ready.toFixed(0)} ms since the process started)\n`);
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ task: 'cold-start', coldStart, errors })}\n`);
