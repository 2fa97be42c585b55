import { ARABIC_QUESTION_WORDS, ARABIC_STOP_WORDS } from './arabicStopWords.js';

/**
 * Arabic term analysis after Lucene's ArabicAnalyzer: stop words on the surface form, then
 * orthographic normalisation, then Larkey, Ballesteros and Connell's light10 stemmer with Lucene's
 * length guards. Light stemming keeps recall high for news text (القوات ~ قوات) without the
 * conflations of root extraction.
 */

const TATWEEL_AND_HARAKAT = /[\u0640\u064B-\u0652]/g;
/** Every character normalizeArabic removes or replaces. */
const NORMALIZED_AWAY = /[\u0640\u064B-\u0652\u0622\u0623\u0625\u0649\u0629]/;

/** ArabicNormalizer: unify alef forms, dotless yeh and teh marbuta; drop tatweel and harakat. */
export function normalizeArabic(token: string): string {
  // Most words (every English one) hold none of these: one test instead of four replacements.
  if (!NORMALIZED_AWAY.test(token)) return token;
  return token
    .replace(TATWEEL_AND_HARAKAT, '')
    .replace(/[\u0622\u0623\u0625]/g, '\u0627') // آ أ إ → ا
    .replace(/\u0649/g, '\u064A') // ى → ي
    .replace(/\u0629/g, '\u0647'); // ة → ه
}

// Order matters: Lucene tries them in this order and strips only the first that fits.
const PREFIXES = ['ال', 'وال', 'بال', 'كال', 'فال', 'لل', 'و'] as const;
// Applied in this order, each at most once, so ات then ه can both go from one word.
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ية', 'ه', 'ة', 'ي'] as const;

/** Lucene's ArabicStemmer (light10) on a normalised token. */
export function stemArabic(token: string): string {
  let word = token;
  for (const prefix of PREFIXES) {
    // A one-letter prefix (و) needs a word of at least four letters; any prefix must leave two.
    const tooShort = prefix.length === 1 ? word.length < 4 : word.length < prefix.length + 2;
    if (!tooShort && word.startsWith(prefix)) {
      word = word.slice(prefix.length);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    if (word.length >= suffix.length + 2 && word.endsWith(suffix)) {
      word = word.slice(0, word.length - suffix.length);
    }
  }
  return word;
}

/** The index term for an Arabic-script token, or null for a stop word. */
export function analyzeArabicToken(token: string): string | null {
  // Savoy's list is unvocalised; a question typed with harakat (مِن) must still lose its stop words.
  const bare = token.replace(TATWEEL_AND_HARAKAT, '');
  if (ARABIC_STOP_WORDS.has(token) || ARABIC_STOP_WORDS.has(bare) || ARABIC_QUESTION_WORDS.has(bare)) return null;
  const normalized = normalizeArabic(token);
  // A token made only of diacritics or tatweel carries no word.
  if (normalized.length === 0) return null;
  return stemArabic(normalized);
}

const CLITIC = /^[وفبلكس]/;
const ARABIC_LETTERS_ONLY = /^[\u0621-\u064A]+$/u;
const LONG_VOWELS = /[\u0627\u0648\u064A]/gu; // ا و ي (ى is normalised to ي)
const HAMZA_SEATS = /[\u0624\u0626]/gu; // ؤ ئ
/** Letters that open a verb's imperfect (تقول, نقول; يقول loses its ي with the vowels) or a noun of place, agent or action (مثبت). */
const PATTERN_PREFIX = /^[\u062A\u0646\u0645]/u; // ت ن م
/** The س ت of a tenth-form verb and its noun (استخدم, يستخدم, استخدام), once its alef is gone with the vowels. */
const TENTH_FORM = '\u0633\u062A';

/**
 * A looser key for near-miss matching. Light10 leaves one-letter proclitics (ب ل ك ف س) in place,
 * so لوثر and للوثر, or مصراتة and بمصراتة, stem apart: dropping one such letter from a stem of four
 * or more letters and stemming again brings them together. Light stemming also leaves apart the
 * forms of one word that differ inside it — a broken plural (الطرق, طريق), a verb's persons and
 * tenses (تخلى, يتخلى), a word built on the same letters (إثباته, المثبت) — so the key is then
 * the stem's consonants: without its long vowels, its hamza on one seat, and without a ت ن م
 * or the س ت of a tenth form (استخدام, خدم) opening a pattern. Three consonants at least are
 * kept (a shorter key would join too many words); below that the stem is the key. This can also
 * join unrelated words (استخدام "use" and خدمة "service"), so a match on this key earns only
 * partial credit (RANKING.looseCredit, CHECK.looseCredit). Latin terms pass unchanged.
 */
export function looseArabicKey(term: string): string {
  let key = term;
  // The accusative ending اً keeps its alef once tanween is gone (استحواذاً ~ استحواذ).
  if (key.length >= 5 && key.endsWith('ا')) key = key.slice(0, -1);
  if (key.length >= 4 && CLITIC.test(key)) key = stemArabic(key.slice(1));
  if (!ARABIC_LETTERS_ONLY.test(key)) return key;
  let consonants = key.replace(LONG_VOWELS, '').replace(HAMZA_SEATS, '\u0621');
  if (consonants.length >= 5 && consonants.startsWith(TENTH_FORM)) consonants = consonants.slice(2);
  else if (consonants.length >= 4 && PATTERN_PREFIX.test(consonants)) consonants = consonants.slice(1);
  return consonants.length >= 3 ? consonants : key;
}
