/**
 * `--loss prune`: prune-and-refit, cleanlab's CleanLearning. A warm-up of plain cross-entropy finds
 * the wrong labels (the audit's detection, warmup-detector.ts; or a saved audit's flags, with no
 * warm-up at all), then a FRESH model (the same seed, so the same initial weights) trains plain
 * cross-entropy on the unflagged samples for the whole --epochs and schedule.
 * Why refit and not go on training the warm-up model on the rest: measured on the retrain suite,
 * the warm-up ends at or after the step schedule's first milestone on slow tables (Vowel: epoch
 * 10 of 30), so the continued model trained the kept samples at a tenth of the rate and ended 13
 * points below plain ce (44.9% vs 57.6% at 40% noise); the refit trains them at the full rate.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { subset, type DatasetSlice, type LabeledDataset } from '../data/dataset.js';
import { buildModel } from '../models/registry.js';
import type { ModelSpec } from '../models/specs.js';
import type { RetrainSettings } from '../options/retrain.js';
import type { RunDetection } from '../reports/retrain-report.js';
import { retrainLosses } from '../training/loss-kinds.js';
import { schedules } from '../training/lr-schedules.js';
import { computeSampleSignals } from '../training/per-sample-loss.js';
import { trainModel } from '../training/train.js';
import { createRng } from '../util/rng.js';
import { optimiserConfig } from './retrain-optimiser.js';
import { auditTrainingRows } from './retrain-audit.js';
import { correctionFor, longestDetection, type GivenDetection } from './retrain-correction.js';

export interface PruneOutcome {
  /** The unflagged training samples: what the refit trains on. */
  readonly kept: DatasetSlice;
  readonly detection: RunDetection;
  /** Warm-up epochs trained (0 with a saved audit), and their wall time. */
  readonly warmupEpochs: number;
  readonly warmupSeconds: number;
  /** The warm-up model, for --keep best-clean's verdict on its split; the caller disposes it. */
  readonly warmupModel?: tfl.LayersModel;
  /** Why nothing was pruned, when nothing was. */
  readonly note?: string;
}

/**
 * The least share of the rows the in-run detection must flag for prune to drop them. Below it the
 * flags are the few clear confusions of (almost) clean data, and dropping them buys nothing but a
 * different batch order, which on the retrain suite's small test sets moves accuracy by a few
 * samples either way (clean DNA: 4 of 2,549 rows dropped, 0.6 points lost; clean Vowel: 3 of 792, 2.5
 * points lost). The audit's clean-data guard already holds back most of those flags; a table with
 * 1% of its labels wrong loses at most 1% of its training signal by keeping them.
 */
export const MIN_PRUNED_SHARE = 0.01;

export const worthPruning = (flagged: number, rows: number): boolean => flagged > 0 && flagged >= MIN_PRUNED_SHARE * rows;

