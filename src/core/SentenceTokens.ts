import { analyzeToken, tokenize } from './analyze.js';
import { looseArabicKey, normalizeArabic } from './arabicAnalyzer.js';
import type { SectionValue, UnpackedSections } from './packSections.js';

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
 */
export class SentenceTokens {
  /** Term strings of `looseKey`, filled as questions meet them. */
  private looseKeys: (string | undefined)[] | undefined;

  constructor(
    /** Sentence s (numbered across the whole index) is surfaces `tokens[sentenceStart[s]..sentenceStart[s + 1])`. */
    private readonly sentenceStart: Uint32Array,
    private readonly tokens: Uint32Array,
    /** The same for document d's title. */
    private readonly titleStart: Uint32Array,
    private readonly titleTokens: Uint32Array,
    /** Term id of each surface, or NO_TERM. */
    private readonly surfaceTerm: Uint32Array,
    /** Id in `folded` of each surface. */
    private readonly surfaceFolded: Uint32Array,
    private readonly vocabulary: readonly string[],
    private readonly extraTerms: readonly string[],
    /** Folded forms, sorted by UTF-16 code units, without duplicates. */
    private readonly folded: readonly string[],
  ) {}

  get sentenceCount(): number {
    return this.sentenceStart.length - 1;
  }

  /** The analysed terms of sentence `s`, in order: `analyze` of its text. */
  termsOf(s: number): string[] {
    return this.termsIn(this.tokens, this.sentenceStart[s]!, this.sentenceStart[s + 1]!);
  }

  /** The analysed terms of document `doc`'s title, in order: `analyze(title)`. */
  titleTermsOf(doc: number): string[] {
    return this.termsIn(this.titleTokens, this.titleStart[doc]!, this.titleStart[doc + 1]!);
  }

  private termsIn(tokens: Uint32Array, from: number, to: number): string[] {
    const terms: string[] = [];
    for (let i = from; i < to; i++) {
      const id = this.surfaceTerm[tokens[i]!]!;
      if (id !== NO_TERM) terms.push(this.term(id));
    }
    return terms;
  }

  /** Where sentence `s`'s surfaces are in `surfaces` (for walking them without a copy). */
  sentenceRange(s: number): readonly [from: number, to: number] {
    return [this.sentenceStart[s]!, this.sentenceStart[s + 1]!];
  }

  /** Surface id of the token at `i` (see sentenceRange). */
  surface(i: number): number {
    return this.tokens[i]!;
  }

  /** Term id of a surface, or NO_TERM for a stop word. */
  termIdOf(surface: number): number {
    return this.surfaceTerm[surface]!;
  }

  /** Folded-form id of a surface. */
  foldedIdOf(surface: number): number {
    return this.surfaceFolded[surface]!;
  }

  term(id: number): string {
    return id < this.vocabulary.length ? this.vocabulary[id]! : this.extraTerms[id - this.vocabulary.length]!;
  }

  /** `looseArabicKey` of term `id`, worked out once per index. */
  looseKey(id: number): string {
    const keys = (this.looseKeys ??= new Array<string | undefined>(this.vocabulary.length + this.extraTerms.length));
    return (keys[id] ??= looseArabicKey(this.term(id)));
  }

  folding(id: number): string {
    return this.folded[id]!;
  }

