import { describe, expect, it } from 'vitest';
import { makeNormaliser, normaliseForFit, normaliseLoss, percentileSorted } from '../../src/mixture/normalise.js';

describe('percentileSorted', () => {
  it('matches numpy.percentile (linear)', () => {
    // np.percentile([1, 2, 3, 4], [5, 95]) == [1.15, 3.85]; np.percentile([5], 50) == 5.
    expect(percentileSorted([1, 2, 3, 4], 5)).toBeCloseTo(1.15, 12);
    expect(percentileSorted([1, 2, 3, 4], 95)).toBeCloseTo(3.85, 12);
    expect(percentileSorted([5], 50)).toBe(5);
    expect(percentileSorted([1, 2, 3, 4], 100)).toBe(4);
  });
});

describe('normaliseForFit', () => {
  it('drops values outside [p5, p95] and maps the rest into [0.001, 0.999] with the reference constants', () => {
    const losses = Array.from({ length: 101 }, (_, i) => i); // p5 = 5, p95 = 95
    const r = normaliseForFit(losses, 1e-4);
    if (r.status !== 'ok') throw new Error('expected ok');
    expect(r.normaliser.lo).toBe(5);
    expect(r.normaliser.hi).toBe(95);
    expect(r.normaliser.offset).toBeCloseTo(5 + 1e-5, 12);
    expect(r.normaliser.scale).toBeCloseTo(95 - 5 - 1e-5 + 1e-6, 12);
    expect(r.values.length).toBe(91);
    expect(r.dropped).toBe(10);
    expect(r.values[0]).toBe(0.001); // 5 maps just below 0
    expect(r.values[90]).toBe(0.999); // 95 maps to ~1
    expect(r.values[45]).toBeCloseTo((50 - 5 - 1e-5) / (90 - 9e-6), 12);
  });

  it('reports zero spread instead of a negative scale', () => {
    const losses = [...Array.from({ length: 97 }, () => 0.2), 3, 4, 5]; // p5 = p95 = 0.2
    const r = normaliseForFit(losses, 1e-4);
    expect(r.status).toBe('zero-spread');
  });
});

describe('normaliseLoss', () => {
  it('clamps and never returns NaN', () => {
    const n = makeNormaliser(0, 1);
    expect(normaliseLoss(n, -5)).toBe(0.001);
    expect(normaliseLoss(n, 50)).toBe(0.999);
    expect(normaliseLoss(n, Number.POSITIVE_INFINITY)).toBe(0.999);
    expect(normaliseLoss(n, Number.NaN)).toBe(0.001);
    expect(normaliseLoss(n, 0.5)).toBeCloseTo((0.5 - 1e-5) / (1 - 9e-6), 12);
  });
});
