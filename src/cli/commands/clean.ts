import { sharedFlag } from '../shared-flags.js';
import { Command, Option } from 'commander';
import { CLEAN_ACTIONS, type CleanAction } from '../../pipeline/clean-plan.js';
import { runClean } from '../../pipeline/clean.js';
import { number } from '../parse.js';
import { printNotes } from '../notes.js';

interface CleanFlags {
  report: string;
  action: CleanAction;
  threshold?: number;
  out: string;
  force?: boolean;
}

export function cleanCommand(): Command {
  return new Command('clean')
    .description('write a cleaned copy of the audited data (suspects dropped or relabelled) and a log of every change')
    .argument('<data>', 'the data the audit was run on (a CSV file or an image folder); it is only read')
    .requiredOption('--report <report-dir>', 'the --out folder of the audit of this data')
    .addOption(new Option('--action <action>', 'drop: leave suspects out; relabel: give them the suggested label').choices(CLEAN_ACTIONS).makeOptionMandatory())
    .option('--threshold <p>', 'suspects are samples with p_noisy >= p (default: the samples the audit flagged)', number)
    .requiredOption('--out <path>', 'the cleaned copy; the change log goes beside it (<name>.changes.csv for <name>.csv) or inside a folder copy (changes.csv)')
    .addOption(sharedFlag('encoding'))
    .addOption(sharedFlag('delimiter'))
    .option('--force', 'replace --out and its change log if they exist')
    .action(async (data: string, flags: CleanFlags) => {
      const r = await runClean({ data, ...flags });
      printNotes(r.notes);
      const what = r.action === 'drop' ? `${r.plan.changes.size} suspects dropped` : `${r.plan.changes.size} suspects relabelled`;
      const kept = r.plan.unchanged > 0 ? ` (${r.plan.unchanged} kept: their suggested label is their own)` : '';
      process.stdout.write(`${r.out}: ${r.written} of ${r.rows} samples, ${what}${kept}\n${r.changesPath}: the change log\n`);
    });
}
