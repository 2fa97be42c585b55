import type { Shard, ShardingManager } from 'discord.js';
import { z } from 'zod';
import { MODERATOR_LABELS, type OtherShards, type ReloadOutcome } from '../core/labels.js';
import type { CorpusService, ReloadResult } from '../corpus/CorpusService.js';
import { hidePaths } from '../corpus/loadCorpus.js';
import { describeIssues } from '../core/describeIssues.js';

/**
 * Refresh once, reload everywhere (`npm run start:sharded`). Every shard process serves the same
 * corpus. The shard where a moderator refreshes builds the index (its build worker writes the
 * snapshot) and tells the manager; the manager asks every other shard to reload — read that
 * snapshot and swap it in, without building — and hands their answers back for the refresh reply.
 *
 * The messages travel over the shard processes' IPC channels, tagged `isnad` so they never mix
 * with discord.js's own (`_ready`, `_eval`, …).
 */
const ReloadOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('loaded') }),
  z.object({ kind: z.literal('unchanged') }),
  z.object({ kind: z.literal('rebuilt'), reason: z.string() }),
  z.object({ kind: z.literal('rebuild-failed'), reason: z.string(), failure: z.string() }),
  z.object({ kind: z.literal('reload-failed'), reason: z.string() }),
  z.object({ kind: z.literal('restarting') }),
  z.object({ kind: z.literal('exited') }),
  z.object({ kind: z.literal('timeout'), seconds: z.number() }),
  z.object({ kind: z.literal('unreachable'), reason: z.string() }),
]) satisfies z.ZodType<ReloadOutcome>;

const request = z.int().nonnegative();

const IsnadMessageSchema = z.discriminatedUnion('isnad', [
  /** Shard → manager: "I refreshed; have the others reload." */
  z.object({ isnad: z.literal('refreshed'), request }),
  /** Manager → another shard. */
  z.object({ isnad: z.literal('reload'), request }),
  /** That shard → manager: what its reload did. */
  z.object({ isnad: z.literal('reloaded'), request, outcome: ReloadOutcomeSchema }),
  /** Manager → the shard that refreshed: every other shard's answer. */
  z.object({ isnad: z.literal('report'), request, outcomes: z.array(z.object({ shard: z.int().nonnegative(), outcome: ReloadOutcomeSchema })) }),
]);

type IsnadMessage = z.infer<typeof IsnadMessageSchema>;

type ShardOutcome = Extract<IsnadMessage, { isnad: 'report' }>['outcomes'][number];

/** A reload that falls back to a full build of a large corpus takes a while. */
const RELOAD_TIMEOUT_MS = 120_000;

/**
 * One of isnad's messages, or why not. The other end is isnad too, but of another build or
 * version during a rolling restart, or a bug: a message that does not fit is logged and dropped,
 * never acted on (a report with no outcomes list would break the refresh reply later, far from here).
 * Untagged messages are discord.js's own and none of isnad's business.
 */
export function parseIsnadMessage(message: unknown): { kind: 'ours'; message: IsnadMessage } | { kind: 'not-ours' } | { kind: 'malformed'; reason: string } {
  if (typeof message !== 'object' || message === null || !('isnad' in message)) return { kind: 'not-ours' };
  const parsed = IsnadMessageSchema.safeParse(message);
  if (parsed.success) return { kind: 'ours', message: parsed.data };
  return { kind: 'malformed', reason: describeIssues(parsed.error).join('; ') };
}

// ---------------------------------------------------------------------------------------------
// In a shard process
// ---------------------------------------------------------------------------------------------

/**
 * Joins this shard process to the others: answers the manager's reload requests, and returns the
 * hook (BotContext.onRefreshed) that, after a refresh here, has every other shard reload.
 */
