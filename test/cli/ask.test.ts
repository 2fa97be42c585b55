import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/core/labels.js';
import type { Answer, Citation, CorpusDocument } from '../../src/core/types.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

const repoDir = fileURLToPath(new URL('../../', import.meta.url));
const seedCorpusDir = path.join(repoDir, 'corpus');
const seedQuestionsFile = fileURLToPath(new URL('../fixtures/seed-questions.jsonl', import.meta.url));

const CEASEFIRE_QUESTION = 'Who brokered the ceasefire in Tripoli?';
const CEASEFIRE_QUOTE = 'The United Nations had brokered a ceasefire that ended the unrest.';
const NO_ANSWER = 'No passage in the corpus answers this.';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * The CLI as `npm run ask` starts it, without npm's start-up cost. Tests of an option that has
 * nothing to do with the other language pass --no-lexicon: loading the dictionary is most of a
 * run's time (~1.3 s of ~1.9 s), and the runs that answer as a person would still load it.
 */
function ask(args: readonly string[], input?: string): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', 'src/bin/ask.ts', ...args], input);
}

/** The text of a corpus file as citation offsets count it: UTF-8, BOM removed. */
function fileText(corpusDir: string, file: string): string {
  const text = readFileSync(path.join(corpusDir, file), 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function expectVerbatim(corpusDir: string, quote: string, citation: Citation): void {
  expect(quote.length).toBeGreaterThan(0);
  expect(fileText(corpusDir, citation.file).slice(citation.start, citation.end)).toBe(quote);
}

let seedDocuments: CorpusDocument[] = [];
let tempCorpus = '';

// A folder other than corpus/, with a BOM, CRLF line ends and front matter.
const TEMP_FILES: Record<string, string> = {
  'ghadames.txt':
    '\ufeff---\r\ntitle: Conference in Ghadames\r\nsource: Test Wire\r\n---\r\n\r\n' +
    'The United Nations is holding a conference this month in the southwestern city of Ghadames.\r\n\r\n' +
    'Delegates from the east and the west are expected to attend. The talks will last three days.\r\n',
  'sirte-ar.txt': 'معركة سرت\n\n' + 'تستعد قوات في مدينة مصراتة لمواجهة عناصر تنظيم داعش في مدينة سرت، حسب المتحدث العميد محمد الغسري.\n',
};

beforeAll(async () => {
  seedDocuments = (await loadCorpus(seedCorpusDir)).documents;
  tempCorpus = await mkdtemp(path.join(os.tmpdir(), 'isnad-cli-'));
  for (const [name, content] of Object.entries(TEMP_FILES)) await writeFile(path.join(tempCorpus, name), content);
});

afterAll(async () => {
  if (tempCorpus !== '') await rm(tempCorpus, { recursive: true, force: true });
});

describe('ask: one question, for a person', () => {
  it('quotes the answering sentence verbatim, with its title, paragraph and file', async () => {
    const { code, stdout, stderr } = await ask(['--no-snapshot', CEASEFIRE_QUESTION]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const quoteLine = lines.findIndex((line) => line.includes(`“${CEASEFIRE_QUOTE}”`));
    expect(quoteLine).toBeGreaterThanOrEqual(0);
    expect(lines[quoteLine]).toMatch(/^\[\d+\] “/);

    const document = seedDocuments.find((d) => d.file === 'aawsat-us-strikes-isis-libya.txt')!;
    const passage = document.passages.find((p) => p.text.includes(CEASEFIRE_QUOTE))!;
    expect(passage.paragraph).toBe(3);
    const citationLine = lines[quoteLine + 1]!;
    expect(citationLine.startsWith('    — ')).toBe(true);
    expect(citationLine).toContain(document.title);
    expect(citationLine).toContain('¶ 3');
    expect(citationLine).toContain('aawsat-us-strikes-isis-libya.txt');
    // Progress goes to stderr, never into the answer.
    expect(stdout).not.toContain('isnad:');
    expect(stderr).toMatch(/documents/);
  });

  it("says so in a fixed line when the corpus does not answer, and names the question's words no article holds", async () => {
    const { code, stdout } = await ask(['--no-snapshot', 'How do I bake sourdough bread at home?']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${NO_ANSWER}\n${LABELS.en.absentWords(['bake', 'sourdough', 'bread', 'home'])}\n`);
  });

  it('answers an Arabic question with Arabic labels', async () => {
    // Independent runs, started together: each waits mostly on its own start-up and lexicon.
    const [answered, unanswered] = await Promise.all([
      ask(['--no-snapshot', 'كم عنصرا قتل في التفجيرين الانتحاريين؟']),
      ask(['--no-snapshot', 'ما هي أفضل وصفة لكعكة الشوكولاتة؟']),
    ]);
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain('قُتل أربعة عناصر');
    expect(answered.stdout).toContain(`${LABELS.ar.paragraph} `);
    expect(answered.stdout).not.toContain('¶');

    expect(unanswered.code).toBe(0);
    expect(unanswered.stdout).toBe(`${LABELS.ar.noAnswer}\n${LABELS.ar.absentWords(['أفضل', 'وصفة', 'لكعكة', 'الشوكولاتة'])}\n`);
    expect(unanswered.stdout).toMatch(/^[\u0600-\u06FF]/u);
  });

  it('prints the structured answer with --json', async () => {
    const { code, stdout } = await ask(['--no-snapshot', '--no-lexicon', '--json', CEASEFIRE_QUESTION]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Answer;
    expect(result.kind).toBe('answer');
    expect(result.question).toBe(CEASEFIRE_QUESTION);
    expect(result.language).toBe('en');
    if (result.kind !== 'answer') return;
    expect(result.extracts.length).toBeGreaterThan(0);
    expect(result.extracts.length).toBeLessThanOrEqual(5);
    expect(result.extracts.map((e) => e.quote)).toContain(CEASEFIRE_QUOTE);
    for (const { quote, citation, score } of result.extracts) {
      expectVerbatim(seedCorpusDir, quote, citation);
      expect(typeof score).toBe('number');
    }
  });

  it('gives at most one extract with --limit 1', async () => {
    const [json, text] = await Promise.all([
      ask(['--no-snapshot', '--no-lexicon', '--limit', '1', '--json', 'Who is the LNA spokesman?']),
      ask(['--no-snapshot', '--no-lexicon', '--limit=1', 'Who is the LNA spokesman?']),
    ]);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as Answer;
    expect(result.kind === 'answer' ? result.extracts.length : 0).toBe(1);

    expect(text.stdout).toMatch(/^\[1\] “/);
    expect(text.stdout).not.toContain('[2]');
  });

  it('indexes another folder with --corpus', async () => {
    const { code, stdout, stderr } = await ask([
      '--no-snapshot',
      '--no-lexicon',
      '--corpus',
      tempCorpus,
      '--json',
      'Where is the United Nations conference held?',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/2 documents/);
    const result = JSON.parse(stdout) as Answer;
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    const ghadames = result.extracts.find(
      (extract) => extract.quote === 'The United Nations is holding a conference this month in the southwestern city of Ghadames.',
    );
    expect(ghadames).toBeDefined();
    expect(ghadames!.citation.file).toBe('ghadames.txt');
    expect(ghadames!.citation.title).toBe('Conference in Ghadames');
    expect(ghadames!.citation.source).toBe('Test Wire');
    expect(ghadames!.citation.paragraph).toBe(1);
    for (const extract of result.extracts) {
      expect(Object.keys(TEMP_FILES)).toContain(extract.citation.file);
      expectVerbatim(tempCorpus, extract.quote, extract.citation);
    }
  });

  it('asks for a question on an empty or blank one, and on one with no searchable word', async () => {
    const [blank, punctuation] = await Promise.all([ask(['--no-snapshot', '   ']), ask(['--no-snapshot', '?!'])]);
    expect(blank.code).toBe(2);
    expect(blank.stdout).toBe('');
    expect(blank.stderr).toContain('Usage');

    expect(punctuation.code).toBe(0);
    expect(punctuation.stdout).toBe(`${LABELS.en.emptyQuestion}\n`);
  });

  it('exits with code 2 and the usage on stderr for a bad --limit or an unknown option', async () => {
    const cases = [['--limit', '0'], ['--limit', 'abc'], ['--limit', '1.5'], ['--limit=-1'], ['--limit', '101'], ['--bogus']];
    const runs = await Promise.all(cases.map((args) => ask([...args, CEASEFIRE_QUESTION])));
    for (const [i, { code, stdout, stderr }] of runs.entries()) {
      const args = cases[i]!;
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('Usage');
    }
  });
});

interface BatchLine {
  id: unknown;
  tookMs: number;
  answers: { quote: string; citation: Citation; score: number }[];
}

/** Checks the batch contract line by line; returns the parsed lines. */
function parseBatch(stdout: string, corpusDir: string): BatchLine[] {
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.slice(0, -1).split('\n');
  return lines.map((line) => {
    const parsed = JSON.parse(line) as BatchLine;
    expect(Object.keys(parsed)).toEqual(['id', 'tookMs', 'answers']);
    expect(typeof parsed.tookMs).toBe('number');
    expect(parsed.tookMs).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(parsed.answers)).toBe(true);
    for (const item of parsed.answers) {
      expect(Object.keys(item).sort()).toEqual(['citation', 'quote', 'score']);
      expect(typeof item.score).toBe('number');
      expectVerbatim(corpusDir, item.quote, item.citation);
    }
    return parsed;
  });
}

describe('ask --jsonl: the batch contract', () => {
  it('answers each stdin line with exactly one stdout line, in order', async () => {
    const questions = readFileSync(seedQuestionsFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { id: string; question: string; category: string });
    const requests = [
      ...questions.map(({ id, question }) => ({ id, question })),
      // None of its words is in the corpus.
      { id: 'out-of-corpus', question: 'How do I bake sourdough bread at home?' },
      { id: 'empty', question: '' },
      { id: 'emoji', question: '❤️' },
      { id: 'ceasefire', question: CEASEFIRE_QUESTION },
    ];
    const input = `${requests.map((request) => JSON.stringify(request)).join('\n')}\n`;
    const { code, stdout, stderr } = await ask(['--no-snapshot', '--jsonl', '--limit', '3'], input);
    expect(code).toBe(0);
    expect(stderr).toMatch(/documents/);

    const lines = parseBatch(stdout, seedCorpusDir);
    expect(lines.map((line) => line.id)).toEqual(requests.map((request) => request.id));
    const byId = new Map(lines.map((line) => [line.id, line]));
    for (const line of lines) expect(line.answers.length).toBeLessThanOrEqual(3);
    expect(byId.get('out-of-corpus')!.answers).toEqual([]);
    expect(byId.get('empty')!.answers).toEqual([]);
    expect(byId.get('emoji')!.answers).toEqual([]);
    expect(byId.get('seed-52')!.answers).toEqual([]); // "asdfgh qwerty zxcvb": no word of it is in the corpus
    expect(byId.get('ceasefire')!.answers.map((a) => a.quote)).toContain(CEASEFIRE_QUOTE);
    // Most answerable seed questions get an answer.
    const answerable = questions.filter((q) => q.category === 'answerable');
    const answered = answerable.filter((q) => byId.get(q.id)!.answers.length > 0);
    expect(answered.length).toBeGreaterThan(answerable.length / 2);
  });

  it('keeps one line per input line for malformed requests, logging them to stderr', async () => {
    const input = [
      'not json at all',
      JSON.stringify({ id: 'no-question' }),
      JSON.stringify({ id: 'wrong-type', question: 42 }),
      // JSON, but not a request object.
      'null',
      '"Who is the Pentagon press secretary?"',
      '[1, 2]',
      '42',
      JSON.stringify({ id: 'arabic', question: 'من سيطر على منطقة أبو قرين؟' }),
      JSON.stringify({ question: 'Who is the Pentagon press secretary?' }),
      // An id a tool could not match its question by: the line is refused, like a bad question.
      JSON.stringify({ id: { nested: true }, question: 'Who is the Pentagon press secretary?' }),
    ].join('\n');
    const { code, stdout, stderr } = await ask(['--no-snapshot', '--no-lexicon', '--jsonl'], input); // no final newline
    expect(code).toBe(0);
    const lines = parseBatch(stdout, seedCorpusDir);
    expect(lines.map((line) => line.id)).toEqual([null, 'no-question', 'wrong-type', null, null, null, null, 'arabic', null, null]);
    for (const line of [...lines.slice(0, 7), lines[9]!]) expect(line.answers).toEqual([]);
    expect(lines[7]!.answers.length).toBeGreaterThan(0);
    expect(lines[8]!.answers.length).toBeGreaterThan(0);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 10]) expect(stderr).toContain(`line ${n}:`);
    expect(stderr).not.toContain('line 8:');
    // Each reason names what to fix on that line.
    expect(stderr).toMatch(/line 1: not JSON \(/);
    expect(stderr).toMatch(/line 2: question .*expected string, received undefined/);
    expect(stderr).toMatch(/line 3: question .*expected string, received number/);
    expect(stderr).toMatch(/line 4: .*expected object, received null/);
    expect(stderr).toMatch(/line 10: id /);
    expect(stderr).not.toContain('unexpected error');
  });

  it('gives offsets into the file after its BOM, in another corpus folder', async () => {
    const input = [
      { id: 1, question: 'Where is the conference this month?' },
      { id: 2, question: 'How long will the talks last?' },
      { id: 3, question: 'من هو المتحدث العميد محمد الغسري؟' },
    ]
      .map((request) => JSON.stringify(request))
      .join('\n');
    const { code, stdout } = await ask(['--no-snapshot', '--corpus', tempCorpus, '--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const lines = parseBatch(stdout, tempCorpus);
    expect(lines.map((line) => line.id)).toEqual([1, 2, 3]);
    for (const line of lines) expect(line.answers.length).toBeGreaterThan(0);
    expect(lines[0]!.answers[0]!.citation.file).toBe('ghadames.txt');
    expect(lines[2]!.answers[0]!.citation.file).toBe('sirte-ar.txt');
  });

  it('writes nothing but JSON lines on stdout when run through npm', async () => {
    const input = `${JSON.stringify({ id: 'a', question: CEASEFIRE_QUESTION })}\n${JSON.stringify({ id: 'b', question: 'asdfgh qwerty' })}\n`;
    const { code, stdout } = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'ask', '--', '--jsonl', '--no-snapshot'], input);
    expect(code).toBe(0);
    const lines = parseBatch(stdout, seedCorpusDir);
    expect(lines.map((line) => line.id)).toEqual(['a', 'b']);
    expect(lines[0]!.answers.map((a) => a.quote)).toContain(CEASEFIRE_QUOTE);
    expect(lines[1]!.answers).toEqual([]);
  });
});
