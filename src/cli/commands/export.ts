import { Command, Option } from 'commander';
import { UserError } from '../../errors.js';
import { checkExportTarget, EXPORT_FORMATS, runExport, writeExport, type ExportFormat, type ExportSelection } from '../../pipeline/export.js';
import { integer, number } from '../parse.js';
import { printNotes } from '../notes.js';

interface ExportFlags {
  threshold?: number;
  top?: number;
  class?: string;
  format: ExportFormat;
  out?: string;
  force?: boolean;
}

function selectionOf(flags: ExportFlags): ExportSelection {
  if (flags.threshold !== undefined && flags.top !== undefined) {
    throw new UserError('option', '--threshold and --top both choose the suspects; give one of them');
  }
  if (flags.threshold !== undefined) return { kind: 'threshold', threshold: flags.threshold };
  if (flags.top !== undefined) return { kind: 'top', n: flags.top };
  return { kind: 'flagged' };
}

export function exportCommand(): Command {
  return new Command('export')
    .description('re-export the suspects of a saved audit (no training)')
    .argument('<report-dir>', 'the --out folder of an audit (samples.csv + report.json)')
    .option('--threshold <p>', 'samples with p_noisy >= p (default: the ones the audit flagged)', number)
    .option('--top <n>', 'the n most suspicious samples instead', integer)
    .option('--class <name>', 'only samples whose given label is this class')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--force', 'replace --out if it exists')
    .action(async (reportDir: string, flags: ExportFlags) => {
      const target = { inputs: [reportDir], force: flags.force };
      if (flags.out !== undefined) printNotes(await checkExportTarget(flags.out, target));
      const { text, count } = await runExport({ report: reportDir, selection: selectionOf(flags), className: flags.class, format: flags.format });
      if (flags.out === undefined) {
        process.stdout.write(text);
        return;
      }
      printNotes(await writeExport(flags.out, text, target));
      process.stderr.write(`${flags.out}: ${count} samples\n`);
    });
}
