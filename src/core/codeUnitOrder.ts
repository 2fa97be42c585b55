/**
 * Strings given as their UTF-16 code units one after another: string `w` is
 * `units[starts[w]..starts[w + 1])`, as a StringTable holds them.
 */
export interface CodeUnitWords {
  readonly units: Uint16Array;
  readonly starts: Uint32Array;
  readonly count: number;
}

/**
 * The positions of `words` (distinct strings) in the order `words.slice().sort()` puts them, by
 * UTF-16 code units, sorted as numbers: the native string sort of the index's half a million
 * folded words, one comparison of two strings at a time, took most of a second of the build.
 *
 * Each word's first few code units, each replaced by its rank among the code units the words use
 * (0 past the word's end, so a prefix comes first, as `<` has it), make one exact double with the
 * word's position in its low bits; words left tied by a shared prefix are ordered the same way by
 * their next units, and small ties by comparing their units.
 */
export function codeUnitOrder(words: readonly string[]): Uint32Array {
  let total = 0;
  for (const word of words) total += word.length;
  const units = new Uint16Array(total);
  const starts = new Uint32Array(words.length + 1);
  words.forEach((word, w) => {
    const from = starts[w]!;
    for (let i = 0; i < word.length; i++) units[from + i] = word.charCodeAt(i);
    starts[w + 1] = from + word.length;
  });
  return codeUnitOrderOf({ units, starts, count: words.length });
}

/**
 * `codeUnitOrder` of words held as code units (a StringTable's): the build orders its folded words
 * without making half a million strings of them first (tens of MB of heap at the build's peak).
 */
export function codeUnitOrderOf(words: CodeUnitWords): Uint32Array {
  const { units, starts, count } = words;
  const rankOf = new Uint32Array(0x10000);
  for (let i = 0; i < starts[count]!; i++) rankOf[units[i]!] = 1;
  let ranks = 0;
  for (let unit = 0; unit < 0x10000; unit++) if (rankOf[unit] !== 0) rankOf[unit] = ++ranks;
  const order = new Uint32Array(count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  refine(words, order, 0, order.length, 0, rankOf, Math.ceil(Math.log2(ranks + 1)));
  return order;
}

/** Ties this small are ordered by comparing words, one insertion at a time. */
const SMALL = 12;
/** Past this many shared code units (no news word has them) a tie is left to a comparison sort. */
const DEEPEST = 256;

/** Orders `order[from..to)`, whose words share their first `offset` code units. */
function refine(words: CodeUnitWords, order: Uint32Array, from: number, to: number, offset: number, rankOf: Uint32Array, unitBits: number): void {
  const n = to - from;
  if (n <= SMALL) {
    insertionSort(words, order, from, to);
    return;
  }
  const indexBits = Math.ceil(Math.log2(n));
  const units = Math.floor((53 - indexBits) / unitBits);
  if (units === 0 || offset >= DEEPEST) {
    order.subarray(from, to).sort((a, b) => compare(words, a, b));
    return;
  }
  const unitScale = 2 ** unitBits;
  const indexScale = 2 ** indexBits;
  const keys = new Float64Array(n);
  const { units: all, starts } = words;
  for (let j = 0; j < n; j++) {
    const word = order[from + j]!;
    const start = starts[word]!;
    const length = starts[word + 1]! - start;
    let prefix = 0;
    for (let k = offset; k < offset + units; k++) prefix = prefix * unitScale + (k < length ? rankOf[all[start + k]!]! : 0);
    keys[j] = prefix * indexScale + j;
  }
  keys.sort();
  const sorted = new Uint32Array(n);
  for (let j = 0; j < n; j++) sorted[j] = order[from + (keys[j]! % indexScale)]!;
  order.set(sorted, from);
  for (let start = 0; start < n; ) {
    const prefix = Math.floor(keys[start]! / indexScale);
    let end = start + 1;
    while (end < n && Math.floor(keys[end]! / indexScale) === prefix) end++;
    if (end - start > 1) refine(words, order, from + start, from + end, offset + units, rankOf, unitBits);
    start = end;
  }
}

/** Negative, zero or positive as word `a` sorts before, with or after word `b` (as `<` compares strings). */
function compare(words: CodeUnitWords, a: number, b: number): number {
  const { units, starts } = words;
  const aStart = starts[a]!;
  const bStart = starts[b]!;
  const aLength = starts[a + 1]! - aStart;
  const bLength = starts[b + 1]! - bStart;
  const shared = Math.min(aLength, bLength);
  for (let i = 0; i < shared; i++) {
    const difference = units[aStart + i]! - units[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

function insertionSort(words: CodeUnitWords, order: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const id = order[i]!;
    let j = i - 1;
    while (j >= from && compare(words, order[j]!, id) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = id;
  }
}
