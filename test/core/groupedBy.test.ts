import { describe, expect, it } from 'vitest';
import { groupedBy } from '../../src/core/groupedBy.js';

describe('groupedBy', () => {
  it("lists each group's items in ascending order, empty groups included, as filtering by group would", () => {
    let state = 3;
    const groupOf = Array.from({ length: 500 }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      // Group 7 and the last, 19, stay empty.
      const group = state % 19;
      return group === 7 ? 8 : group;
    });
    const { start, members } = groupedBy(groupOf.length, 20, (item) => groupOf[item]!);
    expect(start.length).toBe(21);
    for (let g = 0; g < 20; g++) {
      const expected = groupOf.flatMap((group, item) => (group === g ? [item] : []));
      expect([...members.subarray(start[g], start[g + 1])], `group ${g}`).toEqual(expected);
    }
    expect(start[7]).toBe(start[8]);
    expect(start[20]).toBe(500);
  });
});
