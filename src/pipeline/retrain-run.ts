/**
 * One retrain run, the part of retrain that touches TensorFlow.js (retrain.ts loads it on demand):
 * a fresh model trained with the given loss, evaluated on the held-out set after every epoch.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetSlice, LabeledDataset } from '../data/dataset.js';
import { buildModel } from '../models/registry.js';
import type { ModelSpec } from '../models/specs.js';
import type { RetrainEpoch, RetrainRun } from '../reports/retrain-report.js';
import { accuracy, perClassAccuracy } from '../scoring/accuracy.js';
import { imageAugment } from '../training/augment.js';
import { computeSampleSignals, type SampleSignals } from '../training/per-sample-loss.js';
import { makeObjective, retrainLosses, type RetrainLoss } from '../training/robust-losses.js';
import { trainModel } from '../training/train.js';
import { createRng } from '../util/rng.js';
import type { RetrainSettings } from '../options/retrain.js';
import { bestKeeper } from './keep-best.js';
import { pruneWarmup, refitEpochs } from './prune-refit.js';
import { optimiserConfig } from './retrain-optimiser.js';
import { correctionFor, epochSpec, type GivenDetection } from './retrain-correction.js';

export type RetrainEvent =
  | { readonly kind: 'run'; readonly loss: RetrainLoss }
  /** prune's detecting warm-up, before the refit: at most `epochs` (its own longest length) of plain cross-entropy on every sample. */
  | { readonly kind: 'warmup-epoch'; readonly loss: RetrainLoss; readonly epoch: number; readonly epochs: number; readonly trainLoss: number; readonly seconds: number }
  | { readonly kind: 'epoch'; readonly loss: RetrainLoss; readonly epochs: number; readonly record: RetrainEpoch };

export interface RunRequest {
  readonly loss: RetrainLoss;
  readonly settings: RetrainSettings;
  readonly spec: ModelSpec;
  readonly train: DatasetSlice;
  /** A table's rows or images (prune's audit stage builds its model from it). */
  readonly source: LabeledDataset['source'];
  /** Scored after every epoch; its labels are the yardstick (clean with --test, noisy with a split). */
  readonly evalSet: DatasetSlice;
  readonly classNames: readonly string[];
  readonly emit: (e: RetrainEvent) => void;
  readonly signal?: AbortSignal;
  /** --from-audit: the saved audit's verdict on the training samples, in training order. */
  readonly given?: GivenDetection;
  /** --keep best-clean: the held-out split to choose the epoch by, and the saved audit's verdict on it (1 = clean). */
  readonly select?: { readonly slice: DatasetSlice; readonly unflagged?: Uint8Array };
}

export interface RunResult {
  readonly run: RetrainRun;
  /** Trained to the last epoch; the caller disposes it. */
  readonly model: tfl.LayersModel;
  /** The last epoch's pass over the evaluation set. */
  readonly final: SampleSignals;
  readonly warnings: readonly string[];
}

