import { fileURLToPath } from 'node:url';
import type { Lexicon } from '../../src/core/Lexicon.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { loadLexicon } from '../../src/corpus/loadLexicon.js';

/** A file or folder of the XQuAD dev fixtures (test/fixtures/xquad-dev, CC BY-SA 4.0: see its README). */
export const xquadFixture = (name: string): string => fileURLToPath(new URL(`../fixtures/xquad-dev/${name}`, import.meta.url));

/** The shipped lexicon (lexicon/freedict-en-ar.tsv.gz); a set-up that cannot load it fails, saying why. */
export async function shippedLexicon(): Promise<Lexicon> {
  const loaded = await loadLexicon();
  if (loaded.kind !== 'loaded') throw new Error(`lexicon: ${loaded.reason}`);
  return loaded.lexicon;
}

/** The English and the Arabic XQuAD dev articles, as the documents of one corpus holding both languages. */
export async function bilingualXquadDocuments(): Promise<CorpusDocument[]> {
  return [...(await loadCorpus(xquadFixture('xquad-dev-en/corpus'))).documents, ...(await loadCorpus(xquadFixture('xquad-dev-ar/corpus'))).documents];
}
