/**
 * The audit's training run, the only part of it that touches TensorFlow.js (audit.ts loads this
 * module on demand, so the library's entry and the CLI's help never pay for tfjs): a small model
 * trained with plain cross-entropy, every sample's loss recorded after every epoch.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LabeledDataset } from '../data/dataset.js';
import { fitLossMixture } from '../mixture/loss-mixture.js';
import { buildModel } from '../models/registry.js';
import { modelSpecFor } from '../models/specs.js';
import type { AuditSettings } from '../options/audit.js';
import type { EpochRecord, NeighbourVote, TrainingExtension } from '../reports/report.js';
import { accuracy } from '../scoring/accuracy.js';
import { confidentJoint } from '../scoring/confident-joint.js';
import { blendWithNeighbours, NEIGHBOUR_WEIGHT, neighbourShares, referenceCount } from '../scoring/neighbours.js';
import { meanPNoisy } from '../scoring/noise-estimate.js';
import { agreesPastClean, countsAtOnset, extensionEnd, MEMORISED_SHARE, memorisedSinceStop, stopReason } from '../scoring/stopping.js';
import { imageAugment } from '../training/augment.js';
import type { TrainingData } from '../training/batches.js';
import { computeSampleSignals, type SampleSignals } from '../training/per-sample-loss.js';
import { nearestNeighbours } from '../training/neighbours.js';
import { trainModel, type EpochEnd } from '../training/train.js';
import { createRng } from '../util/rng.js';

export interface AuditTraining {
  /** Every sample's cross-entropy after each epoch, in input order. */
  readonly epochLosses: Float32Array[];
  readonly epochs: EpochRecord[];
  /** The model's class for each sample after the last epoch. */
  readonly predictions: Int32Array;
  /** The last epoch's probabilities, row-major n x classes. */
  readonly probabilities: Float32Array;
  /**
   * What the ranking is computed from: every class's probability averaged over the epochs ranked
   * on, blended with the neighbours' vote when there is one (`neighbours`), row-major n x classes.
   */
  readonly meanProbabilities: Float64Array;
  /**
   * Set when they differ from meanProbabilities: the model's own probabilities the wrong labels
   * are counted from, averaged up to the stop when training went on past it for the ranking
   * (stopping.ts, extensionEnd), and never blended with the neighbours' vote.
   */
  readonly countProbabilities?: Float64Array;
  /** Set when the neighbours voted (report.training.neighbours). */
  readonly neighbours?: NeighbourVote;
  /** Set when training went on past the stop (report.training.extension). */
  readonly extension?: TrainingExtension;
  /** Why training ended before `epochs` by the stop rule (undefined: it ran them all, or a signal stopped it). */
  readonly stoppedEarly?: string;
  /** True when the signal stopped training before the requested epochs: the fields above cover the epochs that finished. */
  readonly stopped: boolean;
}

/**
 * What a model trained without them said of held-out samples after each epoch (out-of-fold
 * scoring, audit-folds.ts): in the held-out data's order.
 */
export interface HeldOutTrace {
  readonly losses: Float32Array[];
  readonly predictions: Int32Array[];
  /** Every class's probability summed over the epochs so far, after each epoch: row-major n x classes. */
  readonly probabilitySums: Float32Array[];
  /** The last epoch's probabilities. */
  readonly lastProbabilities: Float32Array;
}

