/**
 * Loads a class-per-folder image dataset into one flat Float32Array (HWC per image, images in
 * relPath order). Pixels go straight from sharp's buffer into one preallocated byte array, so no
 * per-image object outlives its decode; the float features are made once, at the end.
 */
import { UserError } from '../errors.js';
import type { LabeledDataset } from './dataset.js';
import type { PixelLayout } from './channels.js';
import { decodeImage, isGrayRgb } from './image-decode.js';
import { loadSharp } from './load-sharp.js';
import type { IgnoredEntry } from './image-discovery.js';
import type { ChannelChoice } from './channels.js';
import { listImageFolderSource, type ImageSource, type ImageSourceOptions } from './image-source.js';

export { CHANNEL_CHOICES, type ChannelChoice } from './channels.js';

export interface ImageLoadOptions extends ImageSourceOptions {
  /** Every image is resized to imageSize x imageSize. */
  readonly imageSize: number;
  /** 'gray' (1 channel), 'rgb' (3) or 'auto'. */
  readonly channels: ChannelChoice;
  /** Images decoding at once; bounds memory on large photos. 8 hides sharp's per-file latency (20k PNGs: 27.8 s with 4, 23.4 s with 8). @default 8 */
  readonly concurrency?: number;
  /**
   * Standardise with these statistics instead of this folder's own: a test or predict set must be
   * scaled exactly as the training set was. @default computed from the folder
   */
  readonly normalisation?: ImageNormalisation;
}

/** Per-channel statistics of the [0, 1]-scaled pixels; features are (x - mean) / std. */
export interface ImageNormalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface SkippedImage {
  readonly relPath: string;
  readonly reason: string;
}

export interface ImageDataset extends LabeledDataset {
  readonly source: 'image-folder';
  /** Where the images came from: class folders, a split, Hugging Face metadata, or a table that lists them. */
  readonly origin: Omit<ImageSource, 'listing' | 'path' | 'note'>;
  /** Absolute path of the folder. */
  readonly root: string;
  /** Absolute path of each sample (same order as ids). */
  readonly absPaths: readonly string[];
  readonly imageSize: number;
  /** What 'auto' resolved to. */
  readonly channels: PixelLayout;
  /** Kept so that predict can standardise new images exactly as training saw them. */
  readonly normalisation: ImageNormalisation;
  /** Image files that could not be read or decoded (corrupt, truncated, empty, too large, unreadable). */
  readonly skipped: readonly SkippedImage[];
  /** Files that are not part of the dataset (not images, hidden, outside class folders). */
  readonly ignored: readonly IgnoredEntry[];
  /** Class folders without a decodable image. */
  readonly emptyClasses: readonly string[];
}

export type ImageProgress = (done: number, total: number) => void;

export async function loadImageFolder(dir: string, options: ImageLoadOptions, onProgress?: ImageProgress): Promise<ImageDataset> {
  return loadImageSource(await listImageFolderSource(dir, options), options, onProgress);
}

