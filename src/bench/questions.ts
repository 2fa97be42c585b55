import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeToken, tokenize } from '../core/analyze.js';
import { detectLanguage } from '../core/detectLanguage.js';
import { splitSentences } from '../core/splitSentences.js';
import type { Language } from '../core/types.js';
import { Random } from './prng.js';
import { PROJECT_ROOT } from './sentencePool.js';

/**
 * The fixed question set of a benchmark run, derived from the seed: questions made from content
 * words of corpus sentences (what users ask about what is there), questions from the evaluation
 * sets when ../shared is present (how people actually phrase questions), and questions the corpus
 * cannot answer (the abstention path, which also costs time).
 */
export const QUESTION_GENERATOR_VERSION = 'isnad-bench-questions-2';

export type QuestionKind = 'corpus' | 'eval' | 'out-of-corpus';

export interface BenchQuestion {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly language: Language;
  readonly question: string;
}

export interface SourceQuestion {
  readonly language: Language;
  readonly question: string;
}

/** Questions nothing in the news corpus or in the XQuAD articles answers. */
export const BUILT_IN_OUT_OF_CORPUS: readonly SourceQuestion[] = [
  ...[
    'How long should I bake a chocolate cake?',
    'What is the best soil for growing tomatoes?',
    'How often should a cat be vaccinated?',
    'Which planet has the most moons?',
    'Who composed the Moonlight Sonata?',
    'How many sets are played in a Wimbledon final?',
    'What is the recipe for sourdough bread?',
    'How do I fix a leaking kitchen tap?',
    'What is the tallest waterfall in the world?',
    'Which fabric is best for summer dresses?',
    'How much sleep does a newborn baby need?',
    'What is the difference between a violin and a viola?',
    'How do bees make honey?',
    'When does the cherry blossom season start in Kyoto?',
    'Which language has the most native speakers?',
    'How do I remove a red wine stain from a carpet?',
    'What temperature should green tea be brewed at?',
    'How many strings does a classical guitar have?',
    'Which vitamins are found in spinach?',
    'How do I change a flat bicycle tyre?',
  ].map((question) => ({ language: 'en' as const, question })),
  ...[
    'كم دقيقة تحتاج كعكة الشوكولاتة في الفرن؟',
    'ما أفضل تربة لزراعة الطماطم؟',
    'متى يجب تطعيم القطط؟',
    'أي كوكب لديه أكبر عدد من الأقمار؟',
    'من ألف سوناتا ضوء القمر؟',
    'كيف أصنع خبز العجين المخمر في البيت؟',
    'كيف أصلح صنبور المطبخ الذي يسرب الماء؟',
    'ما هو أعلى شلال في العالم؟',
    'ما أفضل قماش لفساتين الصيف؟',
    'كم ساعة ينام الطفل حديث الولادة؟',
    'ما الفرق بين الكمان والفيولا؟',
    'كيف يصنع النحل العسل؟',
    'متى يبدأ موسم أزهار الكرز في اليابان؟',
    'ما أفضل طريقة لتعلم العزف على البيانو؟',
    'كم مرة يجب سقي نبات الصبار؟',
    'كيف أزيل بقعة القهوة من القميص؟',
    'ما درجة الحرارة المناسبة لتحضير الشاي الأخضر؟',
    'كم وترا في الغيتار الكلاسيكي؟',
    'ما الفيتامينات الموجودة في السبانخ؟',
    'كيف أغير إطار الدراجة المثقوب؟',
  ].map((question) => ({ language: 'ar' as const, question })),
];

const QUESTION_WORDS: Record<Language, readonly string[]> = {
  en: ['What', 'Who', 'When', 'Where', 'Why', 'How many', 'Which'],
  ar: ['ما', 'من', 'متى', 'أين', 'لماذا', 'كم', 'أي'],
};

export interface EvalQuestions {
  /** Answerable questions phrased by people (XQuAD dev in both languages, the seed set). */
  readonly answerable: readonly SourceQuestion[];
  /**
   * Questions whose answer is in no corpus here: the seed set's unanswerable ones. Not
   * out-of-corpus-dev: its Wikipedia questions are out of the news corpus, but several are about
   * the XQuAD articles (ABC, the Huguenots) whose sentences the generated corpora hold.
   */
  readonly unanswerable: readonly SourceQuestion[];
  readonly files: readonly string[];
}

function readJsonl(file: string): { lang?: string; category?: string; question?: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { lang?: string; category?: string; question?: string });
}

/** The evaluation questions in ../shared/eval, or empty lists when the folder is not there. */
export function loadEvalQuestions(evalDir = path.join(PROJECT_ROOT, '..', 'shared', 'eval')): EvalQuestions {
  const answerable: SourceQuestion[] = [];
  const unanswerable: SourceQuestion[] = [];
  const files: string[] = [];
  const add = (relative: string, target: 'answerable' | 'by-category') => {
    const file = path.join(evalDir, relative);
    if (!existsSync(file)) return;
    files.push(relative);
    for (const row of readJsonl(file)) {
      if (typeof row.question !== 'string' || (row.lang !== 'en' && row.lang !== 'ar')) continue;
      const question = { language: row.lang, question: row.question } as const;
      const unanswerableRow = target === 'by-category' && row.category === 'unanswerable';
      (unanswerableRow ? unanswerable : answerable).push(question);
    }
  };
  add('xquad-dev-en/questions.jsonl', 'answerable');
  add('xquad-dev-ar/questions.jsonl', 'answerable');
  add('seed-dev.jsonl', 'by-category');
  return { answerable, unanswerable, files };
}

