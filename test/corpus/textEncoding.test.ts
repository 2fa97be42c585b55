import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { readSnapshot, writeSnapshot } from '../../src/corpus/snapshotStore.js';

/**
 * A document's text is kept as UTF-16 when it is mostly two-byte letters (Arabic: hardly larger,
 * decoded far faster), as UTF-8 otherwise — and every passage reads back exactly as it was.
 */

const ARABIC = 'قالت مصادر في العاصمة الليبية طرابلس إن المفاوضات بين الأطرافِ المتنازعة ستُستأنف الأسبوع المقبل.';
const ENGLISH = 'Negotiators said on Monday that the envoy had brokered a truce between the rival militias.';
/** Arabic with an emoji: a surrogate pair keeps the document in UTF-8. */
const ARABIC_EMOJI = 'احتفل السكان في مصراتة بالهدنة 🎉 حتى الفجر.';

function doc(id: string, languages: CorpusDocument['languages'], texts: readonly string[]): CorpusDocument {
  let start = 0;
  return {
    id,
    title: id,
    file: `${id}.txt`,
    languages,
    passages: texts.map((text, i) => {
      const passage = { paragraph: i + 1, start, end: start + text.length, text };
      start += text.length + 2;
      return passage;
    }),
  };
}

/** English with a curly apostrophe: UTF-8 longer than its text, so its passages cannot be read apart. */
const ENGLISH_CURLY = 'The envoy’s truce held overnight, officials said.';

const documents = [
  doc('ar', ['ar'], [ARABIC, `${ARABIC} ١٢٣ مرة`, 'وقال المتحدث إن الهدنة صامدة.']),
  doc('en', ['en'], [ENGLISH, 'A second paragraph of plain ASCII text.', 'And a third one.']),
  doc('emoji', ['ar'], [ARABIC_EMOJI]),
  doc('curly', ['en'], [ENGLISH, ENGLISH_CURLY]),
];

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("a document's text in the index", () => {
  const bytes = Buffer.from(SearchIndex.build(documents).toBytes());

  /** The index written to a snapshot file and read back: its text stays in the file. */
  const fromSnapshotFile = async (): Promise<SearchIndex> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-text-'));
    dirs.push(dir);
    const file = path.join(dir, 'c.snapshot');
    await writeSnapshot(file, 'fingerprint', bytes);
    const read = await readSnapshot(file, 'fingerprint');
    if (read.kind !== 'loaded') throw new Error(read.kind);
    return read.index;
  };

  it('is UTF-16 for Arabic, UTF-8 for English and for text with a surrogate pair', () => {
    expect(bytes.includes(Buffer.from(ARABIC, 'utf16le'))).toBe(true);
    expect(bytes.includes(Buffer.from(ARABIC, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(ENGLISH, 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from(ARABIC_EMOJI, 'utf8'))).toBe(true);
  });

  it('reads back verbatim from the bytes and from a snapshot file', async () => {
    for (const index of [SearchIndex.fromBytes(bytes), await fromSnapshotFile()]) {
      documents.forEach((document, d) => {
        expect(index.documents[d]!.passages).toEqual(document.passages);
        for (let id = 0; id < index.passageCount; id++) {
          const passage = index.passage(id)!;
          if (passage.doc === d) expect(index.passageText(passage)).toBe(document.passages[passage.index]!.text);
        }
      });
    }
  });

  it('reads each passage alone from a snapshot file for scoring, before any document is decoded', async () => {
    const index = await fromSnapshotFile();
    // Last passage first, so that no passage is read after its neighbours' bytes were.
    for (let id = index.passageCount - 1; id >= 0; id--) {
      const passage = index.passage(id)!;
      expect(index.passageText(passage), `passage ${id}`).toBe(documents[passage.doc]!.passages[passage.index]!.text);
    }
    // And the documents, decoded whole for quoting, are still the same.
    documents.forEach((document, d) => expect(index.documents[d]!.passages).toEqual(document.passages));
  });
});
