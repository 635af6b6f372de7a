import { Command, Option } from 'commander';
import {
  defaultLearningRates,
  keepChoices,
  MIN_EPOCH_STEPS,
  OPTIMIZERS,
  optimizerDescriptions,
  POSTERIOR_SOURCES,
  posteriorSources,
  retrainDefaults,
  scheduleDescriptions,
  SMALL_DATA_STEPS,
  SCHEDULES,
  type Keep,
  type OptimizerKind,
  type PosteriorSource,
  type Schedule,
} from '../../options/retrain.js';
import { renderRetrainTerminal } from '../../reports/retrain-report.js';
import { printNotes } from '../notes.js';
import { RETRAIN_LOSSES, type RetrainLoss } from '../../training/loss-kinds.js';
import { integer, number } from '../parse.js';
import { gracefulStopSignal } from '../interrupts.js';
import { addSharedFlags, sharedOptionsFrom } from '../shared-flags.js';

/** Retrain's own flags; the shared training flags are read by sharedOptionsFrom. */
interface RetrainFlags {
  test?: string;
  valSplit?: number;
  loss?: RetrainLoss;
  out: string;
  compare?: boolean;
  warmup?: number | 'auto';
  reg?: number;
  optimizer?: OptimizerKind;
  weightDecay?: number;
  fromAudit?: string;
  mixupAlpha?: number;
  schedule?: Schedule;
  posterior?: PosteriorSource;
  quiet?: boolean;
}

/** --warmup: a whole number, or auto (the memorization rule). */
const warmupValue = (v: string): number | 'auto' => (v === 'auto' ? 'auto' : integer(v));

/** "warmup = ...; loss-history = ...", from the table the resolver validates against. */
const posteriorHelp = (Object.entries(posteriorSources) as [PosteriorSource, string][]).map(([name, what]) => `${name} = ${what}`).join('; ');

export function retrainCommand(): Command {
  const d = retrainDefaults;
  const command = new Command('retrain')
    .description('train again with a noise-corrected loss (dynamic bootstrapping, mixup) and measure it on held-out data')
    .argument('<data>', 'a CSV file with a label column, or a folder with one subfolder of images per class');
  addSharedFlags(command, 'columns', { defaults: d })
    .option(
      '--test <path>',
      'clean held-out data of the same kind (same columns, or same class folders), to measure accuracy on (default: the test split of a train/val/test folder)',
    )
    .option('--val-split <fraction>', `without --test, hold out this share of the data (default: ${d.valSplit}; its labels are noisy)`, number)
    .addOption(new Option('--loss <kind>', `training loss (default: ${d.loss})`).choices(RETRAIN_LOSSES))
    .option('--compare', 'also train plain ce with the same seed and data, and report both')
    .option('--out <dir>', 'folder for the model, retrain-report.json and predictions.csv', 'labelsleuth-model');
  addSharedFlags(command, 'training', {
    defaults: d,
    describe: { learningRate: 'peak learning rate: 0.1 with --optimizer sgd, else the Adam learning rate', seed: 'seed for the split, shuffling, mixup and initial weights' },
    shownDefaults: { batchSize: `${d.batchSize}, or rows / ${MIN_EPOCH_STEPS} when an epoch at ${d.batchSize} would take fewer than ${SMALL_DATA_STEPS} steps` },
  })
    .option('--warmup <n>', `epochs of plain cross-entropy before the correction, or auto: until the model starts to memorise wrong labels (default: ${d.warmup})`, warmupValue)
    .option('--from-audit <report-dir>', "correct with a saved audit's p(noisy) and flags (its ids must be this data's) instead of a posterior fitted here")
    .addOption(
      new Option(
        '--optimizer <name>',
        `${(Object.entries(optimizerDescriptions) as [OptimizerKind, string][]).map(([k, v]) => `${k} = ${v} (default --lr ${defaultLearningRates[k]})`).join('; ')} (default: ${d.optimizer})`,
      ).choices(OPTIMIZERS),
    )
    .addOption(
      new Option('--keep <epoch>', `${(Object.entries(keepChoices) as [Keep, string][]).map(([k, v]) => `${k} = ${v}`).join('; ')} (default: ${d.keep})`).choices(
        Object.keys(keepChoices),
      ),
    )
    .option('--weight-decay <wd>', `L2 weight decay (default: ${d.weightDecay})`, number)
    .option('--reg <weight>', `class-balance regulariser while bootstrapping (default: ${d.reg}; 0 turns it off)`, number)
    .option('--mixup-alpha <a>', `mixup lambda ~ Beta(a, a) (default: ${d.mixupAlpha})`, number)
    .addOption(new Option('--posterior <source>', `dynamic kinds: where p(noisy) comes from: ${posteriorHelp} (default: ${d.posterior})`).choices(POSTERIOR_SOURCES))
    .addOption(new Option('--schedule <name>', `learning-rate schedule (default: ${d.schedule}: ${scheduleDescriptions[d.schedule]})`).choices(SCHEDULES));
  return addSharedFlags(command, 'runtime', { defaults: d })
    .option('--quiet', 'no progress on stderr')
    .action(async (data: string, f: RetrainFlags & Record<string, unknown>) => {
      // TensorFlow.js loads only when a command trains: help and errors stay instant.
      const [{ runRetrain }, { checkRetrainTarget, writeRetrain }] = await Promise.all([import('../../pipeline/retrain.js'), import('../../pipeline/write-retrain.js')]);
      printNotes(await checkRetrainTarget(f.out, [data, ...(f.test === undefined ? [] : [f.test]), ...(f.fromAudit === undefined ? [] : [f.fromAudit])]));
      const result = await runRetrain({
        ...sharedOptionsFrom(f),
        signal: gracefulStopSignal(),
        path: data,
        test: f.test,
        valSplit: f.valSplit,
        loss: f.loss,
        compare: f.compare,
        warmup: f.warmup,
        reg: f.reg,
        mixupAlpha: f.mixupAlpha,
        schedule: f.schedule,
        posterior: f.posterior,
        optimizer: f.optimizer,
        weightDecay: f.weightDecay,
        fromAudit: f.fromAudit,
        keep: f.keep as Keep | undefined,
        onEvent: (e) => {
          if (f.quiet) return;
          if (e.kind === 'run') process.stderr.write(`training with ${e.loss}\n`);
          else if (e.kind === 'warmup-epoch') {
            process.stderr.write(`  warm-up epoch ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  loss ${e.trainLoss.toFixed(4)}  ${e.seconds.toFixed(1)} s\n`);
          } else {
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
