import { describe, expect, it } from 'vitest';
import { estimateNoise } from '../../src/scoring/noise-estimate.js';

describe('estimateNoise', () => {
  it('computes overall and per-class estimates and the top confused pairs', () => {
    const e = estimateNoise(
      {
        pNoisy: [0.9, 0.1, 0.8, 0.6, 0.2, 0.7],
        labels: [0, 0, 0, 1, 1, 2],
        predicted: [1, 0, 1, 2, 1, 2],
        classNames: ['cat', 'dog', 'fox', 'owl'],
      },
      { threshold: 0.5 },
    );
    expect(e.estimatedNoisyFraction).toBeCloseTo(3.3 / 6, 12);
    expect(e.estimatedNoisyCount).toBeCloseTo(3.3, 12);
    expect(e.flaggedCount).toBe(4);
    expect(e.flaggedFraction).toBeCloseTo(4 / 6, 12);
    expect(e.perClass.map((r) => [r.className, r.rows, r.flagged])).toEqual([
      ['cat', 3, 2],
      ['dog', 2, 1],
      ['fox', 1, 1],
      ['owl', 0, 0],
    ]);
    expect(e.perClass[0]?.estimatedNoiseRate).toBeCloseTo(0.6, 12);
    expect(e.perClass[3]?.estimatedNoiseRate).toBeNull();
    expect(e.topPairs).toEqual([
      { given: 0, suggested: 1, givenName: 'cat', suggestedName: 'dog', count: 2 },
      { given: 1, suggested: 2, givenName: 'dog', suggestedName: 'fox', count: 1 },
    ]);
    expect(e.flaggedAgreeing).toBe(1);
  });

  it('handles an empty input and rejects bad class indices', () => {
    const e = estimateNoise({ pNoisy: [], labels: [], predicted: [] });
    expect(e.estimatedNoisyFraction).toBeNull();
    expect(e.perClass).toEqual([]);
    expect(() => estimateNoise({ pNoisy: [0.5], labels: [-1], predicted: [0] })).toThrow(RangeError);
  });
});
