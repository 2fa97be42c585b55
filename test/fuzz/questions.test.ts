import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import type { Answer } from '../../src/core/types.js';
import { DISCORD_LIMITS, embedLength } from '../../src/core/discordMessage.js';
import { PAGE_SIZE, renderAnswerPage } from '../../src/core/renderDiscord.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { splitPayload } from '../../src/discord/respond.js';
import { hostileQuestions } from './hostileQuestions.js';

/**
 * Thousands of hostile questions through `answer()` and the Discord renderer: nothing throws,
 * every message stays within Discord's limits, no mention or markdown from a quote is live, and
 * every quote is a verbatim slice of its file. `npm run fuzz` runs the long version.
 */
const COUNT = Number(process.env.FUZZ_QUESTIONS ?? 2_000);
// About 3 ms a question on the 2-core machines: 20,000 for `npm run fuzz` need more than the default minute.
const TIMEOUT_MS = Math.max(60_000, COUNT * 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

let index: SearchIndex;
const files = new Map<string, string>();
let questions: string[];

/**
 * Each question is answered once, with the most extracts the renderer pages through (three pages
 * of three), and the answer shared by the tests below: answer() is deterministic and nothing here
 * changes the index, and answering is most of this file's time.
 */
const answers = new Map<string, Answer>();
function answerOf(question: string): Answer {
  let result = answers.get(question);
  if (result === undefined) {
    result = answer(index, question, { limit: 9 });
    answers.set(question, result);
  }
  return result;
}

beforeAll(async () => {
  const corpus = await loadCorpus(corpusDir);
  index = SearchIndex.build(corpus.documents);
  for (const document of corpus.documents) {
    files.set(document.file, readFileSync(path.join(corpusDir, document.file), 'utf8').replace(/^\uFEFF/, ''));
  }
  const words = corpus.documents.flatMap((document) => document.passages.flatMap((passage) => passage.text.split(/\s+/))).filter(Boolean);
  questions = hostileQuestions(SEED, COUNT, words);
});

/** Text with every backslash escape removed: what a reader sees. */
function unescapeShown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** A mention, everyone/here ping or timestamp that Discord would render live (not escaped). */
const LIVE = /(?<!\\)<(?:@|#|t:|:)|(?<![\\\w])@(?:everyone|here)/;

describe(`${COUNT} hostile questions (seed ${SEED})`, () => {
  it(
    'never throw, stay within limits, keep quotes verbatim and mentions inert',
    () => {
      const failures: string[] = [];
      let answered = 0;
      for (const question of questions) {
        const result = answerOf(question);
        if (result.kind === 'answer') {
          answered++;
          for (const extract of result.extracts) {
            const file = files.get(extract.citation.file) ?? '';
            if (file.slice(extract.citation.start, extract.citation.end) !== extract.quote)
              failures.push(`not verbatim: ${JSON.stringify(question).slice(0, 80)}`);
          }
        }
        for (let offset = 0; offset < 9; offset += 3) {
          for (const message of splitPayload(renderAnswerPage(result, offset))) {
            if ((message.content?.length ?? 0) > DISCORD_LIMITS.content) failures.push('content over 2000');
            const embeds = message.embeds ?? [];
            if (embeds.length > DISCORD_LIMITS.embeds) failures.push('more than 10 embeds');
            if (embeds.reduce((sum, embed) => sum + embedLength(embed), 0) > DISCORD_LIMITS.embedTotal) failures.push('embeds over 6000');
            for (const embed of embeds) {
              if ((embed.description?.length ?? 0) > DISCORD_LIMITS.description) failures.push('description over 4096');
              if ((embed.footer?.text.length ?? 0) > DISCORD_LIMITS.footer) failures.push('footer over 2048');
              for (const field of embed.fields ?? []) if (field.value.length > DISCORD_LIMITS.fieldValue) failures.push('field over 1024');
              if (LIVE.test(embed.description ?? '')) failures.push(`live mention in ${JSON.stringify(question).slice(0, 80)}`);
            }
            for (const row of message.components ?? [])
              for (const button of row.components) if (button.custom_id.length > DISCORD_LIMITS.customId) failures.push('custom_id over 100');
            if (message.content !== undefined && LIVE.test(message.content)) failures.push('live mention in content');
          }
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
      // The generator reaches the ranking code, not only the empty-question path.
      expect(answered).toBeGreaterThan(COUNT / 20);
    },
    TIMEOUT_MS,
  );

  it(
    'a quote shows exactly as written once escapes are removed',
    () => {
      for (const question of questions.slice(0, 500)) {
        const result = answerOf(question);
        if (result.kind !== 'answer') continue;
        // The first page: the first PAGE_SIZE extracts.
        const page = renderAnswerPage(result);
        const shown = unescapeShown((page.embeds ?? []).map((embed) => embed.description ?? '').join('\n')).replace(/^> /gm, '');
        for (const extract of result.extracts.slice(0, PAGE_SIZE)) expect(shown).toContain(extract.quote.split('\n')[0]!);
      }
    },
    TIMEOUT_MS,
  );
});
