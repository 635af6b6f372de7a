import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { FusedAdam } from '../backend/simd/fused-adam.js';
import type { Rng } from '../util/rng.js';
import { BatchMaker, identityOrder, type BatchAugment, type TrainingData } from './batches.js';
import { divergenceWatch } from './divergence.js';
import { meanCrossEntropy } from './losses.js';
import { SGD_MOMENTUM, type OptimizerKind } from './optimizers.js';

/** One documented config object for a training run (no positional soup). */
export interface TrainConfig {
  /** Passes over the data. */
  readonly epochs: number;
  /** Samples per gradient step. */
  readonly batchSize: number;
  /** Step size (the peak, when a schedule is given). */
  readonly learningRate: number;
  /** @default 'adam' */
  readonly optimizer?: OptimizerKind;
  /** L2 penalty 0.5 · wd · Σ w² on every trainable weight, i.e. SGD's weight decay wd. @default 0 */
  readonly weightDecay?: number;
  /** Shuffles the sample order of every epoch (and drives augmentation). */
  readonly rng: Rng;
  /** Applied to every training batch, never to the loss pass. @default none */
  readonly augment?: BatchAugment;
  /** Multiplier of learningRate for a 1-based epoch. @default constant 1 */
  readonly schedule?: (epoch: number) => number;
  /** The loss of each epoch's batches. @default plain cross-entropy for every epoch */
  readonly objectiveFor?: (epoch: number) => BatchObjective;
  /** Once aborted, training stops after the current batch; the unfinished epoch is dropped. @default never */
  readonly signal?: AbortSignal;
}

export interface TrainOutcome {
  /** Epochs finished, onEpochEnd included. */
  readonly epochs: number;
  /** True when the signal stopped the run before config.epochs (not when onEpochEnd ended it). */
  readonly stopped: boolean;
}

/**
 * How one batch is turned into a loss to minimise. It is called outside the gradient tape and
 * returns the function minimised inside it, so anything it computes first (a detached forward
 * pass for bootstrapping targets, per-sample weights read on the CPU) gets no gradient: tfjs has
 * no stopGradient op.
 */
/** `indices` are the batch's training-sample indices (row i of x is sample indices[i]). */
export type BatchObjective = (model: tfl.LayersModel, x: tf.Tensor, labels: tf.Tensor1D, numClasses: number, indices: Int32Array) => () => tf.Scalar;

export const crossEntropyObjective: BatchObjective = (model, x, labels, numClasses) => () =>
  meanCrossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, labels, numClasses);

export interface EpochEnd {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches. */
  readonly trainLoss: number;
  /** Wall time of the epoch's training steps. */
  readonly seconds: number;
  readonly learningRate: number;
}

/** Lifecycle callbacks; onEpochEnd may be async (the audit runs its loss pass there) and may end the run ('stop'). */
export interface TrainHooks {
  onBatchEnd?(epoch: number, batch: number, batches: number): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks that never stop a run return nothing at all, which only void admits
  onEpochEnd?(info: EpochEnd): void | 'stop' | Promise<void | 'stop'>;
}

export async function trainModel(model: tfl.LayersModel, data: TrainingData, config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  const n = data.labels.length;
  const rate = stepSize(config.optimizer ?? 'adam', config.learningRate);
  const optimizer = rate.optimizer;
  // Name the variables explicitly: with two models alive (retrain --compare), minimize() would
  // otherwise update every trainable variable in the engine.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decay = config.weightDecay ?? 0;
  const withDecay = (f: () => tf.Scalar) => (decay > 0 ? () => tf.add(f(), tf.mul(0.5 * decay, tf.addN(variables.map((v) => tf.sum(tf.square(v)))))) as tf.Scalar : f);
  const maker = new BatchMaker(data, config.batchSize, config.augment && { apply: config.augment, rng: config.rng });
  const order = identityOrder(n);
  const batches = Math.ceil(n / config.batchSize);
  const watch = divergenceWatch(config.learningRate);
  let yielded = performance.now();
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      rate.set(config.learningRate * (config.schedule?.(epoch) ?? 1));
      const objective = config.objectiveFor?.(epoch) ?? crossEntropyObjective;
      config.rng.shuffle(order);
      let total = 0;
      for (let b = 0; b < batches; b++) {
        const start = b * config.batchSize;
        const end = Math.min(n, start + config.batchSize);
        const cost = tf.tidy((): tf.Scalar => {
          const x = maker.inputs(order, start, end);
          const y = maker.labels(order, start, end);
          const c = optimizer.minimize(withDecay(objective(model, x, y, data.numClasses, order.subarray(start, end))), true, variables);
          if (c === null) throw new Error('optimizer.minimize returned no cost');
          return c;
        });
        const value = cost.dataSync()[0] ?? NaN;
        cost.dispose();
        watch.batch(epoch, value);
        total += value * (end - start);
        hooks.onBatchEnd?.(epoch, b + 1, batches);
        // Let timers (progress bar redraws) and signal handlers run every ~50 ms of a long epoch: a
        // Ctrl-C then stops within one batch, at no measurable cost for small batches.
        if (performance.now() - yielded > 50) {
          await new Promise((r) => setImmediate(r));
          yielded = performance.now();
        }
        if (config.signal?.aborted) return { epochs: epoch - 1, stopped: true };
      }
      const seconds = (performance.now() - started) / 1000;
      watch.epoch(epoch, total / n);
      if ((await hooks.onEpochEnd?.({ epoch, trainLoss: total / n, seconds, learningRate: rate.get() })) === 'stop') return { epochs: epoch, stopped: false };
    }
    return { epochs: config.epochs, stopped: false };
  } finally {
    rate.dispose();
  }
}

/** The optimizer and a way to change its step size between epochs (the schedule). */
function stepSize(kind: OptimizerKind, learningRate: number) {
  if (kind === 'sgd') {
    const sgd = tf.train.momentum(learningRate, SGD_MOMENTUM);
    let current = learningRate;
    return {
      optimizer: sgd as tf.Optimizer,
      set(v: number) {
        current = v;
        // SGD keeps the step as a tensor, so it is replaced, not assigned.
        sgd.setLearningRate(v);
      },
      get: () => current,
      dispose() {
        sgd.dispose();
        // MomentumOptimizer.dispose frees its momentum, not SGD's step scalar: free that too.
        tf.SGDOptimizer.prototype.dispose.call(sgd);
      },
    };
  }
  // On wasm the same arithmetic in one kernel call per variable (bit-identical weights).
  const optimizer = tf.getBackend() === 'wasm' ? new FusedAdam(learningRate) : tf.train.adam(learningRate);
  // Adam reads its step size on every update, so a schedule can set it between epochs.
  const adam = optimizer as unknown as { learningRate: number };
  return {
    optimizer: optimizer as tf.Optimizer,
    set(v: number) {
      adam.learningRate = v;
    },
    get: () => adam.learningRate,
    dispose: () => optimizer.dispose(),
  };
}
