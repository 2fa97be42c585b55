import { drain, type Steps } from './steps.js';
import type { Language } from './types.js';
import { grownTo } from './GrowingArray.js';
import { spreadHash } from './fnv1a.js';
import { groupedBy } from './groupedBy.js';

/**
 * Names cross the script boundary by sound, not by dictionary: "Ryder" is رايدر, مصراتة is
 * Misrata. Both sides are reduced to a skeleton of consonant classes (vowels, the letters Arabic
 * writes for long vowels, and hamza/ain are dropped; letters English renders alike are one class),
 * and a name is matched to the corpus terms of the other script with the same skeleton, or from
 * four consonants up at one edit.
 */

/** Arabic letters → consonant class; letters not listed (vowels, hamza, ain) carry none. */
export const ARABIC_CLASSES: Readonly<Record<string, string>> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ط: 't',
  ج: 'g',
  غ: 'g',
  ح: 'h',
  ه: 'h',
  خ: 'k',
  ق: 'k',
  ك: 'k',
  د: 'd',
  ذ: 'd',
  ض: 'd',
  ظ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ص: 's',
  ش: 's',
  ف: 'f',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

/** Latin digraphs first, then single letters; vowels, w, y and h after a consonant carry none. */
export const LATIN_DIGRAPHS: readonly (readonly [string, string])[] = [
  ['kh', 'k'],
  ['gh', 'g'],
  ['sh', 's'],
  ['th', 't'],
  ['dh', 'd'],
  ['ph', 'f'],
  ['ch', 's'],
  ['ck', 'k'],
];
export const LATIN_CLASSES: Readonly<Record<string, string>> = {
  b: 'b',
  p: 'b',
  t: 't',
  d: 'd',
  j: 'g',
  g: 'g',
  h: 'h',
  k: 'k',
  q: 'k',
  c: 'k',
  x: 'k',
  l: 'l',
  m: 'm',
  n: 'n',
  r: 'r',
  s: 's',
  z: 'z',
  f: 'f',
  v: 'f',
};

/** The consonant-class skeleton of a word in either script, doubled consonants counted once. */
export function consonantSkeleton(word: string): string {
  return letterClasses(word, false);
}

/**
 * The word's letters as classes, a run of one class counted once; with `vowels`, vowels (Latin
 * a e i o u y; the letters Arabic writes long vowels and final ة with) as 'v'.
 */
function letterClasses(word: string, vowels: boolean): string {
  const length = classesInto(word, vowels);
  // A few code units at a time: spread as arguments, a word of many thousand letters would overflow the stack.
  let classes = '';
  for (let at = 0; at < length; at += 4096) classes += String.fromCharCode(...classBuffer.subarray(at, Math.min(length, at + 4096)));
  return classes;
}

/** letterClasses' classes in `classBuffer`: how many. */
function classesInto(word: string, vowels: boolean): number {
  const lower = word.toLowerCase();
  // Tables over code units, not maps of one-letter strings: every term of the vocabulary is reduced
  // once per index, and every entry a name meets per question.
  let length = 0;
  let last = 0;
  for (let i = 0; i < lower.length; i++) {
    const unit = lower.charCodeAt(i);
    const next = i + 1 < lower.length ? lower.charCodeAt(i + 1) : 0x80;
    let c = unit < 0x80 && next < 0x80 ? DIGRAPH_CODE[(unit << 7) | next]! : 0;
    if (c !== 0) i++;
    else c = CLASS_CODE[unit] || (vowels && VOWEL_UNIT[unit] === 1 ? V : 0);
    // Every class is one letter: "ends with c" is "the last class added was c".
    if (c !== 0 && c !== last) {
      if (length === classBuffer.length) classBuffer = grownTo(classBuffer, new Uint16Array(2 * length));
      classBuffer[length++] = c;
      last = c;
    }
  }
  return length;
}

