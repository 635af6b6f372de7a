/**
 * One entry for every source: a folder is an image dataset (class folders, a split of a
 * train/val/test root, or Hugging Face metadata), a table that lists image files is one too, and
 * any other table is features. audit and retrain load through here, so they accept the same inputs.
 */
import { loadCsv, type CsvDataset } from '../data/csv.js';
import type { ChannelChoice } from '../data/channels.js';
import type { ImageDataset } from '../data/image-folder.js';
import { pathKind } from '../data/path-kind.js';
import { holdsParquetShards } from '../data/record-stream.js';
import { UserError } from '../errors.js';
import type { TextEncoding } from '../data/text-source.js';
import type { DelimiterChoice } from '../data/delimiter.js';
import { listImageFolderSource, listImageTableSource, probeImageColumn, type ImageSourceOptions } from '../data/image-source.js';

export type AnyDataset = CsvDataset | ImageDataset;

export interface DatasetOptions {
  readonly label: string;
  readonly id: string | null;
  readonly features: readonly string[] | null;
  readonly maxCategories: number;
  readonly encoding: TextEncoding;
  readonly delimiter: DelimiterChoice;
  readonly imageSize: number;
  readonly channels: ChannelChoice;
  readonly split: string | null;
  readonly imageColumn: string | null;
}

/** `onRows`: a table's data rows read so far, now and then (csv-options.ts ROWS_PER_PROGRESS). */
export async function loadDataset(path: string, o: DatasetOptions, onDecode?: (done: number, total: number) => void, onRows?: (rows: number) => void): Promise<AnyDataset> {
  const source: ImageSourceOptions = { split: o.split, label: o.label, id: o.id, imageColumn: o.imageColumn, encoding: o.encoding, delimiter: o.delimiter };
  const kind = await pathKind(path);
  if (kind === 'folder' && !(await holdsParquetShards(path))) {
    const listed = await listImageFolderSource(path, source);
    // Loaded on demand: image-folder.ts brings sharp's native addon, which a CSV never needs.
    const { loadImageSource } = await import('../data/image-folder.js');
    return loadImageSource(listed, { imageSize: o.imageSize, channels: o.channels }, onDecode);
  }
  if (kind === 'file' && o.split !== null) {
    throw new UserError('option', `${path}: --split applies to an image folder split into train/val/test subfolders, not to a table; drop --split`);
  }
  const imageColumn = kind === 'file' && o.features === null ? (o.imageColumn ?? (await probeImageColumn(path, source))) : o.imageColumn;
  if (imageColumn !== null) {
    const listed = await listImageTableSource(path, imageColumn, source);
    const { loadImageSource } = await import('../data/image-folder.js');
    return loadImageSource(listed, { imageSize: o.imageSize, channels: o.channels }, onDecode);
  }
  return loadCsv(path, {
    label: o.label,
    ...(o.id !== null ? { id: o.id } : {}),
    ...(o.features !== null ? { features: o.features } : {}),
    maxCategories: o.maxCategories,
    encoding: o.encoding,
    delimiter: o.delimiter,
    ...(onRows ? { onRows } : {}),
  });
}
