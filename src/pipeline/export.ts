/**
 * export: the suspects of a saved audit, selected again under another rule, without training.
 * Rows are re-emitted as samples.csv holds them (so `flagged` is the audit's own flag).
 */
import { writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';
import { sampleColumns } from '../reports/csv.js';
import { renderCsv } from '../data/csv-copy.js';
import { prepareOutputs, replaceIfForced, writeOutputs, type OutputPlan } from '../util/atomic-output.js';
import { loadReportFolder, type SavedSample } from '../reports/read-report-folder.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which samples to export: the audit's flags, p_noisy >= threshold, or the N best-ranked. */
export type ExportSelection = { readonly kind: 'flagged' } | { readonly kind: 'threshold'; readonly threshold: number } | { readonly kind: 'top'; readonly n: number };

export interface ExportOptions {
  readonly report: string;
  /** @default { kind: 'flagged' } (the audit's own threshold) */
  readonly selection?: ExportSelection;
  /** Only samples whose given label is this class. @default every class */
  readonly className?: string;
  /** @default 'csv' */
  readonly format?: ExportFormat;
}

export function selectSuspects(samples: readonly SavedSample[], selection: ExportSelection, className?: string): SavedSample[] {
  const inClass = className === undefined ? samples : samples.filter((s) => s.givenLabel === className);
  switch (selection.kind) {
    case 'flagged':
      return inClass.filter((s) => s.flagged);
    case 'threshold':
      return inClass.filter((s) => s.pNoisy >= selection.threshold);
    case 'top':
      return inClass.slice(0, selection.n);
  }
}

const renderers = {
  csv: (rows) =>
    renderCsv(
      // A report written before p_given / p_suggested has the first seven columns only.
      sampleColumns.slice(0, rows[0]?.fields.length ?? sampleColumns.length),
      rows.map((s) => s.fields),
    ),
  json: (rows) =>
    JSON.stringify(
      rows.map(({ rank, id, givenLabel, suggestedLabel, pNoisy, loss, flagged }) => ({ rank, id, givenLabel, suggestedLabel, pNoisy, loss, flagged })),
      null,
      2,
    ) + '\n',
} satisfies Record<ExportFormat, (rows: readonly SavedSample[]) => string>;

function checkSelection(s: ExportSelection): void {
  if (s.kind === 'threshold' && !(s.threshold >= 0 && s.threshold <= 1)) {
    throw new UserError('option', `--threshold must be a probability in [0, 1], got ${s.threshold}`);
  }
  if (s.kind === 'top' && !(Number.isInteger(s.n) && s.n >= 1)) throw new UserError('option', `--top must be a whole number >= 1, got ${s.n}`);
}

/** The exported text and how many samples it holds. */
export async function runExport(o: ExportOptions): Promise<{ text: string; count: number }> {
  const selection = o.selection ?? { kind: 'flagged' };
  checkSelection(selection);
  const saved = await loadReportFolder(o.report);
  if (o.className !== undefined && !saved.samples.some((s) => s.givenLabel === o.className)) {
    const classes = [...new Set(saved.samples.map((s) => s.givenLabel))].sort();
    throw new UserError('option', `--class ${quote(o.className)}: no sample of the report has that label (classes: ${listNames(classes)})`);
  }
  const rows = selectSuspects(saved.samples, selection, o.className);
  return { text: renderers[o.format ?? 'csv'](rows), count: rows.length };
}

/** Where export writes: one file, never over an input (the report folder), an existing one only with force. */
export interface ExportTarget {
  readonly inputs: readonly string[];
  readonly force?: boolean;
}

const exportPlan = (path: string, o: ExportTarget): OutputPlan => ({ targets: [{ path, kind: 'file' }], inputs: o.inputs, replace: replaceIfForced(o.force) });

/** Fails fast (before the report is read) on a --out that cannot be written or is refused; returns a note per leftover of a dead run cleaned up. */
export async function checkExportTarget(path: string, o: ExportTarget): Promise<string[]> {
  return prepareOutputs(exportPlan(path, o));
}

/** Writes the exported text to a file all or nothing; refuses an existing file unless force, and any input (the report folder). Returns notes as checkExportTarget. */
export async function writeExport(path: string, text: string, o: ExportTarget): Promise<string[]> {
  const notes: string[] = [];
  await writeOutputs({ ...exportPlan(path, o), onNote: (n) => notes.push(n) }, async ([staged]) => writeFile(staged as string, text));
  return notes;
}
