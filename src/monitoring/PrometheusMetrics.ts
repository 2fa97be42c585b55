import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Language } from '../core/types.js';
import type { FeedPollOutcome, Metrics, QuestionOutcome, RefreshOutcome } from './Metrics.js';

/**
 * The metrics in Prometheus's text format (prom-client), in a registry of their own: two bots in
 * one process (the tests) never share counts. Process metrics (CPU, memory, event-loop lag, heap)
 * are in the same registry under prom-client's usual names.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly questions = new Counter({
    name: 'isnad_questions_total',
    help: 'Questions answered for Discord, by language of the question and outcome (answer, no-answer, error).',
    labelNames: ['language', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly answerSeconds = new Histogram({
    name: 'isnad_answer_duration_seconds',
    help: 'Time to answer a question (search, check and rendering; not the Discord round trip).',
    labelNames: ['language'] as const,
    // Answers take milliseconds (bench/results.md): the buckets are fine below 50 ms.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly limited = new Counter({
    name: 'isnad_rate_limited_total',
    help: 'Questions refused by the per-member rate limit, by language of the question.',
    labelNames: ['language'] as const,
    registers: [this.registry],
  });
  private readonly refreshes = new Counter({
    name: 'isnad_refreshes_total',
    help: 'Corpus refreshes and reloads that finished, by outcome (refreshed, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly refreshSeconds = new Histogram({
    name: 'isnad_refresh_duration_seconds',
    help: 'Time a corpus refresh or reload took, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  private readonly feedPolls = new Counter({
    name: 'isnad_feed_polls_total',
    help: 'Feeds polled, by outcome (ok, not-modified: the feed said nothing changed, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly feedArticles = new Counter({
    name: 'isnad_feed_articles_saved_total',
    help: 'Articles saved into the corpus from polled feeds.',
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    // Every series exists from the start, at 0: a rate over a counter that appears late misses its first increments.
    for (const language of ['en', 'ar'] as const) {
      for (const outcome of ['answer', 'no-answer', 'error'] as const) this.questions.labels(language, outcome).inc(0);
      this.limited.labels(language).inc(0);
    }
    for (const outcome of ['refreshed', 'failed'] as const) this.refreshes.labels(outcome).inc(0);
    for (const outcome of ['ok', 'not-modified', 'failed'] as const) this.feedPolls.labels(outcome).inc(0);
    this.feedArticles.inc(0);
  }

  question(language: Language, outcome: QuestionOutcome, seconds: number): void {
    this.questions.labels(language, outcome).inc();
    this.answerSeconds.labels(language).observe(seconds);
  }

  rateLimited(language: Language): void {
    this.limited.labels(language).inc();
  }

  refresh(outcome: RefreshOutcome, seconds: number): void {
    this.refreshes.labels(outcome).inc();
    this.refreshSeconds.labels(outcome).observe(seconds);
  }

  feedPoll(outcome: FeedPollOutcome, savedArticles: number): void {
    this.feedPolls.labels(outcome).inc();
    this.feedArticles.inc(savedArticles);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text `/metrics` serves. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
