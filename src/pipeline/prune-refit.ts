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
import { subset, type DatasetSlice } from '../data/dataset.js';
import { buildModel } from '../models/registry.js';
import type { ModelSpec } from '../models/specs.js';
import type { RetrainSettings } from '../options/retrain.js';
import type { RunDetection } from '../reports/retrain-report.js';
import { retrainLosses } from '../training/loss-kinds.js';
import { computeSampleSignals } from '../training/per-sample-loss.js';
import { trainModel } from '../training/train.js';
import { createRng } from '../util/rng.js';
import { optimiserConfig } from './retrain-optimiser.js';
import { correctionFor, type GivenDetection } from './retrain-correction.js';

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

/** Runs the detecting warm-up (unless the flags are given) and returns the samples to refit on. */
export async function pruneWarmup(o: {
  settings: RetrainSettings;
  spec: ModelSpec;
  train: DatasetSlice;
  given?: GivenDetection;
  signal?: AbortSignal;
  onEpoch?: (epoch: number, trainLoss: number, seconds: number) => void;
}): Promise<PruneOutcome> {
  const { settings: s, train } = o;
  const keptOf = (flagged: Uint8Array) =>
    subset(
      { ...train, classNames: Array.from({ length: train.numClasses }, (_, k) => String(k)) },
      Int32Array.from(flagged.keys()).filter((i) => flagged[i] === 0),
    );
  const correction = correctionFor({
    spec: retrainLosses.prune,
    settings: s,
    labels: train.labels,
    classes: train.numClasses,
    stepsPerEpoch: Math.ceil(train.labels.length / s.batchSize),
    ...(o.given ? { given: o.given } : {}),
  })!;
  if (o.given) return { kept: keptOf(o.given.flagged), detection: correction.summary()!, warmupEpochs: 0, warmupSeconds: 0 };
  if (correction.starved) {
    const detection = correction.summary()!;
    return { kept: train, detection, warmupEpochs: 0, warmupSeconds: 0, note: detection.warmupEnded! };
  }
  const rng = createRng(s.seed);
  const model = buildModel(o.spec, train.sampleShape, train.numClasses, rng);
  const started = performance.now();
  let epochs = 0;
  let note: string | undefined;
  try {
    const outcome = await trainModel(
      model,
      train,
      {
        ...optimiserConfig(s, rng, o.signal),
      },
      {
        onEpochEnd: (info) => {
          epochs = info.epoch;
          o.onEpoch?.(info.epoch, info.trainLoss, info.seconds);
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
  return {
    kept: keptOf(flagged),
    detection: correction.summary()!,
    warmupEpochs: epochs,
    warmupSeconds: (performance.now() - started) / 1000,
    warmupModel: model,
    ...(note ? { note } : {}),
  };
}
