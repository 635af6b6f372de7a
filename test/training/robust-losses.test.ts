import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { epochSpec } from '../../src/pipeline/retrain-correction.js';
import { bootstrapWeights, classBalancePenalty, makeObjective, pruneWeights, retrainLosses } from '../../src/training/robust-losses.js';
import { createRng } from '../../src/util/rng.js';
import { permutation, sampleBeta } from '../../src/util/sample.js';

/** A stand-in "model" whose logits are its input: the losses can then be computed by hand. */
const identity = { apply: (x: tf.Tensor) => x } as unknown as tfl.LayersModel;

function logSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const z = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
  return row.map((v) => v - z);
}
const softmax = (row: number[]): number[] => logSoftmax(row).map(Math.exp);
const onehot = (k: number, c: number): number[] => Array.from({ length: c }, (_, i) => (i === k ? 1 : 0));
const argmax = (row: number[]): number => row.indexOf(Math.max(...row));
const ce = (t: number[], logits: number[]): number => -logSoftmax(logits).reduce((s, lp, i) => s + t[i]! * lp, 0);
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const byLoss = (posterior: (l: number) => number) => ({ kind: 'by-loss', posterior, estimatedNoise: 0 }) as const;

const logits = [
  [2.0, 0.5, -1.0],
  [0.1, 0.2, 3.0],
  [1.0, 1.0, 0.0],
  [-2.0, 4.0, 0.5],
];
const labels = [0, 0, 2, 2];

function lossOf(objective: ReturnType<typeof makeObjective>): number {
  return tf.tidy(() => objective(identity, tf.tensor2d(logits), tf.tensor1d(labels, 'int32'), 3, Int32Array.from([0, 1, 2, 3]))().dataSync()[0]!);
}

describe('noise-corrected losses', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('bootstrapping weights: fixed for static, the clamped posterior for dynamic, 0 without a fit', () => {
    const losses = Float32Array.from([0.1, 5, 50]);
    expect([...bootstrapWeights(retrainLosses['static-hard'], losses)]).toEqual([0.2, 0.2, 0.2].map(Math.fround));
    expect([...bootstrapWeights(retrainLosses['static-soft'], losses)]).toEqual([0.05, 0.05, 0.05].map(Math.fround));
    const post = byLoss((l: number) => (l > 10 ? 1 : l / 10));
    const dyn = [...bootstrapWeights(retrainLosses['dynamic-hard'], losses, post)];
    expect(dyn[0]).toBeCloseTo(0.01, 6);
    expect(dyn[1]).toBeCloseTo(0.5, 6);
    expect(dyn[2]).toBeCloseTo(1 - 1e-4, 6);
    expect([...bootstrapWeights(retrainLosses['dynamic-hard'], losses)]).toEqual([0, 0, 0]);
    expect([...bootstrapWeights(retrainLosses.ce, losses, post)]).toEqual([0, 0, 0]);
  });

  it('by-sample weights (loss-history, warmup) are read by training-sample index and clamped', () => {
    const losses = Float32Array.from([0.1, 5, 50]);
    const bySample = {
      kind: 'by-sample',
      posterior: Float64Array.from([0, 0.25, 0.5, 0.75, 1]),
      estimatedNoise: 0.5,
      noiseDetected: true,
      gated: false,
      flagged: new Uint8Array(5),
    } as const;
    const indices = Int32Array.from([4, 1, 2]);
    const b = [...bootstrapWeights(retrainLosses['dynamic-soft'], losses, bySample, indices)];
    expect(b[0]).toBeCloseTo(1 - 1e-4, 6);
    expect(b[1]).toBeCloseTo(0.25, 6);
    expect(b[2]).toBeCloseTo(0.5, 6);
    expect([...bootstrapWeights(retrainLosses['static-hard'], losses, bySample, indices)]).toEqual([0.2, 0.2, 0.2].map(Math.fround));
  });

  it('ce is the mean cross-entropy against the given labels', () => {
    const got = lossOf(makeObjective({ spec: retrainLosses.ce, rng: createRng(1), mixupAlpha: 32, reg: 0, bootstrapping: true }));
    expect(got).toBeCloseTo(mean(logits.map((r, i) => ce(onehot(labels[i]!, 3), r))), 5);
  });

  it('static hard bootstrapping: target 0.8 label + 0.2 one-hot prediction', () => {
    const got = lossOf(makeObjective({ spec: retrainLosses['static-hard'], rng: createRng(1), mixupAlpha: 32, reg: 0, bootstrapping: true }));
    const want = mean(
      logits.map((r, i) =>
        ce(
          onehot(labels[i]!, 3).map((y, c) => 0.8 * y + 0.2 * onehot(argmax(r), 3)[c]!),
          r,
        ),
      ),
    );
    expect(got).toBeCloseTo(want, 5);
    // During warm-up the same objective is plain cross-entropy.
    const warm = lossOf(makeObjective({ spec: retrainLosses['static-hard'], rng: createRng(1), mixupAlpha: 32, reg: 0, bootstrapping: false }));
    expect(warm).toBeCloseTo(mean(logits.map((r, i) => ce(onehot(labels[i]!, 3), r))), 5);
  });

  it('dynamic soft bootstrapping: target (1 - B) label + B softmax, B = p(noisy | loss)', () => {
    const post = (l: number) => Math.min(1, l / 4);
    const got = lossOf(makeObjective({ spec: retrainLosses['dynamic-soft'], rng: createRng(1), mixupAlpha: 32, reg: 0, bootstrapping: true, posterior: byLoss(post) }));
    const want = mean(
      logits.map((r, i) => {
        const b = Math.min(1 - 1e-4, Math.max(1e-4, post(ce(onehot(labels[i]!, 3), r))));
        const p = softmax(r);
        return ce(
          onehot(labels[i]!, 3).map((y, c) => (1 - b) * y + b * p[c]!),
          r,
        );
      }),
    );
    expect(got).toBeCloseTo(want, 5);
  });

  it('mixup-dynamic-hard mixes inputs and targets with the same permutation and lambda', () => {
    const post = (l: number) => Math.min(1, l / 6);
    const got = lossOf(makeObjective({ spec: retrainLosses['mixup-dynamic-hard'], rng: createRng(9), mixupAlpha: 2, reg: 0, bootstrapping: true, posterior: byLoss(post) }));
    // Replay the generator: lambda first, then the permutation.
    const rng = createRng(9);
    const lambda = sampleBeta(rng, 2, 2);
    const perm = permutation(rng, 4);
    const targets = logits.map((r, i) => {
      const b = Math.min(1 - 1e-4, Math.max(1e-4, post(ce(onehot(labels[i]!, 3), r))));
      return onehot(labels[i]!, 3).map((y, c) => (1 - b) * y + b * onehot(argmax(r), 3)[c]!);
    });
    const mixed = logits.map((r, i) => r.map((v, c) => lambda * v + (1 - lambda) * logits[perm[i]!]![c]!));
    const want = lambda * mean(mixed.map((m, i) => ce(targets[i]!, m))) + (1 - lambda) * mean(mixed.map((m, i) => ce(targets[perm[i]!]!, m)));
    expect(got).toBeCloseTo(want, 5);
    expect(lambda).not.toBe(1);
    expect([...perm].sort()).toEqual([0, 1, 2, 3]);
  });

  it('the class-balance penalty is 0 for balanced predictions and grows as they collapse', () => {
    const balanced = classBalancePenalty(
      tf.tensor2d([
        [0.5, 0.5],
        [0.5, 0.5],
      ]),
    ).dataSync()[0]!;
    const collapsed = classBalancePenalty(
      tf.tensor2d([
        [0.99, 0.01],
        [0.98, 0.02],
      ]),
    ).dataSync()[0]!;
    expect(balanced).toBeCloseTo(0, 6);
    expect(collapsed).toBeGreaterThan(1);
  });
});

