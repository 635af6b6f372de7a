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

export function numSamples(ds: Pick<LabeledDataset, 'labels'>): number {
  return ds.labels.length;
}

export function classCounts(ds: Pick<LabeledDataset, 'labels' | 'classNames'>): number[] {
  const counts = new Array<number>(ds.classNames.length).fill(0);
  for (const l of ds.labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
