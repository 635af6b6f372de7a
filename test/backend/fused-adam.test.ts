import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { FusedAdam } from '../../src/backend/simd/fused-adam.js';
import { randomValues } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// Odd sizes (the kernel's scalar tail), a scalar, and one large enough to be split over threads.
const shapes = [[37, 13], [5], [1], [300, 301]];

function variables(tag: string): tf.Variable[] {
  return shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(randomValues(s, 70 + i), s), true, `${tag}-${i}`)));
}

function step(optimizer: tf.Optimizer, vars: tf.Variable[], seed: number): void {
  const grads: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    grads[v.name] = tf.tensor(randomValues(v.shape, seed * 10 + i), v.shape);
  });
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
}

describe('FusedAdam', () => {
  it("gives tf.train.adam's weights bit for bit, a learning-rate change included", () => {
    const stock = tf.train.adam(0.01);
    const fused = new FusedAdam(0.01);
    const a = variables('stock');
    const b = variables('fused');
    for (let s = 1; s <= 6; s++) {
      if (s === 4) {
        (stock as unknown as { learningRate: number }).learningRate = 0.003;
        fused.learningRate = 0.003;
      }
      step(stock, a, s);
      step(fused, b, s);
    }
    a.forEach((v, i) => {
      expect(Buffer.from(b[i]!.dataSync().buffer).equals(Buffer.from(v.dataSync().buffer))).toBe(true);
    });
    tf.dispose([...a, ...b]);
    stock.dispose();
    fused.dispose();
  });

  it('leaves no tensors behind across steps, and dispose frees its moments', () => {
    const before = tf.memory().numTensors;
    const fused = new FusedAdam(0.01);
    const vars = variables('leak');
    step(fused, vars, 1);
    const afterFirst = tf.memory().numTensors;
    for (let s = 2; s <= 4; s++) step(fused, vars, s);
    expect(tf.memory().numTensors).toBe(afterFirst);
    fused.dispose();
    tf.dispose(vars);
    expect(tf.memory().numTensors).toBe(before);
  });
});
