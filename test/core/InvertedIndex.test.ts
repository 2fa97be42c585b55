import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { type Alternative, InvertedIndex, InvertedIndexBuilder } from '../../src/core/InvertedIndex.js';
import { Random } from '../../src/bench/prng.js';

/**
 * The postings promise MiniSearch's ranking (BM25+ with its defaults, field boosts, the score
 * multiplied by the number of query terms matched) in a layout that loads and searches faster.
 * The reference here is MiniSearch itself, over the same passages and fields.
 */

interface Record {
  id: number;
  text: string;
  title: string;
}

const OPTIONS = {
  fields: ['text', 'title'],
  storeFields: [],
  tokenize: (text: string) => (text === '' ? [] : text.split(' ')),
  processTerm: (term: string) => term,
};

function randomCorpus(random: Random, passages: number, vocabulary: number): Record[] {
  // A Zipf-like vocabulary: a few words in many passages, most in a few.
  const word = () => `w${Math.floor(vocabulary * random.next() ** 3)}`;
  const titles = Array.from({ length: Math.ceil(passages / 8) }, () => Array.from({ length: random.int(0, 5) }, word).join(' '));
  return Array.from({ length: passages }, (_, id) => ({
    id,
    text: Array.from({ length: random.int(0, 40) }, word).join(' '),
    title: titles[Math.floor(id / 8)]!,
  }));
}

function build(records: readonly Record[]): InvertedIndex {
  const builder = new InvertedIndexBuilder(2);
  for (const record of records) builder.add([OPTIONS.tokenize(record.text), OPTIONS.tokenize(record.title)]);
  return builder.build();
}

