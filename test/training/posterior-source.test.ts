import { describe, expect, it } from 'vitest';
import { posteriorTracker } from '../../src/training/posterior-source.js';
import { createRng } from '../../src/util/rng.js';

// 400 samples, the first 160 mislabeled: high losses while the model has not fitted them, low once memorised.
const n = 400;
const noisy = (i: number) => i < 160;
function epochLosses(seed: number, memorised: boolean): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, (_, i) => (noisy(i) && !memorised ? 2 + 2 * rng.next() : 0.05 + 0.4 * rng.next()));
}
function meanOver(p: Float64Array, pick: (i: number) => boolean): number {
  let s = 0;
  let k = 0;
  p.forEach((v, i) => {
    if (pick(i)) {
      s += v;
      k++;
    }
  });
  return s / k;
}

describe('posterior sources', () => {
  it('warmup: refits through the warm-up, then holds its posterior and asks for no more losses', () => {
    const t = posteriorTracker('warmup', 2);
    expect(t.current).toBeUndefined();
    t.update(1, epochLosses(1, false));
    const held = t.update(2, epochLosses(2, false));
    expect(held.kind).toBe('by-sample');
    if (held.kind !== 'by-sample') return;
    expect(meanOver(held.posterior, noisy)).toBeGreaterThan(0.9);
    expect(meanOver(held.posterior, (i) => !noisy(i))).toBeLessThan(0.1);
    expect(held.estimatedNoise).toBeCloseTo(0.4, 1);
    expect(held.noiseDetected).toBe(true);
    expect(held.gated).toBe(false);
    expect(t.needsLosses(2)).toBe(true);
    expect(t.needsLosses(3)).toBe(false);
    // Later epochs (even ones where the wrong labels look memorised) change nothing.
    expect(t.update(3, new Float32Array(0))).toBe(held);
    expect(t.update(4, epochLosses(4, true))).toBe(held);
    expect(t.current).toBe(held);
  });

  it('warmup is gated: losses of one population (no wrong labels) give every sample B = 0, and say so', () => {
    const clean = (seed: number) => {
      const rng = createRng(seed);
      // A clean run's losses: one skewed population with a long tail of hard samples, no second mode.
      return Float32Array.from({ length: n }, () => -0.3 * Math.log(1 - 0.999 * rng.next()));
    };
    const t = posteriorTracker('warmup', 2);
    t.update(1, clean(1));
    const held = t.update(2, clean(2));
    if (held.kind !== 'by-sample') throw new Error('warmup reads by sample');
    expect(held.noiseDetected).toBe(false);
    expect(held.gated).toBe(true);
    expect(held.estimatedNoise).toBe(0);
    expect(held.posterior.every((v) => v === 0)).toBe(true);
    // loss-history (like the paper's batch-loss) is not gated: its mixture still carves out a tail.
    const h = posteriorTracker('loss-history', 2);
    h.update(1, clean(1));
    const refit = h.update(2, clean(2));
    expect(refit.kind === 'by-sample' && !refit.noiseDetected && !refit.gated).toBe(true);
    expect(refit.estimatedNoise).toBeGreaterThan(0.05);
  });

  it('loss-history keeps refitting: memorised wrong labels lose weight as their losses fall', () => {
    const t = posteriorTracker('loss-history', 2);
    t.update(1, epochLosses(1, false));
    const before = t.update(2, epochLosses(2, false));
    let after = before;
    for (let e = 3; e <= 8; e++) {
      expect(t.needsLosses(e)).toBe(true);
      after = t.update(e, epochLosses(e, true));
    }
    if (before.kind !== 'by-sample' || after.kind !== 'by-sample') throw new Error('loss-history reads by sample');
    expect(meanOver(after.posterior, noisy)).toBeLessThan(meanOver(before.posterior, noisy));
  });

  it("batch-loss reads the last epoch's mixture through the loss", () => {
    const t = posteriorTracker('batch-loss', 1);
    const p = t.update(1, epochLosses(1, false));
    expect(p.kind).toBe('by-loss');
    if (p.kind !== 'by-loss') return;
    expect(p.posterior(3)).toBeGreaterThan(0.9);
    expect(p.posterior(0.1)).toBeLessThan(0.1);
    expect(t.needsLosses(5)).toBe(true);
  });
});
