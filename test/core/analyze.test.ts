import { describe, expect, it } from 'vitest';
import { analyze, analyzeToken, foldDigits, tokenize } from '../../src/core/analyze.js';
import { normalizeArabic, stemArabic } from '../../src/core/arabicAnalyzer.js';

/** "a matches b": a question holding `a` can find a passage holding `b` (their terms meet). */
function matches(a: string, b: string): boolean {
  const terms = new Set(analyze(a));
  return analyze(b).some((term) => terms.has(term));
}

const ARABIC_LETTERS = /^[\u0600-\u06FF]+$/u;

describe('Arabic analysis (Lucene ArabicAnalyzer)', () => {
  it('removes harakat, so a vocalised word matches its bare spelling', () => {
    expect(matches('قُتل', 'قتل')).toBe(true);
    expect(matches('قُتِلَ', 'قتل')).toBe(true);
    expect(normalizeArabic('قُتِلَ')).toBe('قتل');
    // Shadda and tanween are harakat too.
    expect(normalizeArabic('محمّد')).toBe('محمد');
    expect(normalizeArabic('جنديًا')).toBe('جنديا');
  });

  it('strips the article ال and the plural ات, so القوات matches قوات', () => {
    expect(matches('القوات', 'قوات')).toBe(true);
    expect(analyze('القوات')).toEqual(analyze('قوات'));
    expect(matches('السيارات', 'سيارة')).toBe(true);
  });

  it('unifies the alef forms أ إ آ into ا', () => {
    expect(normalizeArabic('أحمد')).toBe('احمد');
    expect(normalizeArabic('إسلام')).toBe('اسلام');
    expect(normalizeArabic('آمن')).toBe('امن');
    expect(matches('أحمد', 'احمد')).toBe(true);
    expect(matches('الإسلام', 'الاسلام')).toBe(true);
  });

  it('turns alef maksura ى into yeh ي', () => {
    expect(normalizeArabic('مستشفى')).toBe('مستشفي');
    expect(matches('مستشفى', 'مستشفي')).toBe(true);
  });

  it('turns teh marbuta ة into heh ه', () => {
    expect(normalizeArabic('مدرسة')).toBe('مدرسه');
    expect(matches('مدرسة', 'مدرسه')).toBe(true);
    expect(matches('مصراتة', 'مصراته')).toBe(true);
  });

  it('removes tatweel used to stretch a word', () => {
    expect(normalizeArabic('قـــوات')).toBe('قوات');
    expect(matches('قـــوات', 'قوات')).toBe(true);
    expect(matches('الـقـوات', 'القوات')).toBe(true);
    // A token of tatweel alone is no word.
    expect(analyze('ـــ')).toEqual([]);
  });

  it('strips only the first prefix that fits, in Lucene order', () => {
    // ال goes, and the و it uncovers stays.
    expect(stemArabic('الوقت')).toBe('وقت');
    expect(stemArabic('الولايات')).toBe('ولا');
    expect(stemArabic('ولايات')).toBe('لا');
    // و goes, and the لل it uncovers stays.
    expect(stemArabic(normalizeArabic('وللعبة'))).toBe('للعب');
    expect(stemArabic(normalizeArabic('للعبة'))).toBe('عب');
    // The longer prefixes: وال بال كال فال.
    expect(stemArabic(normalizeArabic('والمدرسة'))).toBe('مدرس');
    expect(stemArabic(normalizeArabic('بالمدرسة'))).toBe('مدرس');
    expect(stemArabic('كالولد')).toBe('ولد');
    expect(stemArabic('فالولد')).toBe('ولد');
    expect(matches('والمدرسة', 'مدرسة')).toBe(true);
  });

  it('strips و only from a word of four letters or more', () => {
    expect(stemArabic('وقت')).toBe('وقت');
    expect(stemArabic('ولد')).toBe('ولد');
    expect(stemArabic('وقال')).toBe('قال');
    expect(matches('وقال', 'قال')).toBe(true);
    expect(matches('وقت', 'قت')).toBe(false);
  });

  it('strips any other prefix only when two letters remain', () => {
    expect(stemArabic('الف')).toBe('الف');
    expect(stemArabic('الفن')).toBe('فن');
    expect(stemArabic('بالغ')).toBe('بالغ');
    expect(stemArabic('بالبيت')).toBe('بيت');
    expect(stemArabic('والد')).toBe('الد'); // وال would leave one letter, so و is the prefix that fits
  });

  it('applies the suffixes in Lucene order, each at most once', () => {
    // ات, then the ه it uncovers.
    expect(stemArabic('جبهات')).toBe('جب');
    expect(matches('الجبهات', 'جبهات')).toBe(true);
    // ها, then ات.
    expect(stemArabic('سياراتها')).toBe('سيار');
    // ه comes after ات in the list, so ات uncovered by ه stays.
    expect(stemArabic('مدرساته')).toBe('مدرسات');
    // A suffix must leave two letters.
    expect(stemArabic('ذات')).toBe('ذات');
    expect(stemArabic('بنات')).toBe('بن');
  });

  it('drops stop words from Savoy’s list, looked up before normalisation', () => {
    for (const stop of ['في', 'من', 'أن', 'إلى', 'على', 'الذي', 'هذه', 'ومن', 'وفي']) {
      expect(analyze(stop), stop).toEqual([]);
    }
    // The list is not normalised: على is a stop word, its normalised spelling علي (also a name) is not.
    expect(analyze('علي')).not.toEqual([]);
    expect(analyze('لدي')).not.toEqual([]);
    expect(analyze('لدى')).toEqual([]);
    // A stop word typed with harakat is still a stop word.
    expect(analyze('مِن')).toEqual([]);
    expect(analyze('فِي')).toEqual([]);
    // In a sentence only the content words remain.
    expect(analyze('قتل أربعة في سرت')).toEqual(analyze('قتل أربعة سرت'));
  });

  it('reads Arabic-Indic digits as ASCII digits', () => {
    expect(analyze('٢٠١٩')).toEqual(['2019']);
    expect(analyze('۲۰۱۹')).toEqual(['2019']); // Extended (Persian) Arabic-Indic digits
    expect(matches('عام ٢٠١٩', 'April 7, 2019')).toBe(true);
    expect(matches('حوالي ٢٥ جنديا', '25')).toBe(true);
    expect(foldDigits('١٣:٠٠')).toBe('13:00');
  });

  it('gives terms in Arabic script only, for Arabic tokens', () => {
    for (const term of analyze('قال مسؤولون أميركيون لصحيفة واشنطن بوست إن قوات خاصة أميركية تتمركز بموقعين')) {
      expect(term).toMatch(ARABIC_LETTERS);
    }
  });
});

