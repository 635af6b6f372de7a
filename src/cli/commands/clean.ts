import { sharedFlag } from '../shared-flags.js';
import { Command, Option } from 'commander';
import { UserError } from '../../errors.js';
import { CLEAN_ACTIONS, type CleanAction } from '../../pipeline/clean-plan.js';
import { runClean } from '../../pipeline/clean.js';
import { runCleanDecisions } from '../../pipeline/clean-decisions.js';
import type { TextEncoding } from '../../data/text-source.js';
import { number } from '../parse.js';
import { printNotes } from '../notes.js';

interface CleanFlags {
  report?: string;
  action?: CleanAction;
  decisions?: string;
  threshold?: number;
  out: string;
  label?: string;
  id?: string;
  force?: boolean;
  encoding?: TextEncoding;
}

export function cleanCommand(): Command {
  return new Command('clean')
    .description('write a cleaned copy of the audited data (suspects dropped or relabelled, or exactly the decisions made in review) and a log of every change')
    .argument('<data>', 'the data the audit was run on (a CSV file or an image folder); it is only read')
    .option('--report <report-dir>', 'the --out folder of the audit of this data (required without --decisions; with it, the decided ids are checked against the report)')
    .addOption(new Option('--action <action>', 'drop: leave suspects out; relabel: give them the suggested label (required without --decisions)').choices(CLEAN_ACTIONS))
    .option(
      '--decisions <csv>',
      'apply exactly these decisions (decisions.csv from the review in report.html or labelsleuth review): relabel and drop rows change the data, keep and skip do not',
    )
    .option('--threshold <p>', 'suspects are samples with p_noisy >= p (default: the samples the audit flagged)', number)
    .requiredOption('--out <path>', 'the cleaned copy; the change log goes beside it (<name>.changes.csv for <name>.csv) or inside a folder copy (changes.csv)')
    .addOption(sharedFlag('label', { describe: { label: 'with --decisions and no --report: the column holding the labels' } }))
    .addOption(sharedFlag('id', { describe: { id: 'with --decisions and no --report: the column holding the ids' } }))
    .addOption(sharedFlag('encoding'))
    .addOption(sharedFlag('delimiter'))
    .option('--force', 'replace --out and its change log if they exist')
    .action(async (data: string, flags: CleanFlags) => {
      if (flags.decisions !== undefined) {
        if (flags.action !== undefined) throw new UserError('option', '--decisions says what happens to each sample; leave out --action');
        if (flags.threshold !== undefined) throw new UserError('option', '--decisions says which samples change; leave out --threshold');
        const { decisions, report, out, force, encoding, label, id } = flags;
        const r = await runCleanDecisions({ data, decisions, report, out, force, encoding, label, id });
        printNotes(r.notes);
        process.stdout.write(
          `${r.out}: ${r.written} of ${r.rows} samples, ${r.relabelled} relabelled and ${r.dropped} dropped as decided` +
            `${r.unchanged > 0 ? ` (${r.unchanged} decisions change nothing: keep, skip, or the label it already has)` : ''}\n${r.changesPath}: the change log\n`,
        );
        return;
      }
      if (flags.report === undefined || flags.action === undefined) {
        throw new UserError(
          'option',
          `clean needs --report <report-dir> and --action drop|relabel, or --decisions <decisions.csv>; missing ${flags.report === undefined ? '--report' : '--action'}`,
        );
      }
      if (flags.label !== undefined || flags.id !== undefined) throw new UserError('option', '--report says which columns hold the labels and ids; leave out --label and --id');
      const r = await runClean({ data, report: flags.report, action: flags.action, threshold: flags.threshold, out: flags.out, force: flags.force, encoding: flags.encoding });
      printNotes(r.notes);
      const what = r.action === 'drop' ? `${r.plan.changes.size} suspects dropped` : `${r.plan.changes.size} suspects relabelled`;
      const kept = r.plan.unchanged > 0 ? ` (${r.plan.unchanged} kept: their suggested label is their own)` : '';
      process.stdout.write(`${r.out}: ${r.written} of ${r.rows} samples, ${what}${kept}\n${r.changesPath}: the change log\n`);
    });
}