/**
 * soundOf(word) as a number, for telling sounds apart by the thousand without making each a
 * string: its classes as digits base 19 (each class 1–18), exact up to twelve of them; a longer
 * sound is its string. Two words have the same key if and only if they sound the same. Read from
 * classBuffer: called right after classesInto(word, true) has put its `length` classes there.
 */
function soundKeyOfClasses(word: string, length: number): number | string {
  if (length > 12) return letterClasses(word, true);
  let key = 0;
  for (let i = length - 1; i >= 0; i--) key = key * 19 + SOUND_DIGIT[classBuffer[i]!]!;
  return key;
}

let classBuffer: Uint16Array = new Uint16Array(64);

/** Class (as a code unit) of each pair of ASCII letters that is a digraph, at (first << 7) | second; 0: none. */
const DIGRAPH_CODE = new Uint16Array(1 << 14);
for (const [pair, c] of LATIN_DIGRAPHS) DIGRAPH_CODE[(pair.charCodeAt(0) << 7) | pair.charCodeAt(1)] = c.charCodeAt(0);
/** Class (as a code unit) of each letter; 0: none. The two scripts share no letter. */
const CLASS_CODE = new Uint16Array(0x10000);
for (const [letter, c] of [...Object.entries(LATIN_CLASSES), ...Object.entries(ARABIC_CLASSES)]) CLASS_CODE[letter.charCodeAt(0)] = c.charCodeAt(0);
/** 1 for the letters written for vowels (see letterClasses). */
const VOWEL_UNIT = new Uint8Array(0x10000);
for (const letter of 'aeiouyاويىة') VOWEL_UNIT[letter.charCodeAt(0)] = 1;
/** Each class (and 'v') as a digit of soundKey, 1 up. */
const SOUND_DIGIT = new Uint8Array(0x80);
let soundDigits = 0;
for (const c of new Set([...Object.values(LATIN_CLASSES), ...Object.values(ARABIC_CLASSES), 'v'])) SOUND_DIGIT[c.charCodeAt(0)] = ++soundDigits;

/** Entries added between two yields of a stepwise build: a few milliseconds' work. */
const SLICE = 2_000;

const ARABIC_LETTERS = /^[\u0621-\u064A]+$/;
const LATIN_LETTERS = /^[a-z]+$/;

/**
 * Skeleton → the corpus terms of one script that have it, built once per vocabulary. A term is
 * matched by how it is written as well as by itself: the English stem of a name is often no longer
 * the name (Manning → man, Turing → ture), while مانينغ sounds like the word as written.
 */
export class NameMatcher {
  /**
   * Entries (a written form or a term, with the term it stands for) in the order added, grouped
   * by skeleton: group g is `groupEntries[groupStart[g]..groupStart[g + 1])`. Flat arrays rather
   * than an object per entry and an array per skeleton: at 150k news passages the Arabic matcher
   * has half a million entries, and as objects they held ~59 MB.
   */
  private groups = new Map<string, number>();
  private groupStart = new Uint32Array(1);
  private groupEntries = new Uint32Array(0);
  /** The term of each entry. */
  private terms: string[] = [];
  /**
   * The written forms, one after another: entry e's is `forms.slice(formStart[e], formStart[e + 1])`,
   * or its term when that is empty (a term matched as itself).
   */
  private forms = '';
  private formStart = new Uint32Array(1);
  /**
   * Each group is ordered by sound (soundOf(form)), shorter sounds first, the entries of one sound
   * in the order added, and cut into runs of one sound: group g's runs start at `groupEntries` positions
   * `soundRuns[groupRuns[g]..groupRuns[g + 1])`. A match works a sound and its distance out once
   * per run, not once per entry: a common skeleton holds hundreds of words, and a question's names
   * meet a hundred skeletons each.
   */
  private groupRuns = new Uint32Array(1);
  private soundRuns = new Uint32Array(0);
  /**
   * Each run's sound (soundOf of its entries' form) as class codes: run r's are
   * `soundCodes[soundStart[r]..soundStart[r + 1])`. Worked out once here rather than per match:
   * making each run's sound a string again was a third of a match's time.
   */
  private soundStart = new Uint32Array(1);
  private soundCodes = new Uint16Array(0);
  /**
   * A bit per skeletonHash (spread) of the skeletons that have a group, sixteen bits a skeleton: of
   * the two hundred skeletons one edit from a name's, most have none, and telling so by a bit
   * spares making each as a string and looking it up among half a million (see nearSkeletons).
   */
  private present = new Uint8Array(1);

