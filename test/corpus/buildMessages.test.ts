/**
 * The messages between IndexBuilder and its build process are outside data to each side: parsed,
 * and one that does not fit fails the build with a reason naming the field, never throws in an
 * event handler (which would take the bot down).
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBuildMessage, parseBuildRequest } from '../../src/corpus/buildMessages.js';

const fake = vi.hoisted(() => ({ children: [] as { emit: (event: string, ...args: unknown[]) => boolean; sent: unknown[] }[], fakeFork: false }));

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const { EventEmitter: Emitter } = await import('node:events');
  /** What IndexBuilder uses of a forked ChildProcess. */
  class FakeChild extends Emitter {
    readonly sent: unknown[] = [];
    readonly pid = 4242;
    exitCode: number | null = null;
    signalCode: string | null = null;
    readonly channel = { ref() {}, unref() {} };
    send(message: unknown, callback?: (error: Error | null) => void) {
      this.sent.push(message);
      callback?.(null);
      return true;
    }
    kill() {
      this.signalCode = 'SIGTERM';
      queueMicrotask(() => this.emit('exit', null, 'SIGTERM'));
      return true;
    }
    ref() {}
    unref() {}
  }
  return {
    ...actual,
    fork: (...args: Parameters<typeof actual.fork>) => {
      if (!fake.fakeFork) return actual.fork(...args);
      const child = new FakeChild();
      fake.children.push(child);
      return child;
    },
  };
});

const { IndexBuilder } = await import('../../src/corpus/IndexBuilder.js');

const GOOD_REPLY = {
  ok: true,
  fingerprint: 'abc123',
  skipped: [{ file: 'notes.pdf', code: 'unsupported-type', reason: 'not .txt, .md or .html' }],
  origin: 'built',
  builtAt: '2026-01-02T03:04:05.678Z',
  logs: ['indexed 3 documents'],
  folderProblem: null,
};

describe('parseBuildMessage (in IndexBuilder)', () => {
  it('takes what the build process sends', () => {
    for (const message of [{ ready: true }, GOOD_REPLY, { ok: false, error: 'disk full' }, { ...GOOD_REPLY, index: new Uint8Array([1, 2]) }]) {
      expect(parseBuildMessage(message)).toEqual({ ok: true, value: message });
    }
  });

  it('names the field that does not fit', () => {
    expect(parseBuildMessage({ ok: false })).toEqual({ ok: false, reason: expect.stringMatching(/^the build process's message is malformed \(error /) });
    expect(parseBuildMessage({ ...GOOD_REPLY, skipped: 'none' })).toEqual({ ok: false, reason: expect.stringContaining('(skipped ') });
    expect(parseBuildMessage({ ...GOOD_REPLY, skipped: [{ file: 'a.txt', code: 'eaten-by-a-grue', reason: '' }] })).toEqual({
      ok: false,
      reason: expect.stringContaining('skipped[0].code '),
    });
    expect(parseBuildMessage('ready')).toEqual({ ok: false, reason: expect.stringMatching(/malformed/) });
  });
});

describe('IndexBuilder, given a malformed reply', () => {
  afterEach(() => {
    fake.fakeFork = false;
    fake.children.length = 0;
  });

  async function buildWith(reply: unknown) {
    fake.fakeFork = true;
    const builder = new IndexBuilder();
    const result = builder.build({ corpusDir: '/nowhere', options: { snapshotDir: null } });
    await vi.waitFor(() => expect(fake.children).toHaveLength(1));
    const [child] = fake.children;
    child!.emit('message', { ready: true });
    await vi.waitFor(() => expect(child!.sent).toHaveLength(1));
    // Emitted here, so that a throw in IndexBuilder's handler would fail this test where it happens.
    expect(() => child!.emit('message', reply)).not.toThrow();
    return { result: await result, builder };
  }

  it('fails the build, saying which field is wrong, instead of passing on a reply with no error', async () => {
    const { result, builder } = await buildWith({ ok: false });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^the build process's message is malformed \(error /) });
    await builder.close();
  });

  it('fails the build on a message that is not an object, without throwing', async () => {
    const { result, builder } = await buildWith('done');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/malformed/) });
    await builder.close();
  });
});

describe('the build process, given a malformed request', () => {
  it('answers with a failed build naming the field, and keeps running', () => {
    expect(parseBuildRequest({ corpusDir: 42, options: {}, handoverFile: '/tmp/x' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the build request is malformed \(corpusDir /),
    });
  });

  it('says so over IPC (the real process)', async () => {
    const processFile = fileURLToPath(new URL('../../src/corpus/buildIndexProcess.mjs', import.meta.url));
    const job = fileURLToPath(new URL('../../src/corpus/buildIndexJob.ts', import.meta.url));
    const child = fork(processFile, [job], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    const messages = new EventEmitter();
    child.on('message', (message) => messages.emit('message', message));
    try {
      const next = () => new Promise((resolve) => messages.once('message', resolve));
      expect(await next()).toEqual({ ready: true });
      child.send({ corpusDir: '/somewhere', options: { maxFileBytes: 'big' } });
      const reply = await next();
      expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^the build request is malformed \(.*options\.maxFileBytes .*handoverFile /) });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });
});