export interface QuestionSourceText {
  /** Texts of the corpus's passages (any order, but the same order for the same corpus). */
  readonly passages: readonly string[];
}

export interface GenerateQuestionsOptions {
  readonly count: number;
  readonly seed: number;
  readonly evalQuestions?: EvalQuestions;
  /**
   * Passages holding each analysed term (termStatistics). With it, half of a corpus question's
   * words are its sentence's rarest, as people ask about the names and specific words of what they
   * read, not about its commonest words; without it (the first generator, whose few sentences
   * repeat), the words are drawn at random as before.
   */
  readonly documentFrequency?: ReadonlyMap<string, number>;
  /** Questions not to draw (another set's): the steady warm-up set leaves out the timed one. */
  readonly exclude?: ReadonlySet<string>;
}

/** Share of the set taken from the evaluation sets (when present) and from out-of-corpus questions. */
export const EVAL_SHARE = 0.15;
export const OUT_OF_CORPUS_SHARE = 0.15;
const MIN_WORDS = 4;
const MAX_WORDS = 8;

/** Content words (not stop words) of a sentence, in order, each once. */
function contentWords(sentence: string): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const token of tokenize(sentence)) {
    const key = token.text.toLowerCase();
    if (seen.has(key) || !/\p{L}/u.test(token.text) || analyzeToken(token.text) === null) continue;
    seen.add(key);
    words.push(token.text);
  }
  return words;
}

function questionFromSentence(sentence: string, random: Random, documentFrequency?: ReadonlyMap<string, number>): SourceQuestion | undefined {
  const words = contentWords(sentence);
  if (words.length < MIN_WORDS) return undefined;
  const language = detectLanguage(sentence) ?? 'en';
  const count = random.int(MIN_WORDS, Math.min(MAX_WORDS, words.length));
  let order = random.shuffle(words.map((_, i) => i));
  if (documentFrequency !== undefined) {
    const df = (i: number) => documentFrequency.get(analyzeToken(words[i]!) ?? '') ?? 0;
    const rarest = [...order].sort((a, b) => df(a) - df(b)).slice(0, Math.ceil(count / 2));
    order = [...rarest, ...order.filter((i) => !rarest.includes(i))];
  }
  // The chosen words, kept in sentence order.
  const chosen = order
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => words[i]!);
  // Half phrased as a question, half as the bag of keywords people also type.
  if (random.next() < 0.5) return { language, question: chosen.join(' ') };
  const mark = language === 'ar' ? '؟' : '?';
  return { language, question: `${random.pick(QUESTION_WORDS[language])} ${chosen.join(' ')}${mark}` };
}

function takeDistinct(from: readonly SourceQuestion[], count: number, random: Random, taken: Set<string>): SourceQuestion[] {
  const out: SourceQuestion[] = [];
  for (const candidate of random.shuffle(from)) {
    if (out.length >= count) break;
    if (taken.has(candidate.question)) continue;
    taken.add(candidate.question);
    out.push(candidate);
  }
  return out;
}

export function generateQuestions(source: QuestionSourceText, options: GenerateQuestionsOptions): BenchQuestion[] {
  const random = Random.derive(options.seed, 'questions');
  const evalQuestions = options.evalQuestions;
  const outOfCorpusPool = [...(evalQuestions?.unanswerable ?? []), ...BUILT_IN_OUT_OF_CORPUS];
  const answerablePool = evalQuestions?.answerable ?? [];
  const taken = new Set<string>(options.exclude);

  const outOfCorpus = takeDistinct(outOfCorpusPool, Math.round(options.count * OUT_OF_CORPUS_SHARE), random, taken);
  const fromEval = answerablePool.length > 0 ? takeDistinct(answerablePool, Math.round(options.count * EVAL_SHARE), random, taken) : [];
  const fromCorpus: SourceQuestion[] = [];
  const wanted = options.count - outOfCorpus.length - fromEval.length;
  for (let attempts = 0; fromCorpus.length < wanted && attempts < wanted * 50 && source.passages.length > 0; attempts++) {
    const passage = random.pick(source.passages);
    const spans = splitSentences(passage);
    if (spans.length === 0) continue;
    const span = random.pick(spans);
    const question = questionFromSentence(passage.slice(span.start, span.end), random, options.documentFrequency);
    if (question === undefined || taken.has(question.question)) continue;
    taken.add(question.question);
    fromCorpus.push(question);
  }

  const tagged: BenchQuestion[] = [
    ...fromCorpus.map((q, i) => ({ id: `corpus-${i + 1}`, kind: 'corpus' as const, ...q })),
    ...fromEval.map((q, i) => ({ id: `eval-${i + 1}`, kind: 'eval' as const, ...q })),
    ...outOfCorpus.map((q, i) => ({ id: `ooc-${i + 1}`, kind: 'out-of-corpus' as const, ...q })),
  ];
  // Mixed, so that the warm-up and a time-capped run see every kind.
  return random.shuffle(tagged);
}
