import MiniSearch, { type Options } from 'minisearch';
import { analyze, analyzeToken, tokenize } from './analyze.js';
import { splitSentences, type Span } from './splitSentences.js';
import type { CorpusDocument } from './types.js';

/**
 * The searchable form of a corpus: a MiniSearch index over passages (for fast candidate retrieval)
 * plus, for each passage, its sentence boundaries (for choosing the extract to quote).
 *
 * Bumped whenever the analysis, the sentence splitter or the stored layout changes, so that a
 * snapshot built by older code is rebuilt rather than trusted.
 */
export const INDEX_FORMAT_VERSION = 5;

export interface IndexedPassage {
  readonly doc: number;
  /** Index of the passage within its document's `passages`. */
  readonly index: number;
  /** Sentence spans, relative to the passage text. */
  readonly sentences: readonly Span[];
}

/** Passages reach MiniSearch already analysed (terms joined by spaces), so each passage is analysed
 * once while the index also learns how many passages hold each term. */
interface PassageRecord {
  id: number;
  terms: string;
  title: string;
}

export const MINISEARCH_OPTIONS: Options<PassageRecord> = {
  fields: ['terms', 'title'],
  storeFields: [],
  tokenize: (analysed) => (analysed.length === 0 ? [] : analysed.split(' ')),
  processTerm: (term) => term,
  searchOptions: {
    tokenize: (text) => tokenize(text).map((token) => token.text),
    processTerm: (term) => analyzeToken(term),
  },
};

export class SearchIndex {
  private constructor(
    readonly documents: readonly CorpusDocument[],
    readonly passages: readonly IndexedPassage[],
    readonly miniSearch: MiniSearch<PassageRecord>,
    /** Number of passages each term occurs in, for inverse document frequency. */
    private readonly documentFrequency: ReadonlyMap<string, number>,
  ) {}

  static build(documents: readonly CorpusDocument[]): SearchIndex {
    const passages: IndexedPassage[] = [];
    const miniSearch = new MiniSearch<PassageRecord>(MINISEARCH_OPTIONS);
    const documentFrequency = new Map<string, number>();
    documents.forEach((document, doc) => {
      const title = analyze(document.title).join(' ');
      document.passages.forEach((passage, index) => {
        const sentences = splitSentences(passage.text);
        const terms = analyze(passage.text);
        for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
        miniSearch.add({ id: passages.length, terms: terms.join(' '), title });
        passages.push({ doc, index, sentences });
      });
    });
    return new SearchIndex(documents, passages, miniSearch, documentFrequency);
  }

  get passageCount(): number {
    return this.passages.length;
  }

  passageText(passage: IndexedPassage): string {
    return this.documents[passage.doc]!.passages[passage.index]!.text;
  }

  /** How many passages hold this term. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Does any passage hold this term? */
  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** Robertson–Spärck Jones IDF over passages, as BM25 uses; unseen terms get the highest value. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.frequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  toJSON(): SerializedIndex {
    return {
      formatVersion: INDEX_FORMAT_VERSION,
      documents: this.documents,
      sentences: this.passages.map((passage) => passage.sentences.flatMap((span) => [span.start, span.end])),
      miniSearch: this.miniSearch.toJSON(),
      documentFrequency: [...this.documentFrequency],
    };
  }

  /** Rebuilds an index from `toJSON()` output; throws if the data is not a well-formed snapshot. */
  static fromJSON(data: SerializedIndex): SearchIndex {
    if (data.formatVersion !== INDEX_FORMAT_VERSION) {
      throw new Error(`snapshot format ${String(data.formatVersion)}, expected ${INDEX_FORMAT_VERSION}`);
    }
    const passages: IndexedPassage[] = [];
    data.documents.forEach((document, doc) => {
      document.passages.forEach((_, index) => {
        const flat = data.sentences[passages.length];
        if (!Array.isArray(flat)) throw new Error('snapshot sentence table does not match its passages');
        const sentences: Span[] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) sentences.push({ start: flat[i]!, end: flat[i + 1]! });
        passages.push({ doc, index, sentences });
      });
    });
    if (passages.length !== data.sentences.length) throw new Error('snapshot sentence table does not match its passages');
    const miniSearch = MiniSearch.loadJS<PassageRecord>(data.miniSearch, MINISEARCH_OPTIONS);
    if (miniSearch.documentCount !== passages.length) throw new Error('snapshot index does not match its passages');
    return new SearchIndex(data.documents, passages, miniSearch, new Map(data.documentFrequency));
  }
}

export interface SerializedIndex {
  formatVersion: number;
  documents: readonly CorpusDocument[];
  sentences: readonly (readonly number[])[];
  miniSearch: ReturnType<MiniSearch<PassageRecord>['toJSON']>;
  documentFrequency: readonly (readonly [string, number])[];
}
