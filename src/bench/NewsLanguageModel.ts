import { tokenize } from '../core/analyze.js';
import type { Language } from '../core/types.js';
import type { Random } from './prng.js';
import { RankDistribution, type RankDistributionOptions } from './RankDistribution.js';

/**
 * Sentences that are statistically like news in one language, for a benchmark corpus: words drawn
 * by rank from a two-regime Zipf law (RankDistribution), the commonest ranks being real words of
 * that language (taken from real sentences, by frequency) and the rarer ones made-up words built
 * like the language's words (English syllables; Arabic roots in patterns, with the clitics and
 * suffixes the stemmer strips); person names of several capitalised words (transliterated Arabic
 * names among them in English), place names, numbers, years and dates; sentence lengths lognormal.
 *
 * Made-up words keep the vocabulary growing like real text's (Heaps' law) without a dictionary of
 * hundreds of thousands of words, and each rank always gives the same word, so a corpus is the
 * same for the same seed and a smaller corpus of the same seed is a prefix of a larger one.
 */

export interface LanguageShape {
  readonly words: RankDistributionOptions;
  /** Words per sentence: lognormal median and σ, clamped to [min, max]. */
  readonly sentenceMedian: number;
  readonly sentenceSigma: number;
  /** Per word slot: a person's name, a place, a number or date, instead of a word. */
  readonly nameShare: number;
  readonly placeShare: number;
  readonly numberShare: number;
}

/**
 * Tuned so that the default corpus (60% Arabic documents) has ~300k distinct terms after isnad's
 * analysis at 150k paragraphs, and Arabic sentences are longer than English ones as in the
 * motivating corpus. Arabic's vocabulary grows faster: clitics and inflection multiply the forms.
 */
export const SHAPES: Record<Language, LanguageShape> = {
  en: {
    words: { headSize: 8_000, headExponent: 1, tailExponent: 1.9 },
    sentenceMedian: 21,
    sentenceSigma: 0.45,
    nameShare: 0.03,
    placeShare: 0.015,
    numberShare: 0.025,
  },
  ar: {
    words: { headSize: 12_000, headExponent: 1, tailExponent: 1.8 },
    sentenceMedian: 24,
    sentenceSigma: 0.45,
    nameShare: 0.025,
    placeShare: 0.015,
    numberShare: 0.025,
  },
};

const MIN_SENTENCE_WORDS = 5;
const MAX_SENTENCE_WORDS = 70;
/** At most this many real words head the ranking: beyond, a small source pool's counts are noise. */
export const MAX_REAL_WORDS = 3000;

/**
 * The commonest words of real sentences of one language, commonest first (ties in code-point
 * order, for the same list on every machine). English keeps words seen in lower case only, so
 * that sentence-initial capitals and names are not taken for common words.
 */
