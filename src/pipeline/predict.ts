/** predict: a saved model applied to new data with the preprocessing it was trained with. */
import { initBackend, type BackendChoice } from '../backend/select.js';
import { readEncodedTable } from '../data/encoded-table.js';
import { UserError } from '../errors.js';
import { loadSavedModel } from '../models/saved-model.js';
import type { Prediction } from '../reports/retrain-report.js';
import { computeSampleSignals } from '../training/per-sample-loss.js';

export interface PredictRequest {
  /** A folder written by `labelsleuth retrain`. */
  readonly model: string;
  /** New data with the training columns (a label column is optional). */
  readonly path: string;
  /** @default the id column the model was trained with, else the 1-based data row number */
  readonly id?: string;
  /** @default the label column the model was trained with */
  readonly label?: string;
  /** @default 'auto' */
  readonly backend?: BackendChoice;
}

export interface PredictResult {
  readonly predictions: readonly Prediction[];
  /** Accuracy when the data has labels. */
  readonly accuracy: number | null;
  readonly warnings: readonly string[];
}

export async function runPredict(request: PredictRequest): Promise<PredictResult> {
  await initBackend(request.backend ?? 'auto');
  const { model, manifest } = await loadSavedModel(request.model);
  try {
    if (manifest.input.kind !== 'table') {
      throw new UserError('option', `${request.model}: this model was trained on images; predict reads CSV files only in this version`);
    }
    const table = await readEncodedTable(request.path, manifest.input.encoding, {
      ...(request.label !== undefined ? { label: request.label } : {}),
      ...(request.id !== undefined ? { id: request.id } : {}),
    });
    const width = manifest.sampleShape.reduce((a, b) => a * b, 1);
    if (table.sampleShape[0] !== width) {
      throw new UserError('format', `${request.path}: encodes to ${table.sampleShape[0]} features but the model takes ${width}; the model folder is inconsistent`);
    }
    const labels = table.labels ?? new Int32Array(table.ids.length);
    const signals = computeSampleSignals(model, { features: table.features, sampleShape: table.sampleShape, labels, numClasses: manifest.classNames.length }, 512);
    let right = 0;
    const predictions = table.ids.map((id, i) => {
      const predicted = manifest.classNames[signals.predictions[i]!]!;
      const truth = table.labels ? manifest.classNames[table.labels[i]!]! : undefined;
      if (truth === predicted) right++;
      return { id, predicted, confidence: signals.confidence[i]!, ...(truth !== undefined ? { truth } : {}) };
    });
    return { predictions, accuracy: table.labels ? right / table.ids.length : null, warnings: table.warnings };
  } finally {
    model.dispose();
  }
}
