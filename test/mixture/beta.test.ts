import { describe, expect, it } from 'vitest';
import { betaLogPdf, betaMean, betaPdf, betaVariance, fitBetaMoments } from '../../src/mixture/beta.js';
import { createRng } from '../../src/util/rng.js';
import { sampleBeta } from './synthetic.js';

describe('beta density', () => {
  it('matches closed forms', () => {
    // Beta(2, 3): 12 x (1 - x)^2.
    expect(betaPdf(0.4, 2, 3)).toBeCloseTo(12 * 0.4 * 0.36, 10);
    // Beta(0.5, 0.5) at 1/2: 1 / (pi * sqrt(1/4)).
    expect(betaPdf(0.5, 0.5, 0.5)).toBeCloseTo(2 / Math.PI, 10);
    expect(betaPdf(0.3, 1, 1)).toBeCloseTo(1, 12);
  });

  it('integrates to 1', () => {
    const m = 20000;
    let s = 0;
    for (let i = 0; i < m; i++) s += betaPdf((i + 0.5) / m, 3.5, 1.7) / m;
    expect(s).toBeCloseTo(1, 4);
  });

  it('is -Infinity outside (0, 1) and finite for huge parameters', () => {
    expect(betaLogPdf(0, 2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(betaLogPdf(1, 2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(betaLogPdf(0.5, 1e7, 1e7))).toBe(true);
  });
});

describe('fitBetaMoments', () => {
  it('recovers parameters from samples', () => {
    const rng = createRng(7);
    const x = Float64Array.from({ length: 40000 }, () => sampleBeta(rng, 2, 5));
    const f = fitBetaMoments(x);
    expect(f.alpha).toBeGreaterThan(1.9);
    expect(f.alpha).toBeLessThan(2.1);
    expect(f.beta).toBeGreaterThan(4.75);
    expect(f.beta).toBeLessThan(5.25);
    expect(f.guards).toEqual([]);
  });

  it('inverts the moments exactly with weights', () => {
    // Two points with weights chosen so that mean = 0.25, var = 0.25 * 0.75 / (a + b + 1) for Beta(1, 3): 0.0375.
    const m = 0.25;
    const v = betaVariance(1, 3);
    const d = Math.sqrt(v);
    const f = fitBetaMoments([m - d, m + d], [1, 1]);
    expect(f.alpha).toBeCloseTo(1, 10);
    expect(f.beta).toBeCloseTo(3, 10);
    expect(betaMean(f.alpha, f.beta)).toBeCloseTo(m, 12);
  });

  it('guards zero variance, extreme means and zero weight without NaN', () => {
    const eq = fitBetaMoments([0.3, 0.3, 0.3]);
    expect(eq.guards).toContain('variance-floored');
    expect(Number.isFinite(eq.alpha) && Number.isFinite(eq.beta)).toBe(true);
    expect(betaMean(eq.alpha, eq.beta)).toBeCloseTo(0.3, 8);
    const zero = fitBetaMoments([0, 0, 0]);
    expect(zero.guards).toContain('mean-clamped');
    expect(zero.alpha > 0 && zero.beta > 0).toBe(true);
    const bern = fitBetaMoments([0, 1]);
    expect(bern.guards).toContain('variance-capped');
    expect(bern.alpha > 0 && bern.beta > 0).toBe(true);
    expect(fitBetaMoments([0.2, 0.4], [0, 0])).toEqual({ alpha: 1, beta: 1, guards: ['no-weight'] });
  });
});
