/**
 * predict: a saved model applied to new data with the preprocessing it was trained with.
 * TensorFlow.js loads when runPredict is called, not when this module is imported.
 */
import type { BackendChoice } from '../backend/choices.js';
import { loadHeldOut } from '../data/held-out.js';
import { textEncodingDescriptions, type TextEncoding } from '../data/text-source.js';
import { oneOf } from '../options/validate.js';
import { delimiterDescriptions, type DelimiterChoice } from '../data/delimiter.js';
import { UserError } from '../errors.js';
import type { Prediction } from '../reports/retrain-report.js';
import { accuracy } from '../scoring/accuracy.js';

export interface PredictRequest {
  /** A folder written by `labelsleuth retrain`. */
  readonly model: string;
  /** New data: a CSV with the training columns (a label column is optional), or an image folder with class subfolders. */
  readonly path: string;
  /** @default the id column the model was trained with, else the 1-based data row number */
  readonly id?: string;
  /** @default the label column the model was trained with */
  readonly label?: string;
  /** @default 'auto' */
  readonly backend?: BackendChoice;
  /** CSV text encoding. @default 'auto' */
  readonly encoding?: TextEncoding;
  /** CSV field separator. @default 'auto': detected from the header line */
  readonly delimiter?: DelimiterChoice;
}

export interface PredictResult {
  readonly predictions: readonly Prediction[];
  /** Accuracy when the data has labels. */
  readonly accuracy: number | null;
  readonly warnings: readonly string[];
}

export async function runPredict(request: PredictRequest): Promise<PredictResult> {
  const [{ initBackend }, { loadSavedModel }, { computeSampleSignals }] = await Promise.all([
    import('../backend/select.js'),
    import('../models/saved-model.js'),
    import('../training/per-sample-loss.js'),
  ]);
  await initBackend(request.backend ?? 'auto');
  const { model, manifest } = await loadSavedModel(request.model);
  try {
    const table = await loadHeldOut(request.path, manifest.input, manifest.classNames, {
      ...(request.label !== undefined ? { label: request.label } : {}),
      ...(request.id !== undefined ? { id: request.id } : {}),
      ...(request.encoding !== undefined ? { textEncoding: oneOf('--encoding', request.encoding, textEncodingDescriptions) } : {}),
      ...(request.delimiter !== undefined ? { delimiter: oneOf('--delimiter', request.delimiter, delimiterDescriptions) } : {}),
    });
    if (table.sampleShape.join('x') !== manifest.sampleShape.join('x')) {
      throw new UserError(
        'format',
        `${request.path}: encodes to samples of shape ${table.sampleShape.join('x')} but the model takes ${manifest.sampleShape.join('x')}; the model folder is inconsistent`,
      );
    }
    const labels = table.labels ?? new Int32Array(table.ids.length);
    const signals = computeSampleSignals(model, { features: table.features, sampleShape: table.sampleShape, labels, numClasses: manifest.classNames.length }, 512);
    const predictions = table.ids.map((id, i) => {
      const truth = table.labels ? manifest.classNames[table.labels[i]!]! : undefined;
      return { id, predicted: manifest.classNames[signals.predictions[i]!]!, confidence: signals.confidence[i]!, ...(truth !== undefined ? { truth } : {}) };
    });
    return { predictions, accuracy: table.labels ? accuracy(signals.predictions, table.labels) : null, warnings: table.warnings };
  } finally {
    model.dispose();
  }
}
