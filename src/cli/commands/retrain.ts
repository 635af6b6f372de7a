import { Command, Option } from 'commander';
import { CHANNEL_CHOICES, type ChannelChoice } from '../../data/image-folder.js';
import { backendChoices, type BackendChoice } from '../../backend/choices.js';
import { POSTERIOR_SOURCES, retrainDefaults, SCHEDULES, type PosteriorSource, type Schedule } from '../../pipeline/retrain-options.js';
import { renderRetrainTerminal } from '../../reports/retrain-report.js';
import { printNotes } from '../notes.js';
import { RETRAIN_LOSSES, type RetrainLoss } from '../../training/loss-kinds.js';
import { integer, integerList, list, number } from '../parse.js';

interface RetrainFlags {
  label?: string;
  id?: string;
  features?: string[];
  test?: string;
  valSplit?: number;
  loss?: RetrainLoss;
  out: string;
  compare?: boolean;
  epochs?: number;
  warmup?: number;
  reg?: number;
  mixupAlpha?: number;
  schedule?: Schedule;
  posterior?: PosteriorSource;
  batchSize?: number;
  lr?: number;
  hidden?: number[];
  seed?: number;
  backend?: BackendChoice;
  maxCategories?: number;
  imageSize?: number;
  channels?: ChannelChoice;
  augment?: boolean;
  quiet?: boolean;
}

export function retrainCommand(): Command {
  const d = retrainDefaults;
  return new Command('retrain')
    .description('train again with a noise-corrected loss (dynamic bootstrapping, mixup) and measure it on held-out data')
    .argument('<data>', 'a CSV file with a label column, or a folder with one subfolder of images per class')
    .option('--label <column>', 'column holding the given labels (default: "label")')
    .option('--id <column>', 'column holding a unique id per row (default: the 1-based data row number)')
    .option('--features <columns>', 'comma-separated feature columns (default: every column but the label and id)', list)
    .option('--test <path>', 'clean held-out data of the same kind (same columns, or same class folders), to measure accuracy on')
    .option('--val-split <fraction>', `without --test, hold out this share of the data (default: ${d.valSplit}; its labels are noisy)`, number)
    .addOption(new Option('--loss <kind>', `training loss (default: ${d.loss})`).choices(RETRAIN_LOSSES))
    .option('--compare', 'also train plain ce with the same seed and data, and report both')
    .option('--out <dir>', 'folder for the model, retrain-report.json and predictions.csv', 'labelsleuth-model')
    .option('--epochs <n>', `training passes (default: ${d.epochs})`, integer)
    .option('--warmup <n>', `epochs of plain (mixup) cross-entropy before bootstrapping (default: ${d.warmup}, at most epochs - 1)`, integer)
    .option('--reg <weight>', `class-balance regulariser while bootstrapping (default: ${d.reg}; 0 turns it off)`, number)
    .option('--mixup-alpha <a>', `mixup lambda ~ Beta(a, a) (default: ${d.mixupAlpha})`, number)
    .addOption(
      new Option('--posterior <source>', `dynamic kinds: where p(noisy) comes from: warmup = each sample's loss history over the warm-up, fitted once and held; loss-history = over all epochs so far, refitted every epoch; batch-loss = its loss in the batch, through last epoch's fit (the paper) (default: ${d.posterior})`).choices(POSTERIOR_SOURCES),
    )
    .addOption(new Option('--schedule <name>', `learning-rate schedule (default: ${d.schedule}: x0.1 at 1/3 and again at 5/6 of the epochs)`).choices(SCHEDULES))
    .option('--batch-size <n>', 'samples per gradient step (default: 128)', integer)
    .option('--lr <rate>', 'peak Adam learning rate (default: 0.001)', number)
    .option('--hidden <sizes>', 'MLP hidden layer widths (default: 256,128)', integerList)
    .option('--seed <n>', 'seed for the split, shuffling, mixup and initial weights (default: 1)', integer)
    .addOption(new Option('--backend <name>', 'tfjs backend (default: auto)').choices(backendChoices))
    .option('--max-categories <n>', 'one-hot cap per string column (default: 32)', integer)
    .option('--image-size <n>', 'image folders: resize to n x n, a multiple of 4 (default: 28)', integer)
    .addOption(new Option('--channels <kind>', 'image folders: gray, rgb, or auto = gray when every image is (default: auto)').choices(CHANNEL_CHOICES))
    .option('--augment', 'image folders: random crop and flip of training batches')
    .option('--quiet', 'no progress on stderr')
    .action(async (data: string, f: RetrainFlags) => {
      // TensorFlow.js loads only when a command trains: help and errors stay instant.
      const [{ runRetrain }, { checkRetrainTarget, writeRetrain }] = await Promise.all([
        import('../../pipeline/retrain.js'),
        import('../../pipeline/write-retrain.js'),
      ]);
      printNotes(await checkRetrainTarget(f.out, f.test === undefined ? [data] : [data, f.test]));
      const result = await runRetrain({
        path: data,
        test: f.test,
        label: f.label,
        id: f.id,
        features: f.features,
        maxCategories: f.maxCategories,
        valSplit: f.valSplit,
        loss: f.loss,
        compare: f.compare,
        epochs: f.epochs,
        warmup: f.warmup,
        reg: f.reg,
        mixupAlpha: f.mixupAlpha,
        schedule: f.schedule,
        posterior: f.posterior,
        batchSize: f.batchSize,
        learningRate: f.lr,
        hidden: f.hidden,
        seed: f.seed,
        backend: f.backend,
        imageSize: f.imageSize,
        channels: f.channels,
        augment: f.augment,
        onEvent: (e) => {
          if (f.quiet) return;
          if (e.kind === 'run') process.stderr.write(`training with ${e.loss}\n`);
          else {
            const r = e.record;
            process.stderr.write(
              `  epoch ${String(r.epoch).padStart(String(e.epochs).length)}/${e.epochs}  loss ${r.trainLoss.toFixed(4)}  lr ${r.learningRate.toExponential(1)}  ` +
                `accuracy ${(100 * r.accuracy).toFixed(2)}%${r.bootstrapping ? '  bootstrapping' : ''}` +
                `${r.estimatedNoise !== null ? `  est. noise ${(100 * r.estimatedNoise).toFixed(1)}%` : ''}  ${r.seconds.toFixed(1)} s\n`,
            );
          }
        },
      });
      try {
        printNotes(await writeRetrain(f.out, result));
      } finally {
        result.model.dispose();
      }
      process.stdout.write(renderRetrainTerminal(result.report, f.out));
    });
}
