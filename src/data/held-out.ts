/**
 * New data seen through a trained model's eyes (retrain --test, predict): a CSV encoded with the
 * training encoding, or an image folder resized and standardised with the training statistics,
 * its labels mapped onto the training classes.
 */
import { UserError } from '../errors.js';
import type { InputSpec } from './input-spec.js';
import { listNames, quote } from '../util/quote.js';
import { readEncodedTable, type EncodedTable } from './encoded-table.js';
import { pathKind } from './path-kind.js';
import { holdsParquetShards } from './record-stream.js';
import type { TextEncoding } from './text-source.js';
import { listImageFolderSource, listImageTableSource, probeImageColumn } from './image-source.js';
import type { DelimiterChoice } from './delimiter.js';

export interface HeldOutOptions {
  /** CSV label column. @default the training one */
  readonly label?: string;
  /** CSV id column. @default the training one */
  readonly id?: string | null;
  /** CSV text encoding. @default 'auto' */
  readonly textEncoding?: TextEncoding;
  /** CSV field separator. @default 'auto' */
  readonly delimiter?: DelimiterChoice;
}

export async function loadHeldOut(path: string, input: InputSpec, classNames: readonly string[], o: HeldOutOptions = {}): Promise<EncodedTable> {
  // A folder of Parquet shards is a table, not images.
  const folder = (await pathKind(path)) === 'folder' && !(await holdsParquetShards(path));
  if (input.kind === 'table') {
    if (folder) throw new UserError('file', `${path}: is a folder, but the model was trained on a CSV file; pass a CSV with the training columns`);
    return readEncodedTable(path, input.encoding, o);
  }
  const source = {
    ...(o.label !== undefined ? { label: o.label } : {}),
    id: o.id ?? null,
    ...(o.textEncoding ? { encoding: o.textEncoding } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter } : {}),
  };
  // A table that lists image files is images too (image-source.ts), like the training data may have been.
  const imageColumn = folder ? null : await probeImageColumn(path, source);
  if (!folder && imageColumn === null) {
    throw new UserError(
      'file',
      `${path}: is not a folder or a table of image files, but the model was trained on images; pass a folder with one subfolder per class, or a table with a column of image paths`,
    );
  }
  const listed = imageColumn !== null ? await listImageTableSource(path, imageColumn, source) : await listImageFolderSource(path, source);
  // Loaded on demand: image-folder.ts brings sharp's native addon, which a table never needs.
  const { loadImageSource } = await import('./image-folder.js');
  const ds = await loadImageSource(listed, {
    imageSize: input.imageSize,
    channels: input.channels === 1 ? 'gray' : 'rgb',
    normalisation: { mean: input.mean, std: input.std },
  });
  const index = new Map(classNames.map((c, i) => [c, i]));
  const unknown = ds.classNames.filter((c) => !index.has(c));
  if (unknown.length > 0) {
    throw new UserError(
      'dataset',
      `${path}: class folder ${quote(unknown[0]!)}${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''} is not a class the model knows (${listNames(classNames)}); remove or rename it`,
    );
  }
  const labels = Int32Array.from(ds.labels, (l) => index.get(ds.classNames[l]!)!);
  return { path, features: ds.features, sampleShape: ds.sampleShape, ids: ds.ids, labels, warnings: ds.warnings };
}
