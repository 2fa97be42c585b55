import { describe, expect, it } from 'vitest';
import type { ServedCorpus } from '../../src/corpus/CorpusService.js';
import { healthReport } from '../../src/monitoring/healthReport.js';
import { PrometheusMetrics } from '../../src/monitoring/PrometheusMetrics.js';
import { startMonitoring } from '../../src/monitoring/startMonitoring.js';

const BUILT_AT = new Date('2026-01-01T00:00:00Z');

function served(documents: number): ServedCorpus {
  const index = { documents: Array.from({ length: documents }, (_, i) => ({ id: `d${i}` })), passageCount: documents * 3 };
  return { index, fingerprint: 'f', skipped: [], builtAt: BUILT_AT, origin: 'snapshot', folderProblem: null } as unknown as ServedCorpus;
}

describe('healthReport', () => {
  it('healthy with the gateway connected and an index with articles; the age counted from its build', () => {
    const report = healthReport({ gatewayConnected: true, served: served(2), refreshing: false, now: new Date(BUILT_AT.getTime() + 90_500) });
    expect(report).toEqual({
      ok: true,
      gateway: 'connected',
      index: { loaded: true, documents: 2, passages: 6, builtAt: BUILT_AT.toISOString(), ageSeconds: 91, origin: 'snapshot', folderProblem: false },
      refreshing: false,
    });
  });

  it('not healthy while the gateway is down, or with no article to quote', () => {
    expect(healthReport({ gatewayConnected: false, served: served(2), refreshing: false, now: BUILT_AT })).toMatchObject({
      ok: false,
      gateway: 'disconnected',
    });
    expect(healthReport({ gatewayConnected: true, served: served(0), refreshing: true, now: BUILT_AT })).toMatchObject({
      ok: false,
      index: { loaded: false },
      refreshing: true,
    });
  });
});

describe('startMonitoring', () => {
  it('/healthz answers 503 with the report when not healthy, and a taken port is a failure naming it', async () => {
    const started = await startMonitoring({
      host: '127.0.0.1',
      port: 0,
      metrics: new PrometheusMetrics({ processMetrics: false }),
      health: () => healthReport({ gatewayConnected: false, served: served(1), refreshing: false, now: BUILT_AT }),
    });
    if (started.kind !== 'listening') throw new Error(started.reason);
    try {
      const response = await fetch(`${started.server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, gateway: 'disconnected' });

      const port = Number(new URL(started.server.url).port);
      const again = await startMonitoring({ host: '127.0.0.1', port, metrics: new PrometheusMetrics({ processMetrics: false }), health: () => ({}) as never });
      expect(again).toEqual({ kind: 'failed', reason: `cannot listen on 127.0.0.1:${port} (EADDRINUSE)` });
    } finally {
      await started.server.close();
    }
  });
});
