import { resolve } from 'node:path';
import { formatCsvRow } from '../data/csv-rows.js';
import type { LabelNoiseReport, SampleVerdict } from './report.js';

/**
 * samples.csv's columns. Later columns were appended, never inserted, so a reader of the first ones
 * keeps working; read-report-folder.ts takes every earlier width (SAMPLE_COLUMN_COUNTS). The last
 * three are cleanlab's names for what tools downstream expect (find_label_issues, Datalab):
 * is_label_issue (True/False, as pandas writes and reads booleans) = flagged, label_quality =
 * 1 - p_noisy (higher = more likely right, cleanlab's direction), predicted_label = suggested_label.
 */
export const sampleColumns = [
  'rank',
  'id',
  'given_label',
  'suggested_label',
  'p_noisy',
  'loss',
  'flagged',
  'p_given',
  'p_suggested',
  'is_label_issue',
  'label_quality',
  'predicted_label',
] as const;
/** The widths samples.csv has had: 7 columns, then p_given and p_suggested, then cleanlab's three. */
export const SAMPLE_COLUMN_COUNTS = [7, 9, sampleColumns.length] as const;

/** How samples.csv writes p_noisy, and so the precision `evaluate` reads back: both score that value. */
export const savedPNoisy = (p: number): number => Number(p.toFixed(6));

function sampleFields(s: SampleVerdict): string[] {
  return [
    String(s.rank),
    s.id,
    s.givenLabel,
    s.suggestedLabel,
    s.pNoisy.toFixed(6),
    s.loss.toFixed(6),
    s.flagged ? '1' : '0',
    s.pGiven.toFixed(6),
    s.pSuggested.toFixed(6),
    s.flagged ? 'True' : 'False',
    (1 - savedPNoisy(s.pNoisy)).toFixed(6),
    s.suggestedLabel,
  ];
}

/** samples.csv: every sample, in rank order. */
export function renderSamplesCsv(report: LabelNoiseReport): string {
  const lines = [formatCsvRow(sampleColumns)];
  for (const s of report.samples) lines.push(formatCsvRow(sampleFields(s)));
  return lines.join('\n') + '\n';
}

/** The original fields of the flagged rows, looked up by sample index (CSV sources only). */
export interface OriginalRows {
  readonly header: readonly string[];
  readonly rows: ReadonlyMap<number, readonly string[]>;
}

/**
 * suspects.csv: the flagged samples only, ranked, with the row's original fields after ours.
 * An original column whose name clashes with ours is prefixed with `original_`.
 */
export function renderSuspectsCsv(report: LabelNoiseReport, original?: OriginalRows): string {
  const ours = new Set<string>(sampleColumns);
  const extra = (original?.header ?? []).map((h) => (ours.has(h) ? `original_${h}` : h));
  // Image ids are paths relative to the folder; tools that open the files want them whole.
  const images = report.dataset.source === 'image-folder';
  const lines = [formatCsvRow([...sampleColumns, ...(images ? ['absolute_path'] : []), ...extra])];
  for (const s of report.samples) {
    if (!s.flagged) continue;
    const fields = original?.rows.get(s.index) ?? [];
    lines.push(formatCsvRow([...sampleFields(s), ...(images ? [resolve(report.dataset.absolutePath, s.id)] : []), ...fields]));
  }
  return lines.join('\n') + '\n';
}
