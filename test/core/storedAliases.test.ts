import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * The acronyms mined at index time travel in the snapshot as a JSON section, parsed field by field
 * when the index is read back: a section that does not fit refuses the index with the field named
 * (the caller then rebuilds), instead of handing AliasTable a name length past its words.
 */

// Defines the GNA's Arabic name beside the Latin acronym: one Arabic candidate, `"words":3`.
const ARABIC = 'قوات الوفاق تقترب من سرت\n\nأعلنت حكومة الوفاق الوطني (GNA) أن قواتها وصلت إلى مشارف سرت.\n';

function storedIndex(): { bytes: Buffer; at: (text: string) => number } {
  const bytes = Buffer.from(SearchIndex.build(parseArticleFile('gna-ar.txt', ARABIC)).toBytes());
  return { bytes, at: (text) => bytes.indexOf(Buffer.from(text)) };
}

describe('the stored aliases section', () => {
  it('round-trips what was mined', () => {
    const built = SearchIndex.build(parseArticleFile('gna-ar.txt', ARABIC));
    expect(built.aliases).toEqual([{ acronym: 'GNA', english: [], arabic: [{ before: ['أعلنت', 'حكومة', 'الوفاق', 'الوطني'], words: 3 }] }]);
    expect(SearchIndex.fromBytes(built.toBytes()).aliases).toEqual(built.aliases);
  });

  it('refuses a name longer than the words it is taken from, naming the field', () => {
    const { bytes, at } = storedIndex();
    const words = at('"words":3');
    expect(words).toBeGreaterThan(0);
    // Same length, so that only this value changes.
    bytes.write('"words":7', words);
    expect(() => SearchIndex.fromBytes(bytes)).toThrow(/^index aliases are malformed \(\[0\]\.arabic\[0\]\.words /);
  });

  it('refuses a section that is not JSON, saying which section', () => {
    const { bytes, at } = storedIndex();
    const start = at('[{"acronym":"GNA"');
    expect(start).toBeGreaterThan(0);
    bytes.write('{', start);
    expect(() => SearchIndex.fromBytes(bytes)).toThrow(/^index aliases are not JSON/);
  });
});
