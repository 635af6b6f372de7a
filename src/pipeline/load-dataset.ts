/**
 * One entry for every source: a folder is an image dataset (one subfolder per class), anything
 * else a CSV file. audit and retrain load through here, so they accept the same inputs.
 */
import { loadCsv, type CsvDataset } from '../data/csv.js';
import type { ChannelChoice } from '../data/channels.js';
import type { ImageDataset } from '../data/image-folder.js';
import { pathKind } from '../data/path-kind.js';
import type { TextEncoding } from '../data/text-source.js';
import type { DelimiterChoice } from '../data/delimiter.js';

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
}

export async function loadDataset(path: string, o: DatasetOptions, onDecode?: (done: number, total: number) => void): Promise<AnyDataset> {
  if ((await pathKind(path)) === 'folder') {
    // Loaded on demand: image-folder.ts brings sharp's native addon, which a CSV never needs.
    const { loadImageFolder } = await import('../data/image-folder.js');
    return loadImageFolder(path, { imageSize: o.imageSize, channels: o.channels }, onDecode);
  }
  return loadCsv(path, {
    label: o.label,
    ...(o.id !== null ? { id: o.id } : {}),
    ...(o.features !== null ? { features: o.features } : {}),
    maxCategories: o.maxCategories,
    encoding: o.encoding,
    delimiter: o.delimiter,
  });
}
