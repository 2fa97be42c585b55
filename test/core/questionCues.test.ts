import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/core/detectLanguage.js';
import { type AnswerType, answerCuesOf, answerTypeStrength, strengthFromCues } from '../../src/core/questionCues.js';
import { splitSentences } from '../../src/core/splitSentences.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

/**
 * answerTypeStrength for "how many" reads a sentence's words in one pass (numberStrength): it must
 * give what the plain reading gives — every word, less the question's, then digits or number words —
 * on every sentence of the corpora, with question words that are and are not in the sentence.
 */
const NUMBER_WORD_EN =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|twice|thrice|percent)$/i;
const NUMBER_WORD_AR =
  /^(?:و|ب|ل|ال|وال|بال)?(?:واحد|احد|اثن|ثنت|ثلاث|اربع|أربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|ماي|الف|ألف|آلاف|الاف|مليون|ملايين|مليار|نصف|ربع|ثلث)(?:ة|ه|ان|ين|ون|ات|ا|ي)?$/u;

function plainNumberStrength(text: string, questionWords: ReadonlySet<string>): number {
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu) ?? []).map((word) => word.replace(/[.,]+$/u, ''));
  const fresh = words.filter((word) => !questionWords.has(word.toLowerCase()));
  if (fresh.some((word) => /\d/.test(word))) return 1;
  return fresh.some((word) => NUMBER_WORD_EN.test(word) || NUMBER_WORD_AR.test(word)) ? 0.5 : 0;
}

const corpora = ['../../corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/', '../fixtures/xquad-dev/xquad-dev-ar/corpus/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

describe('answerTypeStrength for a number', () => {
  it('is the plain reading of the words on every paragraph of the corpora', async () => {
    const seen = new Map<number, number>();
    for (const dir of corpora) {
      for (const document of (await loadCorpus(dir)).documents) {
        for (const passage of document.passages) {
          const words = passage.text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu) ?? [];
          // No question word; every digit word of the paragraph (so only its number words are left); and a few of its words.
          const digits = new Set(words.filter((word) => /\d/.test(word)).map((word) => word.replace(/[.,]+$/u, '').toLowerCase()));
          const some = new Set(words.filter((_, i) => i % 3 === 0).map((word) => word.replace(/[.,]+$/u, '').toLowerCase()));
          for (const questionWords of [new Set<string>(), digits, some]) {
            const strength = answerTypeStrength(passage.text, 'number', questionWords);
            expect(strength, passage.text.slice(0, 80)).toBe(plainNumberStrength(passage.text, questionWords));
            seen.set(strength, (seen.get(strength) ?? 0) + 1);
          }
        }
      }
    }
    // All three outcomes are met.
    expect([...seen.keys()].sort()).toEqual([0, 0.5, 1]);
  });
});

/**
 * The other types read the words as they were read before the word scan (a regular expression
 * over the text) and before an Arabic text was told at its first Arabic word: each must give what
 * that reading gives, on every paragraph, with and without some of its words in the question.
 */
const ARABIC_LETTER = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const PLACE_EN = /\b(?:in|at|near|from|to|into|across|outside|inside)\s+(?:the\s+)?\p{Lu}/u;

function plainNameStrength(text: string, questionWords: ReadonlySet<string>): number {
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu) ?? []).map((word) => word.replace(/[.,]+$/u, ''));
  if (ARABIC_LETTER.test(text) && words.some((word) => detectLanguage(word) === 'ar')) return 0;
  const shared = (i: number) => words[i] !== undefined && questionWords.has(words[i]!.toLowerCase());
  let best = 0;
  let runStart = -1;
  for (let i = 1; i <= words.length; i++) {
    const word = words[i];
    const isName = word !== undefined && /^\p{Lu}/u.test(word) && !questionWords.has(word.toLowerCase());
    if (isName && runStart === -1) runStart = i;
    if (!isName && runStart !== -1) {
      const strength = i - runStart >= 2 ? 1 : 0.5;
      best = Math.max(best, shared(runStart - 1) || shared(i) ? strength : strength * 0.8);
      runStart = -1;
    }
  }
  return best;
}

