import { z } from 'zod';
import { bm25Idf } from './bm25Idf.js';
import { growingU8, growingU32 } from './GrowingArray.js';
import { describeIssues } from './describeIssues.js';
import { InvertedIndex, InvertedIndexBuilder, type Alternative, type ScoredPassage } from './InvertedIndex.js';
import { AliasMiner, MAX_ARABIC_WORDS, type MinedAlias } from './mineAliases.js';
import { ownString } from './ownString.js';
import { ALL_ANSWER_CUES, answerCuesOf } from './questionCues.js';
import { LETTERS, languageOfLetters, lettersIn } from './detectLanguage.js';
import { packSections, type SectionTail, type SectionWriter, type StoredBytes, sectionStart, unpackSections } from './packSections.js';
import { SentenceTokens, SentenceTokensBuilder } from './SentenceTokens.js';
import { splitSentences, type Span } from './splitSentences.js';
import type { Steps } from './steps.js';
import type { CorpusDocument, Language, Passage } from './types.js';

/**
 * The searchable form of a corpus: postings over passages (for fast candidate retrieval) plus, for
 * each passage, its sentence boundaries (for choosing the extract to quote). Passages are numbered
 * in document order, so a passage's neighbours in its article are the ids beside it.
 *
 * Bumped whenever the analysis, the sentence splitter or the stored layout changes, so that a
 * snapshot built by older code is rebuilt rather than trusted.
 */
export const INDEX_FORMAT_VERSION = 16;

export interface IndexedPassage {
  readonly id: number;
  readonly doc: number;
  /** Index of the passage within its document's `passages`. */
  readonly index: number;
  /** Sentence spans, relative to the passage text. */
  readonly sentences: readonly Span[];
  /** Number of its first sentence across the whole index (see SearchIndex.sentenceTokens). */
  readonly firstSentence: number;
}

/** The fields passages are searched by, in the postings' order. */
export interface FieldBoosts {
  readonly text: number;
  readonly title: number;
}

export class SearchIndex {
  private constructor(
    readonly documents: readonly CorpusDocument[],
    private readonly postings: InvertedIndex,
    /** Document of each passage. */
    private readonly passageDoc: Uint32Array,
    /** Id of each document's first passage; one more entry for the end. */
    private readonly firstPassage: Uint32Array,
    /** Passage p's sentences are pairs `sentenceStart[p]..sentenceStart[p + 1]` of `sentenceBounds`. */
    private readonly sentenceStart: Uint32Array,
    /** Start and end of every sentence, relative to its passage. */
    private readonly sentenceBounds: Uint32Array,
    /**
     * Per sentence, answerCuesOf its text (see strengthFromCues) in the low bits and, above them
     * (SCRIPT_SHIFT), lettersIn its text and whether there are letters between it and the
     * sentence before (LETTERS_BEFORE): what a question asks of a sentence without reading it.
     */
    private readonly sentenceCues: Uint8Array,
    /** Two 32-bit halves of each document's content digest (see digestOf). */
    private readonly digests: Uint32Array,
    /** Every sentence's and title's tokens, analysed at build time, so a question does not analyse them again. */
    readonly sentenceTokens: SentenceTokens,
    /**
     * The bytes this index was read from (its arrays are views over them), so `toBytes` need not
     * encode again; with `tail`, their first part only (see fromBytes).
     */
    private readonly source?: { readonly bytes: Uint8Array; readonly tail?: SectionTail },
    /** Acronyms and names the corpus defines ("Government of National Accord (GNA)"), mined at build time. */
    readonly aliases: readonly MinedAlias[] = [],
    /** For an index read from bytes: its text tables, to check passages without decoding them for good. */
    private readonly stored?: StoredText,
    /** Passages never to be found or quoted (see `withholding`). */
    private readonly withheld?: Withheld,
  ) {}

  static build(documents: readonly CorpusDocument[]): SearchIndex {
    const builder = SearchIndex.builder();
    for (const document of documents) builder.add(document);
    return builder.finish();
  }