export function joinShardedCorpus(corpus: CorpusService, log: (message: string) => void): () => Promise<OtherShards> {
  let nextRequest = 0;
  const waiting = new Map<number, (outcomes: readonly ShardOutcome[]) => void>();

  process.on('message', (received: unknown) => {
    const parsed = parseIsnadMessage(received);
    if (parsed.kind === 'malformed') log(`a malformed message from the shard manager was ignored: ${parsed.reason}`);
    if (parsed.kind !== 'ours') return;
    const { message } = parsed;
    if (message.isnad === 'reload') void reloadFor(message.request);
    else if (message.isnad === 'report') waiting.get(message.request)?.(message.outcomes);
  });

  async function reloadFor(request: number): Promise<void> {
    let outcome: ReloadOutcome;
    try {
      const result = await corpus.reload();
      outcome = reloadOutcome(result);
      const { index } = corpus.current;
      log(
        `corpus refreshed on another shard: ${MODERATOR_LABELS.en.reloadOutcome(outcome)}` +
          (result.kind === 'loaded' ? ` (${Math.round(result.tookMs)} ms): ${index.documents.length} documents, ${index.passageCount} passages` : ''),
      );
    } catch (error) {
      log(`corpus refreshed on another shard: reload failed: ${(error as Error).message}`);
      // The reply goes to Discord: no path of this server in it.
      outcome = { kind: 'reload-failed', reason: hidePaths((error as Error).message, [[corpus.corpusDir, 'the corpus folder']]) };
    }
    send({ isnad: 'reloaded', request, outcome });
  }

  return async () => {
    const request = nextRequest++;
    if (!send({ isnad: 'refreshed', request })) return { kind: 'not-told' };
    const outcomes = await new Promise<readonly ShardOutcome[] | undefined>((resolve) => {
      // The manager answers within RELOAD_TIMEOUT_MS itself; this only covers a manager gone quiet.
      const timer = setTimeout(() => resolve(undefined), RELOAD_TIMEOUT_MS + 10_000);
      waiting.set(request, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    waiting.delete(request);
    return outcomes === undefined ? { kind: 'no-answer' } : { kind: 'answered', outcomes };
  };
}

function send(message: IsnadMessage): boolean {
  if (process.send === undefined || !process.connected) return false;
  try {
    process.send(message);
    return true;
  } catch {
    return false;
  }
}

function reloadOutcome(result: ReloadResult): ReloadOutcome {
  if (result.kind === 'loaded' || result.kind === 'unchanged') return { kind: result.kind };
  const { refresh, reason } = result;
  return refresh.kind === 'refreshed' ? { kind: 'rebuilt', reason } : { kind: 'rebuild-failed', reason, failure: refresh.reason };
}

// ---------------------------------------------------------------------------------------------
// In the manager process
// ---------------------------------------------------------------------------------------------

/** Relays a shard's "refreshed" to every other shard as "reload", and their answers back to it. */
export function relayCorpusReloads(manager: ShardingManager, log: (message: string) => void): void {
  let nextRequest = 0;
  const waiting = new Map<number, (outcome: ReloadOutcome) => void>();

  manager.on('shardCreate', (shard) => {
    shard.on('message', (received: unknown) => {
      const parsed = parseIsnadMessage(received);
      if (parsed.kind === 'malformed') log(`a malformed message from shard ${shard.id} was ignored: ${parsed.reason}`);
      if (parsed.kind !== 'ours') return;
      const { message } = parsed;
      if (message.isnad === 'refreshed') void relay(shard, message.request);
      else if (message.isnad === 'reloaded') waiting.get(message.request)?.(message.outcome);
    });
  });

  async function relay(origin: Shard, request: number): Promise<void> {
    const others = [...manager.shards.values()].filter((shard) => shard !== origin);
    log(`shard ${origin.id} refreshed the corpus; ${others.length === 1 ? '1 other shard reloads' : `${others.length} other shards reload`} it`);
    const outcomes = await Promise.all(others.map(async (shard) => ({ shard: shard.id, outcome: await reload(shard) })));
    await origin.send({ isnad: 'report', request, outcomes } satisfies IsnadMessage).catch(() => {});
  }

  function reload(shard: Shard): Promise<ReloadOutcome> {
    // A shard being (re)started loads the snapshot as it opens the corpus.
    if (shard.process === null) return Promise.resolve({ kind: 'restarting' });
    const request = nextRequest++;
    return new Promise((resolve) => {
      const finish = (outcome: ReloadOutcome) => {
        clearTimeout(timer);
        shard.off('death', onDeath);
        waiting.delete(request);
        resolve(outcome);
      };
      const onDeath = () => finish({ kind: 'exited' });
      const timer = setTimeout(() => finish({ kind: 'timeout', seconds: RELOAD_TIMEOUT_MS / 1000 }), RELOAD_TIMEOUT_MS);
      waiting.set(request, finish);
      shard.once('death', onDeath);
      shard
        .send({ isnad: 'reload', request } satisfies IsnadMessage)
        .catch((error: unknown) => finish({ kind: 'unreachable', reason: (error as Error).message }));
    });
  }
}
