/**
 * Synthetic label noise with a known truth, for evaluating a detector (pure: labels in, labels out).
 * Labels are indices into a class list sorted as the loaders sort it (compareNatural), so "class
 * k + 1" in pairflip means the next class in that order. Every kind except `matrix` flips EXACTLY
 * round(rate * n) samples, and every flipped label really differs from the true one.
 */
import type { Rng } from '../util/rng.js';
import { referenceMargins } from './reference-model.js';

export const NOISE_KINDS = ['symmetric', 'pairflip', 'matrix', 'instance'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** What each kind needs besides the labels; a discriminated union so `matrix` cannot lack its matrix. */
export type NoiseSpec =
  | { readonly kind: 'symmetric'; readonly rate: number }
  | { readonly kind: 'pairflip'; readonly rate: number }
  /** rows[i][j] = P(noisy = j | true = i); rows sum to 1 (see parseNoiseMatrix). */
  | { readonly kind: 'matrix'; readonly rows: readonly (readonly number[])[] }
  /** features: n x dim, standardised (as loadCsv returns them). */
  | { readonly kind: 'instance'; readonly rate: number; readonly features: Float32Array; readonly dim: number };

export interface NoiseResult {
  /** The new (noisy) label of every sample. */
  readonly noisy: Int32Array;
  /** Samples whose label changed. */
  readonly flipped: number;
}

type Injector<K extends NoiseKind> = (labels: Int32Array, k: number, spec: Extract<NoiseSpec, { kind: K }>, rng: Rng) => Int32Array;

const injectors = {
  // Same procedure and rng consumption as bench/make-fmnist.mjs: one shuffle, then one draw per flip.
  symmetric: (labels, k, spec, rng) => {
    const noisy = Int32Array.from(labels);
    const order = rng.shuffle(Array.from(labels, (_, i) => i));
    const flips = Math.round(spec.rate * labels.length);
    for (let j = 0; j < flips; j++) {
      const i = order[j] as number;
      noisy[i] = ((labels[i] as number) + 1 + rng.int(k - 1)) % k;
    }
    return noisy;
  },
  pairflip: (labels, k, spec, rng) => {
    const noisy = Int32Array.from(labels);
    const order = rng.shuffle(Array.from(labels, (_, i) => i));
    const flips = Math.round(spec.rate * labels.length);
    for (let j = 0; j < flips; j++) {
      const i = order[j] as number;
      noisy[i] = ((labels[i] as number) + 1) % k;
    }
    return noisy;
  },
  matrix: (labels, k, spec, rng) =>
    Int32Array.from(labels, (y) => {
      const row = spec.rows[y] as readonly number[];
      const u = rng.next();
      let acc = 0;
      for (let j = 0; j < k; j++) {
        acc += row[j] as number;
        if (u < acc) return j;
      }
      // Rounding left u above the last cumulative sum: take the last class with any mass.
      for (let j = k - 1; j >= 0; j--) if ((row[j] as number) > 0) return j;
      return y;
    }),
  instance: (labels, k, spec, rng) => {
    const { margin, confusable } = referenceMargins(spec.features, spec.dim, labels, k);
    const flips = Math.round(spec.rate * labels.length);
    // Weighted sampling without replacement (Efraimidis & Spirakis): key = u^(1/w), keep the largest.
    // w = (1 - margin) / 2 in [0, 1], so ambiguous samples are the likeliest; the floor keeps every
    // sample eligible, so any rate below 1 can be met.
    const keys = Array.from(margin, (m) => Math.log(rng.next() || Number.MIN_VALUE) / Math.max((1 - m) / 2, 1e-3));
    const order = Array.from(labels, (_, i) => i).sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
    const noisy = Int32Array.from(labels);
    for (let j = 0; j < flips; j++) {
      const i = order[j] as number;
      noisy[i] = confusable[i] as number;
    }
    return noisy;
  },
} satisfies { [K in NoiseKind]: Injector<K> };

/** Applies the noise; `k` is the number of classes (>= 2), labels are in [0, k). */
export function injectNoise(labels: Int32Array, k: number, spec: NoiseSpec, rng: Rng): NoiseResult {
  if (k < 2) throw new RangeError(`need at least 2 classes, got ${k}`);
  if (spec.kind !== 'matrix' && !(spec.rate >= 0 && spec.rate < 1)) throw new RangeError(`rate must be in [0, 1), got ${spec.rate}`);
  const noisy = (injectors[spec.kind] as Injector<NoiseKind>)(labels, k, spec, rng);
  let flipped = 0;
  for (let i = 0; i < labels.length; i++) if (noisy[i] !== labels[i]) flipped++;
  return { noisy, flipped };
}
