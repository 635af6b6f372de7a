import { readCsvRecords, readCsvHeader } from '../data/csv-rows.js';
import { renderSamplesCsv, renderSuspectsCsv, type OriginalRows } from '../reports/csv.js';
import { renderHtml } from '../reports/html/render.js';
import { renderReportJson } from '../reports/json.js';
import { REPORT_KIND, type LabelNoiseReport } from '../reports/report.js';
import { makeThumbnails } from './thumbnails.js';
import { checkOutputs, folderFiles, folderOutput, holdsJsonOfKind, writeOutputs } from '../util/atomic-output.js';

/** The files an audit writes, in the order a person would open them. */
export const auditFiles = ['report.html', 'samples.csv', 'suspects.csv', 'report.json'] as const;

/**
 * Writes report.html, samples.csv, suspects.csv and report.json into outDir, all or nothing. An existing folder
 * is replaced only when it holds an earlier labelsleuth report.
 */
export async function writeAudit(outDir: string, report: LabelNoiseReport): Promise<void> {
  const original = report.dataset.source === 'csv' ? await originalRows(report) : undefined;
  const thumbnails = report.dataset.source === 'image-folder' ? await makeThumbnails(report.dataset.path, report.samples) : undefined;
  const files = new Map<string, string>([
    ['report.html', renderHtml(report, { ...(original ? { originalRows: original } : {}), ...(thumbnails ? { thumbnails } : {}) })],
    ['samples.csv', renderSamplesCsv(report)],
    ['suspects.csv', renderSuspectsCsv(report, original)],
    ['report.json', renderReportJson(report)],
  ]);
  await writeOutputs(folderOutput(outDir, isEarlierReport), folderFiles(files));
}

const isEarlierReport = (dir: string): Promise<boolean> => holdsJsonOfKind(dir, 'report.json', REPORT_KIND);

/** Fails fast (before training) when outDir exists and is not an earlier report. */
export async function checkAuditTarget(outDir: string): Promise<void> {
  await checkOutputs(folderOutput(outDir, isEarlierReport));
}

/** The suspects' original CSV fields, read again from the file so the whole table never sits in memory. */
async function originalRows(report: LabelNoiseReport): Promise<OriginalRows> {
  const wanted = new Set(report.samples.filter((s) => s.flagged).map((s) => s.index));
  const { encoding } = report.settings;
  const [header, rows] = await Promise.all([readCsvHeader(report.dataset.path, encoding), readCsvRecords(report.dataset.path, wanted, encoding)]);
  return { header, rows };
}
