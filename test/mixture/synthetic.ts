/**
 * Seeded synthetic per-sample losses shaped like method.md's re-run: clean ~ Gamma(0.6, scale 0.15),
 * noisy ~ N(4, 1) clipped at 0, and Beta samples for parameter-recovery tests.
 */
import type { Rng } from '../../src/util/rng.js';
import { sampleBeta, sampleGamma as gamma } from '../../src/util/sample.js';

/** Gamma(shape, scale): the library's sampler (src/util/sample.ts), scaled. */
export function sampleGamma(rng: Rng, shape: number, scale: number): number {
  return gamma(rng, shape) * scale;
}

export { sampleBeta };

export interface SyntheticLosses {
  readonly losses: Float64Array;
  readonly isNoisy: Uint8Array;
}

/** n losses, each noisy with probability `noise` (so the noisy count is random, like the reference's noise). */
export function syntheticLosses(rng: Rng, n: number, noise: number): SyntheticLosses {
  const losses = new Float64Array(n);
  const isNoisy = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (rng.next() < noise) {
      isNoisy[i] = 1;
      losses[i] = Math.max(0, 4 + rng.normal());
    } else {
      losses[i] = sampleGamma(rng, 0.6, 0.15);
    }
  }
  return { losses, isNoisy };
}