describe('prune kinds', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  const bySample = (posterior: number[], flagged: number[]) =>
    ({ kind: 'by-sample', posterior: Float64Array.from(posterior), estimatedNoise: 0, noiseDetected: true, gated: false, flagged: Uint8Array.from(flagged) }) as const;

  it('weights are 0 for exactly the flagged samples, read by training-sample index', () => {
    const post = bySample([0, 0, 0, 0, 0], [0, 1, 0, 0, 1]);
    expect([...pruneWeights(retrainLosses.prune, post, Int32Array.from([4, 0, 1, 3]))!]).toEqual([0, 1, 0, 1]);
    // Not a prune kind, or no per-sample posterior: nothing is dropped.
    expect(pruneWeights(retrainLosses['dynamic-hard'], post, Int32Array.from([4, 0]))).toBeUndefined();
    expect(
      pruneWeights(
        retrainLosses.prune,
        byLoss(() => 1),
        Int32Array.from([4, 0]),
      ),
    ).toBeUndefined();
  });

  it('prune: plain cross-entropy averaged over the unflagged samples only; the warm-up drops nothing', () => {
    const post = bySample([0.9, 0.9, 0.1, 0.9], [0, 1, 0, 1]);
    const got = lossOf(makeObjective({ spec: retrainLosses.prune, rng: createRng(1), mixupAlpha: 1, reg: 0, bootstrapping: true, posterior: post }));
    expect(got).toBeCloseTo(mean([0, 2].map((i) => ce(onehot(labels[i]!, 3), logits[i]!))), 5);
    const warm = lossOf(makeObjective({ spec: retrainLosses.prune, rng: createRng(1), mixupAlpha: 1, reg: 0, bootstrapping: false, posterior: post }));
    expect(warm).toBeCloseTo(mean(logits.map((r, i) => ce(onehot(labels[i]!, 3), r))), 5);
  });

  it('prune-dynamic-hard: the flagged are dropped, the rest hard-bootstrapped with B = their p(noisy)', () => {
    const p = [0.99, 0.2, 0.5, 0.1];
    const got = lossOf(
      makeObjective({ spec: retrainLosses['prune-dynamic-hard'], rng: createRng(1), mixupAlpha: 1, reg: 0, bootstrapping: true, posterior: bySample(p, [1, 0, 0, 0]) }),
    );
    const want = mean(
      [1, 2, 3].map((i) => {
        const t = onehot(labels[i]!, 3).map((y, c) => (1 - p[i]!) * y + p[i]! * onehot(argmax(logits[i]!), 3)[c]!);
        return ce(t, logits[i]!);
      }),
    );
    expect(got).toBeCloseTo(want, 5);
  });

  it('a dynamic mixup kind warms up unmixed (plain cross-entropy); plain mixup stays mixed', () => {
    const plain = mean(logits.map((r, i) => ce(onehot(labels[i]!, 3), r)));
    const warm = (loss: 'mixup-dynamic-hard' | 'mixup', warmingUp: boolean) =>
      lossOf(makeObjective({ spec: epochSpec(retrainLosses[loss], warmingUp), rng: createRng(9), mixupAlpha: 2, reg: 0, bootstrapping: false }));
    expect(warm('mixup-dynamic-hard', true)).toBeCloseTo(plain, 5);
    expect(Math.abs(warm('mixup-dynamic-hard', false) - plain)).toBeGreaterThan(1e-3);
    expect(Math.abs(warm('mixup', true) - plain)).toBeGreaterThan(1e-3);
  });
});
