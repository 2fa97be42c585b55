import { describe, expect, it } from 'vitest';
import { articleExtension, extensionOf, isArticleFileName, isHtmlFileName } from '../../src/core/articleExtension.js';
import { safeFileName } from '../../src/corpus/CorpusService.js';

describe('articleExtension', () => {
  it('is .txt, .md, .html or .htm, in any case, read from the base name only', () => {
    expect(['a.txt', 'b.MD', 'c.Html', 'd.htm', 'dir.pdf/e.txt'].map(articleExtension)).toEqual(['.txt', '.md', '.html', '.htm', '.txt']);
    expect(['a.pdf', 'a.txt.gz', 'README', '.txt', 'dir.txt/notes', 'a.'].map(isArticleFileName)).toEqual([false, false, false, false, false, false]);
    expect(extensionOf('.hidden')).toBe('');
    expect(isHtmlFileName('page.HTM')).toBe(true);
    expect(isHtmlFileName('page.txt')).toBe(false);
  });

  it('an upload is kept exactly when the corpus folder would index it', () => {
    for (const name of ['Report.TXT', 'notes.md', 'page.HTM', 'scan.pdf', 'archive.tar', 'noext']) {
      expect(safeFileName(name) !== undefined, name).toBe(isArticleFileName(name));
    }
  });
});
