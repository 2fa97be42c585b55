import { Random } from '../../src/bench/prng.js';

/**
 * Hostile questions, generated reproducibly from a seed: the kinds of input a public bot meets.
 * Each generator returns one question; `hostileQuestions` mixes them with real corpus words so
 * that many of them also reach the ranking and rendering code, not only the empty-question path.
 */
const UNICODE_SPACES = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2003',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u180e',
  '\ufeff',
];
const ZERO_WIDTH_AND_BIDI = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
  '\u2060',
];
const EMOJI = ['🙂', '👍🏽', '👨‍👩‍👧‍👦', '🇱🇾', '🏳️‍🌈', '❤️', '🔥', '1️⃣', '🧕🏾'];
const MARKDOWN = ['**', '__', '*', '_', '~~', '||', '`', '```', '> ', '>>> ', '# ', '-# ', '- ', '[x](https://evil.example)', '\\', '<https://x.y>'];
const MENTIONS = [
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '<t:1700000000:R>',
  '<:emoji:123456789012345678>',
  '</ask:1>',
];
const REGEX = ['.*', '(?:', ')', '[', ']', '{2,}', '\\d+', '^$', '|', '+?', '\\', '(?<x>a)', '\\u{1F600}'];
const SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];
const PUNCTUATION = '!?.,;:؟،؛«»“”‘’…—–-()[]{}<>/\\|@#$%^&*+=~`\'"';

function repeatTo(random: Random, pieces: readonly string[], count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += random.pick(pieces);
  return text;
}

export function hostileQuestions(seed: number, count: number, corpusWords: readonly string[]): string[] {
  const random = new Random(seed);
  const word = () => random.pick(corpusWords);
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const kinds: (() => string)[] = [
    () => '',
    () => repeatTo(random, UNICODE_SPACES, random.int(1, 40)),
    () => repeatTo(random, [...PUNCTUATION], random.int(1, 60)),
    () => `${words(random.int(2, 6))} ${'x'.repeat(random.int(10_000, 12_000))}`,
    () => words(random.int(1500, 2500)),
    () => repeatTo(random, EMOJI, random.int(1, 30)),
    () => `${words(3)}${repeatTo(random, ZERO_WIDTH_AND_BIDI, random.int(1, 10))}${words(3)}`,
    () => [...words(random.int(2, 8))].map((ch) => (random.next() < 0.3 ? ch + random.pick(ZERO_WIDTH_AND_BIDI) : ch)).join(''),
    () => `${random.pick(MARKDOWN)}${words(random.int(1, 6))}${random.pick(MARKDOWN)} ${random.pick(MENTIONS)}`,
    () => `${random.pick(MENTIONS)} ${words(random.int(2, 8))} ${random.pick(MENTIONS)}?`,
    () => `${words(random.int(1, 5))} ${repeatTo(random, REGEX, random.int(1, 8))} ${words(2)}`,
    () => `${words(random.int(1, 4))}${random.pick(SURROGATES)}${words(random.int(1, 4))}`,
    () => `ما هو ${words(random.int(1, 5))} and who ${words(random.int(1, 5))}؟`,
    () => [...words(random.int(2, 6))].map((ch) => (random.next() < 0.2 ? `${ch}\u0651\u064e` : ch)).join(''),
    () => `${words(random.int(3, 10))}?`,
    () => Array.from({ length: random.int(1, 30) }, () => String.fromCharCode(random.int(0, 0xffff))).join(''),
  ];
  return Array.from({ length: count }, () => random.pick(kinds)());
}
