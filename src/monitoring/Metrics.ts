import type { Language } from '../core/types.js';

/**
 * What the bot reports for operators (`/metrics`, src/monitoring/PrometheusMetrics.ts). An
 * interface passed in through BotContext and CorpusService's settings, not a module-level
 * registry: every bot — each test's — counts only its own.
 */
export type QuestionOutcome = 'answer' | 'no-answer' | 'error';
export type RefreshOutcome = 'refreshed' | 'failed';
export type FeedPollOutcome = 'ok' | 'not-modified' | 'failed';

export interface Metrics {
  /** A question answered for Discord (an /ask, a DM, a mention, Find sources, More), and how long answering it took. */
  question(language: Language, outcome: QuestionOutcome, seconds: number): void;
  /** A question refused by the per-member rate limit. */
  rateLimited(language: Language): void;
  /** A refresh or reload of the corpus that finished (a busy refusal is none). */
  refresh(outcome: RefreshOutcome, seconds: number): void;
  /** One feed polled (`/corpus feed`): whether it answered, and how many of its articles were saved. */
  feedPoll(outcome: FeedPollOutcome, savedArticles: number): void;
}
