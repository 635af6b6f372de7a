import { describe, expect, it } from 'vitest';
import { rankByScore } from '../../src/scoring/rank.js';

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
