/**
 * clean --decisions: a cleaned copy with exactly what a person confirmed (decisions.csv from the
 * report's review): relabel and drop rows change the data, keep and skip change nothing. The file is
 * checked whole before anything is written: an unknown id or class, an unknown decision, a relabel
 * without its new label, or an id decided twice is one line naming the row, and no output.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';
import { pathKind } from '../data/path-kind.js';
import { readCsvHeader } from '../data/csv-rows.js';
import { ID_COLUMN_NAMES } from '../data/csv-options.js';
import { textEncodingDescriptions, type TextEncoding } from '../data/text-source.js';
import { oneOf } from '../options/validate.js';
import { copyCsv, renderCsv } from '../data/csv-copy.js';
import { copyImages, listImageSamples } from '../data/image-copy.js';
import { CHANGE_COLUMNS } from './clean-plan.js';
import { cleanColumns } from './clean-columns.js';
import { decisionEffects, type DecisionRow } from '../reports/decisions.js';
import { readDecisionsFile } from '../reports/read-decisions.js';
import { loadReportFolder, type SavedReport } from '../reports/read-report-folder.js';
import { companionPath, prepareOutputs, replaceIfForced, writeOutputs, type OutputPlan } from '../util/atomic-output.js';

export interface CleanDecisionsOptions {
  /** The audited data: a CSV file or an image folder. */
  readonly data: string;
  /** decisions.csv: id,decision,new_label,decided_at. */
  readonly decisions: string;
  /** The audit's folder: when given, its columns are used and every decided id must be in it. @default none */
  readonly report?: string;
  /** The cleaned copy; the change log goes beside a CSV copy or inside a folder copy. */
  readonly out: string;
  /** Without a report: the CSV's label column. @default 'label' */
  readonly label?: string;
  /** Without a report: the CSV's id column. @default a column named like an id (id, ID, uuid, key, ...), else the 1-based row number */
  readonly id?: string;
  /** Replace --out and its change log if they exist. @default false */
  readonly force?: boolean;
  /** How the CSV's bytes are text; the copy is written in UTF-8. @default 'auto' */
  readonly encoding?: TextEncoding;
}

export interface CleanDecisionsResult {
  readonly out: string;
  readonly changesPath: string;
  readonly rows: number;
  readonly written: number;
  readonly relabelled: number;
  readonly dropped: number;
  /** keep and skip rows, and relabels to the label a sample already has. */
  readonly unchanged: number;
  readonly notes: readonly string[];
}

type Change = { readonly row: DecisionRow; readonly given: string };

export async function runCleanDecisions(o: CleanDecisionsOptions): Promise<CleanDecisionsResult> {
  if (o.encoding !== undefined) oneOf('--encoding', o.encoding, textEncodingDescriptions);
  if (o.report !== undefined && (o.label !== undefined || o.id !== undefined)) {
    throw new UserError('option', `--report ${o.report} says which columns hold the labels and ids; leave out --label and --id`);
  }
  const kind = await pathKind(o.data);
  if (kind === 'missing') throw new UserError('file', `${o.data}: not found; check the path`);
  const folder = kind === 'folder';
  const changesPath = folder ? join(o.out, 'changes.csv') : companionPath(o.out, 'changes');
  const output: OutputPlan = {
    targets: folder
      ? [{ path: o.out, kind: 'folder' }]
      : [
          { path: o.out, kind: 'file' },
          { path: changesPath, kind: 'file' },
        ],
    inputs: [o.data, o.decisions, ...(o.report ? [o.report] : [])],
    replace: replaceIfForced(o.force),
  };
  const notes = await prepareOutputs(output);
  const decisions = await readDecisionsFile(o.decisions);
  const saved = o.report === undefined ? undefined : await loadReportFolder(o.report);
  if (saved) checkAgainstReport(o, saved, decisions, folder);
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const pNoisy = new Map(saved?.samples.map((s) => [s.id, s.fields[4] ?? '']) ?? []);
  const write = folder ? cleanFolder : cleanCsv;
  const r = await write(o, saved, byId, { ...output, onNote: (n) => notes.push(n) }, (changes) =>
    renderCsv(
      CHANGE_COLUMNS,
      changes.map((c) => [c.row.id, c.row.decision, c.given, c.row.newLabel ?? '', pNoisy.get(c.row.id) ?? '']),
    ),
  );
  const relabelled = r.changes.filter((c) => c.row.decision === 'relabel').length;
  const dropped = r.changes.length - relabelled;
  return { out: o.out, changesPath, rows: r.rows, written: r.written, relabelled, dropped, unchanged: decisions.length - r.changes.length, notes };
}

function checkAgainstReport(o: CleanDecisionsOptions, saved: SavedReport, decisions: readonly DecisionRow[], folder: boolean): void {
  const source = saved.meta.dataset.source;
  if ((source === 'image-folder') !== folder) {
    const what = source === 'csv' ? 'a CSV file' : source === 'signals' ? `another model's ${saved.meta.dataset.signals ?? 'signals'}` : 'an image folder';
    throw new UserError('option', `${o.report}: is an audit of ${what}, but ${o.data} is ${folder ? 'a folder' : 'a file'}; pass the data the audit was run on`);
  }
  const ids = new Set(saved.samples.map((s) => s.id));
  const classes = new Set(saved.meta.dataset.classes.map((c) => c.name));
  for (const d of decisions) {
    if (!ids.has(d.id))
      throw new UserError('value', `${o.decisions} line ${d.line}: id ${quote(d.id)} is not in the report ${o.report}; these decisions were made on another report`);
    if (d.newLabel !== null && !classes.has(d.newLabel)) throw unknownClass(o, d, [...classes]);
  }
}

