import * as tf from '@tensorflow/tfjs-core';

/**
 * Cross-entropy of each sample against its given label, from logits: -log softmax(logits)[label].
 * Computed with logSoftmax, not log(softmax), so that confident wrong predictions give large finite
 * losses instead of Infinity.
 */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const onehot = tf.cast(tf.oneHot(labels, numClasses), 'float32');
    return tf.neg(tf.sum(tf.mul(onehot, logp), 1)) as tf.Tensor1D;
  });
}

/** Mean cross-entropy over the batch: the plain training loss of the audit. */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number): tf.Scalar {
  return tf.tidy(() => tf.mean(perSampleCrossEntropy(logits, labels, numClasses)) as tf.Scalar);
}