  /**
   * An index built a document at a time, for a build that streams its documents (parse a file, add
   * it, let its strings go): each document's text is packed into UTF-8 bytes as it is added, and
   * the index quotes from those bytes, decoding a document when it is first needed, as an index
   * read from a snapshot does. Adding the documents of `build(documents)` in the same order gives
   * the same index, byte for byte.
   */
  static builder(): SearchIndexBuilder {
    const postings = new InvertedIndexBuilder(2);
    const tokens = new SentenceTokensBuilder(postings);
    const aliases = new AliasMiner();
    const metas: Omit<CorpusDocument, 'passages'>[] = [];
    const passageDoc = growingU32();
    const firstPassage = growingU32();
    const sentenceStart = growingU32();
    sentenceStart.push(0);
    // Two numbers a sentence, a million sentences at 150k passages: boxed in a number[] they took twice the room.
    const bounds = growingU32();
    const cues = growingU8();
    const digests = growingU32();
    const paragraph = growingU32();
    const start = growingU32();
    const textStart = growingU32();
    textStart.push(0);
    const textByteStart = growingU32();
    textByteStart.push(0);
    const text = new PackedText();
    const wide: number[] = [];
    let finished = false;
    return {
      get documents() {
        return metas.length;
      },
      add(document) {
        if (finished) throw new Error('a document added to an index already built');
        const doc = metas.length;
        // Read once: the passages of a document of another index may be decoded on each read.
        const { passages, ...meta } = document;
        const [h1, h2] = digestOf(document.title, passages);
        digests.push(h1);
        digests.push(h2);
        firstPassage.push(passageDoc.length);
        const title = tokens.addTitle(document.title);
        aliases.add(document.title);
        let offset = textStart.at(textStart.length - 1);
        for (const passage of passages) {
          const spans = splitSentences(passage.text);
          postings.addNumbers([tokens.addPassage(passage.text, spans), title]);
          let end = -1;
          for (const span of spans) {
            bounds.push(span.start);
            bounds.push(span.end);
            const text = passage.text.slice(span.start, span.end);
            const before = end >= 0 && lettersIn(passage.text.slice(end, span.start)) !== 0 ? LETTERS_BEFORE : 0;
            cues.push(answerCuesOf(text) | (lettersIn(text) << SCRIPT_SHIFT) | before);
            end = span.end;
          }
          passageDoc.push(doc);
          sentenceStart.push(bounds.length / 2);
          paragraph.push(passage.paragraph);
          start.push(passage.start);
          offset += passage.text.length;
          textStart.push(offset);
          aliases.add(passage.text);
        }
        // A document's text is encoded whole, as toBytes always did: a surrogate pair split between
        // two passages is one character.
        wide.push(text.append(passages.map((passage) => passage.text).join('')) ? 1 : 0);
        textByteStart.push(text.byteLength);
        metas.push(ownFields(meta));
      },
      finish(ids) {
        if (finished) throw new Error('an index built twice');
        finished = true;
        if (ids !== undefined && ids.length !== metas.length) throw new Error(`${ids.length} ids for ${metas.length} documents`);
        firstPassage.push(passageDoc.length);
        // The sentence tokens first: building them lets go of the surfaces' tables and the tokens
        // before the postings' arrays, the biggest, are made. Every growing array is emptied as it
        // is copied (takeArray), so that nothing of the build outlives it while the index is used.
        const { vocabulary, rank } = postings.ranked();
        const sentenceTokens = tokens.build(vocabulary, rank);
        const { index: built } = postings.buildRanked();
        const firstPassages = firstPassage.takeArray();
        const stored: StoredText = {
          text: text.finish(),
          textByteStart: textByteStart.takeArray(),
          wide: Uint8Array.from(wide),
          textStart: textStart.takeArray(),
          firstPassage: firstPassages,
          paragraph: paragraph.takeArray(),
          start: start.takeArray(),
          decoder: new TextDecoder('utf-8', { fatal: true }),
          decoded: [],
        };
        // A clash of ids is settled once every document is known (see loadCorpus); the new id takes
        // the old one's place, so the documents' fields keep their order.
        const renamed = ids === undefined ? metas : metas.map((meta, doc) => (ids[doc] === meta.id ? meta : { ...meta, id: ids[doc]! }));
        return new SearchIndex(
          storedDocuments(renamed, stored),
          built,
          passageDoc.takeArray(),
          firstPassages,
          sentenceStart.takeArray(),
          bounds.takeArray(),
          cues.takeArray(),
          digests.takeArray(),
          sentenceTokens,
          undefined,
          aliases.result(),
          stored,
        );
      },
    };
  }

  get passageCount(): number {
    return this.passageDoc.length;
  }

  /**
   * Passage `id`'s document, and its sentences as numbered across the index (first, count): what
   * passage() gives without its spans, for the many passages a question only asks that of.
   */
  docOfPassage(id: number): number {
    return this.passageDoc[id]!;
  }

  /**
   * The language passage `id` is written in (its document's first), from one byte per document: a
   * question filters its candidates by language, and the document objects are scattered about the heap.
   */
  passageLanguage(id: number): Language | undefined {
    const languages = (this.documentLanguages ??= Uint8Array.from(this.documents, (document) => LANGUAGE_CODES.indexOf(document.languages[0])));
    return LANGUAGE_CODES[languages[this.passageDoc[id]!]!];
  }

  private documentLanguages: Uint8Array | undefined;

  firstSentenceOf(id: number): number {
    return this.sentenceStart[id]!;
  }

  sentenceCountOf(id: number): number {
    return this.sentenceStart[id + 1]! - this.sentenceStart[id]!;
  }

