import { Command, Option } from 'commander';
import { backendChoices, type BackendChoice } from '../../backend/choices.js';
import type { TextEncoding } from '../../data/text-source.js';
import type { DelimiterChoice } from '../../data/delimiter.js';
import { sharedFlag } from '../shared-flags.js';
import { checkPredictTarget, predictFiles, writePredict } from '../../pipeline/write-predict.js';
import { printNotes } from '../notes.js';

interface PredictFlags {
  model: string;
  id?: string;
  label?: string;
  out: string;
  backend?: BackendChoice;
  encoding?: TextEncoding;
  delimiter?: DelimiterChoice;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('apply a model written by retrain to new data, with the same preprocessing')
    .argument('<data>', 'a CSV file with the training columns (the label column is optional), or an image folder with class subfolders')
    .requiredOption('--model <dir>', 'a folder written by labelsleuth retrain')
    .option('--id <column>', 'column holding a unique id per row (default: as in training, else the data row number)')
    .option('--label <column>', 'column holding true labels, to report accuracy (default: as in training, when present)')
    .option('--out <dir>', 'folder for predictions.csv', 'labelsleuth-predictions')
    .addOption(new Option('--backend <name>', 'tfjs backend (default: auto)').choices(backendChoices))
    .addOption(sharedFlag('encoding'))
    .addOption(sharedFlag('delimiter'))
    .action(async (data: string, f: PredictFlags) => {
      printNotes(await checkPredictTarget(f.out, [data, f.model]));
      // TensorFlow.js loads only when a command runs a model: help and errors stay instant.
      const { runPredict } = await import('../../pipeline/predict.js');
      const request = { model: f.model, path: data, id: f.id, label: f.label, backend: f.backend, encoding: f.encoding, delimiter: f.delimiter };
      const result = await runPredict(request);
      printNotes(await writePredict(f.out, request, result));
      const acc = result.accuracy === null ? '' : `; accuracy ${(100 * result.accuracy).toFixed(2)}% against the labels in the file`;
      process.stdout.write(`Predicted ${result.predictions.length} rows${acc}.\n`);
      for (const w of result.warnings) process.stdout.write(`warning: ${w}\n`);
      process.stdout.write(`Wrote ${f.out}/ (${predictFiles.join(', ')})\n`);
    });
}
