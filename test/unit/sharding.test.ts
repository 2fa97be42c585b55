/**
 * The messages the shard processes and their manager exchange (src/discord/sharding.ts) are outside
 * data to each process: parsed, and a malformed one logged and dropped, never acted on.
 */
import { EventEmitter } from 'node:events';
import type { ShardingManager } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import type { CorpusService } from '../../src/corpus/CorpusService.js';
import { joinShardedCorpus, parseIsnadMessage, relayCorpusReloads } from '../../src/discord/sharding.js';

/** What relayCorpusReloads uses of a discord.js Shard: its id, process, events and send. */
class FakeShard extends EventEmitter {
  readonly sent: unknown[] = [];
  readonly process = {};
  constructor(readonly id: number) {
    super();
  }
  send(message: unknown): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

/** A manager with `count` shards, already created, relaying as the real one does. */
function fakeManager(count: number, log: (message: string) => void): FakeShard[] {
  const emitter = new EventEmitter();
  const shards = Array.from({ length: count }, (_, id) => new FakeShard(id));
  const manager = Object.assign(emitter, { shards: new Map(shards.map((shard) => [shard.id, shard])) }) as unknown as ShardingManager;
  relayCorpusReloads(manager, log);
  for (const shard of shards) emitter.emit('shardCreate', shard);
  return shards;
}

describe('parseIsnadMessage', () => {
  it("leaves discord.js's own messages alone", () => {
    for (const message of [{ _ready: true }, { _eval: '1 + 1' }, 'text', null, 42]) expect(parseIsnadMessage(message)).toEqual({ kind: 'not-ours' });
  });

  it('names the field that is wrong in a tagged message', () => {
    expect(parseIsnadMessage({ isnad: 'reload', request: '3' })).toEqual({ kind: 'malformed', reason: expect.stringMatching(/^request .*number/) });
    expect(parseIsnadMessage({ isnad: 'reloaded', request: 1, outcome: { kind: 'timeout' } })).toEqual({
      kind: 'malformed',
      reason: expect.stringMatching(/^outcome\.seconds /),
    });
    expect(parseIsnadMessage({ isnad: 'launch', request: 1 })).toEqual({ kind: 'malformed', reason: expect.stringMatching(/^isnad /) });
  });

  it('accepts every message isnad sends', () => {
    const messages = [
      { isnad: 'refreshed', request: 0 },
      { isnad: 'reload', request: 7 },
      { isnad: 'reloaded', request: 7, outcome: { kind: 'rebuild-failed', reason: 'no snapshot', failure: 'disk full' } },
      { isnad: 'report', request: 0, outcomes: [{ shard: 1, outcome: { kind: 'timeout', seconds: 120 } }] },
    ];
    for (const message of messages) expect(parseIsnadMessage(message)).toEqual({ kind: 'ours', message });
  });
});

describe('relayCorpusReloads (the manager)', () => {
  it('drops a malformed reload answer with a log line, and relays the well-formed one that follows', async () => {
    const log = vi.fn();
    const [origin, other] = fakeManager(2, log) as [FakeShard, FakeShard];

    origin.emit('message', { isnad: 'refreshed', request: 5 });
    expect(other.sent).toEqual([{ isnad: 'reload', request: expect.any(Number) }]);
    const { request } = other.sent[0] as { request: number };
    // No outcome: acted on, the refresh reply on shard 0 would have had nothing to say for shard 1.
    other.emit('message', { isnad: 'reloaded', request });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^a malformed message from shard 1 was ignored: outcome /));
    await new Promise((resolve) => setImmediate(resolve));
    expect(origin.sent).toEqual([]);

    other.emit('message', { isnad: 'reloaded', request, outcome: { kind: 'loaded' } });
    await vi.waitFor(() => expect(origin.sent).toEqual([{ isnad: 'report', request: 5, outcomes: [{ shard: 1, outcome: { kind: 'loaded' } }] }]));
  });

  it('ignores untagged messages without a word', () => {
    const log = vi.fn();
    const [shard] = fakeManager(2, log);
    shard!.emit('message', { _ready: true });
    expect(log).not.toHaveBeenCalled();
  });
});

describe('joinShardedCorpus (a shard)', () => {
  it('drops a malformed report with a log line and waits for a well-formed one', async () => {
    const log = vi.fn();
    const sent: unknown[] = [];
    const original = process.send;
    process.send = ((message: unknown) => {
      sent.push(message);
      return true;
    }) as typeof process.send;
    const connected = Object.getOwnPropertyDescriptor(process, 'connected');
    Object.defineProperty(process, 'connected', { value: true, configurable: true });
    const listeners = process.listeners('message');
    try {
      const reloadOthers = joinShardedCorpus({} as CorpusService, log);
      const outcome = reloadOthers();
      expect(sent).toEqual([{ isnad: 'refreshed', request: 0 }]);
      // The outcomes are not a list: acted on, the refresh reply would throw while being written.
      process.emit('message', { isnad: 'report', request: 0, outcomes: { shard: 1 } }, undefined);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^a malformed message from the shard manager was ignored: outcomes /));
      process.emit('message', { isnad: 'report', request: 0, outcomes: [{ shard: 1, outcome: { kind: 'unchanged' } }] }, undefined);
      await expect(outcome).resolves.toEqual({ kind: 'answered', outcomes: [{ shard: 1, outcome: { kind: 'unchanged' } }] });
    } finally {
      for (const listener of process.listeners('message')) if (!listeners.includes(listener)) process.off('message', listener);
      if (connected === undefined) delete (process as { connected?: boolean }).connected;
      else Object.defineProperty(process, 'connected', connected);
      process.send = original;
    }
  });
});