  /** answerCuesOf sentence `s`'s text (numbered across the index, as IndexedPassage.firstSentence counts). */
  answerCuesOf(s: number): number {
    return this.sentenceCues[s]! & ALL_ANSWER_CUES;
  }

  /**
   * detectLanguage of the text of passage `id`'s sentences `from` to `to` (as run positions)
   * from the letters of each, or 'counted' where both scripts' letters are there and only the
   * text's counts can tell.
   */
  languageOfSentences(id: number, from: number, to: number): Language | undefined | 'counted' {
    const first = this.sentenceStart[id]!;
    let letters = 0;
    for (let s = first + from; s <= first + to; s++) {
      const cues = this.sentenceCues[s]!;
      if (s > first + from && (cues & LETTERS_BEFORE) !== 0) return 'counted';
      letters |= (cues >> SCRIPT_SHIFT) & (LETTERS.arabic | LETTERS.latin);
    }
    return languageOfLetters(letters);
  }

  /** Passage by id, or undefined past either end. */
  passage(id: number): IndexedPassage | undefined {
    if (!(id >= 0 && id < this.passageDoc.length)) return undefined;
    const doc = this.passageDoc[id]!;
    const sentences: Span[] = [];
    for (let s = this.sentenceStart[id]!; s < this.sentenceStart[id + 1]!; s++) {
      sentences.push({ start: this.sentenceBounds[2 * s]!, end: this.sentenceBounds[2 * s + 1]! });
    }
    return { id, doc, index: id - this.firstPassage[doc]!, sentences, firstSentence: this.sentenceStart[id]! };
  }

  /**
   * Does document `doc` here have the same title and passage texts (by digest, not offsets or other
   * metadata) as document `otherDoc` of `other`? A refresh tells changed articles from unchanged ones
   * this way without reading their text again.
   */
  sameContent(doc: number, other: SearchIndex, otherDoc: number): boolean {
    return this.digests[2 * doc] === other.digests[2 * otherDoc] && this.digests[2 * doc + 1] === other.digests[2 * otherDoc + 1];
  }

  /**
   * Where the passages of document `doc` end in its file, at the furthest (UTF-16 offset), read from
   * the tables without decoding any text: a loaded snapshot checks it against the file's size.
   */
  documentEnd(doc: number): number {
    const { stored } = this;
    if (stored === undefined) return this.documents[doc]!.passages.reduce((end, passage) => Math.max(end, passage.end), 0);
    let end = 0;
    for (let id = stored.firstPassage[doc]!; id < stored.firstPassage[doc + 1]!; id++) {
      end = Math.max(end, stored.start[id]! + stored.textStart[id + 1]! - stored.textStart[id]!);
    }
    return end;
  }

  /**
   * The passages of document `doc`, decoded for the caller only: checking a loaded snapshot against
   * its files must not keep the text of every document decoded (`documents[doc].passages` does).
   */
  passagesOf(doc: number): readonly Passage[] {
    return this.stored === undefined ? this.documents[doc]!.passages : decodePassages(this.stored, doc);
  }

  /**
   * The passage's text for scoring: of text read from a snapshot file, not yet checked against the
   * document's digest, which every quote is (`documents[doc].passages`) — a question scores the
   * passages of some sixty documents and quotes from a few.
   */
  passageText(passage: IndexedPassage): string {
    const { stored } = this;
    if (stored?.recent !== undefined) {
      const recent = stored.recent.get(passage.doc);
      if (recent !== undefined) return recent.passages[passage.index]!.text;
      return storedPassageText(stored, passage.doc, passage.id) ?? recentPassages(stored, passage.doc, false)[passage.index]!.text;
    }
    return this.documents[passage.doc]!.passages[passage.index]!.text;
  }

  /** The best passages holding any of the terms (already analysed), best first. */
  search(terms: readonly string[], boosts: FieldBoosts, limit: number): ScoredPassage[] {
    return this.postings.search(terms, [boosts.text, boosts.title], limit, this.withheld?.passages);
  }

  /** The best passages for structured pseudo-terms (each group: one source word's translations), best first. */
  searchGroups(groups: readonly (readonly Alternative[])[], boosts: FieldBoosts, limit: number): ScoredPassage[] {
    return this.postings.searchGroups(groups, [boosts.text, boosts.title], limit, this.withheld?.passages);
  }

  // --- Withheld documents (a start from a snapshot whose files changed meanwhile) -------------

