import chalk from 'chalk';
import { Command, Option } from 'commander';
import { backendChoices } from '../../backend/select.js';
import { demo } from '../../demo.js';
import { auditDefaults } from '../../pipeline/audit-options.js';
import { runAudit } from '../../pipeline/audit.js';
import { checkAuditTarget, writeAudit } from '../../pipeline/write-audit.js';
import { renderTerminal } from '../../reports/terminal.js';
import { AGGREGATE_METHODS } from '../../scoring/aggregate.js';
import { integer, integerList, list, number } from '../parse.js';
import { progressReporter } from '../progress.js';

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
  top: number;
  quiet?: boolean;
}

export function auditCommand(): Command {
  const d = auditDefaults;
  return new Command('audit')
    .description('train a small model, fit a Beta mixture to per-sample losses, and rank the samples whose labels look wrong')
    .argument('[data]', 'a CSV file with a label column (default: the bundled Fashion-MNIST demo with 20% wrong labels)')
    .option('--label <column>', `column holding the given labels (default: "${d.label}")`)
    .option('--id <column>', 'column holding a unique id per row (default: the 1-based data row number)')
    .option('--features <columns>', 'comma-separated feature columns (default: every column but the label and id)', list)
    .option('--truth <csv>', 'known truth to score the audit against: columns id and is_noisy, or id and true_label')
    .option('--out <dir>', 'folder for samples.csv, suspects.csv and report.json', 'labelsleuth-report')
    .option('--epochs <n>', `training passes (default: ${d.epochs})`, integer)
    .option('--batch-size <n>', `samples per gradient step (default: ${d.batchSize})`, integer)
    .option('--lr <rate>', `Adam learning rate (default: ${d.learningRate})`, number)
    .option('--hidden <sizes>', `MLP hidden layer widths (default: ${d.hidden.join(',')})`, integerList)
    .option('--seed <n>', `seed for shuffling and initial weights (default: ${d.seed})`, integer)
    .option('--threshold <p>', `flag samples with p_noisy >= p (default: ${d.threshold})`, number)
    .addOption(new Option('--aggregate <method>', `how per-epoch losses become one score (default: ${d.aggregate})`).choices(AGGREGATE_METHODS))
    .addOption(new Option('--backend <name>', `tfjs backend (default: ${d.backend})`).choices(backendChoices))
    .option('--max-categories <n>', `one-hot cap per string column (default: ${d.maxCategories})`, integer)
    .option('--top <n>', 'suspects listed on the terminal', integer, 15)
    .option('--quiet', 'no progress on stderr')
    .action(async (data: string | undefined, flags: AuditFlags) => {
      await checkAuditTarget(flags.out);
      const useDemo = data === undefined;
      const progress = progressReporter(process.stderr, flags.quiet === true);
      if (useDemo && !flags.quiet) {
        process.stderr.write(`no data given: auditing the bundled demo ${demo.data} (20% of its labels are known to be wrong)\n`);
      }
      const { report } = await runAudit({
        path: data ?? demo.data,
        label: flags.label ?? (useDemo ? demo.label : undefined),
        id: flags.id ?? (useDemo ? demo.id : undefined),
        features: flags.features,
        truth: flags.truth ?? (useDemo ? demo.truth : undefined),
        epochs: flags.epochs,
        batchSize: flags.batchSize,
        learningRate: flags.lr,
        hidden: flags.hidden,
        seed: flags.seed,
        threshold: flags.threshold,
        aggregate: flags.aggregate,
        backend: flags.backend,
        maxCategories: flags.maxCategories,
        onEvent: progress.onEvent,
      }).finally(() => progress.stop());
      await writeAudit(flags.out, report);
      process.stdout.write(renderTerminal(report, { top: flags.top, outDir: flags.out, style: chalk }));
    });
}

