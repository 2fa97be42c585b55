import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/splitSentences.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** The sentences of `text` as strings. */
function sentences(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

/** Spans are in order, do not overlap, are trimmed, and lose nothing but the whitespace between them. */
function expectWellFormed(text: string, from = 0, to = text.length): void {
  const spans = splitSentences(text, from, to);
  let previousEnd = from;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(to);
    const sentence = text.slice(span.start, span.end);
    expect(sentence).toBe(sentence.trim());
    expect(text.slice(previousEnd, span.start).trim()).toBe('');
    previousEnd = span.end;
  }
  expect(text.slice(previousEnd, to).trim()).toBe('');
}

describe('splitSentences', () => {
  it('ends a sentence at . ! ? ؟ and …', () => {
    expect(sentences('First one. Second one! Third one? Fourth one… Fifth.')).toEqual([
      'First one.',
      'Second one!',
      'Third one?',
      'Fourth one…',
      'Fifth.',
    ]);
    expect(sentences('Wait... what happened? Nothing.')).toEqual(['Wait... what happened?', 'Nothing.']);
  });

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(sentences('“We are waging a guerrilla war,” he stressed. Meanwhile, the GNA announced the launch of Operation Volcano of Anger.')).toEqual([
      '“We are waging a guerrilla war,” he stressed.',
      'Meanwhile, the GNA announced the launch of Operation Volcano of Anger.',
    ]);
    expect(sentences('He said “stop.” Then he left.')).toEqual(['He said “stop.”', 'Then he left.']);
    expect(sentences('He said: "Go!" She went.')).toEqual(['He said: "Go!"', 'She went.']);
    expect(sentences('It ended (finally.) Next.')).toEqual(['It ended (finally.)', 'Next.']);
    expect(sentences('قال "نحن على استعداد." ثم غادر.')).toEqual(['قال "نحن على استعداد."', 'ثم غادر.']);
  });

  it('does not split after titles and abbreviations', () => {
    const text =
      'Earlier Tuesday, Pentagon press secretary Maj. Gen. Pat Ryder said that the militias had also targeted US personnel. There are about 900 US troops deployed in Syria.';
    expect(sentences(text)).toEqual([
      'Earlier Tuesday, Pentagon press secretary Maj. Gen. Pat Ryder said that the militias had also targeted US personnel.',
      'There are about 900 US troops deployed in Syria.',
    ]);
    expect(sentences('Mr. Smith met Dr. Jones in Washington. They talked.')).toEqual([
      'Mr. Smith met Dr. Jones in Washington.',
      'They talked.',
    ]);
  });

  it('does not split after initials or a dotted acronym', () => {
    expect(sentences('U.S. forces conducted strikes in Syria. No US troops were injured.')).toEqual([
      'U.S. forces conducted strikes in Syria.',
      'No US troops were injured.',
    ]);
    expect(sentences('The report by John C. Messenger was published. It was read widely.')).toEqual([
      'The report by John C. Messenger was published.',
      'It was read widely.',
    ]);
  });

  it('does not split inside decimals or times', () => {
    expect(sentences('Update: 13.00 GMT. The fighting resumed at 14.30 near Sirte.')).toEqual([
      'Update: 13.00 GMT.',
      'The fighting resumed at 14.30 near Sirte.',
    ]);
    expect(sentences('It cost 3.5 million dollars. Really.')).toEqual(['It cost 3.5 million dollars.', 'Really.']);
    expect(sentences('تحديث: 13.00 ت.غ')).toEqual(['تحديث: 13.00 ت.غ']);
  });

  it('does not split before a lower-case continuation', () => {
    expect(sentences('It rose to 5 p.m. on the day.')).toEqual(['It rose to 5 p.m. on the day.']);
  });

  it('splits Arabic sentences at . and ؟', () => {
    expect(sentences('قال المسؤول إن الهجوم وقع. هل انتهى القتال؟ نعم انتهى.')).toEqual([
      'قال المسؤول إن الهجوم وقع.',
      'هل انتهى القتال؟',
      'نعم انتهى.',
    ]);
    expect(sentences('واتهمت مسلحي داعش في ليبيا بالتخطيط لمهاجمة أهداف أميركية! وشكلت حكومة الوفاق غرفة عمليات.')).toEqual([
      'واتهمت مسلحي داعش في ليبيا بالتخطيط لمهاجمة أهداف أميركية!',
      'وشكلت حكومة الوفاق غرفة عمليات.',
    ]);
  });

  it('returns trimmed spans that slice back to the text', () => {
    const text = '  \u00a0Leading space.\t Trailing space.  \n';
    expect(sentences(text)).toEqual(['Leading space.', 'Trailing space.']);
    expectWellFormed(text);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
    expect(sentences('No terminator at all')).toEqual(['No terminator at all']);
  });

  it('splits only inside the requested range', () => {
    const text = 'Skip this. Take this one. And this. Skip again.';
    const from = text.indexOf('Take');
    const to = text.indexOf(' Skip again');
    const spans = splitSentences(text, from, to);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['Take this one.', 'And this.']);
    expectWellFormed(text, from, to);
  });

  it('gives well-formed spans for every paragraph of the seed corpus', async () => {
    const corpus = await loadCorpus(corpusDir);
    let count = 0;
    for (const document of corpus.documents) {
      for (const passage of document.passages) {
        expectWellFormed(passage.text);
        count += splitSentences(passage.text).length;
      }
    }
    expect(count).toBeGreaterThan(corpus.documents.reduce((n, d) => n + d.passages.length, 0));
  });
});
