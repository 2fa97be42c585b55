import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Lexicon } from '../core/Lexicon.js';
import type { AnswerOptions } from '../core/answer.js';
import { SearchIndex } from '../core/SearchIndex.js';
import type { CorpusDocument } from '../core/types.js';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { loadLexicon } from '../corpus/loadLexicon.js';
import { openIndex, type OpenedIndex } from '../corpus/openIndex.js';
import { parseQuestionsFile, parseSetsFile, type EvalQuestion, type EvalSet } from '../eval/evalSets.js';
import { byGroup, isAnswerable, runQuestions, summarize, type Metrics, type Outcome } from '../eval/metrics.js';
import { DEFAULT_PATHS } from '../defaultPaths.js';
import { runMain } from './runMain.js';
import { stderrLog } from './stderrLog.js';

/**
 * `npm run eval`: answer quality on the development sets in ../shared/eval, through the same
 * `answer()` the CLI and the bot use. The sets are not part of the repository; this is the only
 * code that reads them. Which sets there are, and the corpus each is measured on, is read from
 * their `sets.json`, so a set added there is measured without a change here.
 */

const USAGE = `Usage: npm run --silent eval -- [options]
Measures answer quality on every set listed in ../shared/eval/sets.json (not part of the repository).
Options:
  --eval-dir DIR    where the sets are (default: ../shared/eval)
  --corpus DIR      the folder a set's "corpus": "project" stands for (default: corpus)
  --sets A,B        only these sets (names from sets.json)
  --json            the report as JSON instead of a table
  --no-lexicon      search each question in its own language only
  --together        also ask each set of every selected set's corpus at once, reported as
                    "<set> (together)": a corpus in both languages, as the bot's is. Select the
                    sets to put together: --sets xquad-dev-en,xquad-dev-ar --together, or the two
                    -ooc sets (the full corpora answer the -ooc questions)
  -h, --help        show this help`;

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        'eval-dir': { type: 'string', default: path.join('..', 'shared', 'eval') },
        corpus: { type: 'string', default: DEFAULT_PATHS.corpusDir },
        sets: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-lexicon': { type: 'boolean', default: false },
        together: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // An unknown or malformed option is the user's to fix: say which, with the usage, not a stack.
    process.stderr.write(`isnad eval: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}
const values = parseCommandLine();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const evalDir = path.resolve(values['eval-dir']);
const log = stderrLog('isnad eval');

interface SetToRun {
  readonly set: EvalSet;
  readonly corpusDir: string;
  readonly questions: readonly EvalQuestion[];
}

/** One line of the report: a set, or one `category/lang` group of it. */
interface Row extends Metrics {
  /** hit@1 with abstention turned off, over the answerable questions. */
  readonly hit1NeverAbstaining: number | undefined;
}

interface SetReport {
  readonly name: string;
  readonly questions: string;
  readonly corpus: string;
  readonly passages: number;
  readonly reference?: Readonly<Record<string, number>>;
  readonly metrics: Row;
  readonly groups: Readonly<Record<string, Row>>;
}

/** The selected sets, or the reason there are none to run. */
function select(sets: readonly EvalSet[], wanted: string | undefined): { ok: true; sets: readonly EvalSet[] } | { ok: false; reason: string } {
  if (wanted === undefined) return { ok: true, sets };
  const names = wanted
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return { ok: false, reason: '--sets names no set: give set names from sets.json, separated by commas' };
  const unknown = names.filter((name) => !sets.some((set) => set.name === name));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `--sets: no set named ${unknown.map((name) => `"${name}"`).join(', ')} in ${path.join(evalDir, 'sets.json')}. The sets are: ${sets.map((set) => set.name).join(', ')}`,
    };
  }
  return { ok: true, sets: sets.filter((set) => names.includes(set.name)) };
}

/** Every selected set's questions, read and checked before any corpus is indexed. */
async function prepare(sets: readonly EvalSet[]): Promise<{ ok: true; runs: SetToRun[] } | { ok: false; errors: string[] }> {
  const runs: SetToRun[] = [];
  const errors: string[] = [];
  for (const set of sets) {
    const file = path.resolve(evalDir, set.questions);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      errors.push(`set "${set.name}": cannot read its questions ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    const parsed = parseQuestionsFile(text, file);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const corpusDir = set.corpus === 'project' ? path.resolve(values.corpus) : path.resolve(evalDir, set.corpus);
    if (!existsSync(corpusDir)) {
      errors.push(`set "${set.name}": its corpus folder ${corpusDir} does not exist`);
      continue;
    }
    runs.push({ set, corpusDir, questions: parsed.value });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, runs };
}

function rows(outcomes: readonly Outcome[], neverAbstaining: readonly Outcome[]): Row {
  const ids = new Set(outcomes.map((outcome) => outcome.question));
  const never = neverAbstaining.filter((outcome) => ids.has(outcome.question));
  return { ...summarize(outcomes), hit1NeverAbstaining: never.length > 0 ? summarize(never).hit1 : undefined };
}

/** A set's figures on one index: as asked, and with abstention off for hit@1 never abstaining. */
function measure(index: SearchIndex, questions: readonly EvalQuestion[], answerOptions: AnswerOptions): Pick<SetReport, 'passages' | 'metrics' | 'groups'> {
  const outcomes = runQuestions(index, questions, answerOptions);
  const neverAbstaining = runQuestions(index, questions.filter(isAnswerable), { ...answerOptions, abstain: false });
  const groups: Record<string, Row> = {};
  for (const [group, list] of byGroup(outcomes)) groups[group] = rows(list, neverAbstaining);
  return { passages: index.passageCount, metrics: rows(outcomes, neverAbstaining), groups };
}

