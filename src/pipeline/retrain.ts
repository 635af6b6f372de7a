/**
 * retrain: train again with a noise-corrected loss, evaluate on clean held-out data (or a split),
 * optionally next to plain cross-entropy, and hand back the model with its preprocessing.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../backend/select.js';
import { UserError } from '../errors.js';
import { loadHeldOut } from '../data/held-out.js';
import { buildModel, type ModelSpec } from '../models/registry.js';
import type { InputSpec } from '../models/saved-model.js';
import { defaultSmallCnnSpec } from '../models/small-cnn.js';
import { imageAugment } from '../training/augment.js';
import { RETRAIN_REPORT_KIND, RETRAIN_REPORT_VERSION, type EvaluationSet, type Prediction, type RetrainEpoch, type RetrainReport, type RetrainRun } from '../reports/retrain-report.js';
import type { TrainingData } from '../training/batches.js';
import { computeSampleSignals, type SampleSignals } from '../training/per-sample-loss.js';
import { posteriorTracker } from '../training/posterior-source.js';
import { makeObjective, retrainLosses, type RetrainLoss } from '../training/robust-losses.js';
import { trainModel } from '../training/train.js';
import { createRng } from '../util/rng.js';
import { toolVersion } from '../version.js';
import { loadDataset, type AnyDataset } from './load-dataset.js';
import { resolveRetrainOptions, schedules, type RetrainOptions, type RetrainSettings } from '../options/retrain.js';

export type RetrainEvent =
  | { readonly kind: 'run'; readonly loss: RetrainLoss }
  | { readonly kind: 'epoch'; readonly loss: RetrainLoss; readonly epochs: number; readonly record: RetrainEpoch };

export interface RetrainRequest extends RetrainOptions {
  /** Training data: a CSV file, or a folder with one subfolder of images per class. */
  readonly path: string;
  /** Clean held-out data of the same kind (columns, or class folders); without it a --val-split is held out. */
  readonly test?: string;
  readonly onEvent?: (e: RetrainEvent) => void;
}

export interface RetrainResult {
  readonly report: RetrainReport;
  /** The model of the requested loss, trained to the last epoch. The caller disposes it. */
  readonly model: tfl.LayersModel;
  readonly modelSpec: ModelSpec;
  /** How raw input becomes the model's input, for the saved model. */
  readonly input: InputSpec;
  readonly dataset: AnyDataset;
  /** The requested model's predictions on the evaluation set. */
  readonly predictions: readonly Prediction[];
}

interface EvalData extends TrainingData {
  readonly ids: readonly string[];
}

function subset(ds: AnyDataset, indices: Int32Array): EvalData {
  const d = ds.sampleShape.reduce((a, b) => a * b, 1);
  const features = new Float32Array(indices.length * d);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, i) => {
    features.set(ds.features.subarray(src * d, (src + 1) * d), i * d);
    labels[i] = ds.labels[src]!;
  });
  return { features, sampleShape: ds.sampleShape, labels, numClasses: ds.classNames.length, ids: Array.from(indices, (i) => ds.ids[i]!) };
}

