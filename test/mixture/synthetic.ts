/**
 * Seeded synthetic per-sample losses shaped like method.md's re-run: clean ~ Gamma(0.6, scale 0.15),
 * noisy ~ N(4, 1) clipped at 0, and Beta samples for parameter-recovery tests.
 */
import type { Rng } from '../../src/util/rng.js';

/** Marsaglia-Tsang; for shape < 1 uses the Gamma(shape + 1) * U^(1/shape) boost. */
export function sampleGamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return sampleGamma(rng, shape + 1, scale) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  const y = sampleGamma(rng, b, 1);
  return x / (x + y);
}

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