  constructor(
    vocabulary: readonly string[],
    script: Language,
    private readonly frequency: (term: string) => number,
    /** Words as written in the corpus (folded), each with its term: `[form, term]`. */
    written: Iterable<readonly [string, string]> = [],
  ) {
    drain(this.fill(vocabulary, script, written));
  }

  /**
   * The same matcher built a slice at a time (see steps.ts): half a million entries at 150k news
   * passages take seconds, which a bot builds ahead of the first question that needs them.
   */
  static *stepwise(
    vocabulary: readonly string[],
    script: Language,
    frequency: (term: string) => number,
    written: Iterable<readonly [string, string]> = [],
  ): Steps<NameMatcher> {
    const matcher = new NameMatcher([], script, frequency);
    yield* matcher.fill(vocabulary, script, written);
    return matcher;
  }

  private *fill(vocabulary: readonly string[], script: Language, written: Iterable<readonly [string, string]>): Steps<void> {
    const letters = script === 'ar' ? ARABIC_LETTERS : LATIN_LETTERS;
    const groups = new Map<string, number>();
    const terms: string[] = [];
    const groupOf: number[] = [];
    const forms: string[] = [];
    const formEnd: number[] = [];
    let formLength = 0;
    let added = 0;
    const add = (form: string, term: string) => {
      if (!letters.test(form)) return;
      const skeleton = consonantSkeleton(form);
      if (skeleton.length < MIN_SKELETON) return;
      let group = groups.get(skeleton);
      if (group === undefined) {
        group = groups.size;
        groups.set(skeleton, group);
      }
      groupOf.push(group);
      terms.push(term);
      if (form !== term) {
        forms.push(form);
        formLength += form.length;
      }
      formEnd.push(formLength);
    };
    for (const term of vocabulary) {
      add(term, term);
      if (++added % SLICE === 0) yield;
    }
    for (const [form, term] of written) {
      if (form !== term) add(form, term);
      if (++added % SLICE === 0) yield;
    }
    yield;
    const formStart = new Uint32Array(formEnd.length + 1);
    formStart.set(formEnd, 1);
    const joined = forms.join('');
    yield;
    // Each group keeps its entries in the order added.
    const { start: groupStart, members: groupEntries } = groupedBy(groupOf.length, groups.size, (entry) => groupOf[entry]!);
    this.groups = groups;
    this.terms = terms;
    this.forms = joined;
    this.formStart = formStart;
    this.groupStart = groupStart;
    this.groupEntries = groupEntries;
    const groupRuns = new Uint32Array(groups.size + 1);
    let soundRuns = new Uint32Array(Math.max(16, groups.size));
    let runs = 0;
    let sorted = 0;
    for (let g = 0; g < groups.size; g++) {
      const from = groupStart[g]!;
      const to = groupStart[g + 1]!;
      groupRuns[g] = runs;
      if (runs + (to - from) > soundRuns.length) soundRuns = grownTo(soundRuns, new Uint32Array(Math.max(2 * soundRuns.length, runs + (to - from))));
      soundRuns[runs++] = from;
      if (to - from < 2) continue;
      // Positions in the group ordered by the length of their sound, then by sound, stably: the
      // entries of one sound keep the order added, and a match finds the runs of the lengths
      // that can be near by a binary search. As numbers, not strings: half a million sounds made
      // as strings stayed for several collections after the build (about 27 bytes an entry).
      const sounds: (number | string)[] = [];
      const lengths: number[] = [];
      for (let at = from; at < to; at++) {
        const form = this.formOf(groupEntries[at]!);
        const length = classesInto(form, true);
        lengths.push(length);
        sounds.push(soundKeyOfClasses(form, length));
      }
      const order = Array.from({ length: to - from }, (_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || compareKeys(sounds[a]!, sounds[b]!) || a - b);
      const entries = order.map((i) => groupEntries[from + i]!);
      groupEntries.set(entries, from);
      for (let i = 1; i < order.length; i++) if (sounds[order[i]!] !== sounds[order[i - 1]!]) soundRuns[runs++] = from + i;
      sorted += entries.length;
      if (sorted >= SLICE) {
        sorted = 0;
        yield;
      }
    }
    groupRuns[groups.size] = runs;
    this.groupRuns = groupRuns;
    this.soundRuns = soundRuns.slice(0, runs);
    const soundStart = new Uint32Array(runs + 1);
    let soundCodes = new Uint16Array(Math.max(16, runs * 4));
    let codes = 0;
    for (let run = 0; run < runs; run++) {
      const length = classesInto(this.formOf(groupEntries[this.soundRuns[run]!]!), true);
      if (codes + length > soundCodes.length) soundCodes = grownTo(soundCodes, new Uint16Array(Math.max(2 * soundCodes.length, codes + length)));
      soundCodes.set(classBuffer.subarray(0, length), codes);
      codes += length;
      soundStart[run + 1] = codes;
      if ((run + 1) % SLICE === 0) yield;
    }
    this.soundStart = soundStart;
    this.soundCodes = soundCodes.slice(0, codes);
    let bytes = 1;
    while (bytes * 8 < groups.size * 16) bytes *= 2;
    const present = new Uint8Array(bytes);
    for (const skeleton of groups.keys()) markBit(present, skeletonHash(skeleton));
    this.present = present;
  }

  /** The entries of a skeleton, by sound (see soundRuns). */
  private entriesOf(skeleton: string): Uint32Array | undefined {
    const group = this.groups.get(skeleton);
    return group === undefined ? undefined : this.groupEntries.subarray(this.groupStart[group], this.groupStart[group + 1]);
  }

  private formOf(entry: number): string {
    const from = this.formStart[entry]!;
    const to = this.formStart[entry + 1]!;
    return from === to ? this.terms[entry]! : this.forms.slice(from, to);
  }

  /** oneEditAway(skeleton), less those the matcher surely has no group for (their bit in `present` is clear). */
  private nearSkeletons(skeleton: string): string[] {
    return oneEditAway(skeleton, (hash) => hasBit(this.present, hash));
  }

  /**
   * The vocabulary's terms (of this matcher's script) whose skeleton is `word`'s or one consonant
   * class apart (inserted, deleted or replaced): where a spelling variant of a name must be.
   */
  termsNear(word: string): string[] {
    const skeleton = consonantSkeleton(word);
    const near: string[] = [];
    const gathered = new Set<string>();
    for (const other of [skeleton, ...this.nearSkeletons(skeleton)]) {
      if (gathered.has(other)) continue;
      gathered.add(other);
      const entries = this.entriesOf(other);
      if (entries === undefined) continue;
      // A term matched as itself has no written form of its own: those are the vocabulary's (in
      // the group's order, by sound).
      for (const entry of entries) if (this.formStart[entry] === this.formStart[entry + 1]) near.push(this.terms[entry]!);
    }
    return near;
  }

  /**
   * The corpus terms a name (a word of the other script) may be written as: those of the same
   * skeleton, else, from four consonants up, those one edit away; the most frequent few only.
   */
  match(name: string, maxDistance = MAX_SOUND_DISTANCE): readonly string[] {
    const skeleton = consonantSkeleton(name);
    if (skeleton.length < MIN_SKELETON) return [];
    const sound = soundOf(name);
    const soundTrimmed = trimmedSound(sound);
    // Only the nearest are kept, so a distance is worked out only as far as it could still be
    // among them (see soundDistance's bound), and once per run of entries of one sound.
    let best = Number.POSITIVE_INFINITY;
    // A nearest farther than this is no match at all (the check after the gathering): no distance
    // beyond it needs working out exactly, even before anything near has been found.
    const farthest = maxDistance * Math.max(sound.length, 1);
    // Entries as near as the nearest so far, with the rank of their group among those gathered:
    // ties are told apart as if every entry had been met in the order added, group after group.
    const near: { entry: number; rank: number; distance: number }[] = [];
    const gathered = new Set<string>();
    const gather = (other: string) => {
      if (gathered.has(other)) return;
      gathered.add(other);
      const group = this.groups.get(other);
      if (group === undefined) return;
      const rank = gathered.size;
      const lastRun = this.groupRuns[group + 1]!;
      const { soundStart } = this;
      // The group's runs are by length of sound: those too short for the bound as it stands now
      // (it only shrinks) are passed over by a binary search, as the loop would pass them one by one.
      const shortest = sound.length - lengthSlack(Math.min(best, farthest) + BOUND_SLACK);
      let first = this.groupRuns[group]!;
      for (let last = lastRun; first < last; ) {
        const middle = (first + last) >>> 1;
        if (soundStart[middle + 1]! - soundStart[middle]! < shortest) first = middle + 1;
        else last = middle;
      }
      for (let run = first; run < lastRun; run++) {
        const from = this.soundRuns[run]!;
        const to = run + 1 < lastRun ? this.soundRuns[run + 1]! : this.groupStart[group + 1]!;
        const bound = Math.min(best, farthest) + BOUND_SLACK;
        const codesFrom = soundStart[run]!;
        const codesTo = soundStart[run + 1]!;
        // A run whose length alone puts it past the bound is not compared.
        const longer = codesTo - codesFrom - sound.length;
        if (Math.abs(longer) > lengthSlack(bound)) {
          // Longer ones after it are farther still.
          if (longer > 0) break;
          continue;
        }
        const distance = distanceToCodes(sound, soundTrimmed, this.soundCodes, codesFrom, codesTo, bound);
        // Infinity: beyond the bound, so neither the nearest nor within `farthest`.
        if (distance === Number.POSITIVE_INFINITY || distance > best + 1e-9) continue;
        best = Math.min(best, distance);
        for (let at = from; at < to; at++) near.push({ entry: this.groupEntries[at]!, rank, distance });
      }
    };
    gather(skeleton);
    // An English plural written out in Arabic keeps its s (البرونكوس), which the English stem
    // drops (bronco): the skeleton without it is as near as the skeleton itself.
    if (/[sz]$/.test(skeleton) && skeleton.length > MIN_SKELETON) gather(skeleton.slice(0, -1));
    // Nearest only: many words share a skeleton of classes (brnks: process, branch, principle);
    // the vowels and letters the skeleton set aside tell the name apart.
    if (skeleton.length >= 4) for (const other of this.nearSkeletons(skeleton)) gather(other);
    if (best > farthest) return [];
    const nearest = near.filter((candidate) => candidate.distance <= best + 1e-9).sort((a, b) => a.rank - b.rank || a.entry - b.entry);
    const terms = new Set(nearest.map((candidate) => this.terms[candidate.entry]!));
    // Each term's frequency looked up once, not at every comparison (a look-up hashes the term);
    // the sort is stable, so equally frequent terms keep the order met.
    return [...terms]
      .map((term) => ({ term, frequency: this.frequency(term) }))
      .sort((a, b) => b.frequency - a.frequency)
      .slice(0, MAX_NAME_MATCHES)
      .map(({ term }) => term);
  }
}

/**
 * A word as a string of consonant classes and vowels ('v'), for telling apart the words one
 * skeleton holds. Arabic writes long vowels (ا و ي ى) and final ة as letters; Latin vowels are a,
 * e, i, o, u, y. Runs of vowels count as one.
 */
export function soundOf(word: string): string {
  return letterClasses(word, true);
}

/**
 * Edit distance between two sound strings where a vowel costs little to add or drop (Arabic
 * leaves short vowels unwritten: مصراتة has none of Misrata's first two), a final s nothing
 * (an English plural kept in Arabic, dropped by the stem), and any consonant change costs 1.
 */
export function soundDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  if (b.length > soundScratch.length) soundScratch = new Uint16Array(2 * b.length);
  for (let i = 0; i < b.length; i++) soundScratch[i] = b.charCodeAt(i);
  return distanceToCodes(a, trimmedSound(a), soundScratch, 0, b.length, bound);
}

