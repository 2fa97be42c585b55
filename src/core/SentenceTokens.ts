import { analyzeUncached, foldDigits, tokenize } from './analyze.js';
import { type CodeUnitWords, codeUnitOrderOf } from './codeUnitOrder.js';
import { type GrowingArray, growingU8, growingU32, grownTo } from './GrowingArray.js';
import { normalizeArabic } from './arabicAnalyzer.js';
import { ownString } from './ownString.js';
import type { SectionValue, UnpackedSections } from './packSections.js';
import type { Span } from './splitSentences.js';
import { SortedStringHash } from './SortedStringHash.js';
import type { Steps } from './steps.js';
import { StringTable } from './StringTable.js';
import { SurfaceTable, TokenScanner, foldedUnits, hashUnits } from './TokenScanner.js';

/** A token that analyses to no term (a stop word). */
export const NO_TERM = 0xffffffff;

/**
 * Every sentence's tokens, and every title's, tokenised and analysed once at build time: a question
 * scores the sentences of 30 passages, and tokenising, stemming and folding them again for every
 * question was most of its time.
 *
 * Each distinct token as written is a "surface"; a sentence is the run of its surfaces' ids. Per
 * surface, the term it analyses to (an id into the postings' vocabulary, or past its end into
 * `extraTerms` for the few terms no passage holds whole, such as a word a sentence cut splits) and
 * its folded form (lower case, Arabic normalised: what copied phrases are compared by, an id into
 * the sorted `folded` list). The surfaces' own strings are not kept: no question needs them.
 *
 * Runs are stored as variable-length integers (7 bits a byte, the high bit set on all but the last
 * byte of a number) and surfaces are numbered by how often they occur, so the stop words and
 * common words that make up most of any text take one or two bytes rather than four: the runs are
 * walked from their start anyway, never indexed into.
 */
export class SentenceTokens {
  private readonly decoder = new TextDecoder();

  constructor(
    /** Sentence s (numbered across the whole index) is the run `tokens[sentenceStart[s]..sentenceStart[s + 1])`. */
    private readonly sentenceStart: Uint32Array,
    private readonly tokens: Uint8Array,
    /** The same for document d's title. */
    private readonly titleStart: Uint32Array,
    private readonly titleTokens: Uint8Array,
    /**
     * Per surface s, its term id (or NO_TERM) at 2s and its id in `folded` at 2s + 1: a scorer
     * reads both of each token it meets, and side by side they are one fetch from memory, where
     * two tables of a few MB each cost a cache miss apiece for the rarer words.
     */
    private readonly surfaceIds: Uint32Array,
    private readonly vocabulary: readonly string[],
    private readonly extraTerms: readonly string[],
    /**
     * Folded forms, sorted by UTF-16 code units, without duplicates, as UTF-8 one after another:
     * form f is `folded[foldedStart[f]..foldedStart[f + 1])`. Kept as bytes, decoded one at a
     * time when looked at: half a million small strings would cost memory and time at every load
     * for the few a question looks up.
     */
    private readonly folded: Uint8Array,
    private readonly foldedStart: Uint32Array,
  ) {
    this.surfaceCount = surfaceIds.length >>> 1;
  }

  /** Surface ids run from 0 to surfaceCount - 1. */
  readonly surfaceCount: number;

  /** Term ids run from 0 to termCount - 1 (the vocabulary's, then `extraTerms`). */
  get termCount(): number {
    return this.vocabulary.length + this.extraTerms.length;
  }

  /** Folded-form ids run from 0 to foldedCount - 1. */
  get foldedCount(): number {
    return this.foldedStart.length - 1;
  }

  get sentenceCount(): number {
    return this.sentenceStart.length - 1;
  }

  /** Surface ids of sentence `s`, in order. */
  surfacesOf(s: number): Uint32Array {
    return decodeRun(this.tokens, this.sentenceStart[s]!, this.sentenceStart[s + 1]!, this.surfaceCount);
  }

  /**
   * Sentence `s`'s surface ids as surfacesOf gives them, in `scratch` (grown when too short): how
   * many there are. For a caller that reads them at once, before the next decode — a scorer reads
   * thousands of sentences per question, and an array for each was most of the decoding's cost.
   */
  surfacesInto(s: number, scratch: { ids: Uint32Array }): number {
    return this.runInto(this.tokens, this.sentenceStart[s]!, this.sentenceStart[s + 1]!, scratch);
  }

