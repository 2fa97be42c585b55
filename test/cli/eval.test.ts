import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run eval` on a small evaluation folder of its own: the sets come from its sets.json, so a
 * set the code has never heard of is measured. Run from a temporary folder so that the snapshots
 * it writes (.isnad/snapshots, relative to where it runs) never land in the repository.
 */

const repoDir = fileURLToPath(new URL('../../', import.meta.url));
const tsx = pathToFileURL(path.join(repoDir, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let work: string;
let evalDir: string;

function evaluate(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, path.join(repoDir, 'src/bin/eval.ts'), '--corpus', path.join(repoDir, 'corpus'), ...args], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonl = (questions: readonly object[]) => `${questions.map((question) => JSON.stringify(question)).join('\n')}\n`;

const SETS = {
  sets: [
    { name: 'seed-small', questions: 'seed-small.jsonl', corpus: 'project' },
    { name: 'tiny-made-up', questions: 'tiny/questions.jsonl', corpus: 'tiny/corpus', reference: { hit1: 0.5 } },
  ],
};

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'isnad-eval-'));
  evalDir = path.join(work, 'eval');
  await mkdir(path.join(evalDir, 'tiny', 'corpus'), { recursive: true });
  await writeFile(path.join(evalDir, 'sets.json'), JSON.stringify(SETS));
  await writeFile(
    path.join(evalDir, 'seed-small.jsonl'),
    jsonl([
      { id: 'a1', lang: 'en', category: 'answerable', question: 'Who brokered the ceasefire in Tripoli?', expect: ['United Nations'] },
      { id: 'u1', lang: 'en', category: 'unanswerable', question: 'What is the boiling point of liquid nitrogen in kelvin?', expect: [] },
    ]),
  );
  await writeFile(
    path.join(evalDir, 'tiny', 'corpus', 'lighthouse.txt'),
    'The Lighthouse\n\nThe old lighthouse on the northern cape was built in 1871 by Margit Olsen.\n\nIts lamp was electrified in 1923.\n',
  );
  await writeFile(
    path.join(evalDir, 'tiny', 'questions.jsonl'),
    jsonl([
      { id: 't1', lang: 'en', category: 'answerable', question: 'Who built the lighthouse on the northern cape?', expect: ['Margit Olsen'] },
      { id: 't2', lang: 'en', category: 'answerable', question: 'When was the lighthouse lamp electrified?', expect: ['1923'] },
      { id: 't3', lang: 'en', category: 'unanswerable', question: 'Which football club won the cup final?', expect: [] },
    ]),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run eval', () => {
  it('says plainly where the sets should be, and exits 2, when the folder is absent', async () => {
    const result = await evaluate(['--eval-dir', path.join(work, 'nowhere')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the evaluation sets are not here');
    expect(result.stdout).toBe('');
  });

  it('shows its usage for --help, and names an unknown option with the usage (exit 2), never a stack trace', async () => {
    const help = await evaluate(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--sets A,B');
    const wrong = await evaluate(['--bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--bogus'");
    expect(wrong.stderr).toContain('Usage:');
    expect(wrong.stderr).not.toMatch(/\bat .*parse_args/);
  });

  it('measures every set sets.json lists, per file and per category/lang group', async () => {
    const result = await evaluate(['--eval-dir', evalDir, '--json']);
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      sets: {
        name: string;
        passages: number;
        reference: Record<string, number> | null;
        metrics: Record<string, number | null>;
        groups: Record<string, Record<string, number | null>>;
      }[];
    };
    expect(report.sets.map((set) => set.name)).toEqual(['seed-small', 'tiny-made-up']);
    const tiny = report.sets[1]!;
    expect(tiny.passages).toBe(2);
    expect(tiny.reference).toEqual({ hit1: 0.5 });
    // hit@k over the two answerable questions only, abstain over the one unanswerable only.
    expect(tiny.metrics).toMatchObject({ count: 3, answerable: 2, unanswerable: 1, hits1: 2, hit1: 1, hit3: 1, abstain: 1, abstainAnswerable: 0 });
    expect(Object.keys(tiny.groups)).toEqual(['answerable/en', 'unanswerable/en']);
    expect(tiny.groups['unanswerable/en']).toMatchObject({ count: 1, hit1: null, abstain: 1 });
    expect(report.sets[0]!.metrics).toMatchObject({ answerable: 1, unanswerable: 1, hit1: 1, abstain: 1 });
  });

  it('runs only the sets named by --sets, and prints them as a table', async () => {
    const result = await evaluate(['--eval-dir', evalDir, '--sets', 'tiny-made-up']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| **tiny-made-up** | 2 | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 0.000 |');
    expect(result.stdout).toContain('|   unanswerable/en | 0 | 1 | – | – | – | 1.000 | – |');
    expect(result.stdout).toContain('hit@1 0.5');
    expect(result.stdout).not.toContain('seed-small');
  });

  it('with --together, asks each set again of every selected corpus at once, each file under its corpus', async () => {
    const result = await evaluate(['--eval-dir', evalDir, '--together', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { sets: { name: string; corpus: string; passages: number; metrics: Record<string, number | null> }[] };
    expect(report.sets.map((set) => set.name)).toEqual(['seed-small', 'tiny-made-up', 'seed-small (together)', 'tiny-made-up (together)']);
    const [seed, tiny, seedTogether, tinyTogether] = report.sets;
    expect(seedTogether!.passages).toBe(seed!.passages + tiny!.passages);
    expect(tinyTogether!.corpus).toBe(`${path.relative(evalDir, path.join(repoDir, 'corpus'))} + tiny/corpus`);
    // The lighthouse is still found among the seed articles, and the football question still refused.
    expect(tinyTogether!.metrics).toMatchObject({ hits1: 2, abstain: 1 });
    expect(seedTogether!.metrics).toMatchObject({ hit1: 1, abstain: 1 });
    expect(result.stderr).toContain(`2 corpora together: ${seed!.passages + tiny!.passages} passages`);
  });

  it('names the sets there are when --sets names one that is not', async () => {
    const result = await evaluate(['--eval-dir', evalDir, '--sets', 'tiny-made-up,nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no set named "nope"');
    expect(result.stderr).toContain('The sets are: seed-small, tiny-made-up');
    expect(result.stdout).toBe('');
  });

  it('reports a malformed sets.json or question file by file, line and field, and exits 1', async () => {
    const broken = path.join(work, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, 'sets.json'), JSON.stringify({ sets: [{ name: 'x', questions: 'x.jsonl' }] }));
    let result = await evaluate(['--eval-dir', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sets.json: sets[0].corpus is missing');

    await writeFile(path.join(broken, 'sets.json'), JSON.stringify({ sets: [{ name: 'x', questions: 'x.jsonl', corpus: 'project' }] }));
    await writeFile(
      path.join(broken, 'x.jsonl'),
      `${JSON.stringify({ id: 'q1', lang: 'en', category: 'answerable', question: 'Who?', expect: ['x'] })}\n{"id": "q2", "lang": "fr"\n`,
    );
    result = await evaluate(['--eval-dir', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/x\.jsonl:2: not a JSON object/);
    expect(result.stdout).toBe('');
  });
});
