import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { BatchMaker, identityOrder, type TrainingData } from './batches.js';
import { perSampleCrossEntropy } from './losses.js';

/** What one inference pass over the training set says about every sample. */
export interface SampleSignals {
  /** Cross-entropy against the given label; higher = more likely mislabeled. */
  readonly losses: Float32Array;
  /** The model's predicted class (argmax). */
  readonly predictions: Int32Array;
  /** Softmax probability of the predicted class. */
  readonly confidence: Float32Array;
  /** Every class's softmax probability, row-major n x numClasses. */
  readonly probabilities: Float32Array;
}

/**
 * Inference-mode pass (no update, no augmentation, training: false) over every sample in order.
 * The three outputs of a batch are packed into one tensor so each batch costs one download.
 */
export function computeSampleSignals(model: tfl.LayersModel, data: TrainingData, batchSize: number): SampleSignals {
  const n = data.labels.length;
  const losses = new Float32Array(n);
  const predictions = new Int32Array(n);
  const confidence = new Float32Array(n);
  const k = data.numClasses;
  const probabilities = new Float32Array(n * k);
  const order = identityOrder(n);
  const maker = new BatchMaker(data, batchSize);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const packed = tf.tidy(() => {
      const x = maker.inputs(order, start, end);
      const y = maker.labels(order, start, end);
      const logits = model.apply(x, { training: false }) as tf.Tensor2D;
      const loss = perSampleCrossEntropy(logits, y, data.numClasses);
      const probs = tf.softmax(logits);
      const pred = tf.cast(tf.argMax(logits, 1), 'float32');
      // One [b, 3 + k] block: loss, prediction, top probability, then every class's probability.
      return tf.concat([tf.stack([loss, pred, tf.max(probs, 1)], 1), probs], 1);
    });
    // Read outside tidy: returning a TypedArray from tidy walks every element (tfjs-wasm.md, point 6).
    const values = packed.dataSync() as Float32Array;
    packed.dispose();
    const b = end - start;
    const w = 3 + k;
    for (let i = 0; i < b; i++) {
      losses[start + i] = values[i * w]!;
      predictions[start + i] = values[i * w + 1]!;
      confidence[start + i] = values[i * w + 2]!;
      probabilities.set(values.subarray(i * w + 3, (i + 1) * w), (start + i) * k);
    }
  }
  return { losses, predictions, confidence, probabilities };
}