export async function trainRun(r: RunRequest): Promise<RunResult> {
  const { loss, settings: s, spec, evalSet, emit } = r;
  emit({ kind: 'run', loss });
  const passBatch = Math.max(512, s.batchSize);
  const keeper = r.select && bestKeeper(r.select.slice, passBatch, r.select.unflagged);
  // prune: a detecting warm-up, then a fresh model on the unflagged samples (prune-refit.ts), trained as ce.
  const pruned =
    loss === 'prune'
      ? await pruneWarmup({
          settings: s,
          spec,
          train: r.train,
          source: r.source,
          onEpoch: (epoch, epochs, trainLoss, seconds) => emit({ kind: 'warmup-epoch', loss, epoch, epochs, trainLoss, seconds }),
          ...(r.given ? { given: r.given } : {}),
          ...(r.signal ? { signal: r.signal } : {}),
        })
      : undefined;
  if (pruned?.warmupModel) {
    keeper?.judge(pruned.warmupModel);
    pruned.warmupModel.dispose();
  }
  const train = pruned?.kept ?? r.train;
  // prune's refit keeps the full run's gradient steps (refitEpochs), so it trains more epochs on fewer rows.
  const epochsRun = pruned ? refitEpochs(s.epochs, r.train.labels.length, train.labels.length, s.batchSize) : s.epochs;
  const runSettings = epochsRun === s.epochs ? s : { ...s, epochs: epochsRun };
  // Every run starts from the same seed: same initial weights, same batches, so runs differ only by the loss.
  const rng = createRng(s.seed);
  const model = buildModel(spec, train.sampleShape, train.numClasses, rng);
  const lossSpec = pruned ? retrainLosses.ce : retrainLosses[loss];
  // When the correction starts and what it reads (retrain-correction.ts); undefined for ce and mixup.
  const correction = correctionFor({
    spec: lossSpec,
    settings: s,
    labels: train.labels,
    classes: train.numClasses,
    stepsPerEpoch: Math.ceil(train.labels.length / s.batchSize),
    ...(r.given ? { given: r.given } : {}),
  });
  const warnings: string[] = pruned?.note ? [`${loss}: ${pruned.note.replace('the rest of the run is', 'the refit is')}`] : [];
  if (epochsRun !== s.epochs) {
    warnings.push(
      `${loss}: the refit trained ${epochsRun} epochs on the ${train.labels.length} kept rows, the gradient steps of ${s.epochs} epochs on all ${r.train.labels.length}`,
    );
  }
  const epochs: RetrainEpoch[] = [];
  // The evaluation pass after the last epoch is the final model's: per-class accuracy and predictions reuse it.
  let final: SampleSignals | undefined;
  if (correction?.starved) warnings.push(`${loss}: ${correction.summary()?.warmupEnded}`);
  const bootstrapping = (epoch: number) => correction?.corrects(epoch) ?? false;
  try {
    const outcome = await trainModel(
      model,
      train,
      {
        ...optimiserConfig(runSettings, rng, r.signal),
        ...(spec.kind === 'cnn' && s.augment ? { augment: imageAugment() } : {}),
        objectiveFor: (epoch) =>
          makeObjective({
            spec: epochSpec(lossSpec, correction?.warmingUp(epoch) ?? false),
            rng,
            mixupAlpha: s.mixupAlpha,
            reg: s.reg,
            bootstrapping: bootstrapping(epoch),
            ...(correction?.posterior ? { posterior: correction.posterior } : {}),
          }),
      },
      {
        onEpochEnd: (info) => {
          let estimatedNoise: number | null = null;
          if (correction) {
            const pass = correction.needsPass(info.epoch) ? computeSampleSignals(model, train, passBatch) : undefined;
            const after = correction.after(info.epoch, pass);
            estimatedNoise = after.estimatedNoise;
            if (after.note) warnings.push(`${loss}: ${after.note}`);
          }
          // Scored once the warm-up is over: before it, the detector has no verdict yet.
          keeper?.after(info.epoch, model, !(correction?.warmingUp(info.epoch + 1) ?? false));
          const evaluated = computeSampleSignals(model, evalSet, passBatch);
          final = evaluated;
          const record: RetrainEpoch = {
            epoch: info.epoch,
            trainLoss: info.trainLoss,
            learningRate: info.learningRate,
            accuracy: accuracy(evaluated.predictions, evalSet.labels),
            bootstrapping: pruned ? !pruned.detection.gated : bootstrapping(info.epoch),
            estimatedNoise,
            seconds: info.seconds,
          };
          epochs.push(record);
          emit({ kind: 'epoch', loss, epochs: epochsRun, record });
        },
      },
    );
    if (outcome.stopped) throw r.signal?.reason ?? new Error('training was stopped');
  } catch (e) {
    keeper?.dispose();
    model.dispose();
    throw e;
  }
  if (!final) throw new Error('training ran no epoch');
  const chosen = keeper?.restore(model, epochs.length);
  keeper?.dispose();
  // The kept model's pass over the evaluation set: what predictions and per-class accuracy describe.
  const lastPass = chosen && chosen.epoch !== epochs.length ? computeSampleSignals(model, evalSet, passBatch) : final;
  const kept = chosen && { ...chosen, accuracy: epochs[chosen.epoch - 1]!.accuracy };
  const perClass = perClassAccuracy(lastPass.predictions, evalSet.labels, r.classNames);
  const best = epochs.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const last = epochs[epochs.length - 1]!;
  const detection = pruned?.detection ?? correction?.summary();
  return {
    run: {
      loss,
      ...(detection ? { detection } : {}),
      ...(kept ? { kept } : {}),
      epochs,
      best: { epoch: best.epoch, accuracy: best.accuracy },
      last: { epoch: last.epoch, accuracy: last.accuracy },
      perClass,
    },
    model,
    final: lastPass,
    warnings,
  };
}