  /**
   * This index without documents `docs`: their passages are never found again (so never quoted),
   * and `quotableDocuments` leaves them out; everything else is shared, not copied. A start serves
   * its snapshot before checking the files; the files that turn out to have changed or gone are
   * withheld this way until the rebuild is swapped in. Term statistics still count their
   * passages: the ranking may differ slightly from a rebuild's, the text quoted never does.
   */
  withholding(docs: Iterable<number>): SearchIndex {
    const passages = this.withheld !== undefined ? new Uint8Array(this.withheld.passages) : new Uint8Array(this.passageCount);
    const documents = new Set(this.withheld?.documents);
    for (const doc of docs) {
      if (!(doc >= 0 && doc < this.documents.length) || documents.has(doc)) continue;
      documents.add(doc);
      passages.fill(1, this.firstPassage[doc]!, this.firstPassage[doc + 1]!);
    }
    const withheld: Withheld = { documents, passages };
    const { postings, passageDoc, firstPassage, sentenceStart, sentenceBounds, sentenceCues, digests, sentenceTokens, source, aliases, stored } = this;
    return new SearchIndex(
      this.documents,
      postings,
      passageDoc,
      firstPassage,
      sentenceStart,
      sentenceBounds,
      sentenceCues,
      digests,
      sentenceTokens,
      source,
      aliases,
      stored,
      withheld,
    );
  }

  /** Is document `doc` withheld (see `withholding`)? */
  isWithheld(doc: number): boolean {
    return this.withheld?.documents.has(doc) ?? false;
  }

  private quotable: readonly CorpusDocument[] | undefined;

  /** The documents that may be shown and quoted: `documents` but those withheld (the same array when none is). */
  get quotableDocuments(): readonly CorpusDocument[] {
    const { withheld } = this;
    if (withheld === undefined) return this.documents;
    return (this.quotable ??= this.documents.filter((_, doc) => !withheld.documents.has(doc)));
  }

  /** How many passages hold any of these alternatives in their text (the union of their postings). */
  frequencyOfAny(terms: readonly Alternative[]): number {
    return this.postings.frequencyOfAny(terms, 0);
  }

  /** Every term of the index, sorted. */
  get vocabulary(): readonly string[] {
    return this.postings.vocabulary;
  }

  /** The term's id (its position in `vocabulary`), or -1 when no passage holds it. */
  termId(term: string): number {
    return this.postings.termId(term);
  }

  /** Makes term lookups hash lookups, a slice at a time: see InvertedIndex.prepareLookup. */
  prepareLookup(): Steps<void> {
    return this.postings.prepareLookup();
  }

  get lookupPrepared(): boolean {
    return this.postings.lookupPrepared;
  }

  /** How many passages hold this term in their text. */
  frequency(term: string): number {
    return this.postings.frequency(term, 0);
  }

  /** Does any passage hold this term in its text? */
  has(term: string): boolean {
    return this.frequency(term) > 0;
  }

  /** Robertson–Spärck Jones IDF over passages, as BM25 uses; unseen terms get the highest value. */
  idf(term: string): number {
    return bm25Idf(this.passageCount, this.frequency(term));
  }

  /**
   * The whole index as bytes (see packSections): document metadata as JSON, everything per passage
   * or per posting as typed arrays, and all passage text as one UTF-8 section.
   */
  toBytes(): Uint8Array {
    if (this.source !== undefined) {
      const { bytes: source, tail } = this.source;
      if (tail !== undefined) {
        const whole = new Uint8Array(source.byteLength + tail.byteLength);
        whole.set(source);
        whole.set(tail.read(0, tail.byteLength), source.byteLength);
        return whole;
      }
      // The caller may transfer the buffer to another thread: a view into a larger one (a file read
      // with its header) is handed out as a copy of its own.
      return source.byteOffset === 0 && source.byteLength === source.buffer.byteLength ? source : new Uint8Array(source);
    }
    const { stored } = this;
    if (stored === undefined) throw new Error('an index holds its text either as the bytes it was read from or as packed text');
    const { textByteStart, textStart, paragraph, start } = stored;
    // Copied straight into the packed bytes, a document at a time: the text is most of an index,
    // and making it whole before packing it would hold it once more at the build's peak.
    const text: SectionWriter = {
      byteLength: stored.text.byteLength,
      write(into) {
        for (let doc = 0; doc + 1 < textByteStart.length; doc++) {
          into.set(stored.text.read(textByteStart[doc]!, textByteStart[doc + 1]!), textByteStart[doc]!);
        }
      },
    };
    const { postings } = this;
    const [body, title] = postings.fields;
    const meta: SerializedMeta = {
      formatVersion: INDEX_FORMAT_VERSION,
      documents: this.documents.map(metaOf),
    };
    return packSections(meta, {
      vocabulary: postings.vocabulary.join('\n'),
      aliases: JSON.stringify(this.aliases),
      passageDoc: this.passageDoc,
      firstPassage: this.firstPassage,
      sentenceStart: this.sentenceStart,
      sentenceBounds: this.sentenceBounds,
      sentenceCues: this.sentenceCues,
      digests: this.digests,
      paragraph,
      start,
      textStart,
      textByteStart,
      textWide: stored.wide,
      textPostingStart: body!.start,
      textPostingPassages: body!.passages,
      textPostingCounts: body!.counts,
      textLengths: body!.lengths,
      titlePostingStart: title!.start,
      titlePostingPassages: title!.passages,
      titlePostingCounts: title!.counts,
      titleLengths: title!.lengths,
      ...this.sentenceTokens.sections(),
      // Last, so that a reader may leave it on disk (see fromBytes): it is most of the bytes, and
      // a question needs the text of a few passages only.
      text,
    });
  }