function unknownClass(o: CleanDecisionsOptions, d: DecisionRow, classes: readonly string[]): UserError {
  return new UserError('value', `${o.decisions} line ${d.line}: new_label ${quote(d.newLabel ?? '')} is not a class of ${o.data} (${listNames(classes)}); fix the row`);
}

function unseen(o: CleanDecisionsOptions, byId: ReadonlyMap<string, DecisionRow>, seen: ReadonlySet<string>): void {
  for (const d of byId.values()) {
    if (!seen.has(d.id)) throw new UserError('value', `${o.decisions} line ${d.line}: id ${quote(d.id)} is not in ${o.data}; these decisions belong to other data`);
  }
}

type Writer = (
  o: CleanDecisionsOptions,
  saved: SavedReport | undefined,
  byId: ReadonlyMap<string, DecisionRow>,
  output: OutputPlan,
  log: (changes: readonly Change[]) => string,
) => Promise<{ rows: number; written: number; changes: Change[] }>;

const cleanCsv: Writer = async (o, saved, byId, output, log) => {
  const header = await readCsvHeader(o.data, o.encoding);
  const columns = saved ? cleanColumns(saved, o.report!, o.data) : undefined;
  const label = columns ? columns.label : (o.label ?? 'label');
  const id = columns ? columns.id : (o.id ?? null);
  const labelAt = label === null ? -1 : header.indexOf(label);
  if (label === null && [...byId.values()].some((d) => d.decision === 'relabel'))
    throw new UserError('column', `${o.data}: has no label column (given_label or label) to relabel in, as the audit's --data had none; decide drop, keep or skip only`);
  if (label !== null && labelAt < 0)
    throw new UserError('column', `${o.data}: no label column ${quote(label)}; ${saved ? 'pass the data the audit was run on' : 'name it with --label <column>'}`);
  const idAt = id === null ? (saved ? -1 : header.findIndex((h, j) => j !== labelAt && ID_COLUMN_NAMES.includes(h))) : header.indexOf(id);
  if (id !== null && idAt < 0)
    throw new UserError('column', `${o.data}: no id column ${quote(id)}; ${saved ? 'pass the data the audit was run on' : 'name it with --id <column>'}`);
  const given = new Map(saved?.samples.map((s) => [s.id, s.givenLabel]) ?? []);
  const classes = new Set<string>();
  const seen = new Set<string>();
  const changes: Change[] = [];
  return writeOutputs(output, async ([copy, changeLog]) => {
    const { rows, written } = await copyCsv(o.data, copy as string, o.encoding ?? 'auto', (fields, row) => {
      const sid = idAt < 0 ? String(row + 1) : (fields[idAt] ?? '');
      const current = fields[labelAt] ?? '';
      classes.add(current);
      // A signals audit's --data may hold rows without signals (the audit counted them): copied as they are.
      if (columns && !columns.everyRow && !given.has(sid)) return fields;
      if (saved && (columns?.checkLabels ?? true) && given.get(sid) !== current) {
        throw new UserError(
          'value',
          `${o.data}: row ${row + 1} (id ${quote(sid)}) ${given.has(sid) ? `has label ${quote(current)} but the report says ${quote(given.get(sid)!)}` : 'is not in the report'}; pass the data the audit was run on`,
        );
      }
      const d = byId.get(sid);
      if (!d) return fields;
      seen.add(sid);
      if (d.decision === 'drop') {
        changes.push({ row: d, given: current });
        return null;
      }
      if (d.decision === 'relabel' && d.newLabel !== current) {
        changes.push({ row: d, given: current });
        fields[labelAt] = d.newLabel!;
      }
      return fields;
    });
    unseen(o, byId, seen);
    // Only known classes: a typo in new_label would otherwise create a class of one.
    for (const d of byId.values()) if (d.newLabel !== null && !classes.has(d.newLabel)) throw unknownClass(o, d, [...classes].sort());
    if (saved && (columns?.everyRow ?? true) && rows !== saved.samples.length)
      throw new UserError('value', `${o.data}: has ${rows} data rows but the report describes ${saved.samples.length} samples; pass the data the audit was run on`);
    await writeFile(changeLog as string, log(changes));
    return { rows, written, changes };
  });
};

/** Images are copied, never moved; a relabelled image goes to its new class folder in the copy. */
const cleanFolder: Writer = async (o, saved, byId, output, log) => {
  const { files, classNames } = await listImageSamples(o.data);
  const classes = new Set(classNames);
  const index = new Map(files.map((f, i) => [f.relPath, i]));
  unseen(o, byId, new Set(index.keys()));
  for (const d of byId.values()) if (d.newLabel !== null && !classes.has(d.newLabel)) throw unknownClass(o, d, classNames);
  if (saved && (files.length !== saved.samples.length || saved.samples.some((s) => !index.has(s.id)))) {
    throw new UserError('value', `${o.data}: its images are not the ones the report ${o.report} describes; pass the data the audit was run on`);
  }
  const changes: Change[] = [];
  const place = files.map((f) => {
    const d = byId.get(f.relPath);
    if (!d || decisionEffects[d.decision] === 'none' || d.newLabel === f.className) return { kind: 'keep' } as const;
    changes.push({ row: d, given: f.className });
    return d.decision === 'drop' ? ({ kind: 'drop' } as const) : ({ kind: 'move', className: d.newLabel! } as const);
  });
  return writeOutputs(output, async ([copy]) => {
    await copyImages(files, (i) => place[i]!, copy as string);
    await writeFile(join(copy as string, 'changes.csv'), log(changes));
    return { rows: files.length, written: files.length - changes.filter((c) => c.row.decision === 'drop').length, changes };
  });
};
