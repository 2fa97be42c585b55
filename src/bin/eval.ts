import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answer } from '../core/answer.js';
import { openIndex } from '../corpus/openIndex.js';
import { rankOfHit, summarize, type EvalQuestion, type Metrics, type Outcome } from '../eval/metrics.js';
import { runMain } from './runMain.js';

/**
 * `npm run eval`: answer quality on the development sets in ../shared/eval, through the same
 * `answer()` the CLI and the bot use. The sets are not part of the repository; this is the only
 * code that reads them.
 */

const { values } = parseArgs({
  options: {
    'eval-dir': { type: 'string', default: path.join('..', 'shared', 'eval') },
    corpus: { type: 'string', default: 'corpus' },
    json: { type: 'boolean', default: false },
  },
});
const evalDir = path.resolve(values['eval-dir']);
const log = (message: string) => process.stderr.write(`isnad eval: ${message}\n`);

/** MiniSearch 7.2 defaults indexing single sentences, from ../shared/eval/README.md. */
const REFERENCE: Record<string, { hit1: number; mrr10: number; abstain: number }> = {
  'xquad-dev-en': { hit1: 0.681, mrr10: 0.747, abstain: 0 },
  'xquad-dev-ar': { hit1: 0.502, mrr10: 0.586, abstain: 0 },
};

interface EvalSet {
  readonly name: string;
  readonly questions: string;
  readonly corpus: string;
}

const SETS: readonly EvalSet[] = [
  { name: 'seed-dev', questions: 'seed-dev.jsonl', corpus: values.corpus },
  { name: 'out-of-corpus-dev', questions: 'out-of-corpus-dev.jsonl', corpus: values.corpus },
  { name: 'xquad-dev-en', questions: 'xquad-dev-en/questions.jsonl', corpus: path.join(evalDir, 'xquad-dev-en', 'corpus') },
  { name: 'xquad-dev-ar', questions: 'xquad-dev-ar/questions.jsonl', corpus: path.join(evalDir, 'xquad-dev-ar', 'corpus') },
];

function readQuestions(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalQuestion);
}

const fixed = (value: number | undefined, digits = 3) => (value === undefined ? '–' : value.toFixed(digits));

function row(group: string, metrics: Metrics, answerableWithoutAbstaining?: Metrics): string {
  const reference = REFERENCE[group];
  return [
    group,
    String(metrics.count),
    fixed(metrics.hit1),
    fixed(metrics.hit3),
    fixed(metrics.mrr10),
    fixed(metrics.abstain),
    fixed(metrics.medianFirstLength, 0),
    fixed(metrics.medianMs, 2),
    answerableWithoutAbstaining ? fixed(answerableWithoutAbstaining.hit1) : '',
    reference ? `hit@1 ${fixed(reference.hit1)} · MRR ${fixed(reference.mrr10)} · abstain ${fixed(reference.abstain)}` : '',
  ].join(' | ');
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
  const lines = [
    '| set / group | n | hit@1 | hit@3 | MRR@10 | abstain | median 1st extract (chars) | median ms | hit@1 never abstaining | MiniSearch reference |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const report: Record<string, Metrics> = {};
  for (const set of SETS) {
    const opened = await openIndex(set.corpus, { log });
    log(`${set.name}: ${opened.index.passageCount} passages (${opened.origin})`);
    const outcomes: Outcome[] = [];
    const strictOutcomes: Outcome[] = [];
    for (const question of readQuestions(path.join(evalDir, set.questions))) {
      const started = performance.now();
      const result = answer(opened.index, question.question, { limit: 10 });
      const tookMs = performance.now() - started;
      outcomes.push({ question, answer: result, rank: rankOfHit(question, result), tookMs });
      const never = answer(opened.index, question.question, { limit: 10, abstain: false });
      strictOutcomes.push({ question, answer: never, rank: rankOfHit(question, never), tookMs });
    }
    const groups = new Map<string, Outcome[]>([[set.name, outcomes]]);
    for (const outcome of outcomes) {
      const key = `  ${outcome.question.category}/${outcome.question.lang}`;
      groups.set(key, [...(groups.get(key) ?? []), outcome]);
    }
    const answerable = (list: readonly Outcome[]) => list.filter((outcome) => outcome.question.expect.length > 0);
    for (const [group, list] of groups) {
      const metrics = summarize(list);
      report[group.trim()] = metrics;
      const ids = new Set(answerable(list).map((outcome) => outcome.question));
      const never = ids.size > 0 ? summarize(strictOutcomes.filter((outcome) => ids.has(outcome.question))) : undefined;
      lines.push(`| ${row(group, metrics, never)} |`);
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${lines.join('\n')}\n`);
  return 0;
}

runMain(main, log);