  /** The run of bytes `from..to` of `runs` (sentence or title tokens) decoded into `scratch`: how many surfaces. */
  private runInto(runs: Uint8Array, from: number, to: number, scratch: { ids: Uint32Array }): number {
    // At most one surface per byte.
    if (scratch.ids.length < to - from) scratch.ids = new Uint32Array(Math.max(to - from, 2 * scratch.ids.length));
    return decodeInto(runs, from, to, this.surfaceCount, scratch.ids);
  }

  /** The analysed terms of sentence `s`, in order: `analyze` of its text. */
  termsOf(s: number): string[] {
    const count = this.surfacesInto(s, this.decoded);
    return this.termsIn(this.decoded.ids, count);
  }

  /** The analysed terms of document `doc`'s title, in order: `analyze(title)`. */
  titleTermsOf(doc: number): string[] {
    return this.termsIn(this.titleSurfacesOf(doc));
  }

  /** Surface ids of document `doc`'s title, in order. */
  titleSurfacesOf(doc: number): Uint32Array {
    return decodeRun(this.titleTokens, this.titleStart[doc]!, this.titleStart[doc + 1]!, this.surfaceCount);
  }

  /** titleSurfacesOf into `scratch`, as surfacesInto does for a sentence: how many there are. */
  titleSurfacesInto(doc: number, scratch: { ids: Uint32Array }): number {
    return this.runInto(this.titleTokens, this.titleStart[doc]!, this.titleStart[doc + 1]!, scratch);
  }

  private termsIn(surfaces: Uint32Array, count = surfaces.length): string[] {
    const terms: string[] = [];
    for (let t = 0; t < count; t++) {
      const id = this.surfaceIds[2 * surfaces[t]!]!;
      if (id !== NO_TERM) terms.push(this.term(id));
    }
    return terms;
  }

  /** termsOf's buffer (see surfacesInto). */
  private readonly decoded = { ids: new Uint32Array(256) };

  /** Term id of a surface, or NO_TERM for a stop word. */
  termIdOf(surface: number): number {
    return this.surfaceIds[2 * surface]!;
  }

  /** Folded-form id of a surface. */
  foldedIdOf(surface: number): number {
    return this.surfaceIds[2 * surface + 1]!;
  }

  term(id: number): string {
    return id < this.vocabulary.length ? this.vocabulary[id]! : this.extraTerms[id - this.vocabulary.length]!;
  }

  /** Each distinct pair of a word as written (folded) and the term it analyses to. */
  *writtenForms(): Generator<readonly [string, string]> {
    const seen = new Set<number>();
    const forms = this.foldedStart.length - 1;
    for (let surface = 0; surface < this.surfaceCount; surface++) {
      const id = this.surfaceIds[2 * surface]!;
      if (id === NO_TERM) continue;
      const folded = this.surfaceIds[2 * surface + 1]!;
      // Surfaces that fold alike ("Manning", "MANNING") analyse alike: one pair per folded form and term.
      const pair = id * forms + folded;
      if (seen.has(pair)) continue;
      seen.add(pair);
      yield [this.folding(folded), this.term(id)];
    }
  }

  /**
   * The first code unit of the folded form with this id, read from its bytes, when foldMarks
   * leaves that character as it is (printable ASCII, the Arabic letters of foldMarks's fast path);
   * -1 for any other (or an empty form). Lets a caller that wants forms starting with one letter
   * pass over most of the others without decoding them.
   */
  plainFirstUnit(id: number): number {
    const at = this.foldedStart[id]!;
    if (at === this.foldedStart[id + 1]) return -1;
    const lead = this.folded[at]!;
    if (lead >= 0x20 && lead <= 0x7e) return lead;
    // Two-byte UTF-8: 110xxxxx 10xxxxxx.
    if (lead >= 0xc2 && lead <= 0xdf) {
      const unit = ((lead & 0x1f) << 6) | (this.folded[at + 1]! & 0x3f);
      if (unit === 0x0621 || (unit >= 0x0627 && unit <= 0x064a)) return unit;
    }
    return -1;
  }

  /** The folded form with this id. */
  folding(id: number): string {
    return this.decoder.decode(this.folded.subarray(this.foldedStart[id]!, this.foldedStart[id + 1]!));
  }

  /** Exact look-ups of folded forms by hash once built (prepareFoldedLookup); until then a binary search, with the same answers. */
  private foldedLookup: SortedStringHash | undefined;

