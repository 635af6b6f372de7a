/**
 * retrain: train again with a noise-corrected loss, evaluate on clean held-out data (or a split),
 * optionally next to plain cross-entropy, and hand back the model with its preprocessing.
 * TensorFlow.js loads only when training starts (retrain-run.ts, backend/select.ts).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { TEST_SPLIT } from '../data/image-layout.js';
import { quote } from '../util/quote.js';
import { split, subset, type DatasetSlice } from '../data/dataset.js';
import { loadHeldOut } from '../data/held-out.js';
import { modelSpecFor, type ModelSpec } from '../models/specs.js';
import type { InputSpec } from '../data/input-spec.js';
import { RETRAIN_REPORT_KIND, RETRAIN_REPORT_VERSION, type EvaluationSet, type Prediction, type RetrainReport } from '../reports/retrain-report.js';
import type { RetrainLoss } from '../training/loss-kinds.js';
import { toolVersion } from '../version.js';
import { loadDataset, type AnyDataset } from './load-dataset.js';
import { resolveRetrainOptions, retrainBatchSize, type RetrainOptions } from '../options/retrain.js';
import { readAuditDetection } from './audit-posterior.js';
import type { RetrainEvent } from './retrain-run.js';

export type { RetrainEvent } from './retrain-run.js';

export interface RetrainRequest extends RetrainOptions {
  /** Training data: a CSV file, or a folder with one subfolder of images per class. */
  readonly path: string;
  /** Clean held-out data of the same kind (columns, or class folders); without it a --val-split is held out. */
  readonly test?: string;
  readonly onEvent?: (e: RetrainEvent) => void;
  /** Aborting it stops training after the current batch and runRetrain rejects with the signal's reason: a half-trained model is not worth saving. */
  readonly signal?: AbortSignal;
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

/** A train/val/test root's test split, when another split is trained on. */
function defaultTestSplit(ds: AnyDataset): string | undefined {
  if (ds.source !== 'image-folder' || ds.origin.split === null || ds.origin.split === TEST_SPLIT || !ds.origin.splits.includes(TEST_SPLIT)) return undefined;
  return join(dirname(ds.path), TEST_SPLIT);
}

export async function runRetrain(request: RetrainRequest): Promise<RetrainResult> {
  const s = resolveRetrainOptions(request);
  const emit = request.onEvent ?? (() => {});
  const ds = await loadDataset(request.path, s);
  const input: InputSpec =
    ds.source === 'csv'
      ? { kind: 'table', encoding: ds.encoding }
      : { kind: 'image', imageSize: ds.imageSize, channels: ds.sampleShape[2]!, mean: ds.normalisation.mean, std: ds.normalisation.std };
  const warnings = [...ds.warnings];
  const test = request.test ?? defaultTestSplit(ds);
  if (request.test === undefined && test !== undefined) {
    warnings.push(`measuring on the ${quote(TEST_SPLIT)} split (${test}), as --test; pass --test to measure on other data`);
  }
  let train: DatasetSlice;
  let evalSet: DatasetSlice;
  let evaluation: EvaluationSet;
  if (test !== undefined) {
    const t = await loadHeldOut(test, input, ds.classNames, { label: s.label, id: s.id, textEncoding: s.encoding, delimiter: s.delimiter });
    if (t.labels === null) throw new UserError('column', `${test}: no label column '${s.label}'; a test set needs labels to measure accuracy`);
    // Named: the training data may carry the same warning (e.g. a truth.csv beside the class folders).
    warnings.push(...t.warnings.map((w) => `--test ${test}: ${w}`));
    train = subset(
      ds,
      Int32Array.from({ length: ds.labels.length }, (_, i) => i),
    );
    evalSet = { features: t.features, sampleShape: t.sampleShape, labels: t.labels, numClasses: ds.classNames.length, ids: t.ids };
    evaluation = { kind: 'test', path: test, rows: t.ids.length };
  } else {
    ({ train, holdout: evalSet } = split(ds, s.valSplit, s.seed));
    evaluation = { kind: 'validation', fraction: s.valSplit, rows: evalSet.ids.length, labelsMayBeNoisy: true };
    warnings.push(
      `no --test set: accuracy is measured on a ${Math.round(100 * s.valSplit)}% split of the training data, whose labels are as noisy as the rest; pass a clean --test set to compare losses fairly`,
    );
  }
  // --keep best-clean: a split of the training data the model never trains on, to choose the epoch by.
  let select: DatasetSlice | undefined;
  if (s.keep === 'best-clean') {
    ({ train, holdout: select } = split({ ...train, classNames: ds.classNames }, s.valSplit, s.seed + 1));
  }
  // The batch follows the rows trained on when --batch-size is not given (retrainBatchSize); the report echoes the one used.
  const settings = { ...s, batchSize: retrainBatchSize(train.labels.length, request.batchSize === undefined ? undefined : s.batchSize) };
  // Before the backend starts: a report of other data fails in a second, not after training.
  const given =
    s.fromAudit === null
      ? undefined
      : await readAuditDetection(s.fromAudit, { path: ds.path, ids: ds.ids, labels: Array.from(ds.labels, (l) => ds.classNames[l]!) }, [...train.ids, ...(select?.ids ?? [])]);
  // The saved audit's verdict splits into the training samples' and the select split's.
  const n = train.ids.length;
  const givenTrain = given && { path: given.path, pNoisy: given.pNoisy.subarray(0, n), flagged: given.flagged.subarray(0, n) };
  const selection = select && { slice: select, ...(given ? { unflagged: given.flagged.subarray(n).map((f) => 1 - f) } : {}) };
  const [{ initBackend }, { trainRun }] = await Promise.all([import('../backend/select.js'), import('./retrain-run.js')]);
  const spec = modelSpecFor(ds.source, s.hidden);
  const backend = await initBackend(s.backend, { model: spec.kind });

  const run = (loss: RetrainLoss) =>
    trainRun({
      loss,
      settings,
      spec,
      train,
      source: ds.source,
      evalSet,
      classNames: ds.classNames,
      emit,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(givenTrain ? { given: givenTrain } : {}),
      ...(selection ? { select: selection } : {}),
    });
  const main = await run(s.loss);
  const runs = [main.run];
  warnings.push(...main.warnings);
  if (s.compare && s.loss !== 'ce') {
    const baseline = await run('ce');
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
    settings,
    backend,
    dataset: { path: ds.path, rows: ds.labels.length, trainRows: train.labels.length, classes: ds.classNames },
    evaluation,
    runs,
    warnings,
  };
  return { report, model: main.model, modelSpec: spec, input, dataset: ds, predictions };
}