/** Runs the detecting warm-up (unless the flags are given) and returns the samples to refit on. */
export async function pruneWarmup(o: {
  settings: RetrainSettings;
  spec: ModelSpec;
  train: DatasetSlice;
  /** What the rows are (a table's or images'): the audit run on them where the in-run detection is starved builds its model from it. */
  source: LabeledDataset['source'];
  given?: GivenDetection;
  signal?: AbortSignal;
  /** After each warm-up epoch, with the stage's longest length. */
  onEpoch?: (epoch: number, epochs: number, trainLoss: number, seconds: number) => void;
}): Promise<PruneOutcome> {
  const { settings: s, train } = o;
  const keptOf = (flagged: Uint8Array) =>
    subset(
      { ...train, classNames: Array.from({ length: train.numClasses }, (_, k) => String(k)) },
      Int32Array.from(flagged.keys()).filter((i) => flagged[i] === 0),
    );
  const stepsPerEpoch = Math.ceil(train.labels.length / s.batchSize);
  const correction = correctionFor({
    spec: retrainLosses.prune,
    settings: s,
    labels: train.labels,
    classes: train.numClasses,
    stepsPerEpoch,
    detectionStage: true,
    ...(o.given ? { given: o.given } : {}),
  })!;
  if (o.given) return { kept: keptOf(o.given.flagged), detection: correction.summary()!, warmupEpochs: 0, warmupSeconds: 0 };
  if (correction.starved) return auditedStage(o, keptOf);
  const rng = createRng(s.seed);
  const model = buildModel(o.spec, train.sampleShape, train.numClasses, rng);
  const longest = typeof s.warmup === 'number' ? Math.max(1, s.warmup) : longestDetection(s.epochs, stepsPerEpoch);
  const started = performance.now();
  let epochs = 0;
  let note: string | undefined;
  try {
    const outcome = await trainModel(
      model,
      train,
      {
        ...optimiserConfig(s, rng, o.signal),
        // A stage of its own, trained at the peak rate like the audit: the run's step schedule would cut
        // the rate at its first third, before a small table's warm-up has reached the rule's step minimum.
        epochs: longest,
        schedule: schedules.constant(),
      },
      {
        onEpochEnd: (info) => {
          epochs = info.epoch;
          o.onEpoch?.(info.epoch, longest, info.trainLoss, info.seconds);
          note ??= correction.after(info.epoch, computeSampleSignals(model, train, Math.max(512, s.batchSize))).note;
          return correction.warmingUp(info.epoch + 1) ? undefined : 'stop';
        },
      },
    );
    if (outcome.stopped) throw o.signal?.reason ?? new Error('training was stopped');
  } catch (e) {
    model.dispose();
    throw e;
  }
  const posterior = correction.posterior;
  const flagged = posterior?.kind === 'by-sample' ? posterior.flagged : new Uint8Array(train.labels.length);
  const count = flagged.reduce((a, b) => a + b, 0);
  const summary = correction.summary()!;
  const drop = worthPruning(count, flagged.length);
  if (count > 0 && !drop) note ??= tooFewNote('warm-up', count, flagged.length);
  return {
    kept: drop ? keptOf(flagged) : train,
    detection: drop ? summary : { ...summary, gated: true },
    warmupEpochs: epochs,
    warmupSeconds: (performance.now() - started) / 1000,
    warmupModel: model,
    ...(note ? { note } : {}),
  };
}

const tooFewNote = (by: string, count: number, rows: number) =>
  `the ${by} flagged ${count} of ${rows} rows, fewer than ${100 * MIN_PRUNED_SHARE}%, too few to be worth a different run: nothing is dropped and the rest of the run is plain cross-entropy on every row`;

/**
 * Where a detection inside the run would be starved (too few rows, retrain-correction.ts), the
 * audit runs on the training rows first and prune drops its flags (retrain-audit.ts says why).
 */
async function auditedStage(
  o: { settings: RetrainSettings; train: DatasetSlice; source: LabeledDataset['source']; signal?: AbortSignal },
  keptOf: (flagged: Uint8Array) => DatasetSlice,
): Promise<PruneOutcome> {
  const started = performance.now();
  const audited = await auditTrainingRows(o.train, o.source, o.settings, o.signal);
  const rows = audited.flagged.length;
  const count = audited.flagged.reduce((a, b) => a + b, 0);
  const drop = worthPruning(count, rows);
  return {
    kept: drop ? keptOf(audited.flagged) : o.train,
    detection: {
      source: 'audit',
      warmupEpochs: audited.epochs,
      warmupEnded: `too few rows for a detection inside the run, so the audit ran on the training rows first (${audited.epochs} epochs; ${audited.ended})`,
      flagged: count,
      gated: !drop,
    },
    warmupEpochs: audited.epochs,
    warmupSeconds: (performance.now() - started) / 1000,
    ...(count > 0 && !drop
      ? { note: tooFewNote('audit', count, rows) }
      : count === 0
        ? { note: 'the audit flagged no row: nothing is dropped and the rest of the run is plain cross-entropy on every row' }
        : {}),
  };
}

/**
 * The refit's epochs: as many gradient steps as the run would take on every sample. Why: measured
 * on the retrain suite with the audit's flags (precision and recall .95 on Soybean at 60% noise),
 * a refit of --epochs on the 220 kept rows took 2 steps an epoch, 60 in all (20 at the peak rate),
 * and ended at 55.5% against plain ce's 77.4%; with the steps kept (75 epochs) it reached 83.9%.
 * Pruning removes wrong rows, not training; the cost stays that of the full run.
 */
export function refitEpochs(epochs: number, rows: number, kept: number, batchSize: number): number {
  if (kept === 0 || kept === rows) return epochs;
  return Math.ceil((epochs * Math.ceil(rows / batchSize)) / Math.ceil(kept / batchSize));
}
