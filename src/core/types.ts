/**
 * The plain data the engine works on. Everything here is JSON-serialisable so that a built index
 * can be written to a snapshot and so that adapters (CLI, Discord) can render it without knowing
 * how it was produced.
 */

export type Language = 'en' | 'ar';

/**
 * A paragraph of a document, with its position in the file's text. "The file's text" (`fileText`
 * below and in `Citation`) is what a reader of the file sees:
 * - for a .txt or .md file, its content decoded as UTF-8, after any BOM;
 * - for an .html or .htm page, its reader text (src/corpus/extractArticle.ts): the article's
 *   blocks as rendered — entities decoded, whitespace collapsed as a browser does, a `<br>` a line
 *   break — separated by blank lines, never the raw HTML. The same page always gives the same text.
 */
export interface Passage {
  /** 1-based paragraph number within its document, as shown to users in citations. */
  readonly paragraph: number;
  /** Offset of the first character in the file's text (UTF-16 code units). */
  readonly start: number;
  /** Offset one past the last character in the file's text. */
  readonly end: number;
  /** Exactly `fileText.slice(start, end)`. */
  readonly text: string;
}

export interface DocumentMeta {
  readonly title: string;
  readonly source?: string;
  readonly url?: string;
  readonly author?: string;
  readonly date?: string;
  /** Languages present in the document's passages, most frequent first. */
  readonly languages: readonly Language[];
}

/** One article. A file may hold several articles; each becomes its own document. */
export interface CorpusDocument extends DocumentMeta {
  /** Stable across runs for the same file content: derived from the file path and article index. */
  readonly id: string;
  /** Path of the file relative to the corpus folder, with forward slashes. */
  readonly file: string;
  readonly passages: readonly Passage[];
}

/** The reasons a file of the corpus folder gives no article, as codes (also read back from snapshots). */
export const SKIP_CODES = [
  'folder-name-not-utf8',
  'file-name-not-utf8',
  'folder-unreadable',
  'symlink-name-not-utf8',
  'symlink-broken',
  'symlink-unreadable',
  'symlink-outside',
  'symlinked-folder',
  'unreadable',
  'not-a-file',
  'unsupported-type',
  'too-large',
  'kept-changing',
  'empty',
  'utf16',
  'binary',
  'not-utf8',
  'blank',
  'no-paragraphs',
  'not-an-article',
] as const;

/** Why a file of the corpus folder gave no article; its words are in MODERATOR_LABELS.skipReason. */
export type SkipCode = (typeof SKIP_CODES)[number];

export interface SkippedFile {
  readonly file: string;
  readonly code: SkipCode;
  /** The reason in English, with its particulars (sizes, the system's error, the extractor's finding). */
  readonly reason: string;
}

export interface Citation {
  readonly documentId: string;
  readonly title: string;
  readonly source?: string;
  readonly url?: string;
  /** When the article was published, as its metadata gives it (`YYYY-MM-DD` for an HTML page that says). */
  readonly date?: string;
  readonly file: string;
  /**
   * The article's language, present only when it is not the question's: the quote was found
   * through the translated question and stays verbatim in its own language.
   */
  readonly language?: Language;
  /** 1-based paragraph number. */
  readonly paragraph: number;
  /** Offsets of the quote in the file's text (see `Passage`): `fileText.slice(start, end) === quote`. */
  readonly start: number;
  readonly end: number;
}

export interface Extract {
  /** Verbatim text of the document; never edited, never marked up. */
  readonly quote: string;
  readonly citation: Citation;
  readonly score: number;
}

export type Answer =
  | { readonly kind: 'answer'; readonly question: string; readonly language: Language; readonly extracts: readonly Extract[] }
  | {
      readonly kind: 'no-answer';
      readonly question: string;
      readonly language: Language;
      readonly reason: NoAnswerReason;
      /** The question's own words that no article of the corpus holds, as the user wrote them. */
      readonly absent?: readonly string[];
    };

export type NoAnswerReason =
  /** The question held no searchable word (empty, punctuation only, only stop words). */
  | 'empty-question'
  /** Nothing in the corpus matched well enough to quote. */
  | 'not-in-corpus';