/** Decodes the images of a listing (a folder's, or a table's): every layout ends here. */
export async function loadImageSource(src: ImageSource, options: ImageLoadOptions, onProgress?: ImageProgress): Promise<ImageDataset> {
  const { listing, path: dir } = src;
  // Before any work: without sharp, say so once instead of skipping every image as undecodable.
  await loadSharp();
  const size = options.imageSize;
  const pixels = size * size;
  // 'auto' decodes as rgb and collapses to gray afterwards if every image turned out gray.
  const decodeLayout: PixelLayout = options.channels === 'gray' ? 'gray' : 'rgb';
  const decodeChannels = decodeLayout === 'gray' ? 1 : 3;
  const n = listing.files.length;
  const raw = new Uint8Array(n * pixels * decodeChannels);
  const ok = new Uint8Array(n);
  const reasons = new Map<number, string>();
  let allGray = true;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const result = await decodeImage(listing.files[i]!.absPath, size, decodeLayout);
      if (result.ok) {
        raw.set(result.pixels, i * pixels * decodeChannels);
        ok[i] = 1;
        if (allGray && decodeLayout === 'rgb' && !isGrayRgb(result.pixels)) allGray = false;
      } else {
        reasons.set(i, result.reason);
      }
      onProgress?.(++done, n);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, n));
  await Promise.all(Array.from({ length: concurrency }, worker));

  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (ok[i]) kept.push(i);
  const skipped = [...reasons].sort((a, b) => a[0] - b[0]).map(([i, reason]) => ({ relPath: listing.files[i]!.relPath, reason }));
  const classNames = listing.classes.filter((c) => kept.some((i) => listing.files[i]!.className === c));
  if (classNames.length < 2) {
    const why = skipped.length > 0 ? ` (${skipped.length} of ${n} images could not be decoded, e.g. ${skipped[0]!.relPath}: ${skipped[0]!.reason})` : '';
    throw new UserError('dataset', `${dir}: fewer than two classes have a decodable image${why}; need at least two`);
  }
  const channels: PixelLayout = options.channels === 'auto' ? (allGray ? 'gray' : 'rgb') : options.channels;
  const c = channels === 'gray' ? 1 : 3;
  const normalisation = options.normalisation ?? normalisationOf(channelHistograms(raw, kept, pixels, decodeChannels, c), kept.length * pixels);
  if (normalisation.mean.length !== c) {
    throw new UserError('option', `${dir}: the images have ${c} channel(s) but the model was trained on ${normalisation.mean.length}; pass --channels to match`);
  }
  const features = new Float32Array(kept.length * pixels * c);
  const luts = normalisation.mean.map((m, ch) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - m) / normalisation.std[ch]!));
  kept.forEach((src, k) => {
    const from = src * pixels * decodeChannels;
    const to = k * pixels * c;
    for (let p = 0; p < pixels; p++) {
      for (let ch = 0; ch < c; ch++) features[to + p * c + ch] = luts[ch]![pixelValue(raw, from, p, ch, decodeChannels, c)]!;
    }
  });
  const classIndex = new Map(classNames.map((name, i) => [name, i]));
  const files = kept.map((i) => listing.files[i]!);
  const emptyClasses = [...listing.emptyClasses, ...listing.classes.filter((x) => !classIndex.has(x))];
  const origin = { layout: src.layout, split: src.split, splits: src.splits, table: src.table, imageColumn: src.imageColumn, idsArePaths: src.idsArePaths, idColumn: src.idColumn };
  return {
    source: 'image-folder',
    origin,
    path: dir,
    root: listing.root,
    features,
    sampleShape: [size, size, c],
    labels: Int32Array.from(files, (f) => classIndex.get(f.className)!),
    ids: files.map((f) => f.relPath),
    absPaths: files.map((f) => f.absPath),
    classNames,
    imageSize: size,
    channels,
    normalisation,
    skipped,
    ignored: listing.ignored,
    emptyClasses,
    warnings: [...(src.note !== null ? [src.note] : []), ...imageWarnings(skipped, listing.ignored, emptyClasses, n)],
  };
}

/** Value of channel ch of pixel p; collapsing rgb to gray takes the rounded mean (the channels agree within 2). */
function pixelValue(raw: Uint8Array, from: number, p: number, ch: number, decoded: number, wanted: number): number {
  if (decoded === wanted) return raw[from + p * decoded + ch]!;
  const o = from + p * 3;
  return Math.round((raw[o]! + raw[o + 1]! + raw[o + 2]!) / 3);
}

/** 256-bin histogram per output channel: exact mean and std from integer counts, in one pass. */
function channelHistograms(raw: Uint8Array, kept: readonly number[], pixels: number, decoded: number, wanted: number): Float64Array[] {
  const hist = Array.from({ length: wanted }, () => new Float64Array(256));
  for (const i of kept) {
    const from = i * pixels * decoded;
    for (let p = 0; p < pixels; p++) {
      for (let ch = 0; ch < wanted; ch++) hist[ch]![pixelValue(raw, from, p, ch, decoded, wanted)]!++;
    }
  }
  return hist;
}

function normalisationOf(hist: readonly Float64Array[], count: number): ImageNormalisation {
  const mean: number[] = [];
  const std: number[] = [];
  for (const h of hist) {
    let s = 0;
    let s2 = 0;
    for (let v = 0; v < 256; v++) {
      const x = v / 255;
      s += h[v]! * x;
      s2 += h[v]! * x * x;
    }
    const m = s / count;
    const sd = Math.sqrt(Math.max(0, s2 / count - m * m));
    mean.push(m);
    // A constant channel carries no information; dividing by ~0 would only blow up rounding noise.
    std.push(sd > 1e-6 ? sd : 1);
  }
  return { mean, std };
}

function imageWarnings(skipped: readonly SkippedImage[], ignored: readonly IgnoredEntry[], emptyClasses: readonly string[], total: number): string[] {
  const w: string[] = [];
  const few = (items: readonly string[], k = 5): string => items.slice(0, k).join(', ') + (items.length > k ? `, and ${items.length - k} more` : '');
  if (skipped.length > 0) {
    w.push(`${skipped.length} of ${total} images could not be decoded and were skipped: ${few(skipped.map((s) => `${s.relPath} (${s.reason})`))}`);
  }
  const visible = ignored.filter((x) => x.reason !== 'hidden');
  if (visible.length > 0) {
    const what = visible.length === 1 ? 'entry was ignored (not a class image)' : 'entries were ignored (not class images)';
    w.push(
      `${visible.length} ${what}: ${few(
        visible.map((x) => `${x.relPath}: ${x.reason}`),
        3,
      )}`,
    );
  }
  if (emptyClasses.length > 0) {
    w.push(
      `${emptyClasses.length === 1 ? 'a class folder has' : `${emptyClasses.length} class folders have`} no decodable image and ${emptyClasses.length === 1 ? 'is' : 'are'} not used as a class: ${few([...emptyClasses])}`,
    );
  }
  return w;
}
