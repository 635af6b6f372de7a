import { MODEL_KIND, modelFiles } from '../models/model-folder.js';
import { renderPredictionsCsv } from '../reports/retrain-report.js';
import { checkOutputs, folderFiles, folderOutput, holdsJsonOfKind, writeOutputs } from '../util/atomic-output.js';
import type { RetrainResult } from './retrain.js';

const isEarlierModel = (dir: string): Promise<boolean> => holdsJsonOfKind(dir, modelFiles.manifest, MODEL_KIND);

/** Fails fast (before training) when outDir exists and is not an earlier model folder. */
export async function checkRetrainTarget(outDir: string): Promise<void> {
  await checkOutputs(folderOutput(outDir, isEarlierModel));
}

/** The model (tfjs format + preprocessing), retrain-report.json and predictions.csv, all or nothing. */
export async function writeRetrain(outDir: string, result: RetrainResult): Promise<void> {
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
  await writeOutputs(folderOutput(outDir, isEarlierModel), folderFiles(files));
}