  /** Id of a folded form (see foldWord), or -1 when no sentence holds it. */
  foldedId(word: string): number {
    const { folded } = this;
    let low = 0;
    let high = folded.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = folded[middle]!;
      if (candidate === word) return middle;
      if (candidate < word) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The snapshot sections (see SearchIndex.toBytes); every name starts with "sentence". */
  sections(): Record<string, SectionValue> {
    return {
      sentenceTokenStart: this.sentenceStart,
      sentenceTokens: this.tokens,
      sentenceTitleStart: this.titleStart,
      sentenceTitleTokens: this.titleTokens,
      sentenceSurfaceTerm: this.surfaceTerm,
      sentenceSurfaceFolded: this.surfaceFolded,
      sentenceListLengths: Uint32Array.of(this.extraTerms.length, this.folded.length),
      sentenceExtraTerms: this.extraTerms.join('\n'),
      sentenceFolded: this.folded.join('\n'),
    };
  }

  /** Reads `sections()` back; throws when they do not fit each other or the index. */
  static fromSections(packed: UnpackedSections, vocabulary: readonly string[], sentenceCount: number, documentCount: number): SentenceTokens {
    const sentenceStart = packed.u32('sentenceTokenStart');
    const tokens = packed.u32('sentenceTokens');
    const titleStart = packed.u32('sentenceTitleStart');
    const titleTokens = packed.u32('sentenceTitleTokens');
    const surfaceTerm = packed.u32('sentenceSurfaceTerm');
    const surfaceFolded = packed.u32('sentenceSurfaceFolded');
    const lengths = packed.u32('sentenceListLengths');
    if (lengths.length !== 2) throw new Error('index sentence lists are malformed');
    const extraTerms = splitList(packed.text('sentenceExtraTerms'), lengths[0]!);
    const folded = splitList(packed.text('sentenceFolded'), lengths[1]!);
    if (sentenceStart.length !== sentenceCount + 1 || titleStart.length !== documentCount + 1 || surfaceTerm.length !== surfaceFolded.length) {
      throw new Error('index sentence tokens do not match its sentences');
    }
    checkRuns(sentenceStart, tokens);
    checkRuns(titleStart, titleTokens);
    const surfaces = surfaceTerm.length;
    for (const list of [tokens, titleTokens]) for (let i = 0; i < list.length; i++) if (list[i]! >= surfaces) throw new Error('index sentence tokens are out of range');
    const terms = vocabulary.length + extraTerms.length;
    for (let i = 0; i < surfaces; i++) {
      if ((surfaceTerm[i] !== NO_TERM && surfaceTerm[i]! >= terms) || surfaceFolded[i]! >= folded.length) throw new Error('index sentence surfaces are out of range');
    }
    return new SentenceTokens(sentenceStart, tokens, titleStart, titleTokens, surfaceTerm, surfaceFolded, vocabulary, extraTerms, folded);
  }
}

/** The form copied phrases are compared by: lower case, Arabic hamza forms and harakat unified. */
export function foldWord(word: string): string {
  return normalizeArabic(word.toLowerCase());
}

function checkRuns(start: Uint32Array, tokens: Uint32Array): void {
  if (start[0] !== 0 || start[start.length - 1] !== tokens.length) throw new Error('index sentence tokens are cut short');
  for (let i = 1; i < start.length; i++) if (start[i - 1]! > start[i]!) throw new Error('index sentence tokens are out of order');
}

/** A '\n'-joined list (no token or term holds a line break); the count tells [''] from []. */
function splitList(text: string, count: number): string[] {
  const list = count === 0 ? [] : text.split('\n');
  if (list.length !== count) throw new Error('index sentence lists are malformed');
  return list;
}

/** Collects the tokens while the index is built, then settles their ids against the vocabulary. */
export class SentenceTokensBuilder {
  private readonly surfaces = new Map<string, number>();
  private readonly surfaceTerms: (string | null)[] = [];
  private readonly surfaceFoldings: string[] = [];
  private readonly tokens = new GrowingU32();
  private readonly sentenceStart = new GrowingU32();
  private readonly titleTokens = new GrowingU32();
  private readonly titleStart = new GrowingU32();

  constructor() {
    this.sentenceStart.push(0);
    this.titleStart.push(0);
  }

  /** Adds the next sentence, as the text a question would have tokenised (its slice of the passage). */
  addSentence(text: string): void {
    this.addTokens(text, this.tokens);
    this.sentenceStart.push(this.tokens.length);
  }

  addTitle(title: string): void {
    this.addTokens(title, this.titleTokens);
    this.titleStart.push(this.titleTokens.length);
  }

  private addTokens(text: string, into: GrowingU32): void {
    for (const token of tokenize(text)) {
      let id = this.surfaces.get(token.text);
      if (id === undefined) {
        id = this.surfaceTerms.length;
        this.surfaces.set(token.text, id);
        this.surfaceTerms.push(analyzeToken(token.text));
        this.surfaceFoldings.push(foldWord(token.text));
      }
      into.push(id);
    }
  }

  /** `termId`: a term's id in `vocabulary`, or -1. */
  build(vocabulary: readonly string[], termId: (term: string) => number): SentenceTokens {
    const count = this.surfaceTerms.length;
    const surfaceTerm = new Uint32Array(count);
    const extraTerms: string[] = [];
    const extraIds = new Map<string, number>();
    this.surfaceTerms.forEach((term, surface) => {
      if (term === null) {
        surfaceTerm[surface] = NO_TERM;
        return;
      }
      let id = termId(term);
      if (id === -1) {
        id = extraIds.get(term) ?? -1;
        if (id === -1) {
          id = vocabulary.length + extraTerms.length;
          extraIds.set(term, id);
          extraTerms.push(term);
        }
      }
      surfaceTerm[surface] = id;
    });
    const folded = [...new Set(this.surfaceFoldings)].sort();
    const foldedIds = new Map(folded.map((word, i) => [word, i] as const));
    const surfaceFolded = Uint32Array.from(this.surfaceFoldings, (word) => foldedIds.get(word)!);
    return new SentenceTokens(
      this.sentenceStart.toArray(),
      this.tokens.toArray(),
      this.titleStart.toArray(),
      this.titleTokens.toArray(),
      surfaceTerm,
      surfaceFolded,
      vocabulary,
      extraTerms,
      folded,
    );
  }
}

/** A Uint32Array that grows by doubling: millions of tokens held as a number[] would cost twice the memory. */
class GrowingU32 {
  private buffer = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Uint32Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  toArray(): Uint32Array {
    return this.buffer.slice(0, this.length);
  }
}