  /**
   * Rebuilds an index from `toBytes()` output; throws if the bytes are not a well-formed index.
   * With `tail`, `bytes` are the output up to the text (`textSectionStart`) and `tail` reads the
   * rest where it is kept (the snapshot file): a passage's text is then read when its document is
   * first needed, and only the documents used lately are kept decoded.
   */
  static fromBytes(bytes: Uint8Array, tail?: SectionTail): SearchIndex {
    const packed = unpackSections(bytes, tail);
    const meta = packed.meta as SerializedMeta;
    if (typeof meta !== 'object' || meta === null || meta.formatVersion !== INDEX_FORMAT_VERSION) {
      throw new Error(`index format ${String((meta as SerializedMeta | null)?.formatVersion)}, expected ${INDEX_FORMAT_VERSION}`);
    }
    if (!Array.isArray(meta.documents)) throw new Error('index has no document list');
    const passageDoc = packed.u32('passageDoc');
    const firstPassage = packed.u32('firstPassage');
    const sentenceStart = packed.u32('sentenceStart');
    const sentenceBounds = packed.u32('sentenceBounds');
    const sentenceCues = packed.u8('sentenceCues');
    const paragraph = packed.u32('paragraph');
    const start = packed.u32('start');
    const textStart = packed.u32('textStart');
    const textByteStart = packed.u32('textByteStart');
    const wide = packed.u8('textWide');
    const text = packed.bytes('text');
    const digests = packed.u32('digests');
    const n = passageDoc.length;
    if (
      firstPassage.length !== meta.documents.length + 1 ||
      firstPassage[meta.documents.length] !== n ||
      digests.length !== 2 * meta.documents.length ||
      sentenceStart.length !== n + 1 ||
      sentenceBounds.length !== 2 * sentenceStart[n]! ||
      sentenceCues.length !== sentenceStart[n]! ||
      paragraph.length !== n ||
      start.length !== n ||
      textStart.length !== n + 1 ||
      textByteStart.length !== meta.documents.length + 1 ||
      textByteStart[meta.documents.length] !== text.byteLength ||
      wide.length !== meta.documents.length
    ) {
      throw new Error('index tables do not match its passages');
    }
    // One pass over the tables, so that a body that passed its checksum but was written wrongly is
    // refused here, as a rebuild, rather than failing a question later.
    for (let doc = 0; doc < meta.documents.length; doc++) {
      if (textByteStart[doc]! > textByteStart[doc + 1]! || firstPassage[doc]! > firstPassage[doc + 1]!) throw new Error('index tables are out of order');
      if (wide[doc] === 1 && textByteStart[doc + 1]! - textByteStart[doc]! !== 2 * (textStart[firstPassage[doc + 1]!]! - textStart[firstPassage[doc]!]!))
        throw new Error('index text does not match its passages');
      for (let id = firstPassage[doc]!; id < firstPassage[doc + 1]!; id++) {
        if (passageDoc[id] !== doc) throw new Error('index passages do not match their documents');
        const length = textStart[id + 1]! - textStart[id]!;
        if (textStart[id]! > textStart[id + 1]! || sentenceStart[id]! > sentenceStart[id + 1]!) throw new Error('index tables are out of order');
        for (let s = sentenceStart[id]!; s < sentenceStart[id + 1]!; s++) {
          if (sentenceBounds[2 * s]! > sentenceBounds[2 * s + 1]! || sentenceBounds[2 * s + 1]! > length)
            throw new Error('index sentences do not fit their passages');
        }
      }
    }
    const stored: StoredText = {
      text,
      textByteStart,
      wide,
      textStart,
      firstPassage,
      paragraph,
      start,
      decoder: new TextDecoder('utf-8', { fatal: true }),
      ...(tail !== undefined ? { digests, titles: meta.documents.map((document) => document.title), recent: new Map() } : { decoded: [] }),
    };
    const documents = storedDocuments(meta.documents, stored);
    const vocabularyText = packed.text('vocabulary');
    const vocabulary = vocabularyText.length === 0 ? [] : vocabularyText.split('\n');
    const field = (name: 'text' | 'title') => ({
      start: packed.u32(`${name}PostingStart`),
      passages: packed.u32(`${name}PostingPassages`),
      counts: packed.u8(`${name}PostingCounts`),
      lengths: packed.u32(`${name}Lengths`),
    });
    const postings = new InvertedIndex(vocabulary, [field('text'), field('title')], n);
    const sentenceTokens = SentenceTokens.fromSections(packed, vocabulary, sentenceStart[n]!, meta.documents.length);
    const aliases = parseAliases(packed.text('aliases'));
    const source = tail !== undefined ? { bytes, tail } : { bytes };
    return new SearchIndex(
      documents,
      postings,
      passageDoc,
      firstPassage,
      sentenceStart,
      sentenceBounds,
      sentenceCues,
      digests,
      sentenceTokens,
      source,
      aliases,
      stored,
    );
  }
}

