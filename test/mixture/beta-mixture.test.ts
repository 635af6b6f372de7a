import { describe, expect, it } from 'vitest';
import { type BetaComponent, fitBetaMixture, makeMonotonePosterior, rawPosterior } from '../../src/mixture/beta-mixture.js';
import { createRng } from '../../src/util/rng.js';
import { sampleBeta } from './synthetic.js';

function mixtureSample(seed: number, n: number, w1: number, c0: [number, number], c1: [number, number]): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => {
    const [a, b] = rng.next() < w1 ? c1 : c0;
    return Math.min(0.999, Math.max(0.001, sampleBeta(rng, a, b)));
  });
}

function expectNonDecreasing(f: (x: number) => number, points = 5000): void {
  let prev = -1;
  for (let i = 0; i <= points; i++) {
    const v = f(0.001 + (0.998 * i) / points);
    expect(Number.isNaN(v)).toBe(false);
    expect(v).toBeGreaterThanOrEqual(prev);
    prev = v;
  }
}

describe('fitBetaMixture', () => {
  it('recovers a well-separated mixture', () => {
    const x = mixtureSample(3, 20000, 0.3, [2, 10], [10, 2]);
    const fit = fitBetaMixture(x, { maxIterations: 200, tolerance: 1e-8, stopEarly: true });
    expect(fit.clean.alpha).toBeCloseTo(2, 0);
    expect(fit.clean.beta).toBeGreaterThan(9);
    expect(fit.clean.beta).toBeLessThan(11);
    expect(fit.noisy.alpha).toBeGreaterThan(9);
    expect(fit.noisy.alpha).toBeLessThan(11);
    expect(fit.noisy.beta).toBeCloseTo(2, 0);
    expect(fit.noisy.weight).toBeGreaterThan(0.28);
    expect(fit.noisy.weight).toBeLessThan(0.32);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(200);
  });

  it('runs exactly 10 iterations by default, like the reference', () => {
    const x = mixtureSample(4, 2000, 0.3, [2, 10], [10, 2]);
    const fit = fitBetaMixture(x);
    expect(fit.iterations).toBe(10);
    expect(fit.logLikelihoodHistory).toHaveLength(10);
    expect(fit.logLikelihood).toBe(fit.logLikelihoodHistory[9]);
  });

  it('identifies the noisy component by its mean even when the initialisation would mislabel it', () => {
    const x = mixtureSample(5, 5000, 0.3, [2, 10], [10, 2]);
    // Start component 1 (the reference's "noisy") on the low side.
    const fit = fitBetaMixture(x, { init: { alphas: [10, 2], betas: [2, 10], weights: [0.5, 0.5] } });
    expect(fit.swappedFromInit).toBe(true);
    expect(fit.noisy.mean).toBeGreaterThan(fit.clean.mean);
    expect(fit.noisy.weight).toBeGreaterThan(0.25);
    expect(fit.noisy.weight).toBeLessThan(0.35);
  });

  it('is deterministic', () => {
    const x = mixtureSample(6, 3000, 0.2, [1, 5], [5, 1]);
    expect(fitBetaMixture(x)).toEqual(fitBetaMixture(x));
  });
});

describe('makeMonotonePosterior', () => {
  const c = (alpha: number, beta: number, weight: number): BetaComponent => ({
    alpha,
    beta,
    weight,
    mean: alpha / (alpha + beta),
  });

  it('holds the peak when a U-shaped clean component would pull p(noisy) down at high loss', () => {
    // The 80%-noise shape from method.md §1.4: clean ~ Beta(0.12, 0.33), noisy ~ Beta(6.4, 2.8).
    const clean = c(0.12, 0.33, 0.26);
    const noisy = c(6.4, 2.8, 0.74);
    expect(rawPosterior(0.995, clean, noisy)).toBeLessThan(rawPosterior(0.7, clean, noisy) - 0.2);
    const p = makeMonotonePosterior(clean, noisy);
    expectNonDecreasing(p);
    expect(p(0.999)).toBeCloseTo(Math.max(...Array.from({ length: 999 }, (_, i) => rawPosterior((i + 1) / 1000, clean, noisy))), 3);
    expect(p(0.5)).toBeCloseTo(rawPosterior(0.5, clean, noisy), 12); // unchanged left of the peak
  });

  it('holds the valley when the noisy component diverges at 0, so tiny losses do not look noisy', () => {
    const clean = c(2, 5, 0.7);
    const noisy = c(0.5, 0.4, 0.3);
    expect(rawPosterior(0.001, clean, noisy)).toBeGreaterThan(0.9);
    const p = makeMonotonePosterior(clean, noisy);
    expectNonDecreasing(p);
    expect(p(0.001)).toBeLessThan(0.2);
    expect(p(0.95)).toBeCloseTo(rawPosterior(0.95, clean, noisy), 12);
  });

  it('equals the raw posterior when that is already monotone', () => {
    const clean = c(1, 5, 0.8);
    const noisy = c(5, 1, 0.2);
    const p = makeMonotonePosterior(clean, noisy);
    for (const x of [0.01, 0.3, 0.6, 0.99]) expect(p(x)).toBeCloseTo(rawPosterior(x, clean, noisy), 12);
  });
});
