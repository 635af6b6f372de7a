import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { createRng } from '../../src/util/rng.js';

// The shape of the lead's small CNN: it needs Conv2DBackpropFilter (missing from stock wasm),
// the conv input gradient and MaxPoolGrad; the loss must actually go down.
it('a tiny conv model trains on wasm and its loss goes down', async () => {
  const info = await initBackend('wasm');
  expect(info.name).toBe('wasm');
  const rng = createRng(7);
  const n = 64;
  const xs = new Float32Array(n * 8 * 8);
  const ys = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    ys[i * 2 + label] = 1;
    // Class 1 has a bright top half: learnable, with noise.
    for (let p = 0; p < 64; p++) xs[i * 64 + p] = rng.normal() * 0.5 + (label === 1 && p < 32 ? 1 : 0);
  }
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(xs, [n, 8, 8, 1]);
  const y = tf.tensor2d(ys, [n, 2]);
  const losses: number[] = [];
  for (let step = 0; step < 8; step++) losses.push(Number(await model.trainOnBatch(x, y)));
  expect(losses.every(Number.isFinite)).toBe(true);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.7);
  tf.dispose([x, y]);
  model.dispose();
});
