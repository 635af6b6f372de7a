import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { buildModel } from '../../src/models/registry.js';
import { computeSampleSignals } from '../../src/training/per-sample-loss.js';
import { trainModel } from '../../src/training/train.js';
import { createRng } from '../../src/util/rng.js';

/** Two Gaussian blobs in 4-D, labels = blob: an MLP separates them within a few epochs. */
function blobs(n: number, seed: number) {
  const rng = createRng(seed);
  const features = new Float32Array(n * 4);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let j = 0; j < 4; j++) features[i * 4 + j] = rng.normal() + (labels[i] ? 1.5 : -1.5);
  }
  return { features, sampleShape: [4], labels, numClasses: 2 };
}

describe('trainModel', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('lowers the loss, and leaks no tensors across epochs', async () => {
    const data = blobs(400, 3);
    const rng = createRng(1);
    const model = buildModel({ kind: 'mlp', hidden: [16] }, data.sampleShape, 2, rng);
    const losses: number[] = [];
    const tensorsAfterEpoch: number[] = [];
    await trainModel(
      model,
      data,
      { epochs: 5, batchSize: 32, learningRate: 0.01, rng },
      {
        onEpochEnd: (e) => {
          computeSampleSignals(model, data, 64);
          losses.push(e.trainLoss);
          tensorsAfterEpoch.push(tf.memory().numTensors);
        },
      },
    );
    model.dispose();
    expect(losses[4]!).toBeLessThan(losses[0]!);
    expect(losses[4]!).toBeLessThan(0.2);
    // Adam's moment variables appear in epoch 1; after that the count must stay flat.
    expect(new Set(tensorsAfterEpoch.slice(1)).size).toBe(1);
  });

  it('computes per-sample losses that single out a flipped label', async () => {
    const data = blobs(400, 4);
    data.labels[7] = 1 - data.labels[7]!;
    const rng = createRng(2);
    const model = buildModel({ kind: 'mlp', hidden: [16] }, data.sampleShape, 2, rng);
    await trainModel(model, data, { epochs: 4, batchSize: 32, learningRate: 0.01, rng });
    const s = computeSampleSignals(model, data, 100);
    model.dispose();
    const worst = s.losses.indexOf(Math.max(...s.losses));
    expect(worst).toBe(7);
    expect(s.predictions[7]).toBe(1 - data.labels[7]!);
    expect(s.confidence[7]).toBeGreaterThan(0.5);
  });
});
