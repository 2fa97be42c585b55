import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/core/fnv1a.js';
import { documentKey } from '../../src/core/renderDiscord.js';
import { shortHash } from '../../src/corpus/parseArticleFile.js';

describe('fnv1a', () => {
  it('is FNV-1a 32-bit (the reference vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('gives the document-id suffixes and button keys it gave before it was shared (ids and posted buttons stay valid)', () => {
    expect(shortHash('a')).toBe('e40c292c');
    expect(shortHash('')).toBe('811c9dc5');
    expect(documentKey('foobar')).toBe((0xbf9cf968).toString(36));
  });
});
