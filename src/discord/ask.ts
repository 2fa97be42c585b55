import { answer } from '../core/answer.js';
import type { MessagePayload } from '../core/discordMessage.js';
import { LABELS } from '../core/labels.js';
import { questionLanguage } from '../core/questionCues.js';
import { PAGE_SIZE, renderAnswerPage } from '../core/renderDiscord.js';
import type { BotContext } from './BotContext.js';

/** Extracts fetched per question: three pages of PAGE_SIZE behind the More button. */
export const EXTRACTS_PER_QUESTION = PAGE_SIZE * 3;

/**
 * The answer to a question as a Discord payload — the same `answer()` the command line uses. An
 * unanswered question is remembered (text and time only) for moderators' /corpus gaps.
 */
export function answerForDiscord(context: BotContext, question: string, offset = 0): MessagePayload {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let payload: MessagePayload;
  let outcome: 'answer' | 'no-answer';
  try {
    // One index for the whole answer, even if a refresh swaps it meanwhile.
    const { index } = context.corpus.current;
    const lexicon = context.lexicon?.();
    const result = answer(index, question, { limit: EXTRACTS_PER_QUESTION, ...(lexicon !== undefined ? { lexicon } : {}) });
    if (result.kind === 'no-answer' && result.reason === 'not-in-corpus' && offset === 0) context.gaps.add(question);
    payload = renderAnswerPage(result, offset);
    outcome = result.kind === 'answer' ? 'answer' : 'no-answer';
  } catch (error) {
    // A bug: counted here, reported once by the entry point that called.
    context.metrics?.question(questionLanguage(question), 'error', seconds());
    throw error;
  }
  context.metrics?.question(questionLanguage(question), outcome, seconds());
  return payload;
}

/** The rate-limit refusal for a user, in the language of their question; undefined when allowed. */
export function rateLimitNotice(context: BotContext, userId: string, question: string): MessagePayload | undefined {
  const verdict = context.limiter.take(userId);
  if (verdict.allowed) return undefined;
  const language = questionLanguage(question);
  context.metrics?.rateLimited(language);
  return { content: LABELS[language].rateLimited(verdict.retryAfterSeconds) };
}