/** soundDistance's `b` as codes, for a caller with a string. */
let soundScratch = new Uint16Array(32);

/** A sound without its final s or z, or undefined when it has none to drop (see soundDistance). */
function trimmedSound(sound: string): string | undefined {
  return SIBILANT_END.test(sound) && sound.length > MIN_SKELETON ? sound.slice(0, -1) : undefined;
}

/**
 * soundDistance of `a` (`aTrimmed` its trimmedSound) and the sound `codes[from..to)`. Each with and
 * without a final s, as the nearest pair; a name is compared with hundreds of runs per question,
 * so without the arrays and closures of a general form.
 */
function distanceToCodes(a: string, aTrimmed: string | undefined, codes: Uint16Array, from: number, to: number, bound: number): number {
  const last = to > from ? codes[to - 1]! : 0;
  const bTrimmed = (last === S || last === Z) && to - from > MIN_SKELETON;
  let best = editDistance(a, codes, from, to, bound);
  if (bTrimmed) best = Math.min(best, editDistance(a, codes, from, to - 1, bound));
  if (aTrimmed !== undefined) {
    best = Math.min(best, editDistance(aTrimmed, codes, from, to, bound));
    if (bTrimmed) best = Math.min(best, editDistance(aTrimmed, codes, from, to - 1, bound));
  }
  return best;
}

