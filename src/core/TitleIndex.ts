import MiniSearch from 'minisearch';
import { clip, DISCORD_LIMITS } from './discordMessage.js';
import type { CorpusDocument } from './types.js';

/**
 * The articles' titles, searched the way a person types them: `/source` autocomplete (prefix and
 * fuzzy search, best first) and the lookup of the value the client sends back (an id, a whole
 * title, or a unique set of title words). A MiniSearch index over the titles, words folded for
 * case, accents and Arabic letter forms ("libya" finds "Libya’s", "اسرائيل" finds "إسرائيل").
 */

/** Folds case and Arabic letter variants so "libya" finds "Libya’s" and "سرت" finds "سرت". */
export function foldTitle(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u0640\u064B-\u0655]/g, '') // NFKD splits أ إ آ into ا + U+0653–U+0655
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

const WORDS = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return foldTitle(text).match(WORDS) ?? [];
}

export class TitleIndex {
  private readonly search = new MiniSearch<{ readonly i: number; readonly title: string }>({
    idField: 'i',
    fields: ['title'],
    tokenize: words,
    processTerm: (term) => term,
  });
  private readonly byId = new Map<string, CorpusDocument>();

  constructor(private readonly documents: readonly CorpusDocument[]) {
    this.search.addAll(documents.map((document, i) => ({ i, title: document.title })));
    for (const document of documents) this.byId.set(document.id, document);
  }

  /**
   * The documents whose title holds every word typed (the last as a prefix, as it is being typed;
   * words of five letters or more also one letter off), best first; the first `limit` documents
   * when nothing is typed. A document whose id holds the text typed comes too.
   */
  suggest(typed: string, limit: number): CorpusDocument[] {
    const text = typed.trim();
    if (words(text).length === 0) return this.documents.slice(0, limit);
    const found = this.search
      .search(text, {
        combineWith: 'AND',
        prefix: (_term, i, terms) => i === terms.length - 1,
        fuzzy: (term) => (term.length >= 5 ? 1 : false),
      })
      .map((result) => this.documents[result.id as number]!);
    const folded = foldTitle(text);
    const byId = this.documents.filter((document) => document.id.includes(folded) && !found.includes(document));
    return [...found, ...byId].slice(0, limit);
  }

  /** The document a `/source` value names: its id, its title (whole or as autocomplete clipped it), or words only its title holds. */
  resolve(value: string): CorpusDocument | undefined {
    const byId = this.byId.get(value);
    if (byId) return byId;
    const wanted = foldTitle(value.trim());
    if (wanted === '') return undefined;
    const exact = this.documents.filter(
      (document) => foldTitle(document.title) === wanted || foldTitle(clip(document.title, DISCORD_LIMITS.choiceName)) === wanted,
    );
    if (exact.length === 1) return exact[0];
    if (exact.length > 1) return undefined;
    // Whole words only here, no fuzziness: a value that is not a title must name one article for sure.
    const partial = this.search.search(value, { combineWith: 'AND' });
    return partial.length === 1 ? this.documents[partial[0]!.id as number] : undefined;
  }
}

const titleIndexes = new WeakMap<readonly CorpusDocument[], TitleIndex>();

/** The title index of a document list, built at the first lookup and kept while the list is in service. */
export function titleIndexOf(documents: readonly CorpusDocument[]): TitleIndex {
  let index = titleIndexes.get(documents);
  if (index === undefined) {
    index = new TitleIndex(documents);
    titleIndexes.set(documents, index);
  }
  return index;
}