describe('English analysis (Lucene EnglishAnalyzer)', () => {
  it('reads irregular past tenses, participles and plurals as their word, which Porter cannot', () => {
    // "Who saw the convoy?" asked of an article that says "had seen it".
    expect(analyzeToken('saw')).toBe(analyzeToken('see'));
    expect(analyzeToken('seen')).toBe(analyzeToken('seeing'));
    expect(analyzeToken('spoke')).toBe(analyzeToken('speaks'));
    expect(analyzeToken('fled')).toBe(analyzeToken('fleeing'));
    expect(analyzeToken('Children')).toBe(analyzeToken('child'));
    expect(analyzeToken('women')).toBe(analyzeToken('woman'));
  });

  it('reads a role named for a person as one word, whatever its gender or number', () => {
    // The dictionary gives المتحدثات as "spokeswomen"; the articles say "AFRICOM spokesman".
    for (const word of ['spokeswoman', 'spokeswomen', 'spokesmen', 'spokesperson', 'Spokespersons'])
      expect(analyzeToken(word), word).toBe(analyzeToken('spokesman'));
    expect(analyzeToken('gunmen')).toBe(analyzeToken('gunman'));
    expect(analyzeToken('chairwoman')).toBe(analyzeToken('chairman'));
    // Three letters at least before the ending: these are words of their own.
    expect(analyzeToken('women')).not.toBe(analyzeToken('man'));
    expect(analyzeToken('Yemen')).not.toBe(analyzeToken('yeman'));
    expect(analyzeToken('human')).toBe('human');
    expect(analyzeToken('omen')).toBe('omen');
  });

  it('leaves alone the forms that are more often another word in the news', () => {
    // "found" stays the stem of "founded", "left" the political left, "wound" the injury.
    expect(analyzeToken('found')).toBe(analyzeToken('founded'));
    expect(analyzeToken('found')).not.toBe(analyzeToken('find'));
    expect(analyzeToken('left')).not.toBe(analyzeToken('leave'));
    expect(analyzeToken('wound')).toBe(analyzeToken('wounded'));
  });

  it('drops the possessive, with a straight or a curly apostrophe', () => {
    expect(matches("Sarraj's", 'Sarraj')).toBe(true);
    expect(matches('Sarraj’s', 'Sarraj')).toBe(true);
    expect(matches('Haftar’s forces', 'Haftar')).toBe(true);
    // No stray "s" term is left behind.
    expect(analyze("Sarraj's")).toEqual(analyze('Sarraj'));
  });

  it('stems inflections (Porter), so "killed" matches "kill"', () => {
    expect(matches('killed', 'kill')).toBe(true);
    expect(matches('strikes', 'strike')).toBe(true);
    expect(matches('advancing', 'advance')).toBe(true);
    expect(matches('killed', 'wounded')).toBe(false);
  });

  it('ignores case', () => {
    expect(analyze('Tripoli')).toEqual(analyze('tripoli'));
    expect(analyze('TRIPOLI')).toEqual(analyze('tripoli'));
  });

  it('drops stop words and question words', () => {
    for (const stop of ['the', 'The', 'who', 'Who', 'did', 'a', 'A', 'of', 'is', 'us', 'it']) {
      expect(analyze(stop), stop).toEqual([]);
    }
    expect(analyze('Who brokered the ceasefire?')).toEqual(analyze('brokered ceasefire'));
  });

  it('keeps acronyms written in capitals that look like stop words', () => {
    expect(analyze('US')).toEqual(['us']);
    expect(analyze('WHO')).not.toEqual([]);
    expect(analyze('IT')).not.toEqual([]);
    expect(matches('US troops', 'US')).toBe(true);
    expect(matches('they told us', 'US')).toBe(false);
  });

  it('matches a dotted acronym with its undotted spelling', () => {
    expect(matches('U.S.', 'US')).toBe(true);
    expect(matches('U.S. forces', 'the US military')).toBe(true);
    expect(tokenize('U.S. forces').map((token) => token.text)).toEqual(['U.S.', 'forces']);
  });

  it('matches a number written with or without thousands separators', () => {
    expect(matches('5,000', '5000')).toBe(true);
    expect(matches('over 5000 fighters', '5,000')).toBe(true);
    expect(analyze('2,000,000')).toEqual(['2000000']);
    // The parts of a grouped number are not numbers of their own.
    expect(matches('5,000', '5')).toBe(false);
    expect(matches('5,000', '000')).toBe(false);
    // A decimal or a time keeps its separator: 13.00 is not 1300.
    expect(analyze('13.00')).toEqual(['13.00']);
    expect(matches('13.00', '1300')).toBe(false);
  });
});