export interface AuditTrainingRequest {
  readonly dataset: LabeledDataset;
  readonly settings: AuditSettings;
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Stops training after the current batch; with no finished epoch the run throws the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * After each epoch: one inference pass over every sample, a mixture fitted to its losses (the
 * epoch's own noise estimate, for the report's epoch table), and the losses kept for the final score.
 */
function epochRecorder(model: tfl.LayersModel, data: TrainingData, settings: AuditSettings, onEpoch: (r: EpochRecord) => void, heldOut?: TrainingData) {
  // The neighbours' space comes from the same pass; out-of-fold models need none (held out already).
  const pass = { embedding: heldOut === undefined && votes(settings, data.labels.length) };
  const { batchSize } = settings;
  const passBatchSize = Math.max(batchSize, 512);
  const held = heldOut && {
    losses: [] as Float32Array[],
    predictions: [] as Int32Array[],
    probabilitySums: [] as Float32Array[],
    sum: new Float32Array(heldOut.labels.length * heldOut.numClasses),
    last: new Float32Array(0) as Float32Array,
  };
  const epochLosses: Float32Array[] = [];
  const epochs: EpochRecord[] = [];
  const probabilitySum = new Float64Array(data.labels.length * data.numClasses);
  let last: SampleSignals | undefined;
  let stoppedEarly: string | undefined;
  // Where the stop rule fired, kept for the count (and for the ranking, if the model then memorised).
  // Out-of-fold models stop there: their held-out traces are read epoch by epoch (audit-folds.ts).
  let atStop: { epoch: number; end: number; sum: Float64Array; signals: SampleSignals; disagreement: number; memorised: boolean } | undefined;
  // The first epoch that passed the memorisation test regardless of the rule's minimum, with its
  // probability sum: a model later found memorising is counted there, if the stop's count kept
  // enough of that epoch's (stopping.ts, agreesPastClean and countsAtOnset).
  let onset: { epoch: number; sum: Float64Array } | undefined;
  const extend = heldOut === undefined;
  return {
    onEpochEnd(info: EpochEnd): 'stop' | undefined {
      const signals = computeSampleSignals(model, data, passBatchSize, pass);
      const fit = fitLossMixture(signals.losses);
      for (let i = 0; i < probabilitySum.length; i++) probabilitySum[i]! += signals.probabilities[i]!;
      const record: EpochRecord = {
        epoch: info.epoch,
        trainLoss: info.trainLoss,
        agreement: accuracy(signals.predictions, data.labels),
        estimatedNoise: meanPNoisy(fit.posteriors(signals.losses)),
        // The sum, not the mean: the joint's per-class thresholds are the same for any positive scale.
        confidentNoise: confidentJoint(probabilitySum, data.labels, data.numClasses).issues / data.labels.length,
        seconds: info.seconds,
        mixture: fit.summary,
      };
      if (heldOut && held) {
        const h = computeSampleSignals(model, heldOut, passBatchSize);
        for (let i = 0; i < held.sum.length; i++) held.sum[i]! += h.probabilities[i]!;
        held.losses.push(h.losses);
        held.predictions.push(h.predictions);
        held.probabilitySums.push(held.sum.slice());
        held.last = h.probabilities;
      }
      epochLosses.push(signals.losses);
      epochs.push(record);
      last = signals;
      onEpoch(record);
      if (atStop === undefined) {
        if (extend && onset === undefined && agreesPastClean(record)) onset = { epoch: info.epoch, sum: probabilitySum.slice() };
        const steps = info.epoch * Math.ceil(data.labels.length / batchSize);
        stoppedEarly = stopReason(settings.stop, { ...record, steps });
        if (stoppedEarly === undefined) return undefined;
        const end = extensionEnd(info.epoch, steps, settings.epochs);
        if (!extend || end <= info.epoch) return 'stop';
        atStop = { epoch: info.epoch, end, sum: probabilitySum.slice(), signals, disagreement: 1 - record.agreement, memorised: false };
        return undefined;
      }
      if (memorisedSinceStop(atStop.disagreement, 1 - record.agreement)) {
        atStop.memorised = true;
        return 'stop';
      }
      return info.epoch >= atStop.end ? 'stop' : undefined;
    },
    result(stopped: boolean): (AuditTraining & { readonly heldOut?: HeldOutTrace; readonly embedded?: Embedded }) | undefined {
      if (last === undefined) return undefined;
      const heldOutTrace = held ? { heldOut: { losses: held.losses, predictions: held.predictions, probabilitySums: held.probabilitySums, lastProbabilities: held.last } } : {};
      const everyEpoch = { epochLosses, signals: last, meanProbabilities: probabilitySum.map((v) => v / epochs.length) };
      const scored = (() => {
        if (atStop === undefined) return { ...everyEpoch, ...(stoppedEarly !== undefined ? { stoppedEarly } : {}) };
        const s = atStop;
        const atStopMean = s.sum.map((v) => v / s.epoch);
        const trained = epochs.length - s.epoch;
        if (!s.memorised) {
          const why = `at epoch ${s.epoch} ${stoppedEarly}; the wrong labels are counted there, and ${trained} more epochs sharpened the ranking`;
          const extension = { countedAtEpoch: s.epoch, scoredOnEpochs: epochs.length, memorised: false };
          return { ...everyEpoch, countProbabilities: atStopMean, stoppedEarly: why, extension };
        }
        // Memorising: the ranking from the epochs up to the stop, as if training had ended there, and
        // the count from where memorisation began, before it took flips out of the count (DNA at 20%:
        // 20.5% counted at epoch 1, 13.8% at the stop at epoch 4).
        const countAt = (epoch: number) => epochs[epoch - 1]!.confidentNoise;
        const counted = onset !== undefined && onset.epoch < s.epoch && countsAtOnset(countAt(onset.epoch), countAt(s.epoch)) ? onset : undefined;
        const why =
          `at epoch ${s.epoch} ${stoppedEarly}; ${trained} more epochs for the ranking left ` +
          `${pct(1 - epochs[epochs.length - 1]!.agreement)} of the labels unfitted, under ${pct(MEMORISED_SHARE)} of the ${pct(s.disagreement)} at the stop: ` +
          `memorising, so the ranking is from the first ${s.epoch} epochs` +
          (counted
            ? ` and the wrong labels are counted at epoch ${counted.epoch}, where the model first agreed with the labels believed right (${pct(countAt(counted.epoch))} counted there, ${pct(countAt(s.epoch))} at the stop)`
            : '');
        const extension = { countedAtEpoch: counted?.epoch ?? s.epoch, scoredOnEpochs: s.epoch, memorised: true };
        const countProbabilities = counted ? { countProbabilities: counted.sum.map((v) => v / counted.epoch) } : {};
        return { epochLosses: epochLosses.slice(0, s.epoch), signals: s.signals, meanProbabilities: atStopMean, ...countProbabilities, stoppedEarly: why, extension };
      })();
      const { signals, ...rest } = scored;
      // The last epoch ranked on (a memorising model's, the stop's, is never voted in: trainAudited).
      const rankedTo = atStop?.memorised ? atStop.epoch : epochs.length;
      const embedded = signals.embedding && signals.embeddingSize ? { embedded: { values: signals.embedding, size: signals.embeddingSize, epoch: rankedTo } } : {};
      return { ...rest, epochs, predictions: signals.predictions, probabilities: signals.probabilities, stopped, ...heldOutTrace, ...embedded };
    },
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Whether the neighbours vote on a run of n samples: asked for, more samples than neighbours, and not too many to search. */
const votes = (settings: AuditSettings, n: number): boolean => settings.neighbours > 0 && n > settings.neighbours + 1 && referenceCount(n) > 0;

/** Every sample's last-hidden-layer activations at the last epoch ranked on (n x size). */
interface Embedded {
  readonly values: Float32Array;
  readonly size: number;
  readonly epoch: number;
}

export async function trainAudited(r: AuditTrainingRequest): Promise<AuditTraining> {
  const { dataset: ds, settings } = r;
  const data: TrainingData = { features: ds.features, sampleShape: ds.sampleShape, labels: ds.labels, numClasses: ds.classNames.length };
  const { embedded, ...trained } = await trainOnce(r, data, settings.seed);
  const n = data.labels.length;
  // A model found memorising has a hidden layer organised around the labels it was fitting, flips
  // included: its neighbours agree with the given labels more than the model itself does (DNA at
  // 40%: 70.5% vs 65.6%), so their vote would only echo the flips (BENCHMARKS.md, "sixth round").
  if (embedded === undefined || trained.extension?.memorised === true || !votes(settings, n)) return trained;
  const k = settings.neighbours;
  const m = referenceCount(n);
  const references =
    m < n
      ? createRng(settings.seed)
          .shuffle(Int32Array.from({ length: n }, (_, i) => i))
          .slice(0, m)
          .sort()
      : undefined;
  // The ranking (and the guard's margins) from the blend; the count from the model's own probabilities.
  const shares = neighbourShares(nearestNeighbours(embedded.values, embedded.size, k, references), k, data.labels, data.numClasses);
  return {
    ...trained,
    meanProbabilities: blendWithNeighbours(trained.meanProbabilities, shares),
    countProbabilities: trained.countProbabilities ?? trained.meanProbabilities,
    neighbours: { k, weight: NEIGHBOUR_WEIGHT, epoch: embedded.epoch, references: m },
  };
}

/**
 * One model trained on `data` (all of the dataset, or the folds but one), with the held-out
 * samples, if any, scored after every epoch by the model that never saw them.
 */
export async function trainOnce(
  r: AuditTrainingRequest,
  data: TrainingData,
  seed: number,
  heldOut?: TrainingData,
): Promise<AuditTraining & { readonly heldOut?: HeldOutTrace; readonly embedded?: Embedded }> {
  const { dataset: ds, settings } = r;
  const images = ds.source === 'image-folder';
  const rng = createRng(seed);
  const model = buildModel(modelSpecFor(ds.source, settings.hidden), ds.sampleShape, data.numClasses, rng);
  const augment = images && settings.augment ? imageAugment() : undefined;
  const recorder = epochRecorder(model, data, settings, r.onEpoch ?? (() => {}), heldOut);
  let outcome;
  try {
    outcome = await trainModel(
      model,
      data,
      {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        learningRate: settings.learningRate,
        rng,
        ...(augment ? { augment } : {}),
        ...(r.signal ? { signal: r.signal } : {}),
      },
      { ...(r.onBatch ? { onBatchEnd: r.onBatch } : {}), onEpochEnd: recorder.onEpochEnd },
    );
  } finally {
    model.dispose();
  }
  const result = recorder.result(outcome.stopped);
  if (result) return result;
  if (outcome.stopped) throw r.signal?.reason ?? new Error('training was stopped');
  throw new Error('training ran no epoch');
}