  /**
   * Builds the hash foldedId then uses, a slice at a time (see steps.ts): a question looks up a few
   * dozen folded forms (a name as written, an English word's inflections, its word pairs), and the
   * binary search decoded some twenty forms for each.
   */
  *prepareFoldedLookup(): Steps<void> {
    if (this.foldedLookup !== undefined) return;
    const lookup = yield* SortedStringHash.stepwiseOver(this.foldedCount, (id) => this.folding(id));
    this.foldedLookup ??= lookup;
  }

  get foldedLookupPrepared(): boolean {
    return this.foldedLookup !== undefined;
  }

  /** Id of a folded form (see foldWord), or -1 when no sentence holds it. */
  foldedId(word: string): number {
    if (this.foldedLookup !== undefined) return this.foldedLookup.indexOf(word);
    let low = 0;
    let high = this.foldedStart.length - 2;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.folding(middle);
      if (candidate === word) return middle;
      if (candidate < word) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Every folded form that starts with `prefix`, in their (code unit) order. */
  *foldedStartingWith(prefix: string): Generator<string> {
    const count = this.foldedStart.length - 1;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.folding(middle) < prefix) low = middle + 1;
      else high = middle;
    }
    for (let id = low; id < count; id++) {
      const form = this.folding(id);
      if (!form.startsWith(prefix)) return;
      yield form;
    }
  }

  /** The snapshot sections (see SearchIndex.toBytes); every name starts with "sentence". */
  sections(): Record<string, SectionValue> {
    return {
      sentenceTokenStart: this.sentenceStart,
      sentenceTokens: this.tokens,
      sentenceTitleStart: this.titleStart,
      sentenceTitleTokens: this.titleTokens,
      sentenceSurfaceIds: this.surfaceIds,
      sentenceExtraTermCount: Uint32Array.of(this.extraTerms.length),
      sentenceExtraTerms: this.extraTerms.join('\n'),
      sentenceFolded: this.folded,
      sentenceFoldedStart: this.foldedStart,
    };
  }

  /** Reads `sections()` back; throws when they do not fit each other or the index. */
  static fromSections(packed: UnpackedSections, vocabulary: readonly string[], sentenceCount: number, documentCount: number): SentenceTokens {
    const sentenceStart = packed.u32('sentenceTokenStart');
    const tokens = packed.u8('sentenceTokens');
    const titleStart = packed.u32('sentenceTitleStart');
    const titleTokens = packed.u8('sentenceTitleTokens');
    const surfaceIds = packed.u32('sentenceSurfaceIds');
    const extraCount = packed.u32('sentenceExtraTermCount');
    if (extraCount.length !== 1) throw new Error('index sentence lists are malformed');
    const extraTerms = splitList(packed.text('sentenceExtraTerms'), extraCount[0]!);
    const folded = packed.u8('sentenceFolded');
    const foldedStart = packed.u32('sentenceFoldedStart');
    const foldedCount = foldedStart.length - 1;
    if (foldedCount < 0 || foldedStart[0] !== 0 || foldedStart[foldedCount] !== folded.length) throw new Error('index sentence lists are malformed');
    for (let i = 0; i < foldedCount; i++) if (foldedStart[i]! > foldedStart[i + 1]!) throw new Error('index sentence lists are malformed');
    if (sentenceStart.length !== sentenceCount + 1 || titleStart.length !== documentCount + 1 || surfaceIds.length % 2 !== 0) {
      throw new Error('index sentence tokens do not match its sentences');
    }
    const surfaces = surfaceIds.length >>> 1;
    checkRuns(sentenceStart, tokens);
    checkRuns(titleStart, titleTokens);
    const terms = vocabulary.length + extraTerms.length;
    for (let i = 0; i < surfaces; i++) {
      const term = surfaceIds[2 * i]!;
      if ((term !== NO_TERM && term >= terms) || surfaceIds[2 * i + 1]! >= foldedCount) {
        throw new Error('index sentence surfaces are out of range');
      }
    }
    return new SentenceTokens(sentenceStart, tokens, titleStart, titleTokens, surfaceIds, vocabulary, extraTerms, folded, foldedStart);
  }
}

/** The form copied phrases are compared by: lower case, Arabic hamza forms and harakat unified. */
export function foldWord(word: string): string {
  return normalizeArabic(word.toLowerCase());
}

