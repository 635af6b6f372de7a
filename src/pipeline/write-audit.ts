import { readCsvRecords, readCsvHeader } from '../data/csv-rows.js';
import { imageFileOf, renderSamplesCsv, renderSuspectsCsv, type OriginalRows } from '../reports/csv.js';
import { renderHtml } from '../reports/html/render.js';
import { renderReportJson } from '../reports/json.js';
import { REPORT_KIND, type LabelNoiseReport } from '../reports/report.js';
import { makeThumbnails } from './thumbnails.js';
import { folderFiles, folderOutput, holdsJsonOfKind, prepareOutputs, writeOutputs, type FolderOwner } from '../util/atomic-output.js';

/** The files an audit writes, in the order a person would open them. */
export const auditFiles = ['report.html', 'samples.csv', 'suspects.csv', 'report.json'] as const;

/** A report folder: replaced only when it holds nothing but these files (or a manifest says so). */
const reportOwner: FolderOwner = {
  kind: REPORT_KIND,
  files: auditFiles,
  isEarlier: (dir) => holdsJsonOfKind(dir, 'report.json', REPORT_KIND),
};

/** What the audit read, so that no --out can swallow it: the data and the truth file. */
const reportInputs = (report: LabelNoiseReport): string[] => [report.dataset.absolutePath, ...(report.evaluation ? [report.evaluation.truthPath] : [])];

/**
 * Writes report.html, samples.csv, suspects.csv and report.json into outDir, all or nothing. An existing folder
 * is replaced only when it holds an earlier labelsleuth report and nothing else; outDir may not hold
 * or lie in the data or truth file the report describes. Returns a note per leftover of a dead run
 * it cleaned up.
 */
export async function writeAudit(outDir: string, report: LabelNoiseReport): Promise<string[]> {
  const original = report.dataset.source === 'csv' ? await originalRows(report) : undefined;
  const thumbnails = report.dataset.source === 'image-folder' ? await makeThumbnails((s) => imageFileOf(report, s), report.samples) : undefined;
  const files = new Map<string, string>([
    ['report.html', renderHtml(report, { ...(original ? { originalRows: original } : {}), ...(thumbnails ? { thumbnails } : {}) })],
    ['samples.csv', renderSamplesCsv(report)],
    ['suspects.csv', renderSuspectsCsv(report, original)],
    ['report.json', renderReportJson(report)],
  ]);
  const notes: string[] = [];
  await writeOutputs({ ...folderOutput(outDir, reportOwner, reportInputs(report)), onNote: (n) => notes.push(n) }, folderFiles(files));
  return notes;
}

/**
 * Fails fast (before training) when outDir cannot be written, overlaps an input (the data, the
 * truth file), or exists and is not an earlier report holding only its own files. Returns a note
 * per leftover of a dead run it cleaned up.
 */
export async function checkAuditTarget(outDir: string, inputs: readonly string[] = []): Promise<string[]> {
  return prepareOutputs(folderOutput(outDir, reportOwner, inputs));
}

/** The suspects' original CSV fields, read again from the file so the whole table never sits in memory. */
async function originalRows(report: LabelNoiseReport): Promise<OriginalRows> {
  const wanted = new Set(report.samples.filter((s) => s.flagged).map((s) => s.index));
  const { encoding } = report.settings;
  const delimiter = report.dataset.delimiter ?? 'auto';
  const [header, rows] = await Promise.all([readCsvHeader(report.dataset.path, encoding, delimiter), readCsvRecords(report.dataset.path, wanted, encoding, delimiter)]);
  return { header, rows };
}
