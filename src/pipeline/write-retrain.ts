import { MODEL_KIND, modelFiles } from '../models/model-folder.js';
import { renderPredictionsCsv } from '../reports/retrain-report.js';
import { folderFiles, folderOutput, holdsJsonOfKind, prepareOutputs, writeOutputs, type FolderOwner } from '../util/atomic-output.js';
import type { RetrainResult } from './retrain.js';

/** A model folder: replaced only when it holds nothing but what retrain writes (or a manifest says so). */
const modelOwner: FolderOwner = {
  kind: MODEL_KIND,
  files: [modelFiles.topology, modelFiles.weights, modelFiles.manifest, 'retrain-report.json', 'predictions.csv'],
  isEarlier: (dir) => holdsJsonOfKind(dir, modelFiles.manifest, MODEL_KIND),
};

/**
 * Fails fast (before training) when outDir cannot be written, overlaps an input (the data, the
 * test set), or exists and is not an earlier model folder holding only its own files. Returns a
 * note per leftover of a dead run it cleaned up.
 */
export async function checkRetrainTarget(outDir: string, inputs: readonly string[] = []): Promise<string[]> {
  return prepareOutputs(folderOutput(outDir, modelOwner, inputs));
}

/** What the run read, from its report: no --out may hold or lie in the data or the test set. */
const retrainInputs = (result: RetrainResult): string[] => {
  const { dataset, evaluation } = result.report;
  return [dataset.path, ...(evaluation.kind === 'test' ? [evaluation.path] : [])];
};

/**
 * The model (tfjs format + preprocessing), retrain-report.json and predictions.csv, all or nothing.
 * Returns a note per leftover of a dead run it cleaned up.
 */
export async function writeRetrain(outDir: string, result: RetrainResult): Promise<string[]> {
  const { serializeModel } = await import('../models/saved-model.js');
  const files = await serializeModel(result.model, {
    classNames: result.dataset.classNames,
    sampleShape: result.dataset.sampleShape,
    input: result.input,
    model: result.modelSpec,
    training: { ...result.report.settings },
  });
  files.set('retrain-report.json', JSON.stringify(result.report, null, 2) + '\n');
  files.set('predictions.csv', renderPredictionsCsv(result.predictions));
  const notes: string[] = [];
  await writeOutputs({ ...folderOutput(outDir, modelOwner, retrainInputs(result)), onNote: (n) => notes.push(n) }, folderFiles(files));
  return notes;
}
