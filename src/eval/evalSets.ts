import { z } from 'zod';
import { describeIssues } from '../core/describeIssues.js';

/**
 * The evaluation data's two formats — the list of sets (`sets.json`) and the question files (JSON
 * Lines) — parsed from their text. The data comes from outside the repository, so it is checked
 * field by field; a mistake comes back as messages naming the file, line and field to fix.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

const CATEGORIES = ['answerable', 'unanswerable', 'crosslingual'] as const;

/** zod's own wording is about types; say what is missing, or what the field must be. */
const expected = (what: string) => ({
  error: (issue: { readonly input?: unknown }) => (issue.input === undefined ? 'is missing' : what),
});

const questionSchema = z
  .object(
    {
      id: z.string(expected('must be a string')).trim().min(1, 'must not be empty'),
      lang: z.enum(['en', 'ar'], expected('must be "en" or "ar"')),
      category: z.enum(CATEGORIES, expected(`must be one of ${CATEGORIES.map((c) => `"${c}"`).join(', ')}`)),
      question: z.string(expected('must be a string')),
      expect: z.array(z.string(expected('must be a string')).trim().min(1, 'must not be empty'), expected('must be a list of strings')),
    },
    expected('must be one JSON object per line: { "id", "lang", "category", "question", "expect" }'),
  )
  .superRefine((question, context) => {
    // An answerable question without expected strings could never be a hit, and an unanswerable one
    // with them contradicts itself: either way the figures would quietly be wrong.
    if (question.category === 'unanswerable' && question.expect.length > 0) {
      context.addIssue({ code: 'custom', path: ['expect'], message: 'must be empty for an unanswerable question (there is no answer to expect)' });
    }
    if (question.category !== 'unanswerable' && question.expect.length === 0) {
      context.addIssue({ code: 'custom', path: ['expect'], message: `must hold at least one expected string for a ${question.category} question` });
    }
  });

/** One evaluation question, as in `../shared/eval/*.jsonl`. */
export type EvalQuestion = z.infer<typeof questionSchema>;

const setSchema = z.object({
  name: z
    .string(expected('must be a string'))
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain name (letters, digits, ".", "_", "-"), as given to --sets'),
  questions: z.string(expected('must be a path to a JSON Lines file, relative to sets.json')).min(1, 'must not be empty'),
  corpus: z.string(expected('must be "project" or a folder relative to sets.json')).min(1, 'must not be empty'),
  reference: z.record(z.string(), z.number(expected('must be a number')), expected('must be an object of named figures, such as { "hit1": 0.68 }')).optional(),
});

/** One set of `sets.json`: a question file and the corpus to index for it (paths as written there). */
export type EvalSet = z.infer<typeof setSchema>;

const setsFileSchema = z.object(
  {
    sets: z
      .array(setSchema, expected('must be a list of sets ({ "name", "questions", "corpus" })'))
      .min(1, 'must list at least one set')
      .superRefine((sets, context) => {
        const seen = new Map<string, number>();
        sets.forEach((set, i) => {
          const first = seen.get(set.name);
          if (first === undefined) seen.set(set.name, i);
          else context.addIssue({ code: 'custom', path: [i, 'name'], message: `"${set.name}" is already the name of sets[${first}]` });
        });
      }),
  },
  expected('must be a JSON object with a "sets" list'),
);

function issues(error: z.ZodError, prefix: string): string[] {
  return describeIssues(error).map((line) => `${prefix}${line}`);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** `sets.json`, named `source` in the messages. */
export function parseSetsFile(text: string, source: string): Parsed<readonly EvalSet[]> {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, errors: [`${source} is not valid JSON: ${json.reason}`] };
  const parsed = setsFileSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, errors: issues(parsed.error, `${source}: `) };
  return { ok: true, value: parsed.data.sets };
}

/** How many problems of one question file are listed: past a few, the file is simply not in this format. */
const MAX_ERRORS = 20;

/** A question file (JSON Lines, blank lines ignored), named `source` in the messages. */
export function parseQuestionsFile(text: string, source: string): Parsed<readonly EvalQuestion[]> {
  const questions: EvalQuestion[] = [];
  const errors: string[] = [];
  const lineOfId = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${source}:${i + 1}: `;
    const json = parseJson(line);
    if (!json.ok) {
      errors.push(`${at}not a JSON object: ${json.reason}`);
      return;
    }
    const parsed = questionSchema.safeParse(json.value);
    if (!parsed.success) {
      errors.push(...issues(parsed.error, at));
      return;
    }
    const earlier = lineOfId.get(parsed.data.id);
    if (earlier !== undefined) errors.push(`${at}id "${parsed.data.id}" is already used on line ${earlier}`);
    else lineOfId.set(parsed.data.id, i + 1);
    questions.push(parsed.data);
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`${source}: … and ${errors.length - MAX_ERRORS} more problems`);
    return { ok: false, errors: shown };
  }
  if (questions.length === 0) return { ok: false, errors: [`${source} holds no question`] };
  return { ok: true, value: questions };
}
