import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_LENGTH, splitSentences } from '../../src/core/splitSentences.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** The sentences of `text` as strings. */
function sentences(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

/** Spans are in order, do not overlap, are trimmed, and lose nothing but the whitespace between them. */
function expectWellFormed(text: string, from = 0, to = text.length, max = MAX_SENTENCE_LENGTH): void {
  const spans = splitSentences(text, from, to, max);
  let previousEnd = from;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(to);
    expect(span.end - span.start).toBeLessThanOrEqual(max);
    // Never between the two halves of a surrogate pair.
    expect(/[\uDC00-\uDFFF]/.test(text[span.start]!) && /[\uD800-\uDBFF]/.test(text[span.start - 1] ?? '')).toBe(false);
    expect(/[\uD800-\uDBFF]/.test(text[span.end - 1]!) && /[\uDC00-\uDFFF]/.test(text[span.end] ?? '')).toBe(false);
    const sentence = text.slice(span.start, span.end);
    expect(sentence).toBe(sentence.trim());
    expect(text.slice(previousEnd, span.start).trim()).toBe('');
    previousEnd = span.end;
  }
  expect(text.slice(previousEnd, to).trim()).toBe('');
}

describe('splitSentences', () => {
  it('ends a sentence at . ! ? ؟ and …', () => {
    expect(sentences('First one. Second one! Third one? Fourth one… Fifth.')).toEqual(['First one.', 'Second one!', 'Third one?', 'Fourth one…', 'Fifth.']);
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
    expect(sentences('Mr. Smith met Dr. Jones in Washington. They talked.')).toEqual(['Mr. Smith met Dr. Jones in Washington.', 'They talked.']);
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
    expect(sentences('قال المسؤول إن الهجوم وقع. هل انتهى القتال؟ نعم انتهى.')).toEqual(['قال المسؤول إن الهجوم وقع.', 'هل انتهى القتال؟', 'نعم انتهى.']);
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

  describe('a "sentence" without an end', () => {
    const words = ['ceasefire', 'militia', 'Tripoli', 'convoy', 'talks', 'envoy', 'harbour'];
    const unstopped = (length: number) => {
      const out: string[] = [];
      for (let i = 0, size = 0; size < length; i++) {
        out.push(words[(i * 5) % words.length]!);
        size += out[out.length - 1]!.length + 1;
      }
      return out.join(' ');
    };

    it('is cut into pieces of at most MAX_SENTENCE_LENGTH, at whitespace', () => {
      const text = unstopped(200_000);
      const spans = splitSentences(text);
      expect(spans.length).toBeGreaterThanOrEqual(200_000 / MAX_SENTENCE_LENGTH);
      for (const span of spans) {
        expect(span.end - span.start).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
        if (span !== spans.at(-1)) expect(span.end - span.start).toBeGreaterThan(MAX_SENTENCE_LENGTH / 2);
        // Whole words: whitespace (or either end of the text) on both sides.
        expect(span.end === text.length || /\s/.test(text[span.end]!)).toBe(true);
        expect(span.start === 0 || /\s/.test(text[span.start - 1]!)).toBe(true);
      }
      expectWellFormed(text);
    });

    it('is cut hard when it has no whitespace, never inside a surrogate pair', () => {
      for (const unit of ['x', '😀', 'ب😀', '👨‍👩‍👧']) {
        const text = unit.repeat(Math.ceil(5000 / unit.length));
        const spans = splitSentences(text);
        expect(spans.length).toBeGreaterThan(1);
        expect(spans.map((span) => text.slice(span.start, span.end)).join('')).toBe(text);
        expectWellFormed(text);
      }
    });

    it('is cut only when it passes the bound: real sentences stay whole', () => {
      const long = `${unstopped(2 * MAX_SENTENCE_LENGTH)
        .slice(0, MAX_SENTENCE_LENGTH - 2)
        .trimEnd()}x.`;
      expect(long.length).toBe(MAX_SENTENCE_LENGTH);
      expect(sentences(`${long} Next one.`)).toEqual([long, 'Next one.']);
    });

    it('keeps every span bounded and well formed for random text and bounds', () => {
      // A small PRNG, so a failure reproduces.
      let seed = 0x9e3779b9;
      const random = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
      const alphabet = ['a', 'B', ' ', ' ', '\n', '.', '?', '…', '"', 'ب', '😀', '\u200b', 'Mr', '3.5'];
      for (let round = 0; round < 400; round++) {
        let text = '';
        const length = Math.floor(random() * 300);
        while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)]!;
        const max = 2 + Math.floor(random() * 40);
        // A range never starts or ends between the halves of a surrogate pair (the checks above
        // are about the splitter's cuts, not the caller's).
        const outsidePair = (i: number) => (/[\uDC00-\uDFFF]/.test(text[i] ?? '') ? i + 1 : i);
        const from = outsidePair(Math.floor(random() * (text.length / 3)));
        const to = outsidePair(text.length - Math.floor(random() * (text.length / 3)));
        expectWellFormed(text, from, Math.max(from, to), max);
      }
    });
  });
});