/**
 * Every run starts where the last ended and ends on the last byte of a number. The ids themselves
 * are checked where they are read (decodeRun), as postings are: walking every token of the corpus
 * here would add a tenth of a second to every load.
 */
function checkRuns(start: Uint32Array, tokens: Uint8Array): void {
  if (start[0] !== 0 || start[start.length - 1] !== tokens.length) throw new Error('index sentence tokens are cut short');
  for (let i = 1; i < start.length; i++) {
    if (start[i - 1]! > start[i]!) throw new Error('index sentence tokens are out of order');
    if (start[i]! > start[i - 1]! && tokens[start[i]! - 1]! >= 0x80) throw new Error('index sentence tokens are cut short');
  }
}

/** The surface ids of one run; an id no surface has (only a malformed index holds one) is skipped. */
function decodeRun(tokens: Uint8Array, from: number, to: number, surfaces: number): Uint32Array {
  // At most one surface per byte.
  const out = new Uint32Array(to - from);
  return out.subarray(0, decodeInto(tokens, from, to, surfaces, out));
}

/** decodeRun into `out` (at least `to - from` long): how many surface ids it holds. */
function decodeInto(tokens: Uint8Array, from: number, to: number, surfaces: number, out: Uint32Array): number {
  let n = 0;
  let value = 0;
  let shift = 0;
  for (let i = from; i < to; i++) {
    const byte = tokens[i]!;
    if (shift < 32) value = (value | ((byte & 0x7f) << shift)) >>> 0;
    if (byte < 0x80) {
      if (shift < 32 && value < surfaces) out[n++] = value;
      value = 0;
      shift = 0;
    } else {
      shift += 7;
    }
  }
  return n;
}

/** A '\n'-joined list (no token or term holds a line break); the count tells [''] from []. */
function splitList(text: string, count: number): string[] {
  const list = count === 0 ? [] : text.split('\n');
  if (list.length !== count) throw new Error('index sentence lists are malformed');
  return list;
}

/** How the builder numbers terms: the postings' numbering (InvertedIndexBuilder.termNumber), so both count the same integers. */
export interface TermNumbering {
  termNumber(term: string): number;
  termOf(number: number): string;
}

/** Collects the tokens while the index is built, then settles their ids against the vocabulary. */
export class SentenceTokensBuilder {
  private readonly surfaces = new SurfaceTable();
  private readonly scanner = new TokenScanner();
  /** Surface of each token of the passage being added. */
  private ids = new Int32Array(256);
  /** Scratch for the folded code units of a token looked up by its string. */
  private stringUnits: Uint16Array = new Uint16Array(256);
  /**
   * Per surface (the first `surfaceCount` of each): its term number (see TermNumbering), or -1 for
   * a stop word; its folded form's number (in `foldings`); how often it occurs. Typed arrays
   * doubled as needed rather than number[], and the folded forms in a StringTable rather than a
   * Map of 640k strings: what the heap holds, V8 lets garbage gather to two or three times of
   * before it collects, and that was the build's peak.
   */
  private surfaceTerms = new Int32Array(1024);
  private surfaceFoldings = new Uint32Array(1024);
  private occurrences = new Uint32Array(1024);
  private surfaceCount = 0;
  /** A builder builds once: building lets go of what it collected. */
  private built = false;
  private readonly foldings = new StringTable();
  private readonly tokens = new VarintIds();
  private readonly sentenceStart = growingU32();
  private readonly titleTokens = growingU32();
  private readonly titleStart = growingU32();

  constructor(private readonly numbering: TermNumbering) {
    this.sentenceStart.push(0);
    this.titleStart.push(0);
  }

