/**
 * The words isnad says to moderators come in English and Arabic, picked by the moderator's
 * client language (an interaction's `locale`), since a moderator's command holds no question.
 */
import { describe, expect, it } from 'vitest';
import { describeOtherShards } from '../../src/core/describeOtherShards.js';
import { languageOfLocale, MODERATOR_LABELS, type ModeratorLabels, type ReloadOutcome } from '../../src/core/labels.js';

const ARABIC = /\p{Script=Arabic}/u;
const LATIN_WORD = /\b[a-z]{3,}\b/i;

/** Values for the labels whose first value is not a piece of text. */
const ARGS: Partial<Record<keyof ModeratorLabels, readonly unknown[]>> = {
  age: [90],
  andMore: [3],
  refreshing: [6],
  downloadTooLarge: [4096],
  paragraphCount: [2],
  retrying: [2],
  shardNames: [[1, 2]],
  feedLine: ['X', 'Y', { failing: 'Z' }, 2],
  skipReason: [{ file: 'a.txt', code: 'kept-changing', reason: 'the file kept changing while the corpus was being loaded' }],
};

/** Every label as text: strings as they are, functions given values of each kind they take. */
function texts(labels: ModeratorLabels): Map<string, string> {
  const shown = new Map<string, string>();
  for (const [key, value] of Object.entries(labels) as [keyof ModeratorLabels, unknown][]) {
    if (key === 'reloadOutcome') continue;
    if (typeof value === 'string') shown.set(key, value);
    else if (typeof value === 'function') shown.set(key, String((value as (...args: unknown[]) => unknown)(...(ARGS[key] ?? ['X', 7, 'ok', 2]))));
  }
  const outcomes: ReloadOutcome[] = [
    { kind: 'loaded' },
    { kind: 'unchanged' },
    { kind: 'rebuilt', reason: 'X' },
    { kind: 'rebuild-failed', reason: 'X', failure: 'Y' },
    { kind: 'reload-failed', reason: 'X' },
    { kind: 'restarting' },
    { kind: 'exited' },
    { kind: 'timeout', seconds: 120 },
    { kind: 'unreachable', reason: 'X' },
  ];
  for (const outcome of outcomes) shown.set(`reloadOutcome ${outcome.kind}`, labels.reloadOutcome(outcome));
  return shown;
}

describe('moderator labels', () => {
  it('a skip reason in Arabic: its own words, with the particulars a moderator acts on (sizes, the error) in brackets', () => {
    const big = { file: 'big.txt', code: 'too-large', reason: 'too large: 6 MiB is over the limit of 5 MiB' } as const;
    expect(MODERATOR_LABELS.ar.skipReason(big)).toBe('الملف أكبر من الحد المسموح (too large: 6 MiB is over the limit of 5 MiB)');
    expect(MODERATOR_LABELS.ar.skipReason({ file: 'e.txt', code: 'empty', reason: 'empty file' })).toBe('ملف فارغ');
    expect(MODERATOR_LABELS.en.skipReason(big)).toBe(big.reason);
  });

  it('an Arabic client locale gets Arabic; every other locale, and none, English', () => {
    expect(languageOfLocale('ar')).toBe('ar');
    expect(languageOfLocale('ar-EG')).toBe('ar');
    expect(languageOfLocale('en-US')).toBe('en');
    expect(languageOfLocale('fr')).toBe('en');
    expect(languageOfLocale(undefined)).toBe('en');
    expect(languageOfLocale(null)).toBe('en');
  });

  it('every label is written in both languages: Arabic words in the Arabic set, none in the English one', () => {
    const english = texts(MODERATOR_LABELS.en);
    const arabic = texts(MODERATOR_LABELS.ar);
    expect([...arabic.keys()]).toEqual([...english.keys()]);
    for (const [key, text] of arabic) {
      expect(text, key).toMatch(ARABIC);
      expect(text, key).not.toBe(english.get(key));
      // Only the command names, file types and setting names stay in Latin letters.
      const latin = text.replace(/\/corpus|\b(?:status|refresh|gaps|add|feed|remove|list|url|txt|md|html?)\b/g, '');
      expect(latin, key).not.toMatch(LATIN_WORD);
    }
    for (const [key, text] of english) expect(text, key).not.toMatch(ARABIC);
  });

  it('the other shards, in the moderator’s language, one line per outcome naming its shards', () => {
    const others = {
      kind: 'answered',
      outcomes: [
        { shard: 1, outcome: { kind: 'loaded' } },
        { shard: 2, outcome: { kind: 'loaded' } },
        { shard: 3, outcome: { kind: 'exited' } },
      ],
    } as const;
    expect(describeOtherShards(others, MODERATOR_LABELS.en)).toBe(
      '**Other shards** (3):\n• shards 1, 2: loaded the new index from the snapshot\n• shard 3: exited before answering; it loads the new snapshot when it starts again',
    );
    expect(describeOtherShards(others, MODERATOR_LABELS.ar)).toBe(
      '**الأجزاء الأخرى** (3):\n• الأجزاء 1، 2: حمّل الفهرس الجديد من اللقطة المحفوظة\n• الجزء 3: توقّف قبل أن يجيب؛ يحمّل اللقطة الجديدة عند تشغيله مجدداً',
    );
    expect(describeOtherShards({ kind: 'not-told' })).toMatch(/^\*\*Other shards:\*\* not told/);
  });
});
