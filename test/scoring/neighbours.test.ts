import { describe, expect, it } from 'vitest';
import { blendWithNeighbours, MIN_REFERENCES, NEIGHBOUR_PAIRS, neighbourShares, referenceCount } from '../../src/scoring/neighbours.js';

describe("the neighbours' vote", () => {
  it("is each sample's neighbours' label shares, smoothed so that no class is 0 and the row sums to 1", () => {
    // 4 samples, 2 neighbours each, 3 classes; labels 0, 0, 1, 2.
    const labels = [0, 0, 1, 2];
    const neighbours = Int32Array.from([1, 2, 0, 3, 1, 0, 2, 2]);
    const s = neighbourShares(neighbours, 2, labels, 3);
    const floor = 0.5 / 3;
    // Sample 0: neighbours 1 (class 0) and 2 (class 1).
    expect(Array.from(s.subarray(0, 3))).toEqual([(1 + floor) / 2.5, (1 + floor) / 2.5, floor / 2.5]);
    // Sample 3: neighbour 2 twice (class 1).
    expect(Array.from(s.subarray(9, 12))).toEqual([floor / 2.5, (2 + floor) / 2.5, floor / 2.5]);
    for (let i = 0; i < 4; i++) expect(s[3 * i]! + s[3 * i + 1]! + s[3 * i + 2]!).toBeCloseTo(1, 12);
  });

  it('refuses neighbour lists of the wrong length', () => {
    expect(() => neighbourShares(Int32Array.from([1, 0]), 2, [0, 1], 2)).toThrow(RangeError);
  });

  it('blends element by element with the given weight', () => {
    const b = blendWithNeighbours([1, 0, 0.5, 0.5], Float64Array.from([0, 1, 1, 0]), 0.3);
    expect(Array.from(b).map((v) => Number(v.toFixed(12)))).toEqual([0.7, 0.3, 0.65, 0.35]);
  });

  it('searches among every sample up to 14,142, a subset above, and not at all past 80,000', () => {
    expect(referenceCount(990)).toBe(990);
    expect(referenceCount(14_142)).toBe(14_142);
    expect(referenceCount(14_143)).toBe(14_141);
    expect(referenceCount(20_000)).toBe(10_000);
    expect(referenceCount(80_000)).toBe(2_500);
    expect(referenceCount(NEIGHBOUR_PAIRS / MIN_REFERENCES)).toBe(MIN_REFERENCES);
    expect(referenceCount(NEIGHBOUR_PAIRS / MIN_REFERENCES + 1)).toBe(0);
    expect(referenceCount(1_000_000)).toBe(0);
  });
});