  /**
   * Adds a passage's sentences (`spans` of `text`), each as the tokens a question would get from its
   * slice of the text, and returns the numbers of the passage's terms (`analyze(text)`): the passage
   * is tokenised once for both. A slice tokenises as the tokens of the whole text inside it (the
   * word pattern looks neither behind nor ahead), unless a token crosses its start or end: such a
   * sentence (a long one cut inside a word) is tokenised on its own.
   */
  addPassage(text: string, spans: readonly Span[]): number[] {
    const { scanner } = this;
    let count = scanner.scan(text);
    if (count > this.ids.length) this.ids = new Int32Array(Math.max(count, 2 * this.ids.length));
    const { ids } = this;
    if (count >= 0) {
      const { start, end, hash, units } = scanner;
      for (let i = 0; i < count; i++) ids[i] = this.surfaceIn(text, units, start[i]!, end[i]!, hash[i]!);
    } else {
      // A text beyond the scanner's table (see TokenScanner.scan): the word pattern's own tokens.
      const tokens = tokenize(text);
      count = tokens.length;
      if (count > this.ids.length) this.ids = new Int32Array(Math.max(count, 2 * this.ids.length));
      while (scanner.start.length < count) scanner.grow();
      tokens.forEach((token, i) => {
        this.ids[i] = this.surfaceOf(token.text);
        scanner.start[i] = token.start;
        scanner.end[i] = token.end;
      });
    }
    return this.addSentences(text, spans, count);
  }

  /** The rest of addPassage, with the passage's `count` tokens in the scanner's `start` and `end` and their surfaces in `ids`. */
  private addSentences(text: string, spans: readonly Span[], count: number): number[] {
    const { ids } = this;
    const { start, end } = this.scanner;
    const terms: number[] = [];
    for (let i = 0; i < count; i++) {
      const term = this.surfaceTerms[ids[i]!]!;
      if (term !== -1) terms.push(term);
    }
    let k = 0;
    for (const span of spans) {
      while (k < count && end[k]! <= span.start) k++;
      let j = k;
      while (j < count && end[j]! <= span.end) j++;
      const crossed = (k < count && start[k]! < span.start) || (j < count && start[j]! < span.end);
      if (crossed) {
        this.addTokens(text.slice(span.start, span.end), this.tokens);
      } else {
        for (let i = k; i < j; i++) {
          this.occurrences[ids[i]!]!++;
          this.tokens.push(ids[i]!);
        }
      }
      this.sentenceStart.push(this.tokens.length);
    }
    return terms;
  }

  /** Adds a document's title; returns the numbers of its terms (`analyze(title)`). */
  addTitle(title: string): number[] {
    const from = this.titleTokens.length;
    this.addTokens(title, this.titleTokens);
    this.titleStart.push(this.titleTokens.length);
    const terms: number[] = [];
    for (let i = from; i < this.titleTokens.length; i++) {
      const term = this.surfaceTerms[this.titleTokens.at(i)]!;
      if (term !== -1) terms.push(term);
    }
    return terms;
  }

  private addTokens(text: string, into: { push(id: number): void }): void {
    for (const token of tokenize(text)) {
      const id = this.surfaceOf(token.text);
      this.occurrences[id]!++;
      into.push(id);
    }
  }

  /** The surface of a token as `tokenize` gives it (digits folded). */
  private surfaceOf(text: string): number {
    const units = foldedUnits(text, this.stringUnits);
    this.stringUnits = units;
    return this.surfaceIn(text, units, 0, text.length, hashUnits(units, 0, text.length));
  }

  /** The surface of `text[from..to)` with its digits folded, `units[from..to)` and `hash` as TokenScanner gives them; a new one is analysed here. */
  private surfaceIn(text: string, units: Uint16Array, from: number, to: number, hash: number): number {
    const known = this.surfaces.find(units, from, to, hash);
    if (known !== -1) return known;
    const id = this.surfaces.add(units, from, to, hash);
    // Kept for good: not a view into the passage (see ownString), nor are the term and folded word made from it.
    const surface = ownString(foldDigits(from === 0 && to === text.length ? text : text.slice(from, to)));
    const term = analyzeUncached(surface);
    if (this.surfaceCount === this.surfaceTerms.length) {
      this.surfaceTerms = grownTo(this.surfaceTerms, new Int32Array(2 * this.surfaceCount));
      this.surfaceFoldings = grownTo(this.surfaceFoldings, new Uint32Array(2 * this.surfaceCount));
      this.occurrences = grownTo(this.occurrences, new Uint32Array(2 * this.surfaceCount));
    }
    const word = foldWord(surface);
    let folding = this.foldings.idOf(word);
    if (folding === -1) folding = this.foldings.add(word);
    this.surfaceTerms[this.surfaceCount] = term === null ? -1 : this.numbering.termNumber(term);
    this.surfaceFoldings[this.surfaceCount] = folding;
    this.occurrences[this.surfaceCount] = 0;
    this.surfaceCount++;
    return id;
  }

