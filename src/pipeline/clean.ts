/**
 * clean: a cleaned copy of the audited data (suspects dropped or relabelled to the model's
 * suggestion) and a log of every change. The original is only read; the report must describe
 * exactly this data (same rows, ids and given labels), or nothing is written.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyImages, listImageSamples } from '../data/image-copy.js';
import { UserError } from '../errors.js';
import { quote } from '../util/quote.js';
import { pathKind } from '../data/path-kind.js';
import { holdsParquetShards } from '../data/record-stream.js';
import { readCsvHeader } from '../data/csv-rows.js';
import { textEncodingDescriptions, type TextEncoding } from '../data/text-source.js';
import { oneOf } from '../options/validate.js';
import { copyCsv, renderCsv, wantsGzip } from '../data/csv-copy.js';
import { delimiterDescriptions, type DelimiterChoice } from '../data/delimiter.js';
import { CHANGE_COLUMNS, changeRow, planClean, type CleanAction, type CleanChange, type CleanPlan } from './clean-plan.js';
import { companionPath, prepareOutputs, replaceIfForced, writeOutputs, type OutputPlan } from '../util/atomic-output.js';
import { loadReportFolder, type SavedReport } from '../reports/read-report-folder.js';
import { cleanColumns } from './clean-columns.js';

export interface CleanOptions {
  /** The data the audit was run on: a CSV file (or, where supported, an image folder). */
  readonly data: string;
  /** The audit's --out folder. */
  readonly report: string;
  readonly action: CleanAction;
  /** Suspects are p_noisy >= threshold. @default the samples the audit flagged */
  readonly threshold?: number;
  /** The cleaned copy; the change log goes beside it (companionPath(out, 'changes')). */
  readonly out: string;
  /** Replace --out and its change log if they exist. @default false */
  readonly force?: boolean;
  /** How the CSV's bytes are text; the copy is written in UTF-8. @default 'auto' */
  readonly encoding?: TextEncoding;
  /** The CSV's field separator, which the copy keeps. @default the one the audit read, else detected */
  readonly delimiter?: DelimiterChoice;
}

export interface CleanResult {
  readonly out: string;
  readonly changesPath: string;
  readonly action: CleanAction;
  readonly rows: number;
  readonly written: number;
  readonly plan: CleanPlan;
  /** One line per leftover of a dead run that was removed or restored beside --out. */
  readonly notes: readonly string[];
}

export async function runClean(o: CleanOptions): Promise<CleanResult> {
  if (o.threshold !== undefined && !(o.threshold >= 0 && o.threshold <= 1)) {
    throw new UserError('option', `--threshold must be a probability in [0, 1], got ${o.threshold}`);
  }
  if (o.encoding !== undefined) oneOf('--encoding', o.encoding, textEncodingDescriptions);
  if (o.delimiter !== undefined) oneOf('--delimiter', o.delimiter, delimiterDescriptions);
  const kind = await pathKind(o.data);
  if (kind === 'missing') throw new UserError('file', `${o.data}: not found; check the path`);
  if (kind === 'folder' && !(await holdsParquetShards(o.data))) return cleanImageFolder(o);
  return cleanCsv(o);
}

/** "the report describes 600 samples, data.csv has 599 rows" style checks, by id. */
export function mismatchError(o: CleanOptions, what: string): UserError {
  return new UserError('value', `${o.data}: ${what}; the report ${o.report} belongs to other data, so pass the data the audit was run on`);
}

function sampleIndex(saved: SavedReport): Map<string, number> {
  return new Map(saved.samples.map((s, i) => [s.id, i]));
}

