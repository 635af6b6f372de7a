import { renderPredictionsCsv } from '../reports/retrain-report.js';
import { folderFiles, folderOutput, holdsJsonOfKind, prepareOutputs, writeOutputs, type FolderOwner } from '../util/atomic-output.js';
import type { PredictRequest, PredictResult } from './predict.js';

export const PREDICTIONS_KIND = 'labelsleuth-predictions';

/** The files predict writes. */
export const predictFiles = ['predictions.csv', 'predict.json'] as const;

/** A predictions folder: replaced only when it holds nothing but these files (or a manifest says so). */
const predictionsOwner: FolderOwner = {
  kind: PREDICTIONS_KIND,
  files: predictFiles,
  isEarlier: (dir) => holdsJsonOfKind(dir, 'predict.json', PREDICTIONS_KIND),
};

/**
 * Fails fast (before the model loads) when outDir cannot be written, overlaps an input (the data,
 * the model folder), or exists and is not an earlier predictions folder holding only its own
 * files. Returns a note per leftover of a dead run it cleaned up.
 */
export async function checkPredictTarget(outDir: string, inputs: readonly string[] = []): Promise<string[]> {
  return prepareOutputs(folderOutput(outDir, predictionsOwner, inputs));
}

/**
 * predictions.csv and predict.json (a summary naming the model and data, so a later run can
 * recognise the folder as ours and replace it), all or nothing; outDir may not hold or lie in the
 * data or the model. Returns a note per leftover of a dead run it cleaned up.
 */
export async function writePredict(outDir: string, request: Pick<PredictRequest, 'model' | 'path'>, result: PredictResult): Promise<string[]> {
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
  const notes: string[] = [];
  await writeOutputs({ ...folderOutput(outDir, predictionsOwner, [request.path, request.model]), onNote: (n) => notes.push(n) }, folderFiles(files));
  return notes;
}