/**
 * Where the text section starts in `toBytes()` output: the bytes before it are what `fromBytes`
 * needs in memory, the rest may stay where they are kept (see fromBytes' `tail`).
 */
export function textSectionStart(bytes: Uint8Array): number {
  const found = sectionStart(bytes, 'text');
  if (found === undefined || !found.last) throw new Error('index has no text section at its end');
  return found.start;
}

const MinedAliasesSchema = z.array(
  z.object({
    acronym: z.string().min(1),
    english: z.array(z.string()),
    arabic: z.array(
      z
        .object({ before: z.array(z.string()).min(1).max(MAX_ARABIC_WORDS), words: z.int().positive() })
        // The name is the last `words` of `before`: more would take words that are not there.
        .refine((candidate) => candidate.words <= candidate.before.length, { message: 'words exceeds before', path: ['words'] }),
    ),
  }),
) satisfies z.ZodType<MinedAlias[]>;

/** The mined aliases section: JSON written by toBytes, checked field by field like any stored data. */
function parseAliases(text: string): MinedAlias[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`index aliases are not JSON (${(error as Error).message})`);
  }
  const parsed = MinedAliasesSchema.safeParse(json);
  if (!parsed.success) throw new Error(`index aliases are malformed (${describeIssues(parsed.error).join('; ')})`);
  return parsed.data;
}

/** SearchIndex.builder's: documents added one by one, in corpus order, then the index of them all. */
export interface SearchIndexBuilder {
  /** Documents added so far. */
  readonly documents: number;
  /** Analyses `document` and packs its text; of its strings only its metadata is kept. */
  add(document: CorpusDocument): void;
  /** The index of the documents added; `ids`, when given, are their ids instead (one for each, in order). */
  finish(ids?: readonly string[]): SearchIndex;
}

/**
 * The documents of an index whose text is `stored`: each one's passages are decoded on first use.
 * Decoding a whole corpus up front would hold up the thread that answers questions (a few hundred
 * ms at 150k passages) when a refresh swaps in its index, and most documents are not needed right
 * away; a build that kept its documents' strings instead would hold the corpus twice at its peak.
 */
function storedDocuments(metas: readonly Omit<CorpusDocument, 'passages'>[], stored: StoredText): CorpusDocument[] {
  return metas.map((document, doc): CorpusDocument => {
    // An own enumerable getter, so that spreading, comparing or serialising a document sees its
    // passages like any other field. One getter for all, finding its document by two hidden
    // fields, on a copy made by Object.assign: a closure per document on a spread copy gave each
    // document a hidden class of its own (~600 bytes a document, where this costs ~100).
    const loaded = Object.assign({}, document) as CorpusDocument;
    Object.defineProperty(loaded, STORED_TEXT, { value: stored, writable: true });
    Object.defineProperty(loaded, STORED_DOC, { value: doc, writable: true });
    Object.defineProperty(loaded, 'passages', { enumerable: true, get: storedPassages });
    return loaded;
  });
}

/** A document's metadata with every string a string of its own: a title cut from its file's text would keep all of it (see ownString). */
function ownFields(meta: Omit<CorpusDocument, 'passages'>): Omit<CorpusDocument, 'passages'> {
  const fields = meta as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = ownString(value);
  }
  return meta;
}

/** A document's fields but its passages, in their order, without reading the passages (which would decode them). */
function metaOf(document: CorpusDocument): Omit<CorpusDocument, 'passages'> {
  const fields = document as unknown as Record<string, unknown>;
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(document)) if (key !== 'passages') meta[key] = fields[key];
  return meta as unknown as Omit<CorpusDocument, 'passages'>;
}

/**
 * The text of a build, packed as UTF-8 while documents are added: in chunks, so that growing it
 * never copies what is already packed nor holds two copies, each document's bytes inside one chunk
 * (a read is a view, never a copy).
 */
class PackedText implements StoredBytes {
  private readonly chunks: Uint8Array[] = [];
  /** Where each chunk starts in the whole. */
  private readonly starts: number[] = [];
  private current = new Uint8Array(0);
  private used = 0;
  byteLength = 0;

