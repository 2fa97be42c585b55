import { describe, expect, it } from 'vitest';
import { parseQuestionsFile, parseSetsFile } from '../../src/eval/evalSets.js';

const line = (question: object) => JSON.stringify(question);
const GOOD = { id: 'q1', lang: 'en', category: 'answerable', question: 'Who?', expect: ['x'] };

describe('parseSetsFile', () => {
  it('reads the sets with their optional reference figures, ignoring other keys', () => {
    const parsed = parseSetsFile(
      JSON.stringify({ about: 'notes', sets: [{ name: 'a', questions: 'a.jsonl', corpus: 'project', reference: { hit1: 0.5 } }] }),
      'sets.json',
    );
    expect(parsed).toEqual({ ok: true, value: [{ name: 'a', questions: 'a.jsonl', corpus: 'project', reference: { hit1: 0.5 } }] });
  });

  it('names each field to fix', () => {
    const parsed = parseSetsFile(
      JSON.stringify({
        sets: [{ name: 'a', questions: 'a.jsonl', corpus: 'project' }, { name: 'a', questions: 3, corpus: 'c', reference: { hit1: 'high' } }, {}],
      }),
      'sets.json',
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      'sets.json: sets[1].questions must be a path to a JSON Lines file, relative to sets.json',
      'sets.json: sets[1].reference.hit1 must be a number',
      'sets.json: sets[2].name is missing',
      'sets.json: sets[2].questions is missing',
      'sets.json: sets[2].corpus is missing',
    ]);
  });

  it('refuses two sets of one name (--sets could not tell them apart), and text that is not JSON', () => {
    const twice = parseSetsFile(
      JSON.stringify({
        sets: [
          { name: 'a', questions: 'a', corpus: 'p' },
          { name: 'a', questions: 'b', corpus: 'p' },
        ],
      }),
      'sets.json',
    );
    expect(!twice.ok && twice.errors).toEqual(['sets.json: sets[1].name "a" is already the name of sets[0]']);
    const notJson = parseSetsFile('{ sets: [', 'sets.json');
    expect(!notJson.ok && notJson.errors[0]).toMatch(/^sets\.json is not valid JSON: /);
  });
});

describe('parseQuestionsFile', () => {
  it('reads one question per line, skipping blank lines and a BOM', () => {
    const parsed = parseQuestionsFile(`\uFEFF${line(GOOD)}\n\n${line({ ...GOOD, id: 'q2', category: 'unanswerable', expect: [] })}\n`, 'q.jsonl');
    expect(parsed.ok && parsed.value.map((question) => [question.id, question.category])).toEqual([
      ['q1', 'answerable'],
      ['q2', 'unanswerable'],
    ]);
  });

  it('names the line and field of each problem', () => {
    const parsed = parseQuestionsFile(
      [
        line(GOOD),
        line({ ...GOOD, id: 'q2', lang: 'fr' }),
        'not json',
        line({ ...GOOD, id: 'q4', category: 'unanswerable' }),
        line({ ...GOOD, id: 'q5', category: 'crosslingual', expect: [] }),
        line(GOOD),
        line({ id: 'q7' }),
      ].join('\n'),
      'q.jsonl',
    );
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors[0]).toBe('q.jsonl:2: lang must be "en" or "ar"');
    expect(errors[1]).toMatch(/^q\.jsonl:3: not a JSON object: /);
    expect(errors.slice(2)).toEqual([
      'q.jsonl:4: expect must be empty for an unanswerable question (there is no answer to expect)',
      'q.jsonl:5: expect must hold at least one expected string for a crosslingual question',
      'q.jsonl:6: id "q1" is already used on line 1',
      'q.jsonl:7: lang is missing',
      'q.jsonl:7: category is missing',
      'q.jsonl:7: question is missing',
      'q.jsonl:7: expect is missing',
    ]);
  });

  it('refuses a file with no question', () => {
    expect(parseQuestionsFile('\n\n', 'q.jsonl')).toEqual({ ok: false, errors: ['q.jsonl holds no question'] });
  });
});