async function cleanCsv(o: CleanOptions): Promise<CleanResult> {
  const changesPath = companionPath(o.out, 'changes');
  const output: OutputPlan = {
    targets: [
      { path: o.out, kind: 'file' },
      { path: changesPath, kind: 'file' },
    ],
    inputs: [o.data, o.report],
    replace: replaceIfForced(o.force),
  };
  const notes = await prepareOutputs(output);
  const saved = await loadReportFolder(o.report);
  // A table that lists images is cleaned as a table: a new table, the images left where they are.
  if (saved.meta.dataset.source === 'image-folder' && saved.meta.dataset.layout !== 'table') {
    throw new UserError('option', `${o.report}: is an audit of an image folder, but ${o.data} is a CSV file; pass the data the audit was run on`);
  }
  const columns = cleanColumns(saved, o.report, o.data);
  if (o.action === 'relabel' && saved.meta.dataset.signals === 'losses') {
    throw new UserError(
      'option',
      `${o.report}: is an audit of losses alone, which suggest no label to relabel to; use --action drop (or audit the model's probabilities with --probs)`,
    );
  }
  const { label, id } = columns;
  const delimiter = o.delimiter ?? saved.meta.dataset.delimiter ?? 'auto';
  const header = await readCsvHeader(o.data, o.encoding, delimiter);
  const labelAt = label === null ? -1 : header.indexOf(label);
  const idAt = id === null ? -1 : header.indexOf(id);
  if (label !== null && labelAt < 0) throw mismatchError(o, `no label column ${quote(label)} (the audit's --label)`);
  if (label === null && o.action === 'relabel') throw mismatchError(o, `no label column (given_label or label) to relabel in, as the audit's --data had none; use --action drop`);
  if (id !== null && idAt < 0) throw mismatchError(o, `no id column ${quote(id)} (the audit's --id)`);
  const plan = planClean(saved.samples, o.action, o.threshold);
  const index = sampleIndex(saved);
  const seen = new Uint8Array(saved.samples.length);
  const logged: CleanChange[] = [];
  const unknown: string[] = [];
  let unknownCount = 0;
  const result = await writeOutputs({ ...output, onNote: (note) => notes.push(note) }, async ([copy, log]) => {
    const { rows, written } = await copyCsv(
      o.data,
      copy as string,
      o.encoding ?? 'auto',
      (fields, row) => {
        const sid = idAt < 0 ? String(row + 1) : (fields[idAt] ?? '');
        const i = index.get(sid);
        if (i === undefined) {
          unknownCount++;
          if (unknown.length < 3) unknown.push(quote(sid));
          // A signals audit's --data may hold rows without signals: nothing was said of them, so they stay.
          return columns.everyRow ? null : fields;
        }
        seen[i] = 1;
        const sample = saved.samples[i];
        if (sample && columns.checkLabels && fields[labelAt] !== sample.givenLabel) {
          throw mismatchError(o, `row ${row + 1} (id ${quote(sid)}) has label ${quote(fields[labelAt] ?? '')} but the report says ${quote(sample.givenLabel)}`);
        }
        const change = plan.changes.get(sid);
        if (!change) return fields;
        logged.push(change);
        if (change.action === 'drop') return null;
        fields[labelAt] = change.newLabel;
        return fields;
      },
      { delimiter, gzip: wantsGzip(o.out), outName: o.out },
    );
    if (unknownCount > 0 && columns.everyRow) throw mismatchError(o, `${unknownCount} of ${rows} row ids are not in the report (e.g. ${unknown.join(', ')})`);
    if (unknownCount > 0) notes.push(`${unknownCount} of ${rows} rows of ${o.data} have no signals in the report (e.g. ${unknown.join(', ')}); copied unchanged`);
    if (columns.everyRow && rows !== saved.samples.length) {
      throw mismatchError(o, `has ${rows} data rows but the report describes ${saved.samples.length} samples`);
    }
    await writeFile(log as string, renderCsv(CHANGE_COLUMNS, logged.map(changeRow)));
    return { rows, written };
  });
  return { out: o.out, changesPath, action: o.action, ...result, plan, notes };
}

/** Images are copied (never moved); relabel puts an image in its suggested class folder of the copy. */
async function cleanImageFolder(o: CleanOptions): Promise<CleanResult> {
  const output: OutputPlan = { targets: [{ path: o.out, kind: 'folder' }], inputs: [o.data, o.report], replace: replaceIfForced(o.force) };
  const notes = await prepareOutputs(output);
  const saved = await loadReportFolder(o.report);
  if (saved.meta.dataset.source !== 'image-folder') {
    const what = saved.meta.dataset.source === 'signals' ? `another model's ${saved.meta.dataset.signals ?? 'signals'}` : 'a CSV file';
    throw new UserError('option', `${o.report}: is an audit of ${what}, but ${o.data} is a folder; pass the data the audit was run on (for signals, the table given as --data)`);
  }
  const { files } = await listImageSamples(o.data);
  if (files.length !== saved.samples.length) {
    throw mismatchError(o, `holds ${files.length} images but the report describes ${saved.samples.length} samples`);
  }
  const index = sampleIndex(saved);
  const unknown = files.filter((f) => !index.has(f.relPath));
  if (unknown.length > 0) {
    const few = unknown
      .slice(0, 3)
      .map((f) => quote(f.relPath))
      .join(', ');
    throw mismatchError(o, `${unknown.length} of ${files.length} images are not in the report (e.g. ${few})`);
  }
  const plan = planClean(saved.samples, o.action, o.threshold);
  const changes = files.map((f) => plan.changes.get(f.relPath));
  const result = await writeOutputs({ ...output, onNote: (note) => notes.push(note) }, async ([copy]) => {
    await copyImages(
      files,
      (i) => {
        const c = changes[i];
        return !c ? { kind: 'keep' } : c.action === 'drop' ? { kind: 'drop' } : { kind: 'move', className: c.newLabel };
      },
      copy as string,
    );
    const logged = changes.filter((c): c is CleanChange => c !== undefined);
    await writeFile(join(copy as string, 'changes.csv'), renderCsv(CHANGE_COLUMNS, logged.map(changeRow)));
    return { rows: files.length, written: files.length - logged.filter((c) => c.action === 'drop').length };
  });
  return { out: o.out, changesPath: join(o.out, 'changes.csv'), action: o.action, ...result, plan, notes };
}