describe('tokenizer', () => {
  const texts = (text: string) => tokenize(text).map((token) => token.text);

  it('splits on every kind of whitespace', () => {
    expect(texts('Libya\tSirte\nMisrata\r\nBenghazi')).toEqual(['Libya', 'Sirte', 'Misrata', 'Benghazi']);
    // NBSP, narrow NBSP, em space, ideographic space, line and paragraph separators, NEL.
    expect(texts('a\u00a0b\u202fc\u2003d\u3000e\u2028f\u2029g\u0085h')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(analyze('Tripoli\u00a0Libya')).toEqual([...analyze('Tripoli'), ...analyze('Libya')]);
  });

  it('splits on punctuation, including a hyphen', () => {
    expect(texts('al-Sarraj')).toEqual(['al', 'Sarraj']);
    expect(analyze('al-Sarraj')).toEqual(['al', 'sarraj']);
    expect(matches('Fayez al-Sarraj', 'Sarraj')).toBe(true);
    expect(texts('(Reuters) “outlaws”, Iran-Backed; self-defense.')).toEqual(['Reuters', 'outlaws', 'Iran', 'Backed', 'self', 'defense']);
    // Arabic punctuation: comma, semicolon, question mark, guillemets.
    expect(texts('ليبيا،مصراتة؛ سرت؟ «داعش»')).toEqual(['ليبيا', 'مصراتة', 'سرت', 'داعش']);
  });

  it('routes each token to the analyser of its script', () => {
    const terms = analyze('ISIS داعش');
    expect(terms).toHaveLength(2);
    expect(terms[0]).toBe(analyzeToken('ISIS'));
    expect(terms[0]).toMatch(/^[a-z]+$/);
    expect(terms[1]).toBe('داعش');
    expect(matches('ISIS داعش', 'ISIS')).toBe(true);
    expect(matches('ISIS داعش', 'داعش')).toBe(true);
    // The Arabic analyser stems القوات; the English one would leave it whole.
    expect(analyze('US القوات forces')).toEqual(['us', 'قو', analyzeToken('forces')]);
  });

  it('makes no terms from emoji, symbols or invisible characters', () => {
    for (const noise of ['👍', '👍🏽', '❤️', '✌️', '🇱🇾', '👨‍👩‍👧', '™ © ®', '\u200b\u200c\u200d\u2060\ufeff', '\u200e\u200f', '...', '?!؟،']) {
      expect(analyze(noise), JSON.stringify(noise)).toEqual([]);
    }
    // A stray combining mark or Arabic vowel sign, with no letter to sit on, is not a word.
    expect(analyze('\u064B')).toEqual([]);
    expect(analyze('\u0301')).toEqual([]);
  });

  it('keeps words intact around emoji and invisible characters', () => {
    expect(analyze('Libya ❤️ 🇱🇾')).toEqual(analyze('Libya'));
    expect(analyze('1️⃣ Sirte')).toEqual(['1', ...analyze('Sirte')]);
    expect(analyze('Tripoli\u200bLibya')).toEqual([...analyze('Tripoli'), ...analyze('Libya')]);
    expect(analyze('\ufeff\u200fليبيا\u200e')).toEqual(analyze('ليبيا'));
    // Every term starts with a letter or digit and holds no format character.
    const mixed = 'ISIS ❤️ داعش\u200b👍🏽 Sirte\u2060 ١٣٫٠٠ 🇱🇾 سرت\u200e ✌️ al-Sarraj’s';
    for (const term of analyze(mixed)) {
      expect(term).toMatch(/^[\p{L}\p{N}]/u);
      expect(term).not.toMatch(/\p{Cf}/u);
    }
  });

  it('returns offsets that slice back to each token', () => {
    const text = '“We are waging a guerrilla war,” he stressed.\tU.S. forces\u00a0(5,000) قُتل ❤️ القوات في سرت،\n13.00 ت.غ Sarraj’s';
    const tokens = tokenize(text);
    expect(tokens.length).toBeGreaterThan(10);
    let previousEnd = 0;
    for (const token of tokens) {
      expect(text.slice(token.start, token.end)).toBe(token.text);
      expect(token.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = token.end;
    }
  });

  it('returns offsets into the original text when it folds Arabic-Indic digits', () => {
    const text = 'في عام ٢٠١٩ قتل ٢١ شخصا';
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.text)).toEqual(['في', 'عام', '2019', 'قتل', '21', 'شخصا']);
    for (const token of tokens) expect(foldDigits(text.slice(token.start, token.end))).toBe(token.text);
    expect(text.slice(tokens[2]!.start, tokens[2]!.end)).toBe('٢٠١٩');
  });

  it('gives no terms for empty or blank text', () => {
    expect(analyze('')).toEqual([]);
    expect(analyze(' \t\n\u00a0\u3000')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('Arabic number separators', () => {
  it('reads ٥٬٠٠٠ as 5000 and ١٣٫٠٠ as 13.00', () => {
    expect(analyze('٥٬٠٠٠')).toEqual(analyze('5,000'));
    expect(analyze('٥٬٠٠٠')).toEqual(['5000']);
    expect(analyze('١٣٫٠٠')).toEqual(['13.00']);
  });
});
