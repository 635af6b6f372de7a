/**
 * Images listed in a table (what labelling tools export, and Hugging Face's metadata.csv /
 * metadata.jsonl): one row per image, a column of paths (relative to the table's folder, or
 * absolute), a label column, and optionally an id column. The result is the listing a class folder
 * gives, so the images are then decoded exactly as a folder's are.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { quote } from '../util/quote.js';
import { isMissing } from './csv-values.js';
import { isImageFileName, naturalCompare, type ImageFolderListing } from './image-discovery.js';
import { columnIndex, type TableRows } from './list-table.js';

export interface ImageListOptions {
  /** Column of image paths. */
  readonly imageColumn: string;
  readonly label: string;
  /** Id column; null: the path as written is the id. */
  readonly id: string | null;
  /** Folder that relative paths start from. @default the table's folder */
  readonly base?: string;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export async function listImagesFromTable(table: TableRows, o: ImageListOptions): Promise<ImageFolderListing> {
  const base = resolve(o.base ?? dirname(table.path));
  const img = columnIndex(table, o.imageColumn, 'image', 'name the column of image paths with --image-column <column>');
  const lab = columnIndex(table, o.label, 'label', 'name the label column with --label <column>');
  const idAt = o.id === null ? img : columnIndex(table, o.id, '--id', 'pass a column name from the table to --id');
  if (table.rows.length === 0) throw new UserError('file', `${table.path}: lists no images; add a row per image`);
  const files: { relPath: string; className: string; absPath: string }[] = [];
  const missing: string[] = [];
  let missingCount = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const path = row[img] ?? '';
    const label = row[lab] ?? '';
    const id = row[idAt] ?? '';
    if (isMissing(path)) throw new UserError('value', `${table.where(i)}: no image path in column ${quote(o.imageColumn)}; fill it in or remove the row`);
    if (isMissing(label)) throw new UserError('value', `${table.where(i)}: missing label in column ${quote(o.label)}; fill it in or remove the row`);
    if (isMissing(id)) throw new UserError('value', `${table.where(i)}: missing id in column ${quote(o.id ?? o.imageColumn)}; every row needs a unique id`);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new UserError(
        'value',
        `${table.where(i)}: ${o.id === null ? 'image' : 'id'} ${quote(id)} is also listed on ${table.where(first).replace(`${table.path} `, '')}; list each image once`,
      );
    }
    seen.set(id, i);
    const absPath = isAbsolute(path) ? path : resolve(base, path);
    if (!(await isFile(absPath))) {
      missingCount++;
      if (missing.length < 3) missing.push(`${quote(path)} (${table.where(i).replace(`${table.path} `, '')})`);
      continue;
    }
    files.push({ relPath: id, className: label, absPath });
  }
  if (missingCount > 0) {
    throw new UserError(
      'file',
      `${table.path}: ${missingCount} of ${table.rows.length} image paths in column ${quote(o.imageColumn)} are not files, e.g. ${missing.join(', ')}; paths are relative to ${base} or absolute, so fix them or remove those rows`,
    );
  }
  const classes = [...new Set(files.map((f) => f.className))].sort(naturalCompare);
  if (classes.length < 2) {
    throw new UserError('dataset', `${table.path}: every image is labelled ${quote(classes[0] ?? '')} in column ${quote(o.label)}; need at least two classes`);
  }
  return { root: base, classes, files, ignored: [], emptyClasses: [] };
}

/** Rows findImageColumn looks at. */
export const PROBE_ROWS = 20;

/**
 * The column whose values are all paths of existing image files (relative to `base` or absolute),
 * checking the first rows only: a column of other text fails on its first value.
 */
export async function findImageColumn(table: Pick<TableRows, 'header' | 'rows'>, base: string, skip: readonly string[]): Promise<string | null> {
  const probe = table.rows.slice(0, PROBE_ROWS);
  if (probe.length === 0) return null;
  for (let j = 0; j < table.header.length; j++) {
    const name = table.header[j]!;
    if (skip.includes(name)) continue;
    let all = true;
    for (const row of probe) {
      const p = row[j] ?? '';
      if (isMissing(p) || !isImageFileName(p) || !(await isFile(isAbsolute(p) ? p : resolve(base, p)))) {
        all = false;
        break;
      }
    }
    if (all) return name;
  }
  return null;
}
