/**
 * What a signals audit (--probs/--logits/--losses) can show beside its verdict: the original
 * table's fields, joined by id (`--data`), in suspects.csv and report.html's expandable rows; and
 * thumbnails of images named by the ids (`--images`). Ids on one side only are counted and shown
 * by example in a warning; no overlap at all is a UserError, since it means the wrong file or
 * --id. Read before anything is written, so a bad attachment leaves no output.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { detectFormat } from '../data/formats/sniff.js';
import { visitTable } from '../data/table-rows.js';
import type { TextEncoding } from '../data/text-source.js';
import type { OriginalRows } from '../reports/csv.js';
import type { AttachedData, LabelNoiseReport } from '../reports/report.js';
import type { SampleRows } from '../reports/sample-rows.js';
import { quote } from '../util/quote.js';

export interface Attachments {
  readonly originalRows?: OriginalRows;
  /** The --data table as report.json records it (dataset.attachedData), so `clean` can copy it later. */
  readonly attachedData?: AttachedData;
  readonly thumbnails?: Map<number, string>;
  readonly warnings: string[];
}

export interface AttachOptions {
  /** The signals' --label: the data table's label column when it has one of that name. */
  readonly label?: string;
  /** The original table (any table format), joined by id. */
  readonly data?: string;
  /** A folder under which every id is an image's relative path. */
  readonly images?: string;
  /** The data table's id column. @default 'id' */
  readonly id?: string;
  readonly encoding?: TextEncoding;
  /** Samples, best-ranked first, whose data rows and thumbnails report.html embeds (suspects.csv gets every flagged one). @default 2000 */
  readonly top?: number;
}

const examples = (ids: readonly string[]): string => ids.map((id) => quote(id)).join(', ');

async function attachData(path: string, report: LabelNoiseReport, all: SampleRows, o: AttachOptions): Promise<{ rows: OriginalRows; attached: AttachedData; warning?: string }> {
  const top = o.top ?? 2000;
  const index = new Map<string, number>();
  const wanted = new Set<number>();
  for (let pos = 0; pos < all.length; pos++) {
    const s = all.at(pos);
    index.set(s.id, s.index);
    if (s.flagged || pos < top) wanted.add(s.index);
  }
  const idName = o.id ?? 'id';
  let header: readonly string[] = [];
  let idCol = -1;
  const rows = new Map<number, readonly string[]>();
  const seen = new Set<number>();
  let dataOnly = 0;
  const dataOnlyExamples: string[] = [];
  const take = (id: string, fields: () => readonly string[]) => {
    const i = index.get(id);
    if (i === undefined) {
      dataOnly++;
      if (dataOnlyExamples.length < 3) dataOnlyExamples.push(id);
      return;
    }
    seen.add(i);
    if (wanted.has(i)) rows.set(i, fields());
  };
  await visitTable(path, await detectFormat(path, o.encoding), o.encoding, {
    header(columns) {
      header = columns;
      idCol = columns.indexOf(idName);
      if (idCol < 0)
        throw new UserError(
          'column',
          `${path}: no id column ${quote(idName)} to join on (columns: ${columns.slice(0, 6).join(', ')}${columns.length > 6 ? ', ...' : ''}); name it with --id`,
        );
    },
    textRow(fields) {
      take(fields[idCol]!, () => fields);
    },
    chunk(chunk) {
      const ids = chunk.strings(idCol);
      let cols: (readonly string[])[] | undefined;
      for (let r = 0; r < chunk.length; r++) {
        take(ids[r]!, () => {
          cols ??= header.map((_, j) => chunk.strings(j));
          return cols.map((c) => c[r]!);
        });
      }
    },
  });
  if (seen.size === 0)
    throw new UserError(
      'value',
      `${path}: none of its ${dataOnly} ids matches an id of ${report.dataset.path} (e.g. ${examples(dataOnlyExamples)} vs ${examples(report.samples.slice(0, 3).map((s) => s.id))}); check --data and --id`,
    );
  let missing = 0;
  const missingExamples: string[] = [];
  for (let pos = 0; pos < all.length; pos++) {
    const s = all.at(pos);
    if (seen.has(s.index)) continue;
    missing++;
    if (missingExamples.length < 3) missingExamples.push(s.id);
  }
  const parts: string[] = [];
  if (missing > 0) parts.push(`${missing} of the ${all.length} samples have no row in ${path} (e.g. ${examples(missingExamples)})`);
  if (dataOnly > 0) parts.push(`${dataOnly} rows of ${path} have no signals (e.g. ${examples(dataOnlyExamples)})`);
  // The given labels' column in the table, if it has one: clean checks it and relabels in it.
  const labelColumn = [o.label, 'given_label', 'label'].find((c) => c !== undefined && header.includes(c)) ?? null;
  const attached: AttachedData = { path, absolutePath: resolve(path), idColumn: idName, labelColumn };
  return { rows: { header, rows }, attached, ...(parts.length > 0 ? { warning: `--data: ${parts.join('; ')}` } : {}) };
}

async function attachImages(dir: string, report: LabelNoiseReport, o: AttachOptions): Promise<{ thumbnails: Map<number, string>; warning?: string }> {
  const shown = report.samples.slice(0, o.top ?? 2000);
  const root = resolve(dir);
  const present = await Promise.all(
    shown.map((s) =>
      access(join(root, s.id)).then(
        () => true,
        () => false,
      ),
    ),
  );
  const missing = shown.filter((_, k) => !present[k]);
  if (missing.length === shown.length)
    throw new UserError(
      'value',
      `--images ${dir}: none of the ids names a file in it (e.g. ${examples(shown.slice(0, 3).map((s) => s.id))}); the ids must be image paths relative to that folder`,
    );
  const { makeThumbnails } = await import('./thumbnails.js');
  const thumbnails = await makeThumbnails(
    (s) => resolve(dir, s.id),
    shown.filter((_, k) => present[k]),
  );
  const unreadable = shown.length - missing.length - thumbnails.size;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${missing.length} of the ${shown.length} best-ranked ids name no file in ${dir} (e.g. ${examples(missing.slice(0, 3).map((s) => s.id))})`);
  if (unreadable > 0) parts.push(`${unreadable} files could not be read as images`);
  return { thumbnails, ...(parts.length > 0 ? { warning: `--images: ${parts.join('; ')}` } : {}) };
}

/** `rows`: every sample (the report may hold only the top of the ranking). */
export async function readAttachments(report: LabelNoiseReport, rows: SampleRows, o: AttachOptions): Promise<Attachments> {
  const data = o.data === undefined ? undefined : await attachData(o.data, report, rows, o);
  const images = o.images === undefined ? undefined : await attachImages(o.images, report, o);
  return {
    ...(data ? { originalRows: data.rows, attachedData: data.attached } : {}),
    ...(images ? { thumbnails: images.thumbnails } : {}),
    warnings: [data?.warning, images?.warning].filter((w): w is string => w !== undefined),
  };
}
