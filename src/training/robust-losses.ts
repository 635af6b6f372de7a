/**
 * The noise-corrected losses of `retrain` (Reed et al. 2015; Arazo et al. 2019; method.md §2).
 *
 * Every kind is one formula with different knobs. For a batch x with given labels y, a mixing
 * permutation π and λ (λ = 1 without mixup), and a bootstrapping weight B_i per sample (how much
 * the target trusts the model's own prediction z_i over the label):
 *
 *   t_i  = (1 - B_i) · onehot(y_i) + B_i · z_i
 *   loss = λ · mean_i CE(t_i, h(x̃)_i) + (1 - λ) · mean_i CE(t_π(i), h(x̃)_i) + reg · KL(uniform ‖ mean_i h(x̃)_i)
 *
 * with x̃ = λ x + (1 - λ) x_π. z_i comes from a forward pass on the UNMIXED batch outside the
 * gradient tape (the reference's detached `out1`): its argmax one-hot (hard) or its softmax (soft).
 * B is 0 for ce and mixup, fixed for static bootstrapping (0.2 hard, 0.05 soft: the label keeps
 * 0.8 / 0.95), and for dynamic kinds it is p(noisy | loss) of that same detached pass, read from
 * the Beta mixture fitted after the previous epoch, clamped to [1e-4, 1 - 1e-4] as the reference.
 *
 * Prune kinds weight each sample's term by w_i = 0 if the detector flagged it, else 1, and divide
 * by Σ w_i instead of the batch size: the flagged samples are dropped, the rest trained on as if
 * they were the whole data set (cleanlab's CleanLearning, without refitting from scratch).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';
import { permutation, sampleBeta } from '../util/sample.js';
import { perSampleCrossEntropy } from './losses.js';
import type { LossSpec } from './loss-kinds.js';
import type { SamplePosterior } from './posterior-source.js';
import type { BatchObjective } from './train.js';

export { retrainLosses, RETRAIN_LOSSES, type RetrainLoss, type LossSpec } from './loss-kinds.js';

const B_MIN = 1e-4;
const B_MAX = 1 - 1e-4;

export interface ObjectiveOptions {
  readonly spec: LossSpec;
  readonly rng: Rng;
  /** λ ~ Beta(α, α) per batch (the reference's 32 keeps λ near 0.5; retrain's default is 1). */
  readonly mixupAlpha: number;
  /** Weight of the class-balance regulariser, applied only while bootstrapping (retrain's default: 1). */
  readonly reg: number;
  /** False during warm-up: B = 0, i.e. plain (mixup) cross-entropy, and nothing pruned. */
  readonly bootstrapping: boolean;
  /**
   * Dynamic kinds: p(noisy) from the previous epoch's update (posterior-source.ts), read through the
   * batch loss or by training-sample index. Without it B = 0.
   */
  readonly posterior?: SamplePosterior;
}

/** The per-sample bootstrapping weights of a batch, from the detached pass's losses (or by sample index). */
export function bootstrapWeights(spec: LossSpec, detachedLosses: Float32Array, posterior?: SamplePosterior, indices?: Int32Array): Float32Array {
  const b = new Float32Array(detachedLosses.length);
  const clamp = (p: number): number => Math.min(B_MAX, Math.max(B_MIN, p));
  if (spec.bootstrap.kind === 'static') b.fill(spec.bootstrap.weight);
  else if (spec.bootstrap.kind === 'dynamic' && posterior?.kind === 'by-loss') {
    for (let i = 0; i < b.length; i++) b[i] = clamp(posterior.posterior(detachedLosses[i]!));
  } else if (spec.bootstrap.kind === 'dynamic' && posterior?.kind === 'by-sample') {
    if (!indices) throw new Error('a by-sample posterior needs the batch indices');
    for (let i = 0; i < b.length; i++) b[i] = clamp(posterior.posterior[indices[i]!]!);
  }
  return b;
}

