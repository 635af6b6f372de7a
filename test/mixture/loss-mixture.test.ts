import { describe, expect, it } from 'vitest';
import { fitLossMixture } from '../../src/mixture/loss-mixture.js';
import { createRng } from '../../src/util/rng.js';
import { syntheticLosses } from './synthetic.js';

function expectNonDecreasingInLoss(post: (l: number) => number, maxLoss: number): void {
  let prev = -1;
  for (let i = 0; i <= 4000; i++) {
    const v = post((maxLoss * i) / 4000);
    expect(Number.isNaN(v)).toBe(false);
    expect(v).toBeGreaterThanOrEqual(prev);
    prev = v;
  }
}

describe('fitLossMixture on synthetic losses (clean ~ Gamma(0.6, 0.15), noisy ~ N(4, 1))', () => {
  it('separates 20% noise and scores the noisy samples high', () => {
    const { losses, isNoisy } = syntheticLosses(createRng(11), 5000, 0.2);
    const m = fitLossMixture(losses);
    if (m.status !== 'fitted') throw new Error(m.warnings.join());
    expect(m.noiseDetected).toBe(true);
    expect(m.noisy.weight).toBeGreaterThan(0.1);
    const p = m.posteriors(losses);
    let noisyMean = 0;
    let cleanMean = 0;
    let k = 0;
    for (let i = 0; i < p.length; i++) {
      if (isNoisy[i]) {
        noisyMean += p[i] as number;
        k++;
      } else cleanMean += p[i] as number;
    }
    expect(noisyMean / k).toBeGreaterThan(0.95);
    expect(cleanMean / (p.length - k)).toBeLessThan(0.1);
    expectNonDecreasingInLoss(m.posterior, 8);
  });

  it('keeps p(noisy) monotone at 80% noise, where the clean component is U-shaped', () => {
    const { losses } = syntheticLosses(createRng(12), 5000, 0.8);
    const m = fitLossMixture(losses);
    if (m.status !== 'fitted') throw new Error(m.warnings.join());
    expect(m.clean.alpha).toBeLessThan(1);
    expect(m.clean.beta).toBeLessThan(1);
    expectNonDecreasingInLoss(m.posterior, 10);
    expect(m.posterior(100)).toBeGreaterThan(0.9);
  });

  it.each([
    [0, false],
    [0.1, true],
    [0.2, true],
    [0.4, true],
    [0.8, true],
  ])('clean-only check at %s noise: noiseDetected = %s', (noise, detected) => {
    for (const seed of [21, 22]) {
      const m = fitLossMixture(syntheticLosses(createRng(seed), 5000, noise).losses);
      if (m.status !== 'fitted') throw new Error(m.warnings.join());
      expect(m.noiseDetected).toBe(detected);
      expect(m.warnings.some((w) => w.includes('one population'))).toBe(!detected);
    }
  });

  it('is deterministic and its summary survives JSON', () => {
    const { losses } = syntheticLosses(createRng(13), 2000, 0.3);
    const a = fitLossMixture(losses);
    const b = fitLossMixture(losses);
    expect(JSON.parse(JSON.stringify(a.summary))).toEqual(b.summary);
    expect(a.posteriors(losses)).toEqual(b.posteriors(losses));
  });
});

describe('fitLossMixture degenerate inputs', () => {
  const cases: [string, number[], string][] = [
    ['empty', [], 'too-few-samples'],
    ['one value', [0.7], 'too-few-samples'],
    ['all equal', Array.from({ length: 100 }, () => 0.3), 'zero-spread'],
    ['NaN', [...Array.from({ length: 50 }, (_, i) => i / 10), Number.NaN], 'non-finite'],
    ['Infinity', [...Array.from({ length: 50 }, (_, i) => i / 10), Number.POSITIVE_INFINITY], 'non-finite'],
  ];
  it.each(cases)('%s gives a warning and zero posteriors, never NaN', (_name, losses, reason) => {
    const m = fitLossMixture(losses);
    expect(m.status).toBe('degenerate');
    if (m.status !== 'degenerate') return;
    expect(m.reason).toBe(reason);
    expect(m.warnings[0]).toContain(reason);
    expect(Array.from(m.posteriors([0, 1, 5, Number.NaN]))).toEqual([0, 0, 0, 0]);
    expect(m.summary).toEqual({ status: 'degenerate', reason, nSamples: losses.length, warnings: m.warnings });
  });

  it('never returns NaN for NaN or infinite queries on a fitted mixture', () => {
    const m = fitLossMixture(syntheticLosses(createRng(14), 1000, 0.2).losses);
    expect(m.status).toBe('fitted');
    for (const q of [Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -3]) {
      expect(Number.isNaN(m.posterior(q))).toBe(false);
    }
    expect(m.posterior(Number.POSITIVE_INFINITY)).toBeGreaterThan(0.5);
  });
});