describe('answerTypeStrength for a name or a place', () => {
  it('is the plain reading of the words on every paragraph of the corpora', async () => {
    const seen = { person: new Set<number>(), place: new Set<number>() };
    for (const dir of corpora) {
      for (const document of (await loadCorpus(dir)).documents) {
        for (const passage of document.passages) {
          const { text } = passage;
          const words = text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu) ?? [];
          const some = new Set(words.filter((_, i) => i % 3 === 1).map((word) => word.replace(/[.,]+$/u, '').toLowerCase()));
          for (const questionWords of [new Set<string>(), some]) {
            const person = answerTypeStrength(text, 'person', questionWords);
            expect(person, text.slice(0, 80)).toBe(plainNameStrength(text, questionWords));
            const place = answerTypeStrength(text, 'place', questionWords);
            expect(place, text.slice(0, 80)).toBe(Math.max(PLACE_EN.test(text) ? 0.5 : 0, plainNameStrength(text, questionWords)));
            seen.person.add(person);
            seen.place.add(place);
          }
        }
      }
    }
    // A text of Latin letters with an Arabic word in it, and the other way round.
    for (const text of ['He met Fayez al-Sarraj in Tripoli and السراج there.', 'قال Fayez Sarraj في Tripoli', 'In Rome (روما) they met John Smith.']) {
      expect(answerTypeStrength(text, 'person', new Set())).toBe(plainNameStrength(text, new Set()));
      expect(answerTypeStrength(text, 'place', new Set())).toBe(Math.max(PLACE_EN.test(text) ? 0.5 : 0, plainNameStrength(text, new Set())));
    }
    // Names are found, and not found, in both.
    expect(seen.person.size).toBeGreaterThan(2);
    expect(seen.place.size).toBeGreaterThan(2);
  });
});

describe('strengthFromCues: the answer-type strength the index can tell without the text', () => {
  const TYPES: readonly AnswerType[] = ['number', 'date', 'person', 'place', 'other'];

  it('is answerTypeStrength whatever the question words, wherever it tells one, on every sentence of the corpora', async () => {
    // Question words drawn from the sentence itself take candidates away (a year the question
    // names is not its answer): the cues must hold for every such set, not only for none.
    let told = 0;
    let open = 0;
    for (const dir of corpora) {
      for (const document of (await loadCorpus(dir)).documents) {
        for (const passage of document.passages) {
          for (const span of splitSentences(passage.text)) {
            const text = passage.text.slice(span.start, span.end);
            const cues = answerCuesOf(text);
            const words = (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu) ?? []).map((word) => word.replace(/[.,]+$/u, '').toLowerCase());
            const sets = [new Set<string>(), new Set(words), new Set(words.filter((_, i) => i % 2 === 0)), new Set(words.filter((_, i) => i % 3 === 1))];
            for (const type of TYPES) {
              const fromCues = strengthFromCues(cues, type);
              if (fromCues === undefined) {
                open++;
                continue;
              }
              told++;
              for (const questionWords of sets) expect(fromCues, `${type}: ${text.slice(0, 80)}`).toBe(answerTypeStrength(text, type, questionWords));
            }
          }
        }
      }
    }
    // Both happen: the cues spare most reads, and leave open what only the question can settle.
    expect(told).toBeGreaterThan(open);
    expect(open).toBeGreaterThan(100);
  });

  it('leaves open what the question words can still change, and tells what they cannot', () => {
    const open = (text: string, type: AnswerType) => strengthFromCues(answerCuesOf(text), type);
    // A year is a date unless the question names it: only the question can tell.
    expect(open('The talks resumed in 2019 in Geneva.', 'date')).toBeUndefined();
    expect(open('The talks resumed in March.', 'date')).toBeUndefined();
    expect(open('The talks resumed after a pause.', 'date')).toBe(0);
    expect(open('Seven people were hurt.', 'number')).toBeUndefined();
    expect(open('People were hurt.', 'number')).toBe(0);
    // A capitalised word after the first may be a name; a sentence without one holds none.
    expect(open('He met Fayez Sarraj.', 'person')).toBeUndefined();
    expect(open('He met the prime minister.', 'person')).toBe(0);
    // "in the …" counts for a place without any name; Arabic text holds no name to tell.
    expect(open('They met in the capital.', 'place')).toBe(answerTypeStrength('They met in the capital.', 'place', new Set()));
    expect(open('التقى السراج في طرابلس.', 'person')).toBe(0);
    expect(open('other words', 'other')).toBe(0);
  });
});
