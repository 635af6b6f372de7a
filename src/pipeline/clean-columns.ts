/**
 * Which columns of the table `clean` copies hold a saved report's ids and given labels, for both
 * `clean` and `clean --decisions --report`. An audit of a table names them in report.json; an audit
 * of another model's signals (--probs/--logits/--losses) had no table unless `--data` joined one,
 * and then report.json's dataset.attachedData names it: without it there is nothing to copy, which
 * is one line saying what to pass.
 */
import { UserError } from '../errors.js';
import type { SavedReport } from '../reports/read-report-folder.js';
import { NO_LABEL_CLASS } from './find-issues-from-losses.js';

export interface CleanColumns {
  /** The id column, or null for the 1-based row number. */
  readonly id: string | null;
  /** The given labels' column, or null when the table has none (a signals audit's --data may not). */
  readonly label: string | null;
  /**
   * Whether every row of the table must be a sample of the report. Not for a signals audit's
   * --data: the audit accepted rows without signals (it counted them in a warning), and clean
   * copies them unchanged.
   */
  readonly everyRow: boolean;
  /** Whether the table's labels must equal the report's given labels (not when the losses came without labels). */
  readonly checkLabels: boolean;
}

export function cleanColumns(saved: SavedReport, report: string, data: string): CleanColumns {
  const { dataset, settings } = saved.meta;
  if (dataset.source !== 'signals') {
    // The column the audit's ids came from: an id column found by name has no --id in the settings.
    return { id: dataset.idColumn !== undefined ? dataset.idColumn : settings.id, label: settings.label, everyRow: true, checkLabels: true };
  }
  const attached = dataset.attachedData;
  if (attached === undefined) {
    throw new UserError(
      'option',
      `${report}: is an audit of another model's ${dataset.signals ?? 'signals'} (${dataset.path}), with no data table to copy; audit again with --data <the original table> (joined by --id), then clean that table instead of ${data}`,
    );
  }
  const labelsGiven = !(dataset.classes.length === 1 && dataset.classes[0]!.name === NO_LABEL_CLASS);
  return { id: attached.idColumn, label: attached.labelColumn, everyRow: false, checkLabels: attached.labelColumn !== null && labelsGiven };
}
