import { describe, expect, it } from 'vitest';
import { fitLossMixture } from '../../src/mixture/loss-mixture.js';
import { evaluateScores } from '../../src/scoring/evaluate.js';
import { createRng } from '../../src/util/rng.js';
import { syntheticLosses } from './synthetic.js';

describe('fitLossMixture on a seeded reservoir sample (maxFitSamples)', () => {
  const { losses, isNoisy } = syntheticLosses(createRng(7), 6000, 0.25);

  it('is the full fit when the sample covers every loss', () => {
    const full = fitLossMixture(losses);
    const covered = fitLossMixture(losses, { maxFitSamples: losses.length, seed: 9 });
    expect(covered.summary).toEqual(full.summary);
    expect(covered.posteriors(losses)).toEqual(full.posteriors(losses));
  });

  it('a sample of a third ranks about as well as the full fit, says so, and repeats for the same seed', () => {
    const full = fitLossMixture(losses);
    const sampled = fitLossMixture(losses, { maxFitSamples: 2000, seed: 3 });
    if (sampled.status !== 'fitted' || full.status !== 'fitted') throw new Error('not fitted');
    expect(sampled.summary).toMatchObject({ nSamples: 6000, sampled: 2000 });
    expect(sampled.warnings[0]).toBe('Beta mixture fitted on a seeded sample of 2000 of the 6000 losses (maxFitSamples); every sample is scored by it.');
    const a = evaluateScores(isNoisy, full.posteriors(losses), { tieBreak: losses }).auroc!;
    const b = evaluateScores(isNoisy, sampled.posteriors(losses), { tieBreak: losses }).auroc!;
    expect(Math.abs(a - b)).toBeLessThan(0.01);
    expect(Math.abs(sampled.noisy.weight - full.noisy.weight)).toBeLessThan(0.03);
    expect(fitLossMixture(losses, { maxFitSamples: 2000, seed: 3 }).posteriors(losses)).toEqual(sampled.posteriors(losses));
    expect(fitLossMixture(losses, { maxFitSamples: 2000, seed: 4 }).summary).not.toEqual(sampled.summary);
  });
});
