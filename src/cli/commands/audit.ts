import chalk from 'chalk';
import { Command, Option } from 'commander';
import { backendChoices } from '../../backend/choices.js';
import { CHANNEL_CHOICES, type ChannelChoice } from '../../data/image-folder.js';
import { DEMO_NAMES, demos, type Demo, type DemoName } from '../../demo.js';
import { UserError } from '../../errors.js';
import { auditDefaults } from '../../pipeline/audit-options.js';
import { checkAuditTarget, writeAudit } from '../../pipeline/write-audit.js';
import { renderTerminal } from '../../reports/terminal.js';
import { printNotes } from '../notes.js';
import { AGGREGATE_METHODS } from '../../scoring/aggregate.js';
import { integer, integerList, list, number } from '../parse.js';
import { progressReporter, withDecodeProgress } from '../progress.js';

interface AuditFlags {
  label?: string;
  id?: string;
  features?: string[];
  truth?: string;
  out: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  hidden?: number[];
  seed?: number;
  threshold?: number;
  aggregate?: (typeof AGGREGATE_METHODS)[number];
  backend?: (typeof backendChoices)[number];
  maxCategories?: number;
  imageSize?: number;
  channels?: ChannelChoice;
  augment?: boolean;
  demo?: DemoName | true;
  top: number;
  quiet?: boolean;
}

export function auditCommand(): Command {
  const d = auditDefaults;
  return new Command('audit')
    .description('train a small model, fit a Beta mixture to per-sample losses, and rank the samples whose labels look wrong')
    .argument('[data]', 'a CSV file with a label column, or a folder with one subfolder of images per class (default: the CSV demo)')
    .addOption(new Option('--demo [name]', 'audit a bundled Fashion-MNIST demo with known wrong labels (default: csv)').choices(DEMO_NAMES))
    .option('--label <column>', `column holding the given labels (default: "${d.label}")`)
    .option('--id <column>', 'column holding a unique id per row (default: the 1-based data row number)')
    .option('--features <columns>', 'comma-separated feature columns (default: every column but the label and id)', list)
    .option('--truth <csv>', 'known truth to score the audit against: columns id and is_noisy, or id and true_label')
    .option('--out <dir>', 'folder for report.html, samples.csv, suspects.csv and report.json', 'labelsleuth-report')
    .option('--epochs <n>', `training passes (default: ${d.epochs})`, integer)
    .option('--batch-size <n>', `samples per gradient step (default: ${d.batchSize})`, integer)
    .option('--lr <rate>', `Adam learning rate (default: ${d.learningRate})`, number)
    .option('--hidden <sizes>', `MLP hidden layer widths (default: ${d.hidden.join(',')})`, integerList)
    .option('--seed <n>', `seed for shuffling and initial weights (default: ${d.seed})`, integer)
    .option('--threshold <p>', `flag samples with p_noisy >= p (default: ${d.threshold})`, number)
    .addOption(new Option('--aggregate <method>', `how per-epoch losses become one score (default: ${d.aggregate})`).choices(AGGREGATE_METHODS))
    .addOption(new Option('--backend <name>', `tfjs backend (default: ${d.backend})`).choices(backendChoices))
    .option('--max-categories <n>', `one-hot cap per string column (default: ${d.maxCategories})`, integer)
    .option('--image-size <n>', `image folders: resize to n x n pixels, a multiple of 4 (default: ${d.imageSize})`, integer)
    .addOption(new Option('--channels <mode>', `image folders: gray, rgb or auto (gray when every image is) (default: ${d.channels})`).choices(CHANNEL_CHOICES))
    .option('--augment', 'image folders: random 2-pixel shifts and left-right flips while training (never for the losses)')
    .option('--top <n>', 'suspects listed on the terminal', integer, 15)
    .option('--quiet', 'no progress on stderr')
    .action(async (data: string | undefined, flags: AuditFlags) => {
      if (data !== undefined && flags.demo !== undefined) {
        throw new UserError('option', `give either a data path or --demo, not both (got ${data} and --demo)`);
      }
      const chosen: Demo | undefined = data === undefined ? demos[flags.demo === undefined || flags.demo === true ? 'csv' : flags.demo] : undefined;
      printNotes(await checkAuditTarget(flags.out, [data ?? chosen!.data, flags.truth ?? chosen?.truth].filter((p): p is string => p !== undefined)));
      // TensorFlow.js loads only when a command trains: help and errors stay instant.
      const { runAudit } = await import('../../pipeline/audit.js');
      const progress = withDecodeProgress(progressReporter(process.stderr, flags.quiet === true), flags.quiet === true);
      if (chosen && !flags.quiet) {
        process.stderr.write(`${data === undefined && flags.demo === undefined ? 'no data given: ' : ''}auditing the bundled demo ${chosen.data} (${chosen.description})\n`);
      }
      const { report } = await runAudit({
        path: data ?? chosen!.data,
        label: flags.label ?? chosen?.label,
        id: flags.id ?? chosen?.id,
        features: flags.features,
        truth: flags.truth ?? chosen?.truth,
        epochs: flags.epochs,
        batchSize: flags.batchSize,
        learningRate: flags.lr,
        hidden: flags.hidden,
        seed: flags.seed,
        threshold: flags.threshold,
        aggregate: flags.aggregate,
        backend: flags.backend,
        maxCategories: flags.maxCategories,
        imageSize: flags.imageSize,
        channels: flags.channels,
        augment: flags.augment,
        onEvent: progress.onEvent,
      }).finally(() => progress.stop());
      printNotes(await writeAudit(flags.out, report));
      process.stdout.write(renderTerminal(report, { top: flags.top, outDir: flags.out, style: chalk }));
    });
}
