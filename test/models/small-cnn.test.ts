import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { buildModel } from '../../src/models/registry.js';
import { defaultSmallCnnSpec } from '../../src/models/specs.js';
import { imageAugment } from '../../src/training/augment.js';
import { computeSampleSignals } from '../../src/training/per-sample-loss.js';
import { trainModel } from '../../src/training/train.js';
import { createRng } from '../../src/util/rng.js';

/** 8x8 gray images: class 0 has a bright vertical bar, class 1 a horizontal one, at random places, plus noise. */
function bars(n: number, seed: number) {
  const rng = createRng(seed);
  const s = 8;
  const features = new Float32Array(n * s * s);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const at = 1 + rng.int(s - 2);
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        const on = labels[i] === 0 ? x === at : y === at;
        features[i * s * s + y * s + x] = (on ? 2 : -0.3) + 0.3 * rng.normal();
      }
    }
  }
  return { features, sampleShape: [s, s, 1], labels, numClasses: 2 };
}

describe('small CNN', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('learns on wasm, with augmentation, and leaks no tensors across epochs', async () => {
    const data = bars(256, 1);
    data.labels[5] = 1 - data.labels[5]!;
    const rng = createRng(1);
    const model = buildModel(defaultSmallCnnSpec, data.sampleShape, 2, rng);
    const losses: number[] = [];
    const tensors: number[] = [];
    await trainModel(
      model,
      data,
      { epochs: 4, batchSize: 32, learningRate: 0.003, rng, augment: imageAugment({ pad: 1, flip: false }) },
      {
        onEpochEnd: (e) => {
          computeSampleSignals(model, data, 100);
          losses.push(e.trainLoss);
          tensors.push(tf.memory().numTensors);
        },
      },
    );
    const signals = computeSampleSignals(model, data, 100);
    model.dispose();
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(new Set(tensors.slice(1)).size).toBe(1);
    // The flipped sample is the one the model disagrees with most.
    expect(signals.losses.indexOf(Math.max(...signals.losses))).toBe(5);
    let right = 0;
    for (let i = 0; i < 256; i++) if (i !== 5 && signals.predictions[i] === data.labels[i]) right++;
    expect(right / 255).toBeGreaterThan(0.95);
  });

  it('starts from the same seeded weights on cpu and wasm', async () => {
    const data = bars(8, 2);
    const logits = async (backend: string): Promise<Float32Array> => {
      await tf.setBackend(backend);
      const model = buildModel(defaultSmallCnnSpec, data.sampleShape, 2, createRng(9));
      const out = tf.tidy(() => model.apply(tf.tensor(data.features, [8, 8, 8, 1])) as tf.Tensor);
      const values = out.dataSync() as Float32Array;
      out.dispose();
      model.dispose();
      return values;
    };
    const cpu = await logits('cpu');
    const wasm = await logits('wasm');
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]!).toBeCloseTo(cpu[i]!, 4);
  });

  it('refuses image sides its two pools cannot halve twice', () => {
    expect(() => buildModel(defaultSmallCnnSpec, [30, 30, 1], 2, createRng(1))).toThrow(/divisible by 4, got 30x30/);
  });
});