  /**
   * Packs a document's text; true when it is kept as UTF-16 (little-endian) rather than UTF-8. Text
   * of mostly two-byte letters (Arabic) is hardly larger in UTF-16, and decodes forty times faster
   * (no validation, no code points to assemble): a new question decodes some sixty documents.
   */
  append(text: string): boolean {
    const narrow = utf8Length(text);
    const wide = 2 * text.length <= WIDE_AT_MOST * narrow && !SURROGATE.test(text);
    const bytes = wide ? 2 * text.length : narrow;
    if (bytes > this.current.length - this.used) {
      this.seal();
      this.current = new Uint8Array(Math.max(PACKED_CHUNK_BYTES, bytes));
    }
    if (wide) {
      const into = this.current;
      for (let i = 0, at = this.used; i < text.length; i++, at += 2) {
        const unit = text.charCodeAt(i);
        into[at] = unit & 0xff;
        into[at + 1] = unit >>> 8;
      }
    } else {
      const { read, written } = new TextEncoder().encodeInto(text, this.current.subarray(this.used, this.used + bytes));
      if (read !== text.length || written !== bytes) throw new Error("a document's text is not the length counted");
    }
    this.used += bytes;
    this.byteLength += bytes;
    return wide;
  }

  /** Done adding (reads come after): the last chunk's spare room is given back. */
  finish(): this {
    this.current = this.current.slice(0, this.used);
    this.seal();
    this.current = new Uint8Array(0);
    return this;
  }

  private seal(): void {
    if (this.used > 0) {
      this.chunks.push(this.current.subarray(0, this.used));
      this.starts.push(this.byteLength - this.used);
    }
    this.used = 0;
  }

  read(from: number, to: number): Uint8Array {
    const { chunks, starts } = this;
    if (chunks.length === 0) return new Uint8Array(0);
    // The last chunk starting at or before `from`.
    let low = 0;
    let high = chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= from) low = middle;
      else high = middle - 1;
    }
    const chunk = chunks[low]!;
    const at = from - starts[low]!;
    if (to - starts[low]! <= chunk.length) return chunk.subarray(at, to - starts[low]!);
    // Across chunks (no document is): copied.
    const whole = new Uint8Array(to - from);
    let filled = 0;
    for (let i = low; i < chunks.length && filled < whole.length; i++) {
      const part = chunks[i]!.subarray(i === low ? at : 0, Math.min(chunks[i]!.length, (i === low ? at : 0) + whole.length - filled));
      whole.set(part, filled);
      filled += part.length;
    }
    return whole;
  }
}

/** Where the lettersIn bits of a sentence's cues start: above answerCuesOf's. */
const SCRIPT_SHIFT = 5;
/** A document's first language as a byte: its place here (0 for none). */
const LANGUAGE_CODES: readonly (Language | undefined)[] = [undefined, 'en', 'ar'];
/** A sentence's cue: letters between the sentence before and this one (see languageOfSentences). */
const LETTERS_BEFORE = 1 << 7;

/** UTF-16 is chosen for a document when it is at most this much larger than its UTF-8 (about 1.08 for Arabic news). */
const WIDE_AT_MOST = 1.15;
const SURROGATE = /[\ud800-\udfff]/;

/** Big enough that there are few chunks (a few dozen at 150k passages), small enough that the last one's spare room is nothing. */
const PACKED_CHUNK_BYTES = 1 << 20;

/** What `withholding` keeps from being found. */
interface Withheld {
  readonly documents: ReadonlySet<number>;
  /** 1 for each passage of a withheld document. */
  readonly passages: Uint8Array;
}

const STORED_TEXT = Symbol('stored text');
const STORED_DOC = Symbol('stored document');

/** The `passages` getter of every document of an index read from bytes. */
function storedPassages(this: CorpusDocument & { readonly [STORED_TEXT]: StoredText; readonly [STORED_DOC]: number }): readonly Passage[] {
  const stored = this[STORED_TEXT];
  const doc = this[STORED_DOC];
  if (stored.recent !== undefined) return recentPassages(stored, doc, true);
  const decoded = stored.decoded!;
  return (decoded[doc] ??= decodePassages(stored, doc));
}

/** The text tables of a stored index, for decoding a document's passages when first needed. */
interface StoredText {
  readonly text: StoredBytes;
  readonly textByteStart: Uint32Array;
  /** 1 for a document whose text is kept as UTF-16 (see PackedText.append), 0 for UTF-8. */
  readonly wide: Uint8Array;
  readonly textStart: Uint32Array;
  readonly firstPassage: Uint32Array;
  readonly paragraph: Uint32Array;
  readonly start: Uint32Array;
  readonly decoder: InstanceType<typeof TextDecoder>;
  /**
   * For text read from where it is kept rather than held (a snapshot file): the documents' digests
   * and titles, to check what is read against what was indexed, and the documents decoded lately.
   */
  readonly digests?: Uint32Array;
  readonly titles?: readonly string[];
  readonly recent?: Map<number, RecentDocument>;
  /** For text held in memory: each document's passages once decoded. */
  readonly decoded?: Passage[][];
}

