import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { analyze } from '../core/analyze.js';
import { answer } from '../core/answer.js';
import { describeIssues } from '../core/describeIssues.js';
import type { Lexicon } from '../core/Lexicon.js';
import { questionLanguage } from '../core/questionCues.js';
import { renderAnswerText } from '../core/renderText.js';
import type { Answer } from '../core/types.js';
import { loadLexicon } from '../corpus/loadLexicon.js';
import { openIndex } from '../corpus/openIndex.js';
import { DEFAULT_PATHS } from '../defaultPaths.js';
import { runMain, UsageError } from './runMain.js';
import { stderrLog } from './stderrLog.js';

const USAGE = `Usage:
  npm run ask -- "question"                 answer one question from corpus/
  npm run ask -- --json "question"          print the structured answer as JSON
  npm run --silent ask -- --jsonl           answer {"id","question"} lines from stdin, one JSON line each
Options:
  --corpus DIR      index another folder (default: corpus)
  --limit N         at most N extracts (default: 5)
  --no-snapshot     neither read nor write the index snapshot
  --no-lexicon      search each question in its own language only
  -h, --help        show this help`;

const log = stderrLog('isnad');

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      corpus: { type: 'string', default: DEFAULT_PATHS.corpusDir },
      limit: { type: 'string', default: '5' },
      'no-snapshot': { type: 'boolean', default: false },
      'no-lexicon': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new UsageError(`--limit must be a whole number from 1 to 100, got "${values.limit}"`);
  }
  return { ...values, limit, question: positionals.join(' ').trim() };
}

/** The batch line contract: `quote`, `citation`, `score` per extract; empty when isnad abstains. */
function batchLine(id: string | number | null, tookMs: number, result: Answer): string {
  const answers = result.kind === 'answer' ? result.extracts.map(({ quote, citation, score }) => ({ quote, citation, score })) : [];
  return JSON.stringify({ id, tookMs: Math.round(tookMs * 1000) / 1000, answers });
}

/** The batch contract's input line. The id is echoed as given, so it must be something a tool can match on. */
const BatchRequest = z.object({ id: z.union([z.string(), z.number()]).nullish(), question: z.string() });

type BatchInput =
  | { readonly ok: true; readonly id: string | number | null; readonly question: string }
  | { readonly ok: false; readonly id: string | number | null; readonly problem: string };

function readBatchLine(line: string): BatchInput {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, id: null, problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = BatchRequest.safeParse(json);
  if (parsed.success) return { ok: true, id: parsed.data.id ?? null, question: parsed.data.question };
  // A line with a usable id keeps it, so that the tool can tell which of its questions failed.
  const id = BatchRequest.shape.id.safeParse((json as { id?: unknown } | null)?.id).data ?? null;
  return { ok: false, id, problem: describeIssues(parsed.error).join('; ') };
}

async function runBatch(ask: (question: string) => Answer): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const request = readBatchLine(line);
    if (!request.ok) {
      // Still one output line per input line: the tool reading stdout counts on it.
      log(`line ${lineNumber}: ${request.problem}; answered with no extracts`);
      process.stdout.write(`${JSON.stringify({ id: request.id, tookMs: 0, answers: [] })}\n`);
      continue;
    }
    const started = performance.now();
    const result = ask(request.question);
    process.stdout.write(`${batchLine(request.id, performance.now() - started, result)}\n`);
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    // parseArgs's own errors (an unknown option) are usage mistakes too.
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!options.jsonl && options.question === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  const opened = await openIndex(options.corpus, {
    snapshotDir: options['no-snapshot'] ? null : undefined,
    log,
  });
  for (const skipped of opened.skipped) log(`skipped ${skipped.file}: ${skipped.reason}`);
  log(
    `${opened.index.documents.length} documents, ${opened.index.passageCount} passages ` +
      `(${opened.origin === 'snapshot' ? 'loaded from snapshot' : 'built'} in ${Math.round(opened.tookMs)} ms)`,
  );
  // The lexicon costs about a second to load: only when a question may be answered from the other
  // language (a batch may hold questions in either), and has a word to translate (answer() refuses
  // one with no searchable word before any lookup).
  const corpusLanguages = new Set(opened.index.documents.flatMap((document) => document.languages));
  const crossLanguage = options.jsonl
    ? corpusLanguages.size > 0
    : analyze(options.question).length > 0 && [...corpusLanguages].some((l) => l !== questionLanguage(options.question));
  let lexicon: Lexicon | undefined;
  if (!options['no-lexicon'] && crossLanguage) {
    const loaded = await loadLexicon();
    if (loaded.kind === 'loaded') lexicon = loaded.lexicon;
    else log(`${loaded.reason}: answering from the question's own language only`);
  }
  const ask = (question: string) => answer(opened.index, question, { limit: options.limit, ...(lexicon !== undefined ? { lexicon } : {}) });

  if (options.jsonl) {
    await runBatch(ask);
    return 0;
  }
  const result = ask(options.question);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderAnswerText(result)}\n`);
  return 0;
}

runMain(main, log, USAGE);
