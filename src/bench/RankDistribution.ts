import type { Random } from './prng.js';

/**
 * Word ranks drawn the way words occur in running text: Zipf's law with exponent ~1 over the
 * commonest words, then a steeper power law over the long tail of rare words (the "two regimes"
 * of large corpora, Ferrer i Cancho & Solé 2001). A single exponent cannot give both realistic
 * shapes at once: at 1.0 the vocabulary grows almost linearly with the text (millions of distinct
 * words at 150k paragraphs), and steep enough to grow like Heaps' law (V ∝ N^0.5–0.7) the commonest
 * words would hold nearly every token. Two regimes give both: the head as in news, and a vocabulary
 * that keeps growing, more slowly, as the corpus does.
 */
export interface RankDistributionOptions {
  /** Ranks 1…headSize follow p(r) ∝ r^-headExponent. */
  readonly headSize: number;
  readonly headExponent: number;
  /** Beyond headSize, p(r) ∝ r^-tailExponent, continuous with the head at headSize. Must be > 1. */
  readonly tailExponent: number;
}

export class RankDistribution {
  /** Cumulative probabilities of the head ranks, conditional on a head draw. */
  private readonly headCdf: Float64Array;
  /** Probability that a draw falls in the tail. */
  readonly tailShare: number;

  constructor(readonly options: RankDistributionOptions) {
    const { headSize, headExponent, tailExponent } = options;
    if (!(headSize >= 1 && Number.isInteger(headSize))) throw new RangeError('headSize must be a whole number ≥ 1');
    if (!(tailExponent > 1)) throw new RangeError('tailExponent must be > 1 (the tail must have a finite mass)');
    this.headCdf = new Float64Array(headSize);
    let mass = 0;
    for (let r = 1; r <= headSize; r++) {
      mass += r ** -headExponent;
      this.headCdf[r - 1] = mass;
    }
    for (let i = 0; i < headSize; i++) this.headCdf[i]! /= mass;
    // Tail mass: ∫ from headSize of headSize^(tail−head) · r^−tail dr, the continuation of the head's density.
    const tailMass = headSize ** (1 - headExponent) / (tailExponent - 1);
    this.tailShare = tailMass / (mass + tailMass);
  }

  /** A rank, 1 for the commonest word. */
  sample(random: Random): number {
    const { headSize, tailExponent } = this.options;
    if (random.next() < this.tailShare) {
      // Inverse CDF of the Pareto tail starting at headSize.
      const rank = Math.floor(headSize * (1 - random.next()) ** (-1 / (tailExponent - 1))) + 1;
      // Past 2^31 a rank is a word so rare it would never repeat; keep ranks exact integers.
      return Math.min(rank, 2 ** 31);
    }
    const u = random.next();
    let low = 0;
    let high = headSize - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.headCdf[middle]! < u) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  }
}