  /**
   * `rank`: each term number's id in the postings' `vocabulary`, or -1 for a term no passage holds
   * whole (InvertedIndexBuilder.buildRanked).
   */
  build(vocabulary: readonly string[], rank: Int32Array): SentenceTokens {
    if (this.built) throw new Error('sentence tokens built twice');
    this.built = true;
    // Each table is let go as soon as what is made of it exists: the surfaces' table first (only
    // adding needed it), the tokens (twelve million ids at 150k passages) a chunk at a time as they
    // are encoded, so that no two generations of the biggest arrays are held at once.
    this.surfaces.release();
    const count = this.surfaceCount;
    // The most frequent surfaces get the smallest numbers, so the shortest encodings.
    // Sorted as numbers (rarer, then later first seen, is larger), natively: a comparator over
    // half a million surfaces costs a second of the build.
    let highest = 0;
    for (let surface = 0; surface < count; surface++) if (this.occurrences[surface]! > highest) highest = this.occurrences[surface]!;
    const renumbered = new Uint32Array(count);
    if (count < SURFACE_LIMIT && highest < OCCURRENCE_LIMIT) {
      const keys = new Float64Array(count);
      for (let surface = 0; surface < count; surface++) keys[surface] = (highest - this.occurrences[surface]!) * SURFACE_LIMIT + surface;
      keys.sort();
      keys.forEach((key, rank) => (renumbered[key % SURFACE_LIMIT] = rank));
    } else {
      const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.occurrences[b]! - this.occurrences[a]! || a - b);
      order.forEach((surface, rank) => (renumbered[surface] = rank));
    }
    // Each surface's term and folded form side by side (see SentenceTokens.surfaceIds).
    const surfaceIds = new Uint32Array(2 * count);
    const extraTerms: string[] = [];
    // Extra term ids by term number, in the order their surfaces were first met.
    const extraIds = new Map<number, number>();
    for (let surface = 0; surface < count; surface++) {
      const term = this.surfaceTerms[surface]!;
      const at = renumbered[surface]!;
      if (term === -1) {
        surfaceIds[2 * at] = NO_TERM;
        continue;
      }
      let id = rank[term]!;
      if (id === -1) {
        id = extraIds.get(term) ?? -1;
        if (id === -1) {
          id = vocabulary.length + extraTerms.length;
          extraIds.set(term, id);
          extraTerms.push(this.numbering.termOf(term));
        }
      }
      surfaceIds[2 * at] = id;
    }
    this.surfaceTerms = new Int32Array(0);
    // By UTF-16 code units, as `<` compares (see codeUnitOrder), and encoded from them: the 640k
    // folded words are never made strings (which was tens of MB of heap at the build's peak).
    const words = this.foldings.codeUnits();
    const order = codeUnitOrderOf(words);
    const foldedRank = new Uint32Array(order.length);
    order.forEach((word, i) => (foldedRank[word] = i));
    for (let surface = 0; surface < count; surface++) surfaceIds[2 * renumbered[surface]! + 1] = foldedRank[this.surfaceFoldings[surface]!]!;
    this.surfaceFoldings = new Uint32Array(0);
    const [foldedStart, foldedBytes] = encodeWords(words, order);
    this.foldings.release();
    // The runs' sizes in bytes, from the counts rather than from walking every token once more.
    let bytes = 0;
    for (let surface = 0; surface < count; surface++) bytes += this.occurrences[surface]! * varintLength(renumbered[surface]!);
    this.occurrences = new Uint32Array(0);
    let titleBytes = 0;
    for (const chunk of this.titleTokens.chunks()) for (const id of chunk) titleBytes += varintLength(renumbered[id]!);
    const [sentenceStart, tokens] = encodeRuns(this.sentenceStart, this.tokens, renumbered, bytes - titleBytes);
    const [titleStart, titleTokens] = encodeRuns(this.titleStart, this.titleTokens, renumbered, titleBytes);
    return new SentenceTokens(sentenceStart, tokens, titleStart, titleTokens, surfaceIds, vocabulary, extraTerms, foldedBytes, foldedStart);
  }
}

/**
 * Words `order` (of `words`) as UTF-8, one after another, as TextEncoder encodes their strings
 * (a lone surrogate as U+FFFD), and where each starts.
 */
