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
  /** The last hidden layer's activations, row-major n x `embeddingSize`, when asked for. */
  readonly embedding?: Float32Array;
  readonly embeddingSize?: number;
}

export interface SignalOptions {
  /** Also return the last hidden layer's activations (the neighbours' space, neighbours.ts). @default false */
  readonly embedding?: boolean;
}

/**
 * Inference-mode pass (no update, no augmentation, training: false) over every sample in order.
 * The outputs of a batch are packed into one tensor so each batch costs one download. With
 * `embedding` the layers run one by one, so the last hidden layer's output comes from the same pass
 * (the models are sequential: the same ops as model.apply).
 */
export function computeSampleSignals(model: tfl.LayersModel, data: TrainingData, batchSize: number, options: SignalOptions = {}): SampleSignals {
  const n = data.labels.length;
  const losses = new Float32Array(n);
  const predictions = new Int32Array(n);
  const confidence = new Float32Array(n);
  const k = data.numClasses;
  const probabilities = new Float32Array(n * k);
  const order = identityOrder(n);
  const maker = new BatchMaker(data, batchSize);
  const body = model.layers.slice(0, -1);
  const head = model.layers[model.layers.length - 1]!;
  const d = options.embedding ? (body[body.length - 1]!.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1) : 0;
  const embedding = options.embedding ? new Float32Array(n * d) : undefined;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const packed = tf.tidy(() => {
      const x = maker.inputs(order, start, end);
      const y = maker.labels(order, start, end);
      let hidden: tf.Tensor | undefined;
      let logits: tf.Tensor2D;
      if (embedding) {
        hidden = x;
        for (const layer of body) hidden = layer.apply(hidden, { training: false }) as tf.Tensor;
        logits = head.apply(hidden, { training: false }) as tf.Tensor2D;
      } else logits = model.apply(x, { training: false }) as tf.Tensor2D;
      const loss = perSampleCrossEntropy(logits, y, data.numClasses);
      const probs = tf.softmax(logits);
      const pred = tf.cast(tf.argMax(logits, 1), 'float32');
      // One [b, 3 + k (+ d)] block: loss, prediction, top probability, every class's probability, then the embedding.
      const parts = [tf.stack([loss, pred, tf.max(probs, 1)], 1), probs];
      if (hidden) parts.push(tf.reshape(hidden, [end - start, d]));
      return tf.concat(parts, 1);
    });
    // Read outside tidy: returning a TypedArray from tidy walks every element (tfjs-wasm.md, point 6).
    const values = packed.dataSync() as Float32Array;
    packed.dispose();
    const b = end - start;
    const w = 3 + k + d;
    for (let i = 0; i < b; i++) {
      losses[start + i] = values[i * w]!;
      predictions[start + i] = values[i * w + 1]!;
      confidence[start + i] = values[i * w + 2]!;
      probabilities.set(values.subarray(i * w + 3, i * w + 3 + k), (start + i) * k);
      embedding?.set(values.subarray(i * w + 3 + k, (i + 1) * w), (start + i) * d);
    }
  }
  return { losses, predictions, confidence, probabilities, ...(embedding ? { embedding, embeddingSize: d } : {}) };
}