/**
 * Decoded documents kept for text read from a file: the passages a question scores and quotes
 * come from a few dozen documents, and keeping every document ever shown decoded would hold the
 * whole corpus's text as strings after a while (~90 MB at 150k passages).
 */
const RECENT_DOCUMENTS = 512;

/** A document decoded lately, and whether its text was checked against its digest yet. */
interface RecentDocument {
  readonly passages: Passage[];
  checked: boolean;
}

/**
 * The passages of a document read from a file, decoded once while it is among the recent ones.
 * `checked`: the text must be the text indexed — the bytes were read after the index was loaded —
 * as it must be for anything quoted; scoring may read it before that check.
 */
function recentPassages(stored: StoredText, doc: number, checked: boolean): Passage[] {
  const recent = stored.recent!;
  let entry = recent.get(doc);
  if (entry !== undefined) {
    // Most recently used last: a Map iterates in insertion order.
    recent.delete(doc);
    recent.set(doc, entry);
  } else {
    entry = { passages: decodePassages(stored, doc), checked: false };
    if (recent.size >= RECENT_DOCUMENTS) recent.delete(recent.keys().next().value!);
    recent.set(doc, entry);
  }
  if (checked && !entry.checked) {
    const digest = digestOf(stored.titles![doc]!, entry.passages);
    if (digest[0] !== stored.digests![2 * doc] || digest[1] !== stored.digests![2 * doc + 1]) {
      // Not kept: a later read must not take it for checked text either.
      recent.delete(doc);
      throw new Error(`index text of document ${doc} is not the text indexed (its file changed since it was loaded)`);
    }
    entry.checked = true;
  }
  return entry.passages;
}

/**
 * Passage `id`'s text alone, read from where it is kept, when its bytes can be told apart without
 * decoding the document: in a UTF-16 document (two bytes a code unit) or an ASCII one (its UTF-8 as
 * long as its text). Otherwise undefined. Scoring reads a passage or two of each of some sixty
 * documents per question; reading and decoding each whole document was a tenth of the answer.
 */
function storedPassageText(stored: StoredText, doc: number, id: number): string | undefined {
  const { textByteStart, textStart, firstPassage } = stored;
  const base = textStart[firstPassage[doc]!]!;
  const from = textStart[id]! - base;
  const length = textStart[id + 1]! - textStart[id]!;
  const wide = stored.wide[doc] === 1;
  if (!wide && textByteStart[doc + 1]! - textByteStart[doc]! !== textStart[firstPassage[doc + 1]!]! - base) return undefined;
  const unit = wide ? 2 : 1;
  const text = (wide ? UTF16 : stored.decoder).decode(stored.text.read(textByteStart[doc]! + unit * from, textByteStart[doc]! + unit * (from + length)));
  if (text.length !== length) throw new Error(`index text of document ${doc} does not match its passages`);
  return text;
}

/** Wide text holds no surrogate (see PackedText.append): nothing for a non-fatal decoder to replace. */
const UTF16 = new TextDecoder('utf-16le');

function decodePassages(stored: StoredText, doc: number): Passage[] {
  const { text, textByteStart, textStart, firstPassage, paragraph, start } = stored;
  const bytes = text.read(textByteStart[doc]!, textByteStart[doc + 1]!);
  const whole = stored.wide[doc] === 1 ? UTF16.decode(bytes) : stored.decoder.decode(bytes);
  const base = textStart[firstPassage[doc]!]!;
  if (whole.length !== textStart[firstPassage[doc + 1]!]! - base) throw new Error(`index text of document ${doc} does not match its passages`);
  const passages: Passage[] = [];
  for (let id = firstPassage[doc]!; id < firstPassage[doc + 1]!; id++) {
    // Slices of the document's string share its storage instead of copying it.
    const passageText = whole.slice(textStart[id]! - base, textStart[id + 1]! - base);
    passages.push({ paragraph: paragraph[id]!, start: start[id]!, end: start[id]! + passageText.length, text: passageText });
  }
  return passages;
}

/**
 * 64 bits of cyrb53-style hashing (two multiplicative lanes, mixed at the end) over the title and
 * the passage texts, each followed by a NUL so that moving a paragraph break changes the digest.
 * Not cryptographic: it only has to notice edits, and it runs where the build runs.
 */
function digestOf(title: string, passages: readonly Passage[]): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1, 2654435761);
    h2 = Math.imul(h2, 1597334677);
  };
  feed(title);
  for (const passage of passages) feed(passage.text);
  const mixed1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const mixed2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(mixed1 ^ (mixed1 >>> 13), 3266489909);
  return [mixed1 >>> 0, mixed2 >>> 0];
}

/** Bytes of `text` in UTF-8, as TextEncoder writes it: a surrogate pair is 4 bytes, a lone surrogate 3 (U+FFFD). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // Two units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

interface SerializedMeta {
  readonly formatVersion: number;
  readonly documents: readonly Omit<CorpusDocument, 'passages'>[];
}
