import { readCsvRecords, readCsvHeader } from '../data/csv-rows.js';
import { imageFileOf, renderSamplesCsv, renderSuspectsCsv, type OriginalRows } from '../reports/csv.js';
import { renderHtml } from '../reports/html/render.js';
import { renderReportJson } from '../reports/json.js';
import { REPORT_KIND, type LabelNoiseReport } from '../reports/report.js';
import type { Attachments } from './attachments.js';
import type { SampleRows } from '../reports/sample-rows.js';
import { writeSampleCsvs } from './write-audit-rows.js';
import { makeThumbnails } from './thumbnails.js';
import { cleanExamples } from '../reports/clean-examples.js';
import { folderFiles, folderOutput, holdsJsonOfKind, prepareOutputs, writeOutputs, type FolderOwner } from '../util/atomic-output.js';

export interface AuditWriteOptions {
  /**
   * Replace outDir even when it holds files labelsleuth did not write there (decisions.csv from a
   * review, notes): `audit --force`. Never an input, nor a file where the folder goes. @default false
   */
  readonly force?: boolean;
  /** A signals report's --data rows and --images thumbnails (attachments.ts). */
  readonly attached?: Omit<Attachments, 'warnings'>;
  /** Every sample's row when the report holds only the top of the ranking: samples.csv and suspects.csv are streamed from them. */
  readonly rows?: SampleRows;
}

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
 * or lie in the data or truth file the report describes. A signals report shows `attached`
 * (attachments.ts: --data rows and --images thumbnails) where a CSV or image audit shows its own. Returns a note per leftover of a dead run
 * it cleaned up.
 */
export async function writeAudit(outDir: string, report: LabelNoiseReport, options: AuditWriteOptions = {}): Promise<string[]> {
  const { attached = {}, rows } = options;
  const original = report.dataset.source === 'csv' ? await originalRows(report, rows) : attached.originalRows;
  const thumbnails =
    report.dataset.source === 'image-folder'
      ? await makeThumbnails((s) => imageFileOf(report, s), report.samples, { also: [...cleanExamples(report.samples).values()].flat() })
      : attached.thumbnails;
  const html = renderHtml(report, { ...(original ? { originalRows: original } : {}), ...(thumbnails ? { thumbnails } : {}) });
  // Every sample's row when the report holds only the top of the ranking: the CSVs are streamed from them.
  const files = new Map<string, string>([
    ['report.html', html],
    ...(rows
      ? []
      : ([
          ['samples.csv', renderSamplesCsv(report)],
          ['suspects.csv', renderSuspectsCsv(report, original)],
        ] as const)),
    ['report.json', renderReportJson(report)],
  ]);
  const notes: string[] = [];
  const write = folderFiles(files);
  await writeOutputs({ ...folderOutput(outDir, reportOwner, reportInputs(report), options.force), onNote: (n) => notes.push(n) }, async (staged) => {
    await write(staged);
    if (rows) await writeSampleCsvs(staged[0]!, report, rows, original);
  });
  return notes;
}

/**
 * Fails fast (before training) when outDir cannot be written, overlaps an input (the data, the
 * truth file), or exists and is not an earlier report holding only its own files. Returns a note
 * per leftover of a dead run it cleaned up.
 */
export async function checkAuditTarget(outDir: string, inputs: readonly string[] = [], options: AuditWriteOptions = {}): Promise<string[]> {
  return prepareOutputs(folderOutput(outDir, reportOwner, inputs, options.force));
}

/**
 * The suspects' original CSV fields, read again from the file so the whole table never sits in
 * memory; every flagged sample's, from `rows` when the report holds only the top of the ranking.
 */
async function originalRows(report: LabelNoiseReport, all?: SampleRows): Promise<OriginalRows> {
  const wanted = new Set<number>();
  if (all)
    for (let r = 0; r < all.length; r++) {
      const s = all.at(r);
      if (s.flagged) wanted.add(s.index);
    }
  else for (const s of report.samples) if (s.flagged) wanted.add(s.index);
  const { encoding } = report.settings;
  const delimiter = report.dataset.delimiter ?? 'auto';
  const [header, rows] = await Promise.all([readCsvHeader(report.dataset.path, encoding, delimiter), readCsvRecords(report.dataset.path, wanted, encoding, delimiter)]);
  return { header, rows };
}
