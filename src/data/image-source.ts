/**
 * Where a dataset's images come from, decided before any is decoded: a folder (class folders, a
 * split of a train/val/test root, or Hugging Face metadata beside the images) or a table that
 * lists image files. Each gives the same listing, so loading, auditing and retraining do not care.
 */
import { dirname, resolve } from 'node:path';
import { streamCsvRecords } from './csv-tokenizer.js';
import type { DelimiterChoice } from './delimiter.js';
import { discoverImageFolder, type ImageFolderListing } from './image-discovery.js';
import { layoutNote, resolveImageLayout } from './image-layout.js';
import { findImageColumn, listImagesFromTable, PROBE_ROWS } from './image-list.js';
import { readTableRows } from './list-table.js';
import { ID_COLUMN_NAMES } from './csv-options.js';
import type { TextEncoding } from './text-source.js';

/** How a dataset's images are laid out, for report.json (dataset.layout) and the terminal. */
export type ImageLayoutKind = 'class-folders' | 'splits' | 'metadata' | 'table';

export interface ImageSourceOptions {
  /** Split of a train/val/test root. @default 'train' when the root is one; refused otherwise */
  readonly split?: string | null;
  /** Label column of a table or metadata file. @default 'label' */
  readonly label?: string;
  /** Id column of a table. @default null: the image path as written */
  readonly id?: string | null;
  /** Column of image paths in a table. @default detected */
  readonly imageColumn?: string | null;
  readonly encoding?: TextEncoding;
  readonly delimiter?: DelimiterChoice;
}

export interface ImageSource {
  readonly listing: ImageFolderListing;
  /** What the dataset is: the folder given, its split folder, or the table. */
  readonly path: string;
  readonly layout: ImageLayoutKind;
  readonly split: string | null;
  /** Every split of the root ([] unless layout is 'splits'). */
  readonly splits: readonly string[];
  /** The table or metadata file that lists the images, or null. */
  readonly table: string | null;
  /** Its column of image paths, or null. */
  readonly imageColumn: string | null;
  /** A table's column the ids came from (its image column when they are the paths), or null for folders. */
  readonly idColumn: string | null;
  /** True when ids are not the image paths relative to `path`'s folder (a table's --id column). */
  readonly idsArePaths: boolean;
  /** What was decided, for the report's warnings (null: nothing to say). */
  readonly note: string | null;
}

/** Hugging Face's metadata files name the image column so. */
const HF_FILE_COLUMN = 'file_name';

export async function listImageFolderSource(dir: string, o: ImageSourceOptions = {}): Promise<ImageSource> {
  const layout = await resolveImageLayout(dir, o.split);
  const note = layoutNote(layout);
  const common = { path: layout.folder, split: layout.split, splits: layout.splits, idsArePaths: true, idColumn: null, note };
  if (layout.metadata !== null) {
    const table = await readTableRows(layout.metadata, { ...(o.encoding ? { encoding: o.encoding } : {}) });
    const listing = await listImagesFromTable(table, { imageColumn: HF_FILE_COLUMN, label: o.label ?? 'label', id: null, base: layout.folder });
    return { ...common, listing, layout: 'metadata', table: layout.metadata, imageColumn: HF_FILE_COLUMN };
  }
  const listing = await discoverImageFolder(layout.folder);
  return { ...common, listing, layout: layout.kind, table: null, imageColumn: null };
}

export async function listImageTableSource(path: string, imageColumn: string, o: ImageSourceOptions = {}): Promise<ImageSource> {
  const table = await readTableRows(path, { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.delimiter ? { delimiter: o.delimiter } : {}) });
  // As in a feature table: a column named like an id is the id (ID_COLUMN_NAMES), else the path as written.
  const label = o.label ?? 'label';
  const id = o.id ?? table.header.find((h) => h !== label && h !== imageColumn && ID_COLUMN_NAMES.includes(h)) ?? null;
  const listing = await listImagesFromTable(table, { imageColumn, label, id });
  return {
    listing,
    path,
    layout: 'table',
    split: null,
    splits: [],
    table: path,
    imageColumn,
    idColumn: id ?? imageColumn,
    idsArePaths: id === null,
    note: `images listed in column '${imageColumn}' of ${path}${o.imageColumn ? '' : ' (found by its values: paths of image files; pass --image-column to choose another)'}${id !== null && o.id == null ? `, ids from column '${id}'` : ''}`,
  };
}

/**
 * The column of a CSV-like table whose first rows are all paths of existing image files, or null
 * (then the table is read as features). Reads only the header and the first rows.
 */
export async function probeImageColumn(path: string, o: ImageSourceOptions = {}): Promise<string | null> {
  let header: string[] | null = null;
  const rows: string[][] = [];
  await streamCsvRecords(
    path,
    (fields) => {
      if (header === null) header = fields;
      else rows.push(fields);
      return rows.length >= PROBE_ROWS ? 'stop' : undefined;
    },
    o.encoding,
    o.delimiter,
  );
  const h = header as string[] | null;
  if (h === null) return null;
  const skip = [o.label ?? 'label', ...(o.id ? [o.id] : [])];
  return findImageColumn({ header: h, rows }, resolve(dirname(path)), skip);
}
