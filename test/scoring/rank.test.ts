import { describe, expect, it } from 'vitest';
import { flaggedFirst, rankByScore } from '../../src/scoring/rank.js';

describe('rankByScore', () => {
  it('orders by score, then tie-break descending, then index; NaN last', () => {
    const r = rankByScore([0.5, 0.9, 0.5, Number.NaN, 0.5], [1, 0, 3, 9, 1]);
    expect(Array.from(r.order)).toEqual([1, 2, 0, 4, 3]);
    expect(Array.from(r.rank)).toEqual([3, 1, 2, 5, 4]);
  });

  it('falls back to index order without a tie-break', () => {
    expect(Array.from(rankByScore([0, 0, 1]).order)).toEqual([2, 0, 1]);
  });

  it('rejects a tie-break of the wrong length', () => {
    expect(() => rankByScore([1, 2], [1])).toThrow(RangeError);
  });
});

/** The comparator sort rankByScore used to be: the radix sort must give exactly its order. */
function referenceOrder(score: ArrayLike<number>, tieBreak?: ArrayLike<number>): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v);
  return Array.from({ length: score.length }, (_, i) => i).sort((a, b) => {
    const sa = key(score[a]!);
    const sb = key(score[b]!);
    if (sa !== sb) return sa > sb ? -1 : 1;
    if (tieBreak) {
      const ta = key(tieBreak[a]!);
      const tb = key(tieBreak[b]!);
      if (ta !== tb) return ta > tb ? -1 : 1;
    }
    return a - b;
  });
}

describe('rankByScore against a comparator sort', () => {
  let state = 7;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  // Ties, NaN, -0 next to 0, infinities, negatives, subnormals and values sharing high bytes.
  const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1.5, 1e-310, -1e-310, 0.5, 1];
  const draw = () => (rnd() < 0.3 ? special[Math.floor(rnd() * special.length)]! : rnd() < 0.5 ? Math.round(rnd() * 8) / 8 : (rnd() - 0.3) * 10);

  it('agrees on 20,000 values with and without a tie-break', () => {
    const n = 20_000;
    const score = Float64Array.from({ length: n }, draw);
    const tie = Float64Array.from({ length: n }, draw);
    expect(Array.from(rankByScore(score, tie).order)).toEqual(referenceOrder(score, tie));
    expect(Array.from(rankByScore(score).order)).toEqual(referenceOrder(score));
    // Short runs of equal scores (about ten each), whose tie-breaks are sorted by insertion.
    const coarse = Float64Array.from({ length: n }, () => Math.floor(rnd() * 2000) / 2000);
    expect(Array.from(rankByScore(coarse, tie).order)).toEqual(referenceOrder(coarse, tie));
  });

  it('keeps index order when every value ties', () => {
    expect(Array.from(rankByScore(new Float64Array(5).fill(0.25), [0, -0, 0, -0, 0]).order)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('flaggedFirst', () => {
  it('moves the flagged to the front, each part in the ranking’s own order, with ranks to match', () => {
    const r = rankByScore([0.9, 0.1, 0.5, 0.7, 0.3]);
    expect(Array.from(r.order)).toEqual([0, 3, 2, 4, 1]);
    const moved = flaggedFirst(r, Uint8Array.from([0, 1, 0, 0, 1]));
    expect(Array.from(moved.order)).toEqual([4, 1, 0, 3, 2]);
    expect(Array.from(moved.rank)).toEqual([3, 2, 5, 4, 1]);
  });
});