/**
 * What a distance may exceed the nearest found so far by and still be worked out exactly: well
 * above the 1e-9 that ties are told by, well below the 0.3 a vowel costs.
 */
const BOUND_SLACK = 1e-6;

/**
 * How many letters longer or shorter than another a sound may be and still be within `bound` of
 * it: each letter of difference costs an edit of a vowel at least, less the final s either may drop.
 */
function lengthSlack(bound: number): number {
  return (bound + BOUND_SLACK) / VOWEL_COST + 1;
}

const SIBILANT_END = /[sz]$/;
const V = 'v'.charCodeAt(0);
const S = 's'.charCodeAt(0);
const Z = 'z'.charCodeAt(0);
/** Two rows of the distance table, grown as longer words come. */
let previousRow = new Float64Array(32);
let currentRow = new Float64Array(32);

/**
 * The weighted edit distance of `a` and the sound `codes[from..to)`, exact when it is at most `bound`; above it, possibly only some
 * number above `bound` (Infinity): a row of the table whose every cell is above the bound can
 * only lead to a distance above it, as no edit costs less than nothing.
 */
function editDistance(a: string, codes: Uint16Array, from: number, to: number, bound: number): number {
  const bLength = to - from;
  if (bLength + 1 > previousRow.length) {
    previousRow = new Float64Array(2 * (bLength + 1));
    currentRow = new Float64Array(2 * (bLength + 1));
  }
  let previous = previousRow;
  let current = currentRow;
  previous[0] = 0;
  for (let j = 1; j <= bLength; j++) previous[j] = previous[j - 1]! + (codes[from + j - 1] === V ? VOWEL_COST : 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const costA = ca === V ? VOWEL_COST : 1;
    current[0] = previous[0]! + costA;
    let rowLeast = current[0]!;
    for (let j = 1; j <= bLength; j++) {
      const cb = codes[from + j - 1]!;
      const costB = cb === V ? VOWEL_COST : 1;
      const substitute = ca === cb ? 0 : Math.max(costA, costB);
      current[j] = Math.min(previous[j]! + costA, current[j - 1]! + costB, previous[j - 1]! + substitute);
      if (current[j]! < rowLeast) rowLeast = current[j]!;
    }
    if (rowLeast > bound) return Number.POSITIVE_INFINITY;
    const done = previous;
    previous = current;
    current = done;
  }
  return previous[bLength]!;
}

