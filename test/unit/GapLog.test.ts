import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([{ question: 'Where is Ghat?', at: at(1).toISOString() }]);
  });

  it('stores the question text and the time only', async () => {
    const file = await tempFile();
    const log = await GapLog.open(file);
    log.add('Who leads the GNA?', at(1));
    log.add('Is <@123456789012345678> a minister?', at(2));
    await log.flush();
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[];
    expect(stored).toHaveLength(2);
    for (const entry of stored) expect(Object.keys(entry).sort()).toEqual(['at', 'question']);
    expect(stored.map((entry) => entry.question)).toEqual(['Who leads the GNA?', 'Is <@123456789012345678> a minister?']);
  });

  it.each([
    ['not JSON', '{{{ not json'],
    ['truncated JSON', '[{"question":"a","at":"2025'],
    ['an object', '{"question":"a","at":"b"}'],
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
    const stored = JSON.parse(await readFile(file, 'utf8')) as { question: string }[];
    expect(stored.map((entry) => entry.question)).toEqual(Array.from({ length: 40 }, (_, i) => `q${i}`));
  });
});
