/**
 * Items 0 … count − 1 grouped by `groupOf(item)` (each below `groups`), stably: group g's items,
 * ascending, are `members[start[g]..start[g + 1])`. A counting sort, two passes over the items:
 * flat arrays where a list per group would be an object each.
 */
export function groupedBy(
  count: number,
  groups: number,
  groupOf: (item: number) => number,
): { start: Uint32Array<ArrayBuffer>; members: Uint32Array<ArrayBuffer> } {
  const start = new Uint32Array(groups + 1);
  for (let item = 0; item < count; item++) start[groupOf(item) + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const next = start.slice(0, groups);
  const members = new Uint32Array(count);
  for (let item = 0; item < count; item++) members[next[groupOf(item)]!++] = item;
  return { start, members };
}
