import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';

/**
 * Changes a batch of samples in place (random crop, flip...). Training batches only: the
 * per-sample loss pass always sees the samples as they are.
 */
export type BatchAugment = (batch: Float32Array, count: number, sampleShape: readonly number[], rng: Rng) => void;

/** Where a model reads its inputs from: the flat typed array of a LabeledDataset, never a big tensor. */
export interface TrainingData {
  readonly features: Float32Array;
  readonly sampleShape: readonly number[];
  readonly labels: Int32Array;
  readonly numClasses: number;
}

/**
 * Builds one input tensor per batch from a reusable typed buffer. Copying rows in JS and making a
 * small tensor is far cheaper on wasm than tf.gather/tf.slice on one big tensor, which copies the
 * whole source every time (tfjs-wasm.md, point 5).
 */
export class BatchMaker {
  private readonly size: number;
  private buffer: Float32Array;

  constructor(
    private readonly data: TrainingData,
    maxBatch: number,
    private readonly augment?: { readonly apply: BatchAugment; readonly rng: Rng },
  ) {
    this.size = data.sampleShape.reduce((a, b) => a * b, 1);
    this.buffer = new Float32Array(maxBatch * this.size);
  }

  /** Input tensor [b, ...sampleShape] for the samples at indices[start, end). */
  inputs(indices: ArrayLike<number>, start: number, end: number): tf.Tensor {
    const b = end - start;
    const { features } = this.data;
    const size = this.size;
    if (!this.augment && this.isContiguous(indices, start, end)) {
      const first = indices[start]!;
      // A contiguous run (the in-order loss pass) needs no copy at all.
      return tf.tensor(features.subarray(first * size, (first + b) * size), [b, ...this.data.sampleShape]);
    }
    for (let i = 0; i < b; i++) {
      const src = indices[start + i]! * size;
      this.buffer.set(features.subarray(src, src + size), i * size);
    }
    this.augment?.apply(this.buffer, b, this.data.sampleShape, this.augment.rng);
    // tf.tensor copies the values, so the buffer can be reused for the next batch.
    return tf.tensor(this.buffer.subarray(0, b * size), [b, ...this.data.sampleShape]);
  }

  /** Given labels of the samples at indices[start, end), as int32 indices. */
  labels(indices: ArrayLike<number>, start: number, end: number): tf.Tensor1D {
    const out = new Int32Array(end - start);
    for (let i = 0; i < out.length; i++) out[i] = this.data.labels[indices[start + i]!]!;
    return tf.tensor1d(out, 'int32');
  }

  private isContiguous(indices: ArrayLike<number>, start: number, end: number): boolean {
    for (let i = start + 1; i < end; i++) if (indices[i] !== indices[i - 1]! + 1) return false;
    return true;
  }
}

export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
