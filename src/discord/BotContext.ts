import type { OtherShards } from '../core/labels.js';
import type { Lexicon } from '../core/Lexicon.js';
import type { Language } from '../core/types.js';
import type { CorpusService } from '../corpus/CorpusService.js';
import type { FeedPoller } from '../corpus/FeedPoller.js';
import type { GapLog } from '../corpus/GapLog.js';
import type { LinkIntake } from '../corpus/LinkIntake.js';
import type { Metrics } from '../monitoring/Metrics.js';
import type { RateLimiter } from './RateLimiter.js';

/** What command handlers share: the corpus, the unanswered-question log, the limits. */
export interface BotContext {
  readonly corpus: CorpusService;
  readonly gaps: GapLog;
  readonly limiter: RateLimiter;
  readonly moderatorRoleIds: readonly string[];
  /** The language of /corpus replies; unset, the moderator's client language. */
  readonly moderatorLanguage?: Language;
  /** The servers whose moderators may change the corpus (shared by every server); empty: none. */
  readonly corpusGuildIds: readonly string[];
  readonly maxUploadBytes: number;
  readonly log: (message: string) => void;
  /**
   * The bilingual dictionary for cross-language answers, once loaded: it is loaded after the bot
   * is ready (it costs about a second), so questions asked before are answered in their own
   * language only.
   */
  readonly lexicon?: () => Lexicon | undefined;
  /**
   * Set when other processes serve the same corpus (`npm run start:sharded`): runs after a refresh
   * here succeeded and has them load its index; resolves with what they did, for the refresh reply.
   */
  readonly onRefreshed?: () => Promise<OtherShards>;
  /** `/corpus add url:`: fetching links into the corpus folder. Without it links are refused. */
  readonly links?: LinkIntake;
  /** `/corpus feed …`: the followed feeds. Without it feed commands are refused. */
  readonly feeds?: FeedPoller;
  /** Counts questions, their outcome and latency, and rate-limit refusals (MONITORING_PORT); none when unset. */
  readonly metrics?: Metrics;
}
