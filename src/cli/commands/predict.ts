import { Command, Option } from 'commander';
import { backendChoices, type BackendChoice } from '../../backend/choices.js';
import { renderPredictionsCsv } from '../../reports/retrain-report.js';
import { checkOutputs, folderFiles, folderOutput, holdsJsonOfKind, writeOutputs } from '../../util/atomic-output.js';

interface PredictFlags {
  model: string;
  id?: string;
  label?: string;
  out: string;
  backend?: BackendChoice;
}

const PREDICTIONS_KIND = 'labelsleuth-predictions';
const isEarlierPredictions = (dir: string): Promise<boolean> => holdsJsonOfKind(dir, 'predict.json', PREDICTIONS_KIND);

export function predictCommand(): Command {
  return new Command('predict')
    .description('apply a model written by retrain to new data, with the same preprocessing')
    .argument('<data>', 'a CSV file with the training columns (the label column is optional), or an image folder with class subfolders')
    .requiredOption('--model <dir>', 'a folder written by labelsleuth retrain')
    .option('--id <column>', 'column holding a unique id per row (default: as in training, else the data row number)')
    .option('--label <column>', 'column holding true labels, to report accuracy (default: as in training, when present)')
    .option('--out <dir>', 'folder for predictions.csv', 'labelsleuth-predictions')
    .addOption(new Option('--backend <name>', 'tfjs backend (default: auto)').choices(backendChoices))
    .action(async (data: string, f: PredictFlags) => {
      await checkOutputs(folderOutput(f.out, isEarlierPredictions));
      const { runPredict } = await import('../../pipeline/predict.js');
      const result = await runPredict({ model: f.model, path: data, id: f.id, label: f.label, backend: f.backend });
      const summary = { kind: PREDICTIONS_KIND, version: 1, model: f.model, data, rows: result.predictions.length, accuracy: result.accuracy, warnings: result.warnings };
      await writeOutputs(
        folderOutput(f.out, isEarlierPredictions),
        folderFiles(
          new Map([
            ['predictions.csv', renderPredictionsCsv(result.predictions)],
            ['predict.json', JSON.stringify(summary, null, 2) + '\n'],
          ]),
        ),
      );
      const acc = result.accuracy === null ? '' : `; accuracy ${(100 * result.accuracy).toFixed(2)}% against the labels in the file`;
      process.stdout.write(`Predicted ${result.predictions.length} rows${acc}.\n`);
      for (const w of result.warnings) process.stdout.write(`warning: ${w}\n`);
      process.stdout.write(`Wrote ${f.out}/ (predictions.csv, predict.json)\n`);
    });
}
