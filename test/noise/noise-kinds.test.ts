import { describe, expect, it } from 'vitest';
import { injectNoise, type NoiseSpec } from '../../src/noise/noise-kinds.js';
import { referenceMargins } from '../../src/noise/reference-model.js';
import { createRng } from '../../src/util/rng.js';

const k = 4;
const n = 200;
const labels = Int32Array.from({ length: n }, (_, i) => i % k);

/** Two well-separated features per class, plus a few samples placed between classes 0 and 1. */
function blobs(): Float32Array {
  const rng = createRng(7);
  const f = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    f[2 * i] = 10 * y + 0.5 * rng.normal();
    f[2 * i + 1] = 0.5 * rng.normal();
  }
  return f;
}

const changed = (a: Int32Array, b: Int32Array): number[] => Array.from(a.keys()).filter((i) => a[i] !== b[i]);

describe('injectNoise', () => {
  it.each([0, 0.1, 0.25, 0.5, 0.99])('symmetric and pairflip flip exactly round(rate * n) labels at rate %s', (rate) => {
    for (const kind of ['symmetric', 'pairflip'] as const) {
      const r = injectNoise(labels, k, { kind, rate }, createRng(3));
      expect(r.flipped).toBe(Math.round(rate * n));
      expect(changed(labels, r.noisy)).toHaveLength(r.flipped);
    }
  });

  it('pairflip sends class k to k + 1, wrapping', () => {
    const r = injectNoise(labels, k, { kind: 'pairflip', rate: 0.3 }, createRng(1));
    for (const i of changed(labels, r.noisy)) expect(r.noisy[i]).toBe(((labels[i] as number) + 1) % k);
  });

  it('symmetric reaches every other class', () => {
    const r = injectNoise(labels, k, { kind: 'symmetric', rate: 0.6 }, createRng(1));
    const targets = new Set(
      changed(labels, r.noisy)
        .filter((i) => labels[i] === 0)
        .map((i) => r.noisy[i]),
    );
    expect([...targets].sort()).toEqual([1, 2, 3]);
  });

  it('is reproducible by seed and differs across seeds', () => {
    const spec: NoiseSpec = { kind: 'symmetric', rate: 0.2 };
    expect(injectNoise(labels, k, spec, createRng(5)).noisy).toEqual(injectNoise(labels, k, spec, createRng(5)).noisy);
    expect(injectNoise(labels, k, spec, createRng(5)).noisy).not.toEqual(injectNoise(labels, k, spec, createRng(6)).noisy);
  });

  it('matrix samples each label from its row', () => {
    const identity = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    expect(injectNoise(labels, k, { kind: 'matrix', rows: identity }, createRng(1)).flipped).toBe(0);
    const shift = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (j === (i + 2) % 4 ? 1 : 0)));
    const r = injectNoise(labels, k, { kind: 'matrix', rows: shift }, createRng(1));
    expect(r.flipped).toBe(n);
    expect(Array.from(r.noisy)).toEqual(Array.from(labels, (y) => (y + 2) % 4));
    const half = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (j === i ? 0.5 : j === (i + 1) % 4 ? 0.5 : 0)));
    const big = Int32Array.from({ length: 20000 }, (_, i) => i % k);
    const h = injectNoise(big, k, { kind: 'matrix', rows: half }, createRng(2));
    expect(h.flipped / big.length).toBeGreaterThan(0.48);
    expect(h.flipped / big.length).toBeLessThan(0.52);
  });

  it('instance flips exactly round(rate * n), the ambiguous first, each to its most confusable class', () => {
    const features = blobs();
    // Move ten samples of class 0 closer to class 1 than to their own centroid: the reference model finds them ambiguous.
    for (let i = 0; i < 40; i += 4) features[2 * i] = 6;
    const { margin, confusable } = referenceMargins(features, 2, labels, k);
    const r = injectNoise(labels, k, { kind: 'instance', rate: 0.1, features, dim: 2 }, createRng(1));
    expect(r.flipped).toBe(20);
    const flipped = changed(labels, r.noisy);
    for (const i of flipped) expect(r.noisy[i]).toBe(confusable[i]);
    const ambiguous = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36];
    expect(ambiguous.filter((i) => flipped.includes(i)).length).toBeGreaterThanOrEqual(8);
    for (const i of ambiguous) expect(confusable[i]).toBe(1);
    const mean = (ix: number[]): number => ix.reduce((s, i) => s + (margin[i] as number), 0) / ix.length;
    const kept = Array.from(labels.keys()).filter((i) => !flipped.includes(i));
    expect(mean(flipped)).toBeLessThan(mean(kept));
  });

  it('refuses a rate outside [0, 1)', () => {
    expect(() => injectNoise(labels, k, { kind: 'symmetric', rate: 1 }, createRng(1))).toThrow(RangeError);
    expect(() => injectNoise(labels, k, { kind: 'pairflip', rate: -0.1 }, createRng(1))).toThrow(RangeError);
  });
});
