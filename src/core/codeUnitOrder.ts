/**
 * The positions of `words` (distinct strings) in the order `words.slice().sort()` puts them, by
 * UTF-16 code units, sorted as numbers: the native string sort of the index's half a million
 * folded words, one comparison of two strings at a time, took most of a second of the build.
 *
 * Each word's first few code units, each replaced by its rank among the code units the words use
 * (0 past the word's end, so a prefix comes first, as `<` has it), make one exact double with the
 * word's position in its low bits; words left tied by a shared prefix are ordered the same way by
 * their next units, and small ties by comparing the strings.
 */
export function codeUnitOrder(words: readonly string[]): Uint32Array {
  const rankOf = new Uint32Array(0x10000);
  for (const word of words) for (let i = 0; i < word.length; i++) rankOf[word.charCodeAt(i)] = 1;
  let ranks = 0;
  for (let unit = 0; unit < 0x10000; unit++) if (rankOf[unit] !== 0) rankOf[unit] = ++ranks;
  const order = new Uint32Array(words.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  refine(words, order, 0, order.length, 0, rankOf, Math.ceil(Math.log2(ranks + 1)));
  return order;
}

/** Ties this small are ordered by comparing strings, one insertion at a time. */
const SMALL = 12;
/** Past this many shared code units (no news word has them) a tie is left to a comparison sort. */
const DEEPEST = 256;

/** Orders `order[from..to)`, whose words share their first `offset` code units. */
function refine(words: readonly string[], order: Uint32Array, from: number, to: number, offset: number, rankOf: Uint32Array, unitBits: number): void {
  const n = to - from;
  if (n <= SMALL) {
    insertionSort(words, order, from, to);
    return;
  }
  const indexBits = Math.ceil(Math.log2(n));
  const units = Math.floor((53 - indexBits) / unitBits);
  if (units === 0 || offset >= DEEPEST) {
    order.subarray(from, to).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0));
    return;
  }
  const unitScale = 2 ** unitBits;
  const indexScale = 2 ** indexBits;
  const keys = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const word = words[order[from + j]!]!;
    let prefix = 0;
    for (let k = offset; k < offset + units; k++) prefix = prefix * unitScale + (k < word.length ? rankOf[word.charCodeAt(k)]! : 0);
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

function insertionSort(words: readonly string[], order: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const id = order[i]!;
    const word = words[id]!;
    let j = i - 1;
    while (j >= from && words[order[j]!]! > word) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = id;
  }
}