export function commonWords(sentences: readonly string[], language: Language, limit = MAX_REAL_WORDS): string[] {
  const counts = new Map<string, number>();
  const wanted = language === 'en' ? /^[a-z]+(?:'[a-z]+)?$/ : /^[\u0621-\u064A]+$/u;
  for (const sentence of sentences) {
    for (const token of tokenize(sentence)) {
      if (wanted.test(token.text)) counts.set(token.text, (counts.get(token.text) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([word]) => word);
}

/** A large prime: multiplying by it modulo a class's size shuffles the class without repeats. */
const SCRAMBLE = 1_000_003;

/** The i-th of `size` items, visited in a scrambled but repeat-free order (SCRAMBLE is coprime with every size used). */
function scramble(i: number, size: number): number {
  return (i * SCRAMBLE) % size;
}

// English: syllables onset + vowel + coda. Two syllables give 2.6 million words; rarer ranks get three.
const EN_ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'br',
  'cr',
  'dr',
  'gr',
  'pr',
  'tr',
  'st',
  'pl',
  'sh',
  'ch',
  'th',
  '',
  'fl',
];
const EN_VOWELS = ['a', 'e', 'i', 'o', 'u', 'ea', 'ai', 'ou'];
const EN_CODAS = ['', '', 'n', 'r', 'l', 'm', 'st', 'nd', 'x', 'ck'];
const EN_SYLLABLES = EN_ONSETS.flatMap((o) => EN_VOWELS.flatMap((v) => EN_CODAS.map((c) => o + v + c)));

function englishWord(i: number): string {
  const n = EN_SYLLABLES.length;
  let syllables = 2;
  let size = n ** 2;
  while (i >= size) {
    i -= size;
    syllables++;
    size = n ** syllables;
  }
  let x = scramble(i, size);
  let word = '';
  for (let s = 0; s < syllables; s++) {
    word += EN_SYLLABLES[x % n]!;
    x = Math.floor(x / n);
  }
  return word;
}

// Arabic: consonantal roots in the patterns of the language (فاعل، مفعول، تفعيل، استفعال…).
// Radicals exclude the long vowels and hamza, so a root never reads as a clitic or a suffix.
const AR_RADICALS = [...'بتثجحخدذرزسشصضطظعغفقكلمن'];
const AR_PATTERNS: Record<number, readonly string[]> = {
  3: ['1ا23', 'م12و3', 'ت12ي3', 'است12ا3', '12ا3', '12ي3', 'م123', '123', 'ان12ا3', 'ا1ت2ا3', 'ت1ا23', 'م1ا23', '1و23', 'مست123', '1ا2و3'],
  4: ['1234', '123ي4', 'ت1234', 'م1234', '12ا34'],
};
const AR_LONG_PATTERNS = ['12345', '12ا345'];

function patternsFor(radicals: number): readonly string[] {
  return AR_PATTERNS[radicals] ?? AR_LONG_PATTERNS;
}

function arabicStem(i: number): string {
  const n = AR_RADICALS.length;
  let radicals = 3;
  let size = n ** 3 * patternsFor(3).length;
  while (i >= size) {
    i -= size;
    radicals++;
    size = n ** radicals * patternsFor(radicals).length;
  }
  const patterns = patternsFor(radicals);
  let x = scramble(i, size);
  const pattern = patterns[x % patterns.length]!;
  x = Math.floor(x / patterns.length);
  const root: string[] = [];
  for (let r = 0; r < radicals; r++) {
    root.push(AR_RADICALS[x % n]!);
    x = Math.floor(x / n);
  }
  // Patterns name radicals 1–5; a longer root appends the rest.
  return pattern.replace(/[1-5]/g, (d) => root[Number(d) - 1]!) + root.slice(5).join('');
}

/** Clitics and suffixes on Arabic made-up words: the surface forms light stemming folds back. */
const AR_PREFIXES: readonly (readonly [string, number])[] = [
  ['ال', 30],
  ['وال', 6],
  ['بال', 4],
  ['لل', 3],
  ['و', 5],
  ['ب', 3],
];
const AR_SUFFIXES: readonly (readonly [string, number])[] = [
  ['ة', 10],
  ['ات', 5],
  ['ين', 4],
  ['ون', 3],
  ['ها', 3],
  ['هم', 2],
];

function affix(random: Random, table: readonly (readonly [string, number])[]): string {
  let r = random.next() * 100;
  for (const [text, percent] of table) {
    r -= percent;
    if (r < 0) return text;
  }
  return '';
}

const EN_FIRST_NAMES = [
  'Mohammed',
  'Ahmed',
  'Ali',
  'Omar',
  'Khalid',
  'Youssef',
  'Hassan',
  'Hussein',
  'Ibrahim',
  'Mustafa',
  'Abdullah',
  'Saeed',
  'Tariq',
  'Walid',
  'Fayez',
  'Khalifa',
  'Abdel',
  'Mahmoud',
  'Salem',
  'Fathi',
  'Aref',
  'Nouri',
  'Fatima',
  'Aisha',
  'Mariam',
  'Layla',
  'Salma',
  'Nour',
  'Huda',
  'Rania',
  'John',
  'David',
  'Michael',
  'James',
  'Robert',
  'Peter',
  'Mark',
  'Thomas',
  'Richard',
  'Sarah',
  'Emma',
  'Maria',
  'Anna',
  'Laura',
  'Jean',
  'Martin',
  'Stefan',
  'Elena',
  'Victor',
  'Ivan',
];
const AR_FIRST_NAMES = [
  'محمد',
  'أحمد',
  'علي',
  'عمر',
  'خالد',
  'يوسف',
  'حسن',
  'حسين',
  'إبراهيم',
  'مصطفى',
  'عبدالله',
  'سعيد',
  'طارق',
  'وليد',
  'فايز',
  'خليفة',
  'عبد الرحمن',
  'محمود',
  'سالم',
  'فتحي',
  'عارف',
  'نوري',
  'فاطمة',
  'عائشة',
  'مريم',
  'ليلى',
  'سلمى',
  'نور',
  'هدى',
  'رانيا',
  'جون',
  'ديفيد',
  'مايكل',
  'جيمس',
  'روبرت',
  'بيتر',
  'مارك',
  'توماس',
  'سارة',
  'ماريا',
];
// Transliterated Arabic radicals (Latin), for the names English news writes.
const LATIN_RADICALS = ['b', 't', 'th', 'j', 'h', 'kh', 'd', 'dh', 'r', 'z', 's', 'sh', 'f', 'q', 'k', 'l', 'm', 'n', 'w', 'y', 'gh'];
const LATIN_NAME_PATTERNS = ['1a2i3', '1a2a3', '1u2a3i', '1a2ani', '1i2a3', '1a2ra3', 'a12a3', '1a2i3i'];
const EN_NAME_ENDINGS = ['son', 'ton', 'ley', 'er', 'man', 'ford', 'ing', 'wood'];
const EN_TITLES = ['President', 'Minister', 'General', 'Colonel', 'spokesman', 'commander', 'Prime Minister', 'Dr.', 'Sheikh', 'Ambassador'];
const AR_TITLES = ['الرئيس', 'الوزير', 'اللواء', 'العقيد', 'المتحدث باسم', 'القائد', 'رئيس الوزراء', 'الدكتور', 'الشيخ', 'السفير'];
const EN_PLACE_WORDS = ['in', 'in', 'from', 'near', 'at'];
const AR_PLACE_WORDS = ['في', 'في', 'من', 'قرب', 'بمدينة'];
const EN_ORGANISATIONS = ['Council', 'Party', 'Brigade', 'Ministry', 'Front', 'Company', 'Authority', 'Movement'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AR_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
const AR_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** A name of rank i: a pure function, so a person is written the same way in every article. */
function hash(i: number, salt: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function latinArabicName(i: number): string {
  const pattern = LATIN_NAME_PATTERNS[hash(i, 1) % LATIN_NAME_PATTERNS.length]!;
  const n = LATIN_RADICALS.length;
  const x = hash(i, 2);
  const root = [LATIN_RADICALS[x % n]!, LATIN_RADICALS[Math.floor(x / n) % n]!, LATIN_RADICALS[Math.floor(x / n / n) % n]!];
  return capitalise(pattern.replace(/[1-3]/g, (d) => root[Number(d) - 1]!));
}

function familyName(i: number, language: Language): string {
  if (language === 'ar') {
    const stem = arabicStem(hash(i, 3) % 300_000);
    const kind = hash(i, 4) % 3;
    return kind === 0 ? `ال${stem}` : kind === 1 ? `${stem}ي` : stem;
  }
  if (hash(i, 4) % 3 !== 0) {
    const name = latinArabicName(i);
    return hash(i, 5) % 2 === 0 ? `al-${name}` : name;
  }
  return capitalise(englishWord(hash(i, 6) % 200_000) + EN_NAME_ENDINGS[hash(i, 7) % EN_NAME_ENDINGS.length]!);
}

function placeName(i: number, language: Language): string {
  if (language === 'ar') {
    const stem = arabicStem(hash(i, 8) % 300_000);
    return hash(i, 9) % 2 === 0 ? stem : `${arabicStem(hash(i, 10) % 300_000)} ${stem}`;
  }
  const name = hash(i, 9) % 2 === 0 ? latinArabicName(i + 7_000_000) : capitalise(englishWord(hash(i, 11) % 500_000));
  return hash(i, 12) % 4 === 0 ? `${capitalise(englishWord(hash(i, 13) % 5000))} ${name}` : name;
}

export class NewsLanguageModel {
  private readonly ranks: RankDistribution;
  private readonly people = new RankDistribution({ headSize: 2000, headExponent: 1, tailExponent: 1.8 });
  private readonly places = new RankDistribution({ headSize: 500, headExponent: 1, tailExponent: 1.9 });
  /** Made-up words by rank: most tokens are a few thousand ranks, so building each once matters. */
  private readonly made = new Map<number, string>();

  constructor(
    readonly language: Language,
    /** Real words, commonest first: ranks 1…realWords.length. */
    private readonly realWords: readonly string[],
    private readonly shape: LanguageShape = SHAPES[language],
  ) {
    this.ranks = new RankDistribution(shape.words);
  }

  /** One word by rank, with the inflection of made-up words drawn per occurrence. */
  private word(random: Random): string {
    const rank = this.ranks.sample(random);
    if (rank <= this.realWords.length) return this.realWords[rank - 1]!;
    const i = rank - this.realWords.length - 1;
    let stem = this.made.get(i);
    if (stem === undefined) {
      stem = this.language === 'ar' ? arabicStem(i) : englishWord(i);
      this.made.set(i, stem);
    }
    if (this.language === 'ar') return `${affix(random, AR_PREFIXES)}${stem}${affix(random, AR_SUFFIXES)}`;
    const r = random.next();
    return r < 0.12 ? `${stem}s` : r < 0.16 ? `${stem}ed` : stem;
  }

  private person(random: Random): string[] {
    const p = this.people.sample(random);
    const firsts = this.language === 'ar' ? AR_FIRST_NAMES : EN_FIRST_NAMES;
    const words = [firsts[hash(p, 20) % firsts.length]!];
    // One in four has a father's or a second given name, as news gives full names.
    if (hash(p, 21) % 4 === 0) words.push(firsts[hash(p, 22) % firsts.length]!);
    words.push(familyName(p, this.language));
    if (random.next() < 0.3) {
      const titles = this.language === 'ar' ? AR_TITLES : EN_TITLES;
      words.unshift(titles[hash(p, 23) % titles.length]!);
    }
    return words;
  }

  private place(random: Random): string[] {
    const p = this.places.sample(random);
    const name = placeName(p, this.language);
    if (this.language === 'en' && random.next() < 0.2) return ['the', name, EN_ORGANISATIONS[hash(p, 30) % EN_ORGANISATIONS.length]!];
    return [random.pick(this.language === 'ar' ? AR_PLACE_WORDS : EN_PLACE_WORDS), name];
  }

  private number(random: Random): string[] {
    const ar = this.language === 'ar';
    const digits = (text: string) => (ar && random.next() < 0.25 ? text.replace(/[0-9]/g, (d) => AR_DIGITS[Number(d)]!) : text);
    const kind = random.next();
    const year = String(random.int(1990, 2025));
    if (kind < 0.3) return [digits(year)];
    if (kind < 0.55) {
      const day = String(random.int(1, 28));
      const month = random.pick(ar ? AR_MONTHS : EN_MONTHS);
      return ar || random.next() < 0.5 ? [digits(day), month, digits(year)] : [month, digits(day)];
    }
    if (kind < 0.7) {
      const share = (random.next() * 60).toFixed(1);
      return ar ? [digits(share), 'في', 'المئة'] : [share, 'percent'];
    }
    const count = Math.max(2, Math.round(random.lognormal(40, 2)));
    const text = count >= 1000 && random.next() < 0.7 ? count.toLocaleString('en-US') : String(count);
    return [digits(text)];
  }

  /** Words of one sentence, names and numbers included, with commas; no final stop. */
  words(random: Random, median = this.shape.sentenceMedian): string[] {
    const target = Math.round(Math.min(MAX_SENTENCE_WORDS, Math.max(MIN_SENTENCE_WORDS, random.lognormal(median, this.shape.sentenceSigma))));
    const { nameShare, placeShare, numberShare } = this.shape;
    const words: string[] = [];
    const comma = this.language === 'ar' ? '،' : ',';
    while (words.length < target) {
      const r = random.next();
      if (r < nameShare) words.push(...this.person(random));
      else if (r < nameShare + placeShare) words.push(...this.place(random));
      else if (r < nameShare + placeShare + numberShare) words.push(...this.number(random));
      else words.push(this.word(random));
      if (words.length < target && random.next() < 0.06) words[words.length - 1] += comma;
    }
    return words;
  }

  sentence(random: Random): string {
    const words = this.words(random);
    if (this.language === 'en') words[0] = capitalise(words[0]!);
    return `${words.join(' ')}.`;
  }

  /** A headline: shorter than a sentence, no final stop. */
  headline(random: Random): string {
    const words = this.words(random, 9);
    if (this.language === 'en') words[0] = capitalise(words[0]!);
    return words.join(' ').replace(/[,،]$/u, '');
  }
}
