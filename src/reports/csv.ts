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

/** NaN (a value the signals could not give: p_given from losses alone) is an empty cell. */
const fixed = (v: number): string => (Number.isNaN(v) ? '' : v.toFixed(6));

function sampleFields(s: SampleVerdict): string[] {
  return [
    String(s.rank),
    s.id,
    s.givenLabel,
    s.suggestedLabel,
    fixed(s.pNoisy),
    fixed(s.loss),
    s.flagged ? '1' : '0',
    fixed(s.pGiven),
    fixed(s.pSuggested),
    s.flagged ? 'True' : 'False',
    fixed(1 - savedPNoisy(s.pNoisy)),
    s.suggestedLabel,
  ];
}

/** One line of samples.csv, without its line end. */
export const sampleLine = (s: SampleVerdict): string => formatCsvRow(sampleFields(s));
export const samplesHeader = (): string => formatCsvRow(sampleColumns);

/** samples.csv: every sample of the report, in rank order (streamed for large audits: write-audit-rows.ts). */
export function renderSamplesCsv(report: LabelNoiseReport): string {
  const lines = [samplesHeader()];
  for (const s of report.samples) lines.push(sampleLine(s));
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
  const lines = [suspectsHeader(report, original)];
  for (const s of report.samples) if (s.flagged) lines.push(suspectLine(report, s, original));
  return lines.join('\n') + '\n';
}

export function suspectsHeader(report: LabelNoiseReport, original?: OriginalRows): string {
  const ours = new Set<string>(sampleColumns);
  const extra = (original?.header ?? []).map((h) => (ours.has(h) ? `original_${h}` : h));
  return formatCsvRow([...sampleColumns, ...(report.dataset.source === 'image-folder' ? ['absolute_path'] : []), ...extra]);
}

/** One flagged sample's line of suspects.csv, without its line end. */
export function suspectLine(report: LabelNoiseReport, s: SampleVerdict, original?: OriginalRows): string {
  // Image ids are paths relative to the folder; tools that open the files want them whole.
  const images = report.dataset.source === 'image-folder';
  const fields = original?.rows.get(s.index) ?? [];
  return formatCsvRow([...sampleFields(s), ...(images ? [imageFileOf(report, s)] : []), ...fields]);
}

/** A sample's image file: its id under the folder, or a table's own path when ids came from an --id column. */
export function imageFileOf(report: Pick<LabelNoiseReport, 'dataset'>, s: Pick<SampleVerdict, 'id' | 'index'>): string {
  return report.dataset.imagePaths?.[s.index] ?? resolve(report.dataset.absolutePath, s.id);
}
