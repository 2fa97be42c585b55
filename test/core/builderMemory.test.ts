import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchIndexBuilder } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function arrayBuffers(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

/** `count` articles of three paragraphs, in both languages, many distinct words each. */
function articles(count: number): CorpusDocument[] {
  const english = ['ceasefire', 'militia', 'council', 'tripoli', 'misrata', 'election', 'minister', 'border', 'talks', 'envoy'];
  const arabic = ['وقف', 'إطلاق', 'النار', 'المجلس', 'طرابلس', 'مصراتة', 'الانتخابات', 'الوزير', 'الحدود', 'المحادثات'];
  return Array.from({ length: count }, (_, d) => {
    const words = d % 2 === 0 ? english : arabic;
    const title = `Report ${d} ${words[d % 10]}`;
    let at = title.length + 2;
    const passages = [1, 2, 3].map((p) => {
      const sentences: string[] = [];
      for (let s = 0; s < 8; s++) sentences.push(`${words[(d + s) % 10]} ${words[(d * 7 + s + p) % 10]}${d % 977} ${d}x${p}x${s} ${words[(s * 3) % 10]}.`);
      const text = sentences.join(' ');
      const passage = { paragraph: p + 1, start: at, end: at + text.length, text };
      at += text.length + 2;
      return passage;
    });
    return { id: `report-${d}`, title, file: `report-${d}.txt`, languages: [d % 2 === 0 ? 'en' : 'ar'], passages } satisfies CorpusDocument;
  });
}

describe('an index built a document at a time', () => {
  it('keeps nothing of what the builder collected once it is finished, though the builder is still referred to', () => {
    const documents = articles(3000);
    const before = arrayBuffers();
    let builder: SearchIndexBuilder | undefined = SearchIndex.builder();
    for (const document of documents) builder.add(document);
    const index = builder.finish();
    const withBuilder = arrayBuffers();
    builder = undefined;
    const withoutBuilder = arrayBuffers();
    const held = withoutBuilder - before;
    expect(index.passageCount).toBe(9000);
    expect(held).toBeGreaterThan(1_000_000);
    // The growing arrays, the surfaces' and terms' tables and the tokens as collected (four bytes
    // each, more than the index's own tables) all go with finish, not with the builder.
    expect(withBuilder - withoutBuilder).toBeLessThan(0.02 * held);
  });
});