function encodeWords(words: CodeUnitWords, order: Uint32Array): [Uint32Array, Uint8Array] {
  const { units, starts } = words;
  const start = new Uint32Array(order.length + 1);
  for (let i = 0; i < order.length; i++) {
    const word = order[i]!;
    start[i + 1] = start[i]! + utf8Length(units, starts[word]!, starts[word + 1]!);
  }
  const out = new Uint8Array(start[order.length]!);
  let at = 0;
  for (const word of order) {
    const to = starts[word + 1]!;
    for (let i = starts[word]!; i < to; i++) {
      let point = units[i]!;
      if (point >= 0xd800 && point < 0xe000) {
        const next = i + 1 < to ? units[i + 1]! : 0;
        if (point < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
          point = 0x10000 + ((point - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else point = 0xfffd;
      }
      if (point < 0x80) out[at++] = point;
      else if (point < 0x800) {
        out[at++] = 0xc0 | (point >>> 6);
        out[at++] = 0x80 | (point & 0x3f);
      } else if (point < 0x10000) {
        out[at++] = 0xe0 | (point >>> 12);
        out[at++] = 0x80 | ((point >>> 6) & 0x3f);
        out[at++] = 0x80 | (point & 0x3f);
      } else {
        out[at++] = 0xf0 | (point >>> 18);
        out[at++] = 0x80 | ((point >>> 12) & 0x3f);
        out[at++] = 0x80 | ((point >>> 6) & 0x3f);
        out[at++] = 0x80 | (point & 0x3f);
      }
    }
  }
  if (at !== out.length) throw new Error('folded forms were miscounted');
  return [start, out];
}

/** More surfaces than any corpus has (2^26); with occurrence counts below 2^27, a sort key stays an exact double. */
const SURFACE_LIMIT = 2 ** 26;
const OCCURRENCE_LIMIT = 2 ** 27;

/**
 * Surface ids as they are added, as variable-length integers: the twelve million of the passages at
 * 150k were 48 MB as u32 and are about half that so, held until the build renumbers them.
 */
class VarintIds {
  readonly bytes = growingU8();
  /** Ids pushed. */
  length = 0;

  push(id: number): void {
    let value = id;
    while (value >= 0x80) {
      this.bytes.push((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    this.bytes.push(value);
    this.length++;
  }
}

/**
 * Runs of surface ids (`start` offsets into `ids`) as variable-length integers, renumbered, `bytes`
 * in all; offsets become byte offsets. Both arrays are emptied, the ids a chunk at a time as they
 * are encoded (GrowingArray.take).
 */
function encodeRuns(
  start: GrowingArray<Uint32Array>,
  ids: GrowingArray<Uint32Array> | VarintIds,
  renumbered: Uint32Array,
  bytes: number,
): [Uint32Array, Uint8Array] {
  const starts = start.takeArray();
  const out = new Uint8Array(bytes);
  const byteStart = new Uint32Array(starts.length);
  let at = 0;
  let run = 0;
  let i = 0;
  // The i-th id (of surface `id`), renumbered, after the starts of the runs it begins.
  const emit = (id: number) => {
    while (run < starts.length && starts[run] === i) byteStart[run++] = at;
    let value = renumbered[id]!;
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
    i++;
  };
  // Walked in place, never copied: a copy of twelve million would be the build's peak.
  if (ids instanceof VarintIds) {
    const chunks = ids.bytes.take();
    ids.length = 0;
    // An id's bytes can straddle two chunks: what is read of it so far carries over.
    let id = 0;
    let shift = 0;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      chunks[c] = undefined;
      for (let k = 0; k < chunk.length; k++) {
        const byte = chunk[k]!;
        id |= (byte & 0x7f) << shift;
        if (byte >= 0x80) {
          shift += 7;
          continue;
        }
        emit(id);
        id = 0;
        shift = 0;
      }
    }
  } else {
    const chunks = ids.take();
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      chunks[c] = undefined;
      for (let k = 0; k < chunk.length; k++) emit(chunk[k]!);
    }
  }
  while (run < starts.length && starts[run] === i) byteStart[run++] = at;
  if (at !== bytes) throw new Error('sentence token runs were miscounted');
  return [byteStart, out];
}

/** Bytes of code units `units[from..to)` in UTF-8, as TextEncoder writes them: a surrogate pair is 4 bytes, a lone surrogate 3 (U+FFFD). */
function utf8Length(units: Uint16Array, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const unit = units[i]!;
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < to && units[i + 1]! >= 0xdc00 && units[i + 1]! < 0xe000) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function varintLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}
