/**
 * English stop words: Lucene's classic English set (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, Apache
 * License 2.0), extended with the pronouns, auxiliaries and question words that a question adds but
 * that never identify the passage that answers it. Content words (name, year, number) stay: their
 * weight is left to inverse document frequency.
 */
const LUCENE_CLASSIC = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no',
  'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this',
  'to', 'was', 'will', 'with',
];

const QUESTION_AND_FUNCTION_WORDS = [
  // question words
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'whats', 'whos',
  // auxiliaries
  'am', 'been', 'being', 'were', 'do', 'does', 'did', 'done', 'doing', 'has', 'have', 'had', 'having',
  'can', 'could', 'would', 'should', 'shall', 'may', 'might', 'must',
  // pronouns and determiners
  'i', 'me', 'my', 'we', 'our', 'us', 'you', 'your', 'he', 'him', 'his', 'she', 'her', 'hers', 'its',
  'them', 'those', 'itself', 'himself', 'herself', 'themselves', 'some', 'any', 'each', 'other',
  'another', 'both', 'either', 'neither', 'all', 'many', 'much', 'more', 'most', 'few',
  'so', 'nor', 'also', 'too', 'very', 'just', 'than',
  // contractions as tokenised (apostrophe kept inside the token)
  "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "it's", "what's", "who's",
];

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  ...LUCENE_CLASSIC,
  ...QUESTION_AND_FUNCTION_WORDS,
]);
