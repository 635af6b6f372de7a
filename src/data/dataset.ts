import { createRng } from '../util/rng.js';

/**
 * The one shape every source (CSV, image folder) is loaded into. Features are kept in a flat JS
 * typed array, not a tensor: batches are cut with subarray() and turned into one small tensor each
 * (tfjs-wasm.md, point 5: slicing a big wasm tensor copies the whole source every time).
 */
export interface LabeledDataset {
  readonly source: 'csv' | 'image-folder';
  /** The path the user gave, as given. */
  readonly path: string;
  /** Row-major, n * prod(sampleShape) values, already encoded and standardised. */
  readonly features: Float32Array;
  /** Shape of one sample: [d] for tables, [h, w, c] for images. */
  readonly sampleShape: readonly number[];
  /** Given (possibly wrong) label of each sample, an index into classNames. */
  readonly labels: Int32Array;
  /** Stable, unique id per sample: the --id column, the 1-based data row number, or the image path. */
  readonly ids: readonly string[];
  /** Class names sorted for a stable order; label i means classNames[i]. */
  readonly classNames: readonly string[];
  /** What loading noticed but did not refuse; copied into the report. */
  readonly warnings: readonly string[];
}

export function sampleSize(ds: Pick<LabeledDataset, 'sampleShape'>): number {
  return ds.sampleShape.reduce((a, b) => a * b, 1);
}

export function classCounts(ds: Pick<LabeledDataset, 'labels' | 'classNames'>): number[] {
  const counts = new Array<number>(ds.classNames.length).fill(0);
  for (const l of ds.labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

/** Some samples of a dataset, copied out in the given order, with what a model needs to train or be scored on them. */
export interface DatasetSlice {
  readonly features: Float32Array;
  readonly sampleShape: readonly number[];
  readonly labels: Int32Array;
  readonly numClasses: number;
  readonly ids: readonly string[];
}

export function subset(ds: Pick<LabeledDataset, 'features' | 'sampleShape' | 'labels' | 'ids' | 'classNames'>, indices: Int32Array): DatasetSlice {
  const d = sampleSize(ds);
  const features = new Float32Array(indices.length * d);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, i) => {
    features.set(ds.features.subarray(src * d, (src + 1) * d), i * d);
    labels[i] = ds.labels[src]!;
  });
  return { features, sampleShape: ds.sampleShape, labels, numClasses: ds.classNames.length, ids: Array.from(indices, (i) => ds.ids[i]!) };
}

/**
 * A seeded split: the held-out rows are a random `fraction` of the data (at least one), the rest
 * trains; both keep input order. The seed is mixed so that the split does not share its stream
 * with the run that uses the same --seed for shuffling and weights.
 */
export function split(ds: Parameters<typeof subset>[0], fraction: number, seed: number): { train: DatasetSlice; holdout: DatasetSlice } {
  const n = ds.labels.length;
  const order = createRng(seed ^ 0x5eed5eed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const k = Math.max(1, Math.round(fraction * n));
  return { holdout: subset(ds, order.slice(0, k).sort()), train: subset(ds, order.slice(k).sort()) };
}
