import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, open, readdir, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GapLog } from '../../src/corpus/GapLog.js';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFile(name = 'gaps.json'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-gaps-'));
  temporary.push(dir);
  return path.join(dir, name);
}

const at = (minute: number) => new Date(Date.UTC(2025, 0, 2, 3, minute));

/** The entries stored in the file: one JSON object per line. */
async function storedLines(file: string): Promise<Record<string, unknown>[]> {
  const content = await readFile(file, 'utf8');
  expect(content.endsWith('\n')).toBe(true);
  return content
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('GapLog', () => {
  it('starts empty when there is no file yet', async () => {
    const log = await GapLog.open(await tempFile());
    expect(log.recent()).toEqual([]);
  });

  it('lists the most recent questions first, with their time', async () => {
    const log = await GapLog.open(await tempFile());
    log.add('How do I bake bread?', at(1));
    log.add('  Who won the 1998 World Cup?  ', at(2));
    log.add('كم عدد سكان طرابلس؟', at(3));
    expect(log.recent()).toEqual([
      { question: 'كم عدد سكان طرابلس؟', at: '2025-01-02T03:03:00.000Z' },
      { question: 'Who won the 1998 World Cup?', at: '2025-01-02T03:02:00.000Z' },
      { question: 'How do I bake bread?', at: '2025-01-02T03:01:00.000Z' },
    ]);
    expect(log.recent(2).map((gap) => gap.question)).toEqual(['كم عدد سكان طرابلس؟', 'Who won the 1998 World Cup?']);
    await log.flush();
  });

  it('ignores empty questions and shortens very long ones', async () => {
    const log = await GapLog.open(await tempFile());
    log.add('   ');
    log.add('');
    expect(log.recent()).toEqual([]);
    log.add('x'.repeat(2000));
    expect(log.recent()[0]?.question).toHaveLength(500);
    await log.flush();
  });

  it('keeps only the most recent `capacity` questions', async () => {
    const log = await GapLog.open(await tempFile(), { capacity: 3 });
    for (let i = 1; i <= 10; i++) log.add(`question ${i}`, at(i));
    expect(log.recent(100).map((gap) => gap.question)).toEqual(['question 10', 'question 9', 'question 8']);
    await log.flush();
  });

  it('keeps questions across a restart once flushed', async () => {
    const file = await tempFile();
    const log = await GapLog.open(file, { capacity: 5 });
    for (let i = 1; i <= 7; i++) log.add(`question ${i}`, at(i));
    await log.flush();

    const reopened = await GapLog.open(file, { capacity: 5 });
    expect(reopened.recent(100)).toEqual(log.recent(100));
    expect(reopened.recent(100).map((gap) => gap.question)).toEqual(['question 7', 'question 6', 'question 5', 'question 4', 'question 3']);
    reopened.add('question 8', at(8));
    await reopened.flush();
    expect((await GapLog.open(file, { capacity: 5 })).recent(1)).toEqual([{ question: 'question 8', at: at(8).toISOString() }]);
  });

  it('applies a smaller capacity to a file written with a larger one', async () => {
    const file = await tempFile();
    const log = await GapLog.open(file, { capacity: 10 });
    for (let i = 1; i <= 10; i++) log.add(`question ${i}`, at(i));
    await log.flush();
    const smaller = await GapLog.open(file, { capacity: 2 });
    expect(smaller.recent(100).map((gap) => gap.question)).toEqual(['question 10', 'question 9']);
  });

  it('creates the folder of the log file', async () => {
    const file = path.join(path.dirname(await tempFile()), 'nested', 'deeper', 'gaps.json');
    const log = await GapLog.open(file);
    log.add('Where is Ghat?', at(1));
    await log.flush();
    expect(await storedLines(file)).toEqual([{ question: 'Where is Ghat?', at: at(1).toISOString(), id: expect.stringMatching(/^[0-9a-f]{12}$/) }]);
  });

  it('reads a line written twice once (an add during a rotation can reach the old file and the new one), and keeps a question asked twice', async () => {
    const file = await tempFile();
    const line = (question: string, n: number, id: string) => JSON.stringify({ question, at: at(n).toISOString(), id });
    await writeFile(
      file,
      [
        line('Where is Ghat?', 1, 'aaaaaaaaaaaa'),
        line('Who won?', 2, 'bbbbbbbbbbbb'),
        line('Who won?', 2, 'bbbbbbbbbbbb'),
        line('Who won?', 3, 'cccccccccccc'),
        '',
      ].join('\n'),
    );
    const log = await GapLog.open(file);
    expect(log.recent().map((gap) => gap.question)).toEqual(['Who won?', 'Who won?', 'Where is Ghat?']);
  });

  it('stores the question text and the time only', async () => {
    const file = await tempFile();
    const log = await GapLog.open(file);
    log.add('Who leads the GNA?', at(1));
    log.add('Is <@123456789012345678> a minister?', at(2));
    await log.flush();
    const stored = await storedLines(file);
    expect(stored).toHaveLength(2);
    // The id is random, only to tell a line written twice apart from a question asked twice: nothing of who asked.
    for (const entry of stored) expect(Object.keys(entry).sort()).toEqual(['at', 'id', 'question']);
    expect(new Set(stored.map((entry) => entry.id)).size).toBe(2);
    expect(stored.map((entry) => entry.question)).toEqual(['Who leads the GNA?', 'Is <@123456789012345678> a minister?']);
  });

  it.each([
    ['not JSON', '{{{ not json'],
    ['truncated JSON', '[{"question":"a","at":"2025'],
    ['a line of the wrong shape', '{"question":1,"at":"b"}\n'],
    ['null', 'null'],
  ])('starts empty without throwing when the file holds %s', async (_, content) => {
    const file = await tempFile();
    await writeFile(file, content);
    const messages: string[] = [];
    const log = await GapLog.open(file, { log: (message) => messages.push(message) });
    expect(log.recent()).toEqual([]);
    // And it recovers: the next question replaces the bad file.
    log.add('After the corruption?', at(1));
    await log.flush();
    expect((await GapLog.open(file)).recent()).toEqual([{ question: 'After the corruption?', at: at(1).toISOString() }]);
  });

  it('tells the operator when the file is unreadable', async () => {
    const file = await tempFile();
    await writeFile(file, 'garbage');
    const messages: string[] = [];
    await GapLog.open(file, { log: (message) => messages.push(message) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(file);
    expect(messages[0]).toMatch(/starting empty/);
  });

  it('keeps only well-formed entries of a hand-edited file', async () => {
    const file = await tempFile();
    await writeFile(file, JSON.stringify([{ question: 'ok', at: 'then' }, { question: 42, at: 'x' }, null, 'text', { question: 'no time' }]));
    expect((await GapLog.open(file)).recent()).toEqual([{ question: 'ok', at: 'then' }]);
  });

  it('never throws at the asker when the file cannot be written', async () => {
    const dir = path.dirname(await tempFile());
    const blocker = path.join(dir, 'blocker');
    await writeFile(blocker, 'a file where a folder should be');
    const messages: string[] = [];
    const log = await GapLog.open(path.join(blocker, 'gaps.json'), { log: (message) => messages.push(message) });
    expect(() => log.add('Unsaved question?')).not.toThrow();
    await log.flush(); // resolves rather than rejects
    expect(log.recent()[0]?.question).toBe('Unsaved question?');
    expect(messages.some((message) => /could not save/.test(message))).toBe(true);
  });

  it('writes in order: the file holds the latest state after many quick additions', async () => {
    const file = await tempFile();
    const log = await GapLog.open(file, { capacity: 50 });
    for (let i = 0; i < 40; i++) log.add(`q${i}`, at(i));
    await log.flush();
    const stored = await storedLines(file);
    expect(stored.map((entry) => entry.question)).toEqual(Array.from({ length: 40 }, (_, i) => `q${i}`));
  });
});

describe('GapLog on disk (JSON lines, appended)', () => {
  const REPO = fileURLToPath(new URL('../../', import.meta.url));

  /** A process that records 25 unanswered questions and is killed by SIGKILL as `when` says. */
  async function killedAfter25(file: string, when: 'the instant the last add returns' | 'after flush resolved' | 'between replies'): Promise<void> {
    const script = [
      `import { GapLog } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/corpus/GapLog.ts')).href)};`,
      `const gaps = await GapLog.open(${JSON.stringify(file)});`,
      `const when = ${JSON.stringify(when)};`,
      'for (let i = 1; i <= 25; i++) {',
      '  gaps.add(`unanswered question ${i}`);',
      // As the bot does: the next reply is sent some time after the previous one.
      "  if (when === 'between replies') await new Promise((resolve) => setImmediate(resolve));",
      '}',
      "if (when === 'after flush resolved') await gaps.flush();",
      "process.kill(process.pid, 'SIGKILL');",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
  }

  it.each(['the instant the last add returns', 'between replies', 'after flush resolved'] as const)(
    'keeps all 25 questions of a process killed %s',
    async (when) => {
      const file = await tempFile('unanswered.jsonl');
      await killedAfter25(file, when);
      const reopened = await GapLog.open(file, { capacity: 100 });
      expect(reopened.recent(100).map((gap) => gap.question)).toEqual(Array.from({ length: 25 }, (_, i) => `unanswered question ${25 - i}`));
    },
    20_000,
  );

  it('syncs to the disk before flush resolves, once for the questions of one moment', async () => {
    const probe = await open(fileURLToPath(import.meta.url), 'r');
    const proto = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const sync = vi.spyOn(proto, 'sync');
    try {
      const log = await GapLog.open(await tempFile());
      for (let i = 0; i < 10; i++) log.add(`question ${i}`, at(i));
      await log.flush();
      expect(sync.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      sync.mockRestore();
    }
  });

  it('skips a last line cut short by a crash, keeps the rest, and appends on a fresh line', async () => {
    const file = await tempFile('unanswered.jsonl');
    const good = [1, 2, 3].map((i) => JSON.stringify({ question: `q${i}`, at: at(i).toISOString() }));
    await writeFile(file, `${good.join('\n')}\n{"question":"q4","at":"2025-01-`);
    const messages: string[] = [];
    const log = await GapLog.open(file, { log: (message) => messages.push(message) });
    expect(log.recent().map((gap) => gap.question)).toEqual(['q3', 'q2', 'q1']);
    expect(messages).toEqual([expect.stringMatching(/1 unreadable line\(s\) skipped \(the last one was cut short/)]);
    log.add('q5', at(5));
    await log.flush();
    expect((await GapLog.open(file)).recent().map((gap) => gap.question)).toEqual(['q5', 'q3', 'q2', 'q1']);
  });

  it('trims the file on rotation: never more than twice the capacity in lines, the latest kept', async () => {
    const file = await tempFile('unanswered.jsonl');
    const log = await GapLog.open(file, { capacity: 5 });
    const lineCount = async () => (await readFile(file, 'utf8')).split('\n').length - 1;
    let longestAfterFlush = 0;
    for (let i = 1; i <= 100; i++) {
      log.add(`question ${i}`, at(i % 60));
      if (i % 7 === 0) {
        await log.flush();
        longestAfterFlush = Math.max(longestAfterFlush, await lineCount());
      }
    }
    await log.flush();
    // Rotation runs behind the appends, so how many lines arrive while it writes depends on the disk;
    // a flush waits for the file to be trimmed (without rotation it would hold up to 98 lines).
    expect(longestAfterFlush).toBeLessThan(2 * 5);
    expect((await readFile(file, 'utf8')).split('\n').length - 1).toBeLessThanOrEqual(10);
    expect((await GapLog.open(file, { capacity: 5 })).recent(100).map((gap) => gap.question)).toEqual([100, 99, 98, 97, 96].map((i) => `question ${i}`));
    // Only the log itself is in its folder: no temporary file of a rotation was left.
    expect(await readdir(path.dirname(file))).toEqual(['unanswered.jsonl']);
  });

  it('takes over the entries of the old JSON array file once, and writes them as lines', async () => {
    const dir = path.dirname(await tempFile());
    const old = path.join(dir, 'unanswered.json');
    const file = path.join(dir, 'unanswered.jsonl');
    await writeFile(
      old,
      JSON.stringify([
        { question: 'old one', at: at(1).toISOString() },
        { question: 'old two', at: at(2).toISOString() },
      ]),
    );
    const messages: string[] = [];
    const log = await GapLog.open(file, { migrateFrom: old, log: (message) => messages.push(message) });
    expect(log.recent().map((gap) => gap.question)).toEqual(['old two', 'old one']);
    expect(messages).toEqual([expect.stringMatching(/2 question\(s\) taken over from .*unanswered\.json/)]);
    // Written at once: kept even if the bot stops before the next question.
    expect((await storedLines(file)).map((entry) => entry.question)).toEqual(['old one', 'old two']);
    log.add('new one', at(3));
    await log.flush();
    // From now on the new file is the log; the old one is not read again.
    await writeFile(old, JSON.stringify([{ question: 'ignored', at: at(4).toISOString() }]));
    expect((await GapLog.open(file, { migrateFrom: old })).recent().map((gap) => gap.question)).toEqual(['new one', 'old two', 'old one']);
  });

  it('converts an old-format array in the file itself before appending to it', async () => {
    const file = await tempFile('unanswered.json');
    await writeFile(file, JSON.stringify([{ question: 'old', at: at(1).toISOString() }]));
    const log = await GapLog.open(file);
    log.add('new', at(2));
    await log.flush();
    expect((await storedLines(file)).map((entry) => entry.question)).toEqual(['old', 'new']);
  });

  it('removes the temporary file a rotation killed part-way left, and only its own', async () => {
    const dir = path.dirname(await tempFile());
    const file = path.join(dir, 'unanswered.jsonl');
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max: never a live process
    await writeFile(path.join(dir, `.unanswered.jsonl.${deadPid}.0123456789ab.tmp`), '{"question":"half');
    await writeFile(path.join(dir, `.other.jsonl.${deadPid}.0123456789ab.tmp`), 'not ours');
    await GapLog.open(file);
    expect((await readdir(dir)).sort()).toEqual([`.other.jsonl.${deadPid}.0123456789ab.tmp`]);
  });
});
