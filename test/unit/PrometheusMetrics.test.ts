import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/monitoring/PrometheusMetrics.js';

/** The value of one series in Prometheus's text format, or undefined when it is not exposed. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('feed poll metrics', () => {
  it('count each polled feed by outcome, and the articles saved, every series there from the start', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const before = await metrics.render();
    expect(seriesValue(before, 'isnad_feed_polls_total{outcome="ok"}')).toBe(0);
    expect(seriesValue(before, 'isnad_feed_polls_total{outcome="failed"}')).toBe(0);
    expect(seriesValue(before, 'isnad_feed_articles_saved_total')).toBe(0);
    metrics.feedPoll('ok', 2);
    metrics.feedPoll('not-modified', 0);
    metrics.feedPoll('failed', 0);
    metrics.feedPoll('ok', 1);
    const after = await metrics.render();
    expect(seriesValue(after, 'isnad_feed_polls_total{outcome="ok"}')).toBe(2);
    expect(seriesValue(after, 'isnad_feed_polls_total{outcome="not-modified"}')).toBe(1);
    expect(seriesValue(after, 'isnad_feed_polls_total{outcome="failed"}')).toBe(1);
    expect(seriesValue(after, 'isnad_feed_articles_saved_total')).toBe(3);
  });
});
