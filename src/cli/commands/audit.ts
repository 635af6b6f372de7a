import { Command, Option } from 'commander';
import { DEMO_NAMES, demos, type Demo, type DemoName } from '../../demo.js';
import { UserError } from '../../errors.js';
import { auditDefaults, MAX_FOLDS, MAX_NEIGHBOURS } from '../../options/audit.js';
import { checkAuditTarget, writeAudit } from '../../pipeline/write-audit.js';
import { LOSSES_DEFAULT_AGGREGATE } from '../../reports/build-losses-report.js';
import { AGGREGATE_METHODS, type AggregateMethod } from '../../scoring/aggregate.js';
import { STOP_RULES, stopRuleDescriptions, type StopRule } from '../../scoring/stopping.js';
import { count, list, number } from '../parse.js';
import { gracefulStopSignal } from '../interrupts.js';
import { printNotes } from '../notes.js';
import { progressReporter, withDecodeProgress } from '../progress.js';
import { addSharedFlags, sharedOptionsFrom } from '../shared-flags.js';
import { printResult } from './audit-result.js';
import { runSignalsAudit } from './audit-signals-run.js';

/** The audit's own flags; the shared training flags are read by sharedOptionsFrom. */
export interface AuditFlags {
  truth?: string;
  out: string;
  threshold?: number;
  aggregate?: AggregateMethod;
  stop?: StopRule;
  folds?: number;
  neighbours?: number;
  probs?: string;
  logits?: string;
  losses?: string;
  labels?: string;
  ids?: string;
  classes?: string[];
  data?: string;
  images?: string;
  demo?: DemoName | true;
  top: number;
  quiet?: boolean;
  json?: boolean;
  force?: boolean;
}

