import { answer } from './answer.js';
import type { Lexicon } from './Lexicon.js';
import type { SearchIndex } from './SearchIndex.js';
import type { Steps } from './steps.js';
import type { Language } from './types.js';
import { nextWrittenWord } from './writtenWords.js';

/**
 * A bot just started answers its first few hundred questions about half again slower than one
 * that has been serving (bench: "just started" against "steady"): V8 compiles the answer path's
 * functions only once they have run many times, and recompiles them as they meet new shapes of
 * question. So the bot asks itself questions made from its own corpus before its members' first
 * ones, as every path of an answer runs for real: its own language and the other (the lexicon),
 * typed questions ("how many", "who"), words the corpus does not hold as written.
 *
 * Nothing of these answers is kept: answer() caches no question's work, so the members' answers
 * are the same with or without the warm-up (test/core/warmUp.test.ts).
 */

/** Question words by language: each steers answer() into one answer type's path. */
const ASKING: Record<Language, readonly string[]> = {
  en: ['Who', 'When', 'Where', 'How many', 'What', 'Why'],
  ar: ['من', 'متى', 'أين', 'كم', 'ما', 'لماذا'],
};
const MARK: Record<Language, string> = { en: '?', ar: '؟' };

/** Words a warm-up question takes from its sentence: from 3 to 6, as members' questions run. */
const FEWEST_WORDS = 3;
const MOST_WORDS = 6;

/**
 * The golden ratio's fraction: the i-th question's passage is at (i · φ mod 1) of the corpus, so
 * that any first k questions are spread over all of it (both languages, every part of the corpus) and
 * none is asked twice while there are passages left.
 */
const SPREAD = 0.6180339887498949;

/**
 * `count` questions drawn from the index's passages (fewer when the corpus has too few sentences
 * of three words). The same index gives the same questions.
 */
export function warmUpQuestions(index: SearchIndex, count: number): string[] {
  return [...questionsFrom(index, count)];
}

/** warmUpQuestions one at a time, each made when it is asked for. */
function* questionsFrom(index: SearchIndex, count: number): Generator<string> {
  const asked = new Set<string>();
  const passages = index.passageCount;
  for (let i = 0; asked.size < count && i < count * 4 && passages > 0; i++) {
    const passage = index.passage(Math.floor(((i * SPREAD) % 1) * passages))!;
    const language = index.documents[passage.doc]!.languages[0] ?? 'en';
    const text = index.passageText(passage);
    const span = passage.sentences[i % passage.sentences.length];
    if (span === undefined) continue;
    const words = longestWords(text.slice(span.start, span.end), FEWEST_WORDS + (i % (MOST_WORDS - FEWEST_WORDS + 1)));
    if (words.length < FEWEST_WORDS) continue;
    // A third each: the words as typed, a question, a question with one word misspelt (the
    // fuzzy, near-name and absent-word paths).
    const form = asked.size % 3;
    if (form === 2) words[0] = misspelt(words[0]!);
    const asking = ASKING[language];
    const question = form === 0 ? words.join(' ') : `${asking[Math.floor(asked.size / 3) % asking.length]} ${words.join(' ')}${MARK[language]}`;
    // A small corpus is walked round more than once: its questions come back, and are not asked again.
    if (asked.has(question)) continue;
    asked.add(question);
    yield question;
  }
}

/**
 * The `count` longest words of a sentence, in its order: the long ones are its names and content
 * words, which members ask about, where the short ones are mostly stop words.
 */
function longestWords(sentence: string, count: number): string[] {
  const words: { start: number; length: number }[] = [];
  const span = { start: 0, end: 0 };
  for (let at = 0; nextWrittenWord(sentence, at, span); at = span.end) {
    if (span.end - span.start >= 2) words.push({ start: span.start, length: span.end - span.start });
  }
  // Longest first, the earlier of two as long; then back in the sentence's order.
  return words
    .sort((a, b) => b.length - a.length || a.start - b.start)
    .slice(0, count)
    .sort((a, b) => a.start - b.start)
    .map(({ start, length }) => sentence.slice(start, start + length).replace(TRAILING_POINTS, ''));
}

/** Full stops and the like a written word may end with ("U.S."), which a question's last word would keep before its mark. */
const TRAILING_POINTS = /[^\p{L}\p{N}]+$/u;

/** Its second and third letters swapped: the word as a hurried member types it. */
function misspelt(word: string): string {
  return word.length < 4 ? word : word[0]! + word[2]! + word[1]! + word.slice(3);
}

export interface WarmUpResult {
  readonly questions: number;
  readonly tookMs: number;
}

/**
 * Answers the warm-up questions one at a time, yielding between answers: run in turns
 * (inTurns), a member's question waits for one warm-up answer at most.
 */
export function* warmUp(index: SearchIndex, count: number, lexicon: Lexicon | undefined): Steps<WarmUpResult> {
  const started = performance.now();
  const questions = questionsFrom(index, count);
  // Each question is drawn in the step before its own, beside an answer: drawing a thousand at
  // once held the event loop for tens of milliseconds.
  let next = questions.next();
  let spent = performance.now() - started;
  let asked = 0;
  while (next.done !== true) {
    yield;
    const from = performance.now();
    answer(index, next.value, { limit: 5, ...(lexicon !== undefined ? { lexicon } : {}) });
    asked++;
    next = questions.next();
    spent += performance.now() - from;
  }
  return { questions: asked, tookMs: spent };
}
