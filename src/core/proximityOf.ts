/** 1 when the matched terms sit side by side, falling towards 0 as they spread out. */
export function proximityOf(positions: readonly (readonly number[])[]): number {
  const terms = positions.length;
  if (terms < 2) return 0;
  // Smallest window holding one occurrence of each matched term (sliding window over sorted positions).
  // Each occurrence is one number, position × terms + term, so that a numeric sort of a typed
  // array orders them by position and then by term, as a stable sort of (position, term) pairs
  // made term by term would: a pair and a comparator call for each was most of this function's time.
  let count = 0;
  for (const list of positions) count += list.length;
  if (proximityScratch.length < count) proximityScratch = new Float64Array(Math.max(count, 2 * proximityScratch.length));
  const events = proximityScratch.subarray(0, count);
  let e = 0;
  for (let term = 0; term < terms; term++) for (const position of positions[term]!) events[e++] = position * terms + term;
  events.sort();
  const counts = new Uint32Array(terms);
  let covered = 0;
  let left = 0;
  let bestWidth = Infinity;
  for (let i = 0; i < count; i++) {
    const term = events[i]! % terms;
    if (counts[term]!++ === 0) covered++;
    while (covered === terms) {
      const leftTerm = events[left]! % terms;
      bestWidth = Math.min(bestWidth, (events[i]! - term - (events[left]! - leftTerm)) / terms + 1);
      if (--counts[leftTerm]! === 0) covered--;
      left++;
    }
  }
  return terms / bestWidth;
}

/** proximityOf's events, one buffer for every run (grown when a run holds more). */
let proximityScratch = new Float64Array(64);