export function auditCommand(): Command {
  const d = auditDefaults;
  const command = new Command('audit')
    .description('train a small model, fit a Beta mixture to per-sample losses, and rank the samples whose labels look wrong')
    .argument('[data]', 'a CSV file with a label column, or a folder with one subfolder of images per class (default: the CSV demo)')
    .addOption(new Option('--demo [name]', 'audit a bundled Fashion-MNIST demo with known wrong labels (default: csv)').choices(DEMO_NAMES));
  addSharedFlags(command, 'columns', { defaults: d })
    .option('--truth <csv>', 'known truth to score the audit against: columns id and is_noisy, or id and true_label')
    .option('--out <dir>', 'folder for report.html, samples.csv, suspects.csv and report.json', 'labelsleuth-report');
  addSharedFlags(command, 'training', { defaults: d })
    .option('--threshold <p>', 'flag samples with p_noisy >= p (default: flag the estimated number of wrong labels, most suspicious first)', number)
    .addOption(
      new Option('--aggregate <method>', `how per-epoch signals become one score (default: ${d.aggregate}; with --losses: ${LOSSES_DEFAULT_AGGREGATE})`).choices(AGGREGATE_METHODS),
    )
    .addOption(
      new Option(
        '--stop <rule>',
        `when training ends: ${Object.entries(stopRuleDescriptions)
          .map(([k, v]) => `${k} = ${v}`)
          .join('; ')} (default: ${d.stop}; --epochs is then the maximum)`,
      ).choices(STOP_RULES),
    )
    .option(
      '--folds <k>',
      `score each sample with a model that never saw it: k models, each trained on all folds but one (k times the training; 2-${MAX_FOLDS}; default: one model scores every sample it trained on)`,
      count,
    )
    .option(
      '--neighbours <k>',
      `how many nearest others, in the model's last hidden layer, vote on each sample's class; their vote is 30% of what the ranking reads (0 = the model alone; 0-${MAX_NEIGHBOURS}; default: ${d.neighbours})`,
      count,
    );
  return addSharedFlags(command, 'runtime', { defaults: d })
    .option(
      '--probs <file>',
      "another model's probabilities instead of data, nothing trained: a table with --id, the given label (given_label or --label) and one column per class (CSV, TSV, JSON Lines, gzip of these, Parquet or a folder of Parquet shards), or a .npy matrix with --labels",
    )
    .option('--logits <file>', 'as --probs, with raw scores (softmaxed here)')
    .option(
      '--losses <file>',
      "another run's per-sample losses instead of data, nothing trained: id, loss[, given_label][, epoch] (one row per sample per epoch), or id[, given_label] and one loss column per epoch, in any --probs format",
    )
    .option('--labels <file>', 'with a .npy matrix: the given labels, a .npy of class indices or one label per line')
    .option('--ids <file>', 'with a .npy matrix: the sample ids, one per line (default: 1, 2, ...)')
    .option('--classes <names>', 'with a .npy matrix: the names of its columns, comma-separated (default: the sorted label names, or 0..k-1)', list)
    .option('--data <file>', 'with --probs/--logits/--losses: the original table, joined by --id, whose fields suspects.csv and report.html show')
    .option('--images <dir>', 'with --probs/--logits/--losses: the folder the ids are image paths in, for thumbnails in report.html')
    .option('--top <n>', 'suspects listed on the terminal', count, 15)
    .option('--json', 'print the summary as JSON on stdout (progress stays on stderr)')
    .option('--force', 'replace --out even when it holds files labelsleuth did not write (such as decisions.csv)')
    .option('--quiet', 'no progress on stderr')
    .action(async (data: string | undefined, flags: AuditFlags & Record<string, unknown>) => {
      const kinds = (['probs', 'logits', 'losses'] as const).filter((k) => flags[k] !== undefined);
      if (kinds.length > 1) throw new UserError('option', `give one of --probs, --logits and --losses, not --${kinds.join(' and --')}`);
      const kind = kinds[0];
      if (kind !== undefined && flags.folds !== undefined)
        throw new UserError('option', `--folds trains models; with --${kind} nothing is trained: score your own model out of fold instead`);
      if (kind !== undefined && flags.neighbours !== undefined)
        throw new UserError('option', `--neighbours votes in the hidden layer of the model labelsleuth trains; with --${kind} nothing is trained: leave it out`);
      if (kind !== undefined) return runSignalsAudit(kind, data, flags);
      const signalsOnly = (['labels', 'ids', 'classes', 'data', 'images'] as const).find((k) => flags[k] !== undefined);
      if (signalsOnly !== undefined)
        throw new UserError('option', `--${signalsOnly} goes with --probs, --logits or --losses${['data', 'images'].includes(signalsOnly) ? '' : ' and a .npy file'}`);
      if (data !== undefined && flags.demo !== undefined) {
        throw new UserError('option', `give either a data path or --demo, not both (got ${data} and --demo)`);
      }
      const chosen: Demo | undefined = data === undefined ? demos[flags.demo === undefined || flags.demo === true ? 'csv' : flags.demo] : undefined;
      printNotes(
        await checkAuditTarget(
          flags.out,
          [data ?? chosen!.data, flags.truth ?? chosen?.truth].filter((p): p is string => p !== undefined),
          { force: flags.force },
        ),
      );
      // TensorFlow.js loads only when a command trains: help and errors stay instant.
      const { runAudit } = await import('../../pipeline/audit.js');
      const progress = withDecodeProgress(progressReporter(process.stderr, flags.quiet === true), flags.quiet === true);
      if (chosen && !flags.quiet) {
        process.stderr.write(`${data === undefined && flags.demo === undefined ? 'no data given: ' : ''}auditing the bundled demo ${chosen.data} (${chosen.description})\n`);
      }
      const shared = sharedOptionsFrom(flags);
      const { report, rows } = await runAudit({
        ...shared,
        path: data ?? chosen!.data,
        label: shared.label ?? chosen?.label,
        id: shared.id ?? chosen?.id,
        truth: flags.truth ?? chosen?.truth,
        threshold: flags.threshold,
        aggregate: flags.aggregate,
        stop: flags.stop,
        folds: flags.folds,
        neighbours: flags.neighbours,
        onEvent: progress.onEvent,
        signal: gracefulStopSignal(),
      }).finally(() => progress.stop());
      printNotes(await writeAudit(flags.out, report, { force: flags.force, rows }));
      printResult(report, flags);
    });
}