/** A seeded split: the evaluation rows are a random `fraction` of the data, the rest trains. */
function split(ds: AnyDataset, fraction: number, seed: number): { train: EvalData; holdout: EvalData } {
  const n = ds.labels.length;
  const order = createRng(seed ^ 0x5eed5eed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const k = Math.max(1, Math.round(fraction * n));
  return { holdout: subset(ds, order.slice(0, k).sort()), train: subset(ds, order.slice(k).sort()) };
}

function accuracyOf(predictions: Int32Array, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}

async function trainRun(
  loss: RetrainLoss,
  s: RetrainSettings,
  spec: ModelSpec,
  train: EvalData,
  evalSet: EvalData,
  classNames: readonly string[],
  emit: (e: RetrainEvent) => void,
): Promise<{ run: RetrainRun; model: tfl.LayersModel; final: SampleSignals; warnings: string[] }> {
  emit({ kind: 'run', loss });
  // Every run starts from the same seed: same initial weights, same batches, so runs differ only by the loss.
  const rng = createRng(s.seed);
  const model = buildModel(spec, train.sampleShape, train.numClasses, rng);
  const lossSpec = retrainLosses[loss];
  // Dynamic kinds: p(noisy) per sample, updated from the training losses after each epoch.
  const tracker = lossSpec.bootstrap.kind === 'dynamic' ? posteriorTracker(s.posterior, s.warmup) : undefined;
  const warnings: string[] = [];
  const epochs: RetrainEpoch[] = [];
  // The evaluation pass after the last epoch is the final model's: per-class accuracy and predictions reuse it.
  let final: SampleSignals | undefined;
  // A held posterior that found no wrong labels turns bootstrapping (and its regulariser) off for good.
  const gated = () => tracker?.current?.kind === 'by-sample' && tracker.current.gated;
  const bootstrapping = (epoch: number) => lossSpec.target !== null && epoch > s.warmup && !gated();
  try {
    await trainModel(
      model,
      train,
      {
        epochs: s.epochs,
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        rng,
        schedule: schedules[s.schedule](s.epochs),
        ...(spec.kind === 'cnn' && s.augment ? { augment: imageAugment() } : {}),
        objectiveFor: (epoch) =>
          makeObjective({
            spec: lossSpec,
            rng,
            mixupAlpha: s.mixupAlpha,
            reg: s.reg,
            // Static bootstrapping waits for the warm-up too; dynamic reads last epoch's mixture.
            bootstrapping: bootstrapping(epoch),
            ...(tracker?.current ? { posterior: tracker.current } : {}),
          }),
      },
      {
        onEpochEnd: (info) => {
          let estimatedNoise: number | null = null;
          if (tracker) {
            const losses = tracker.needsLosses(info.epoch) ? computeSampleSignals(model, train, Math.max(512, s.batchSize)).losses : new Float32Array(0);
            const p = tracker.update(info.epoch, losses);
            estimatedNoise = p.estimatedNoise;
            if (info.epoch === s.warmup && p.kind === 'by-sample' && p.gated) {
              warnings.push(
                `${loss}: the warm-up losses show no separate group of wrong labels (one population of losses), so bootstrapping is off: the rest of the run is plain ${lossSpec.mixup ? 'mixup' : 'cross-entropy'}`,
              );
            }
          }
          const evaluated = computeSampleSignals(model, evalSet, Math.max(512, s.batchSize));
          final = evaluated;
          const record: RetrainEpoch = {
            epoch: info.epoch,
            trainLoss: info.trainLoss,
            learningRate: info.learningRate,
            accuracy: accuracyOf(evaluated.predictions, evalSet.labels),
            bootstrapping: bootstrapping(info.epoch),
            estimatedNoise,
            seconds: info.seconds,
          };
          epochs.push(record);
          emit({ kind: 'epoch', loss, epochs: s.epochs, record });
        },
      },
    );
  } catch (e) {
    model.dispose();
    throw e;
  }
  if (!final) throw new Error('training ran no epoch');
  const lastPass = final;
  const perClass = classNames.map((name, c) => {
    let rows = 0;
    let right = 0;
    for (let i = 0; i < evalSet.labels.length; i++) {
      if (evalSet.labels[i] !== c) continue;
      rows++;
      if (lastPass.predictions[i] === c) right++;
    }
    return { name, rows, accuracy: rows > 0 ? right / rows : null };
  });
  const best = epochs.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const last = epochs[epochs.length - 1]!;
  return {
    run: { loss, epochs, best: { epoch: best.epoch, accuracy: best.accuracy }, last: { epoch: last.epoch, accuracy: last.accuracy }, perClass },
    model,
    final: lastPass,
    warnings,
  };
}

export async function runRetrain(request: RetrainRequest): Promise<RetrainResult> {
  const s = resolveRetrainOptions(request);
  const emit = request.onEvent ?? (() => {});
  const ds = await loadDataset(request.path, s);
  const input: InputSpec =
    ds.source === 'csv'
      ? { kind: 'table', encoding: ds.encoding }
      : { kind: 'image', imageSize: ds.imageSize, channels: ds.sampleShape[2]!, mean: ds.normalization.mean, std: ds.normalization.std };
  const warnings = [...ds.warnings];
  let train: EvalData;
  let evalSet: EvalData;
  let evaluation: EvaluationSet;
  if (request.test !== undefined) {
    const t = await loadHeldOut(request.test, input, ds.classNames, { label: s.label, id: s.id });
    if (t.labels === null) throw new UserError('column', `${request.test}: no label column '${s.label}'; a test set needs labels to measure accuracy`);
    // Named: the training data may carry the same warning (e.g. a truth.csv beside the class folders).
    warnings.push(...t.warnings.map((w) => `--test ${request.test}: ${w}`));
    train = subset(ds, Int32Array.from({ length: ds.labels.length }, (_, i) => i));
    evalSet = { features: t.features, sampleShape: t.sampleShape, labels: t.labels, numClasses: ds.classNames.length, ids: t.ids };
    evaluation = { kind: 'test', path: request.test, rows: t.ids.length };
  } else {
    ({ train, holdout: evalSet } = split(ds, s.valSplit, s.seed));
    evaluation = { kind: 'validation', fraction: s.valSplit, rows: evalSet.ids.length, labelsMayBeNoisy: true };
    warnings.push(`no --test set: accuracy is measured on a ${Math.round(100 * s.valSplit)}% split of the training data, whose labels are as noisy as the rest; pass a clean --test set to compare losses fairly`);
  }
  const backend = await initBackend(s.backend);
  const spec: ModelSpec = ds.source === 'image-folder' ? defaultSmallCnnSpec : { kind: 'mlp', hidden: s.hidden };

  const main = await trainRun(s.loss, s, spec, train, evalSet, ds.classNames, emit);
  const runs = [main.run];
  warnings.push(...main.warnings);
  if (s.compare && s.loss !== 'ce') {
    const baseline = await trainRun('ce', s, spec, train, evalSet, ds.classNames, emit);
    baseline.model.dispose();
    runs.push(baseline.run);
  }
  const signals = main.final;
  const predictions: Prediction[] = evalSet.ids.map((id, i) => ({
    id,
    predicted: ds.classNames[signals.predictions[i]!]!,
    confidence: signals.confidence[i]!,
    truth: ds.classNames[evalSet.labels[i]!]!,
  }));
  const report: RetrainReport = {
    kind: RETRAIN_REPORT_KIND,
    version: RETRAIN_REPORT_VERSION,
    tool: { name: 'labelsleuth', version: toolVersion },
    createdAt: new Date().toISOString(),
    settings: s,
    backend,
    dataset: { path: ds.path, rows: ds.labels.length, trainRows: train.labels.length, classes: ds.classNames },
    evaluation,
    runs,
    warnings,
  };
  return { report, model: main.model, modelSpec: spec, input, dataset: ds, predictions };
}
