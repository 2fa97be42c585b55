import { Status, type Client } from 'discord.js';
import type { CorpusService, ServedCorpus } from '../corpus/CorpusService.js';

/**
 * What `/healthz` answers: healthy (HTTP 200) when the gateway is connected and an index with at
 * least one article is served; otherwise 503, with the same JSON saying which part is missing.
 */
export interface HealthReport {
  readonly ok: boolean;
  readonly gateway: 'connected' | 'disconnected';
  readonly index: {
    readonly loaded: boolean;
    readonly documents: number;
    readonly passages: number;
    readonly builtAt: string;
    readonly ageSeconds: number;
    readonly origin: 'snapshot' | 'built';
    /** The corpus folder could not be read when the index was opened: it is the last snapshot's. */
    readonly folderProblem: boolean;
  };
  readonly refreshing: boolean;
}

export interface HealthInput {
  readonly gatewayConnected: boolean;
  readonly served: ServedCorpus;
  readonly refreshing: boolean;
  readonly now: Date;
}

export function healthReport({ gatewayConnected, served, refreshing, now }: HealthInput): HealthReport {
  const loaded = served.index.documents.length > 0;
  return {
    ok: gatewayConnected && loaded,
    gateway: gatewayConnected ? 'connected' : 'disconnected',
    index: {
      loaded,
      documents: served.index.documents.length,
      passages: served.index.passageCount,
      builtAt: served.builtAt.toISOString(),
      ageSeconds: Math.max(0, Math.round((now.getTime() - served.builtAt.getTime()) / 1000)),
      origin: served.origin,
      folderProblem: served.folderProblem != null,
    },
    refreshing,
  };
}

/** Every gateway connection of the client is up (discord.js reconnects a dropped one; until then, not). */
export function gatewayConnected(client: Client): boolean {
  return client.isReady() && client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
}

/** The running bot's health, as `/healthz` reports it at each request. */
export function botHealth(client: Client, corpus: CorpusService): () => HealthReport {
  return () => healthReport({ gatewayConnected: gatewayConnected(client), served: corpus.current, refreshing: corpus.isRefreshing, now: new Date() });
}
