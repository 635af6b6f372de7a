import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { buildModel } from '../../src/models/registry.js';
import { modelSpecFor } from '../../src/models/specs.js';
import { nearestNeighbours } from '../../src/training/neighbours.js';
import { computeSampleSignals } from '../../src/training/per-sample-loss.js';
import { createRng } from '../../src/util/rng.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('nearestNeighbours', () => {
  // Points on a line (width 2, second coordinate 0): 0, 1, 3, 7, 15.
  const points = Float32Array.from([0, 0, 1, 0, 3, 0, 7, 0, 15, 0]);

  it('lists the k nearest others, nearest first, never the point itself', () => {
    expect(Array.from(nearestNeighbours(points, 2, 2))).toEqual([1, 2, 0, 2, 1, 0, 2, 1, 3, 2]);
  });

  it('searches only among the references it is given, which still never include the point itself', () => {
    // References 0, 3 and 4: point 0's nearest are 3 (7) and 4 (15); point 3's are 0 and 4.
    expect(Array.from(nearestNeighbours(points, 2, 2, Int32Array.from([0, 3, 4])))).toEqual([3, 4, 0, 3, 0, 3, 0, 4, 3, 0]);
  });

  it('finds a duplicate at distance 0 and still leaves the point itself out', () => {
    const twins = Float32Array.from([5, 5, 5, 5, 9, 9]);
    // The third point is as far from both twins: the first of them is taken.
    expect(Array.from(nearestNeighbours(twins, 2, 1))).toEqual([1, 0, 0]);
  });

  it('needs more references than neighbours', () => {
    expect(() => nearestNeighbours(points, 2, 5)).toThrow(RangeError);
  });
});

describe("the inference pass's embedding", () => {
  for (const source of ['csv', 'image-folder'] as const) {
    it(`comes from the same pass without changing a byte of its other outputs (${source === 'csv' ? 'MLP' : 'CNN'})`, () => {
      const shape = source === 'csv' ? [12] : [8, 8, 1];
      const n = 37;
      const size = shape.reduce((a, b) => a * b, 1);
      const rng = createRng(3);
      const data = {
        features: Float32Array.from({ length: n * size }, () => rng.next() - 0.5),
        sampleShape: shape,
        labels: Int32Array.from({ length: n }, (_, i) => i % 3),
        numClasses: 3,
      };
      const model = buildModel(modelSpecFor(source, [16, 8]), shape, 3, createRng(1));
      try {
        const plain = computeSampleSignals(model, data, 16);
        const withEmbedding = computeSampleSignals(model, data, 16, { embedding: true });
        expect(withEmbedding.probabilities).toEqual(plain.probabilities);
        expect(withEmbedding.losses).toEqual(plain.losses);
        expect(withEmbedding.predictions).toEqual(plain.predictions);
        // The last hidden layer: the MLP's 8 units, the CNN's dense 128 (after ReLU: never negative).
        const width = source === 'csv' ? 8 : 128;
        expect(withEmbedding.embeddingSize).toBe(width);
        expect(withEmbedding.embedding!.length).toBe(n * width);
        expect(Math.min(...withEmbedding.embedding!)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...withEmbedding.embedding!)).toBeGreaterThan(0);
        expect(plain.embedding).toBeUndefined();
      } finally {
        model.dispose();
      }
    });
  }
});