describe('InvertedIndex', () => {
  it('ranks passages exactly as MiniSearch does over the same fields', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = new Random(seed);
      const records = randomCorpus(random, random.int(1, 400), random.int(5, 300));
      const ours = build(records);
      const miniSearch = new MiniSearch<Record>(OPTIONS);
      miniSearch.addAll(records);
      for (let q = 0; q < 40; q++) {
        const terms = [...new Set(Array.from({ length: random.int(1, 6) }, () => `w${random.int(0, 320)}`))];
        const boosts = [1, random.pick([0.5, 1, 2])];
        const expected = miniSearch
          .search(terms.join(' '), { combineWith: 'OR', boost: { text: boosts[0]!, title: boosts[1]! } })
          .filter((hit) => hit.score > 0)
          .map((hit) => ({ passage: hit.id as number, score: hit.score }))
          // MiniSearch keeps ties in the order it met them; ours breaks them by passage id.
          .sort((a, b) => b.score - a.score || a.passage - b.passage)
          .slice(0, 30);
        const actual = ours.search(terms, boosts, 30);
        expect(
          actual.map((hit) => hit.passage),
          `seed ${seed}, query ${terms.join(' ')}`,
        ).toEqual(expected.map((hit) => hit.passage));
        actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
      }
    }
  });

  it('counts how many passages hold a term, per field', () => {
    const index = build([
      { id: 0, text: 'tripoli ceasefire tripoli', title: 'libya' },
      { id: 1, text: 'ceasefire', title: 'libya' },
      { id: 2, text: 'misrata', title: '' },
    ]);
    expect(index.frequency('tripoli')).toBe(1);
    expect(index.frequency('ceasefire')).toBe(2);
    expect(index.frequency('libya')).toBe(0);
    expect(index.frequency('libya', 1)).toBe(2);
    expect(index.frequency('benghazi')).toBe(0);
    expect(index.termId('benghazi')).toBe(-1);
  });

  it('returns nothing for unknown terms and an empty index', () => {
    expect(build([]).search(['tripoli'], [1, 1], 10)).toEqual([]);
    expect(build([{ id: 0, text: 'tripoli', title: '' }]).search(['misrata', ''], [1, 1], 10)).toEqual([]);
  });

  it('forgets one query before the next: scores never leak across searches', () => {
    const index = build([
      { id: 0, text: 'tripoli ceasefire', title: '' },
      { id: 1, text: 'ceasefire talks', title: '' },
      { id: 2, text: 'misrata port', title: '' },
    ]);
    const first = index.search(['ceasefire', 'tripoli'], [1, 1], 10);
    index.search(['misrata'], [1, 1], 10);
    expect(index.search(['ceasefire', 'tripoli'], [1, 1], 10)).toEqual(first);
    // The same term twice counts once, as MiniSearch counts matched query terms.
    expect(index.search(['ceasefire', 'ceasefire', 'tripoli'], [1, 1], 10)).toEqual(first);
  });

  it('never returns a passage past the end, even from damaged postings', () => {
    const index = build([{ id: 0, text: 'tripoli', title: '' }]);
    const [text, title] = index.fields;
    const broken = { ...text!, passages: Uint32Array.from([5]) };
    expect(new InvertedIndex(index.vocabulary, [broken, title!], 1).search(['tripoli'], [1, 1], 10)).toEqual([]);
  });

  it('scores grouped alternatives as their definition says, to the bit, however many a group has', () => {
    // The reference is the definition written plainly (Maps, no merging): a group's count in a
    // passage is the sum of its alternatives' weighted counts in the alternatives' order, a name's
    // count the least of its words', its df the size of the union; gains summed group by group.
    const K = 1.2;
    const B = 0.7;
    const D = 0.5;
    const random = new Random(11);
    const records = randomCorpus(random, 400, 60);
    const index = build(records);
    const fields = [(r: Record) => r.text, (r: Record) => r.title];
    const averages = fields.map((field) => records.reduce((sum, r) => sum + new Set(OPTIONS.tokenize(field(r))).size, 0) / records.length);
    const countsIn = (r: Record, f: number) => {
      const counts = new Map<string, number>();
      for (const word of OPTIONS.tokenize(fields[f]!(r))) counts.set(word, (counts.get(word) ?? 0) + 1);
      return counts;
    };
    const reference = (groups: Alternative[][], boosts: number[]) => {
      const scores = new Map<number, number>();
      const matched = new Map<number, number>();
      for (const group of groups) {
        // An alternative met before in the group (the same words, whatever its weight) counts once.
        const byWords = new Map<string, { terms: string[]; weight: number }>();
        for (const a of group) {
          const words = [...new Set(typeof a === 'string' ? [a] : a.terms)];
          if (!byWords.has(words.join(' '))) byWords.set(words.join(' '), { terms: words, weight: typeof a === 'string' ? 1 : a.weight });
        }
        const known = [...byWords.values()].filter((a) => a.terms.every((t) => index.termId(t) >= 0));
        if (known.length === 0) continue;
        const hit = new Set<number>();
        for (let f = 0; f < fields.length; f++) {
          // A field boosted 0 is not searched: holding a word only there matches nothing.
          if (boosts[f] === 0) continue;
          const tf = new Map<number, number>();
          for (const r of records) {
            const counts = countsIn(r, f);
            let sum = 0;
            let holds = false;
            for (const { terms: words, weight } of known) {
              const least = Math.min(...words.map((t) => counts.get(t) ?? 0));
              if (least > 0) {
                sum = sum + weight * least;
                holds = true;
              }
            }
            if (holds) tf.set(r.id, sum);
          }
          if (tf.size === 0) continue;
          const idf = Math.log(1 + (records.length - tf.size + 0.5) / (tf.size + 0.5));
          for (const [id, count] of tf) {
            const length = new Set(OPTIONS.tokenize(fields[f]!(records[id]!))).size;
            const c = Math.min(count, 255);
            const gain = boosts[f]! * idf * (D + (c * (K + 1)) / (c + K * (1 - B + (B * length) / averages[f]!)));
            scores.set(id, scores.has(id) ? scores.get(id)! + gain : gain);
            hit.add(id);
          }
        }
        for (const id of hit) matched.set(id, (matched.get(id) ?? 0) + 1);
      }
      return [...scores]
        .map(([passage, score]) => ({ passage, score: score * matched.get(passage)! }))
        .sort((a, b) => b.score - a.score || a.passage - b.passage);
    };
    const word = () => `w${random.int(0, 59)}`;
    for (let round = 0; round < 60; round++) {
      const groups = Array.from({ length: random.int(1, 4) }, () =>
        Array.from({ length: random.int(1, 6) }, (): Alternative => {
          const kind = random.int(0, 2);
          if (kind === 0) return word();
          if (kind === 1) return { terms: [word()], weight: 0.1 + random.next() };
          return { terms: [word(), word()], weight: 0.5 };
        }),
      );
      const boosts = [1, round % 3 === 0 ? 0 : 0.5];
      const expected = reference(groups, boosts);
      expect(index.searchGroups(groups, boosts, 1000)).toEqual(expected);
      expect(index.searchGroups(groups, boosts, 7)).toEqual(expected.slice(0, 7));
      for (const group of groups) {
        const terms = group.map((a) => (typeof a === 'string' ? [a] : a.terms));
        const union = records.filter((r) => {
          const counts = countsIn(r, 0);
          return terms.some((words) => words.every((t) => counts.has(t)));
        });
        expect(index.frequencyOfAny(group)).toBe(union.length);
      }
    }
  });

  it('never counts or returns a passage past the end in a group, even from damaged postings', () => {
    const index = build([
      { id: 0, text: 'tripoli misrata', title: '' },
      { id: 1, text: 'misrata', title: '' },
    ]);
    const [text, title] = index.fields;
    // misrata's postings (passages 0 and 1) damaged to name passages 1 and 7.
    const passages = Uint32Array.from(text!.passages);
    const misrata = index.termId('misrata');
    passages[text!.start[misrata]!] = 1;
    passages[text!.start[misrata]! + 1] = 7;
    const damaged = new InvertedIndex(index.vocabulary, [{ ...text!, passages }, title!], 2);
    expect(damaged.frequencyOfAny(['tripoli', 'misrata'])).toBe(2);
    expect(
      damaged
        .searchGroups([['tripoli', 'misrata']], [1, 1], 10)
        .map((hit) => hit.passage)
        .sort(),
    ).toEqual([0, 1]);
    expect(damaged.searchGroups([['misrata']], [1, 1], 10).map((hit) => hit.passage)).toEqual([1]);
  });

  it('refuses postings cut short or out of order', () => {
    const index = build([
      { id: 0, text: 'tripoli misrata', title: '' },
      { id: 1, text: 'tripoli', title: '' },
    ]);
    const [text, title] = index.fields;
    expect(() => new InvertedIndex(index.vocabulary, [{ ...text!, passages: text!.passages.subarray(1) }, title!], 2)).toThrow(/cut short/);
    const disordered = Uint32Array.from(text!.start);
    disordered[1] = disordered[2]! + 1;
    expect(() => new InvertedIndex(index.vocabulary, [{ ...text!, start: disordered }, title!], 2)).toThrow();
  });

  it('builds the same postings from term numbers as from terms, leaving out terms numbered but never added', () => {
    const random = new Random(7);
    const records = randomCorpus(random, 300, 200);
    const byNumber = new InvertedIndexBuilder(2);
    // Numbered first, in an order of its own, and held by no passage: not in the vocabulary.
    const unposted = byNumber.termNumber('zz-never-added');
    for (const record of records) {
      byNumber.addNumbers([OPTIONS.tokenize(record.text), OPTIONS.tokenize(record.title)].map((terms) => terms.map((term) => byNumber.termNumber(term))));
    }
    // Taken before the build, which lets the builder's term map go.
    const numbers = new Map(
      records.flatMap((record) => [...OPTIONS.tokenize(record.text), ...OPTIONS.tokenize(record.title)]).map((term) => [term, byNumber.termNumber(term)]),
    );
    const { index, rank } = byNumber.buildRanked();
    const expected = build(records);
    expect(index.vocabulary).toEqual(expected.vocabulary);
    expect(rank[unposted]).toBe(-1);
    expect(index.fields).toEqual(expected.fields);
    index.vocabulary.forEach((term, id) => expect(rank[numbers.get(term)!]).toBe(id));
  });
});