const VOWEL_COST = 0.3;
/** Beyond this share of the name's sound length in edits, the nearest term is not the name. */
const MAX_SOUND_DISTANCE = 0.34;

const MIN_SKELETON = 3;
const MAX_NAME_MATCHES = 3;
const CLASS_LETTERS = [...new Set([...Object.values(ARABIC_CLASSES), ...Object.values(LATIN_CLASSES)])];

/** Any total order of sound keys (numbers before strings): it only has to put equal ones together. */
function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Multiplier of skeletonHash: Σ code(s[k]) × HASH_BASE^k, mod 2^32 (odd, so every power is invertible). */
const HASH_BASE = 31;

/** The polynomial hash oneEditAway works out for an edited skeleton without making it. */
function skeletonHash(skeleton: string): number {
  let hash = 0;
  let power = 1;
  for (let i = 0; i < skeleton.length; i++) {
    hash = (hash + Math.imul(skeleton.charCodeAt(i), power)) >>> 0;
    power = Math.imul(power, HASH_BASE) >>> 0;
  }
  return hash;
}

function markBit(bits: Uint8Array, hash: number): void {
  const h = spreadHash(hash);
  bits[(h >>> 3) & (bits.length - 1)]! |= 1 << (h & 7);
}

function hasBit(bits: Uint8Array, hash: number): boolean {
  const h = spreadHash(hash);
  return (bits[(h >>> 3) & (bits.length - 1)]! & (1 << (h & 7))) !== 0;
}

