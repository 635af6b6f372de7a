import { resolve } from 'node:path';
import { formatCsvRow } from '../data/csv-rows.js';
import type { LabelNoiseReport, SampleVerdict } from './report.js';

/** samples.csv's columns; p_given and p_suggested came later, so the reader also takes the first seven alone. */
export const sampleColumns = ['rank', 'id', 'given_label', 'suggested_label', 'p_noisy', 'loss', 'flagged', 'p_given', 'p_suggested'] as const;
export const LEGACY_SAMPLE_COLUMN_COUNT = 7;

function sampleFields(s: SampleVerdict): string[] {
  return [String(s.rank), s.id, s.givenLabel, s.suggestedLabel, s.pNoisy.toFixed(6), s.loss.toFixed(6), s.flagged ? '1' : '0', s.pGiven.toFixed(6), s.pSuggested.toFixed(6)];
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
    lines.push(formatCsvRow([...sampleFields(s), ...(images ? [imageFileOf(report, s)] : []), ...fields]));
  }
  return lines.join('\n') + '\n';
}

/** A sample's image file: its id under the folder, or a table's own path when ids came from an --id column. */
export function imageFileOf(report: Pick<LabelNoiseReport, 'dataset'>, s: Pick<SampleVerdict, 'id' | 'index'>): string {
  return report.dataset.imagePaths?.[s.index] ?? resolve(report.dataset.absolutePath, s.id);
}
