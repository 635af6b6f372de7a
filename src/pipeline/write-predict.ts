import { renderPredictionsCsv } from '../reports/retrain-report.js';
import { checkOutputs, folderFiles, folderOutput, holdsJsonOfKind, writeOutputs } from '../util/atomic-output.js';
import type { PredictRequest, PredictResult } from './predict.js';

export const PREDICTIONS_KIND = 'labelsleuth-predictions';

/** The files predict writes. */
export const predictFiles = ['predictions.csv', 'predict.json'] as const;

const isEarlierPredictions = (dir: string): Promise<boolean> => holdsJsonOfKind(dir, 'predict.json', PREDICTIONS_KIND);

/** Fails fast (before the model loads) when outDir exists and is not an earlier predictions folder. */
export async function checkPredictTarget(outDir: string): Promise<void> {
  await checkOutputs(folderOutput(outDir, isEarlierPredictions));
}

/**
 * predictions.csv and predict.json (a summary naming the model and data, so a later run can
 * recognise the folder as ours and replace it), all or nothing.
 */
export async function writePredict(outDir: string, request: Pick<PredictRequest, 'model' | 'path'>, result: PredictResult): Promise<void> {
  const summary = {
    kind: PREDICTIONS_KIND,
    version: 1,
    model: request.model,
    data: request.path,
    rows: result.predictions.length,
    accuracy: result.accuracy,
    warnings: result.warnings,
  };
  const files = new Map<(typeof predictFiles)[number], string>([
    ['predictions.csv', renderPredictionsCsv(result.predictions)],
    ['predict.json', JSON.stringify(summary, null, 2) + '\n'],
  ]);
  await writeOutputs(folderOutput(outDir, isEarlierPredictions), folderFiles(files));
}
