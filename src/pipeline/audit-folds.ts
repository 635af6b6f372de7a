/**
 * Out-of-fold scoring (`audit --folds k`): k models, each trained on all folds but one and scoring
 * the fold it never saw after every epoch, so no sample is judged by a model that has memorised
 * its label. Costs k trainings. The held-out probabilities are averaged over each fold's epochs,
 * as the in-sample audit averages its own, and feed the same report (audit-training.ts has the
 * single training run this repeats). Loaded on demand: it touches tfjs through audit-training.ts.
 */
import { subset } from '../data/dataset.js';
import { fitLossMixture } from '../mixture/loss-mixture.js';
import type { EpochRecord } from '../reports/report.js';
import { accuracy } from '../scoring/accuracy.js';
import { confidentJoint } from '../scoring/confident-joint.js';
import { stratifiedFolds } from '../scoring/folds.js';
import { meanPNoisy } from '../scoring/noise-estimate.js';
import { createRng } from '../util/rng.js';
import { type AuditTraining, type AuditTrainingRequest, type HeldOutTrace, trainOnce } from './audit-training.js';

export interface FoldedTraining extends AuditTraining {
  /** Epochs each fold's model trained. */
  readonly foldEpochs: number[];
}

export async function trainAuditedFolds(r: AuditTrainingRequest, k: number): Promise<FoldedTraining> {
  const { dataset: ds, settings } = r;
  const n = ds.labels.length;
  const fold = stratifiedFolds(ds.labels, k, createRng(settings.seed));
  const members = Array.from({ length: k }, (_, f) => Int32Array.from(fold.keys()).filter((i) => fold[i] === f));
  const traces: { readonly index: Int32Array; readonly trace: HeldOutTrace; readonly run: AuditTraining }[] = [];
  for (let f = 0; f < k; f++) {
    const train = subset(
      ds,
      Int32Array.from(fold.keys()).filter((i) => fold[i] !== f),
    );
    const held = subset(ds, members[f]!);
    // A seed per fold, derived from --seed: same seed, same k models.
    const run = await trainOnce(r, train, (settings.seed + 7919 * (f + 1)) >>> 0, held);
    // A fold cut short leaves samples no model scored: there is nothing honest to report.
    if (run.stopped) throw r.signal?.reason ?? new Error('training was stopped');
    traces.push({ index: members[f]!, trace: run.heldOut!, run });
  }
  return combine(traces, n, ds.classNames.length, ds.labels);
}

/**
 * One n-sample view of the k held-out traces. Folds stop at different epochs; after its last one a
 * fold keeps its final state (its model no longer changes), so epoch e of the combined trace is
 * every fold at min(e, its last epoch).
 */
function combine(
  folds: readonly { readonly index: Int32Array; readonly trace: HeldOutTrace; readonly run: AuditTraining }[],
  n: number,
  k: number,
  labels: Int32Array,
): FoldedTraining {
  const foldEpochs = folds.map((f) => f.trace.losses.length);
  const epochsTotal = Math.max(...foldEpochs);
  const epochLosses: Float32Array[] = [];
  const epochs: EpochRecord[] = [];
  let predictions = new Int32Array(n);
  const meanAt = new Float64Array(n * k);
  for (let e = 0; e < epochsTotal; e++) {
    const losses = new Float32Array(n);
    predictions = new Int32Array(n);
    let trainLoss = 0;
    let seconds = 0;
    for (const { index, trace, run } of folds) {
      const t = Math.min(e, trace.losses.length - 1);
      const sums = trace.probabilitySums[t]!;
      index.forEach((i, j) => {
        losses[i] = trace.losses[t]![j]!;
        predictions[i] = trace.predictions[t]![j]!;
        for (let c = 0; c < k; c++) meanAt[i * k + c] = sums[j * k + c]! / (t + 1);
      });
      trainLoss += run.epochs[t]!.trainLoss / folds.length;
      if (e < trace.losses.length) seconds += run.epochs[e]!.seconds;
    }
    const fit = fitLossMixture(losses);
    epochLosses.push(losses);
    epochs.push({
      epoch: e + 1,
      trainLoss,
      // Out of fold: the held-out models' agreement with the given labels, not the training fit.
      agreement: accuracy(predictions, labels),
      estimatedNoise: meanPNoisy(fit.posteriors(losses)),
      confidentNoise: confidentJoint(meanAt, labels, k).issues / n,
      seconds,
      mixture: fit.summary,
    });
  }
  const probabilities = new Float32Array(n * k);
  for (const { index, trace } of folds) {
    index.forEach((i, j) => {
      probabilities.set(trace.lastProbabilities.subarray(j * k, (j + 1) * k), i * k);
    });
  }
  const reasons = folds.map((f) => f.run.stoppedEarly);
  return {
    epochLosses,
    epochs,
    predictions,
    probabilities,
    meanProbabilities: meanAt,
    ...(reasons.every((x) => x !== undefined)
      ? { stoppedEarly: `each of the ${folds.length} folds' models stopped at its memorisation onset (after ${foldEpochs.join(', ')} epochs)` }
      : {}),
    stopped: false,
    foldEpochs,
  };
}
