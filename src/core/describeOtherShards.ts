import { escapeMarkdown } from './discordMessage.js';
import { MODERATOR_LABELS, type ModeratorLabels, type OtherShards } from './labels.js';

/** One line per distinct outcome, naming the shards: "• shard 1: loaded the new index from the snapshot". */
export function describeOtherShards(others: OtherShards, labels: ModeratorLabels = MODERATOR_LABELS.en): string {
  if (others.kind === 'not-told') return labels.otherShardsNotTold;
  if (others.kind === 'no-answer') return labels.otherShardsNoAnswer;
  if (others.outcomes.length === 0) return `**${labels.otherShards}:** ${labels.none}.`;
  const byOutcome = new Map<string, number[]>();
  for (const { shard, outcome } of others.outcomes) {
    const words = labels.reloadOutcome(outcome);
    byOutcome.set(words, [...(byOutcome.get(words) ?? []), shard]);
  }
  const lines = [...byOutcome].map(([words, shards]) => `• ${labels.shardNames(shards)}: ${escapeMarkdown(words)}`);
  return `**${labels.otherShards}** (${others.outcomes.length}):\n${lines.join('\n')}`;
}