/** The per-sample weights of a batch: 0 for a flagged sample (prune kinds), else 1; undefined when nothing is pruned. */
export function pruneWeights(spec: LossSpec, posterior: SamplePosterior | undefined, indices: Int32Array): Float32Array | undefined {
  if (!spec.prune || posterior?.kind !== 'by-sample') return undefined;
  return Float32Array.from(indices, (i) => 1 - posterior.flagged[i]!);
}

/** KL(uniform ‖ mean prediction): large when the batch's predictions collapse onto few classes. */
export function classBalancePenalty(probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const k = probs.shape[1];
    const mean = tf.mean(probs, 0);
    const prior = 1 / k;
    return tf.sum(tf.mul(prior, tf.sub(Math.log(prior), tf.log(tf.add(mean, 1e-12))))) as tf.Scalar;
  });
}

/** Mean over the batch of -Σ_c t_ic log p_ic; with weights, Σ_i w_i CE_i / Σ_i w_i (0 when every weight is 0). */
function softCrossEntropy(targets: tf.Tensor2D, logp: tf.Tensor2D, weights?: tf.Tensor1D, weightSum?: number): tf.Scalar {
  const ce = tf.neg(tf.sum(tf.mul(targets, logp), 1));
  if (!weights) return tf.mean(ce) as tf.Scalar;
  return tf.div(tf.sum(tf.mul(ce, weights)), Math.max(1, weightSum ?? 1)) as tf.Scalar;
}

export function makeObjective(o: ObjectiveOptions): BatchObjective {
  const { spec } = o;
  const bootstrapping = spec.target !== null && o.bootstrapping;
  return (model, x, labels, numClasses, indices) => {
    const n = x.shape[0]!;
    const onehot = tf.cast(tf.oneHot(labels, numClasses), 'float32') as tf.Tensor2D;
    let targets = onehot;
    if (bootstrapping) {
      // Outside the tape: the targets must not pull the model toward its own prediction by gradient.
      const out1 = model.apply(x, { training: true }) as tf.Tensor2D;
      const losses = perSampleCrossEntropy(out1, labels, numClasses).dataSync() as Float32Array;
      const b = tf.tensor2d(bootstrapWeights(spec, losses, o.posterior, indices), [n, 1]);
      const z = spec.target === 'hard' ? tf.cast(tf.oneHot(tf.argMax(out1, 1), numClasses), 'float32') : tf.softmax(out1);
      targets = tf.add(tf.mul(tf.sub(1, b), onehot), tf.mul(b, z)) as tf.Tensor2D;
    }
    const w = o.bootstrapping ? pruneWeights(spec, o.posterior, indices) : undefined;
    const weights = w ? tf.tensor1d(w) : undefined;
    const weightSum = w?.reduce((a, b) => a + b, 0);
    const lambda = spec.mixup ? sampleBeta(o.rng, o.mixupAlpha, o.mixupAlpha) : 1;
    const perm = spec.mixup ? tf.tensor1d(permutation(o.rng, n), 'int32') : undefined;
    const input = perm ? tf.add(tf.mul(lambda, x), tf.mul(1 - lambda, tf.gather(x, perm))) : x;
    const permuted = perm ? (tf.gather(targets, perm) as tf.Tensor2D) : undefined;
    return () => {
      const logits = model.apply(input, { training: true }) as tf.Tensor2D;
      const logp = tf.logSoftmax(logits);
      let loss = softCrossEntropy(targets, logp, weights, weightSum);
      if (permuted) loss = tf.add(tf.mul(lambda, loss), tf.mul(1 - lambda, softCrossEntropy(permuted, logp, weights, weightSum)));
      if (o.reg > 0 && bootstrapping) loss = tf.add(loss, tf.mul(o.reg, classBalancePenalty(tf.softmax(logits))));
      return loss as tf.Scalar;
    };
  };
}