/**
 * Every skeleton one edit (a class dropped, replaced or inserted) from `skeleton`, repeats
 * included, that `keep` lets through by its skeletonHash: worked out from the skeleton's prefix and
 * suffix hashes, so that one not kept is never made as a string.
 */
export function oneEditAway(skeleton: string, keep: (hash: number) => boolean = () => true): string[] {
  const length = skeleton.length;
  const prefix = new Uint32Array(length + 1);
  const suffix = new Uint32Array(length + 2);
  const power = new Uint32Array(length + 2);
  power[0] = 1;
  for (let i = 0; i < length; i++) {
    prefix[i + 1] = (prefix[i]! + Math.imul(skeleton.charCodeAt(i), power[i]!)) >>> 0;
    power[i + 1] = Math.imul(power[i]!, HASH_BASE) >>> 0;
  }
  power[length + 1] = Math.imul(power[length]!, HASH_BASE) >>> 0;
  for (let i = length - 1; i >= 0; i--) suffix[i] = (skeleton.charCodeAt(i) + Math.imul(HASH_BASE, suffix[i + 1]!)) >>> 0;
  const out: string[] = [];
  // What each edit makes, by hash: the prefix before i, then c (if any) at i, then the suffix.
  const spliced = (i: number, c: number, from: number) =>
    (prefix[i]! + (c === 0 ? 0 : Math.imul(c, power[i]!)) + Math.imul(power[c === 0 ? i : i + 1]!, suffix[from]!)) >>> 0;
  for (let i = 0; i < length; i++) {
    if (keep(spliced(i, 0, i + 1))) out.push(skeleton.slice(0, i) + skeleton.slice(i + 1));
    for (const c of CLASS_LETTERS) {
      if (c === skeleton[i]) continue;
      if (keep(spliced(i, c.charCodeAt(0), i + 1))) out.push(skeleton.slice(0, i) + c + skeleton.slice(i + 1));
    }
  }
  for (let i = 0; i <= length; i++) {
    for (const c of CLASS_LETTERS) if (keep(spliced(i, c.charCodeAt(0), i))) out.push(skeleton.slice(0, i) + c + skeleton.slice(i));
  }
  return out;
}