const fixed = (value: number | undefined, digits = 3) => (value === undefined ? '–' : value.toFixed(digits));

const FIGURE_LABELS: Record<string, string> = { hit1: 'hit@1', hit3: 'hit@3', mrr10: 'MRR', abstain: 'abstain', medianFirstLength: 'median 1st extract' };

function tableRow(label: string, row: Row, reference?: Readonly<Record<string, number>>): string {
  const cells = [
    label,
    String(row.answerable),
    String(row.unanswerable),
    fixed(row.hit1),
    fixed(row.hit3),
    fixed(row.mrr10),
    fixed(row.abstain),
    fixed(row.abstainAnswerable),
    fixed(row.medianFirstLength, 0),
    fixed(row.medianMs, 2),
    fixed(row.hit1NeverAbstaining),
    reference
      ? Object.entries(reference)
          .map(([key, value]) => `${FIGURE_LABELS[key] ?? key} ${value}`)
          .join(' · ')
      : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

function table(reports: readonly SetReport[]): string {
  const lines = [
    '| set / group | answerable | unanswerable | hit@1 | hit@3 | MRR@10 | abstain (unanswerable) | no extract (answerable) | median 1st extract (chars) | median ms | hit@1 never abstaining | MiniSearch reference |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const report of reports) {
    lines.push(tableRow(`**${report.name}**`, report.metrics, report.reference));
    for (const [group, row] of Object.entries(report.groups)) lines.push(tableRow(`  ${group}`, row));
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  if (!existsSync(evalDir)) {
    log(
      `the evaluation sets are not here: ${evalDir} does not exist.\n` +
        'They live in the shared folder beside the project (../shared/eval) on the team machines and in CI, ' +
        'not in the repository. Pass --eval-dir DIR if you have a copy elsewhere.',
    );
    return 2;
  }
  const setsFile = path.join(evalDir, 'sets.json');
  if (!existsSync(setsFile)) {
    log(`${evalDir} has no sets.json, the list of the sets to measure and the corpus of each (see its README.md)`);
    return 2;
  }
  const parsedSets = parseSetsFile(await readFile(setsFile, 'utf8'), setsFile);
  if (!parsedSets.ok) {
    for (const error of parsedSets.errors) log(error);
    return 1;
  }
  const selected = select(parsedSets.value, values.sets);
  if (!selected.ok) {
    log(selected.reason);
    return 1;
  }
  const prepared = await prepare(selected.sets);
  if (!prepared.ok) {
    for (const error of prepared.errors) log(error);
    return 1;
  }

  let lexicon: Lexicon | undefined;
  if (!values['no-lexicon']) {
    const loaded = await loadLexicon();
    if (loaded.kind === 'failed') {
      log(`${loaded.reason}; pass --no-lexicon to measure without cross-language answers`);
      return 1;
    }
    lexicon = loaded.lexicon;
  }
  const answerOptions = lexicon !== undefined ? { lexicon } : {};

  // Several sets share a corpus (the cross-lingual ones reuse the monolingual corpora): index it once.
  const opened = new Map<string, OpenedIndex>();
  const reports: SetReport[] = [];
  for (const { set, corpusDir, questions } of prepared.runs) {
    let index = opened.get(corpusDir);
    if (index === undefined) {
      // A missing corpus folder must fail the run, not be measured as an empty corpus that abstains.
      index = await openIndex(corpusDir, { log, serveLastSnapshot: false });
      if (index.folderProblem !== null) {
        log(`set "${set.name}": its corpus ${corpusDir} cannot be read: ${index.folderProblem.reason}`);
        return 1;
      }
      log(`${path.relative(process.cwd(), corpusDir) || '.'}: ${index.index.passageCount} passages (${index.origin})`);
      opened.set(corpusDir, index);
    }
    reports.push({
      ...measure(index.index, questions, answerOptions),
      name: set.name,
      questions: set.questions,
      corpus: set.corpus,
      ...(set.reference !== undefined ? { reference: set.reference } : {}),
    });
  }
  if (values.together) {
    // One index of every selected corpus, each article's file named under its corpus (0/…, 1/…)
    // so that two corpora's files of the same name stay apart. Built in memory: nothing written.
    const corpusDirs = [...new Set(prepared.runs.map((run) => run.corpusDir))];
    const documents: CorpusDocument[] = [];
    for (const [n, corpusDir] of corpusDirs.entries()) {
      const loaded = await loadCorpus(corpusDir);
      for (const document of loaded.documents) documents.push({ ...document, id: `${n}/${document.id}`, file: `${n}/${document.file}` });
    }
    const together = SearchIndex.build(documents);
    log(`${corpusDirs.length} corpora together: ${together.passageCount} passages`);
    const corpus = corpusDirs.map((dir) => path.relative(evalDir, dir) || '.').join(' + ');
    for (const { set, questions } of prepared.runs) {
      reports.push({ ...measure(together, questions, answerOptions), name: `${set.name} (together)`, questions: set.questions, corpus });
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify({ sets: reports }, (_key, value: unknown) => value ?? null, 2)}\n` : `${table(reports)}\n`);
  return 0;
}

runMain(main, log);
