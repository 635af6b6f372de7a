/**
 * inspect: what the loader decides about a dataset, without training: every column's role, type,
 * encoding, missing cells and distinct values, the classes and their counts; for images the
 * layout, split, file formats, pixel sizes and unreadable files. Loads no tfjs (it never trains),
 * and sharp only to read image headers.
 */
import { extname } from 'node:path';
import { classCounts } from '../data/dataset.js';
import type { CsvDataset } from '../data/csv.js';
import { streamCsvRecords } from '../data/csv-tokenizer.js';
import { isMissing, parseDecimal } from '../data/csv-values.js';
import type { ImageDataset } from '../data/image-folder.js';
import { resolveTrainingOptions, type TrainingOptions } from '../options/training.js';
import { loadDataset } from './load-dataset.js';
import { loadSharp } from '../data/load-sharp.js';

export const INSPECT_KIND = 'labelsleuth-inspect' as const;

export type ColumnRole = 'label' | 'id' | 'feature' | 'dropped' | 'ignored';

export interface ColumnSchema {
  readonly name: string;
  readonly role: ColumnRole;
  readonly type: 'numeric' | 'text';
  /** How it reaches the model: "standardised", "one-hot, 5 categories", "dropped: constant", "sample id", "label". */
  readonly encoding: string;
  readonly missing: number;
  /** Distinct non-missing values, counted up to DISTINCT_CAP (then the cap, with `distinctCapped`). */
  readonly distinct: number;
  readonly distinctCapped: boolean;
}

export interface InspectResult {
  readonly kind: typeof INSPECT_KIND;
  readonly version: 1;
  readonly path: string;
  readonly source: 'csv' | 'image-folder';
  readonly rows: number;
  /** Values per sample the model would see. */
  readonly featureSize: number;
  readonly classes: readonly { readonly name: string; readonly count: number }[];
  readonly table?: { readonly format: string; readonly delimiter: string | null; readonly idColumn: string | null; readonly columns: readonly ColumnSchema[] };
  readonly images?: {
    readonly layout: string;
    readonly split: string | null;
    readonly splits: readonly string[];
    readonly imageColumn: string | null;
    /** Files by extension, e.g. { ".png": 400 }. */
    readonly formats: Readonly<Record<string, number>>;
    /** Pixel sizes "WxH" by count, most common first (at most 10). */
    readonly sizes: readonly { readonly size: string; readonly count: number }[];
    /** Files that could not be decoded, with why. */
    readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  };
  readonly warnings: readonly string[];
}

export interface InspectRequest extends TrainingOptions {
  readonly path: string;
}

/** Distinct values counted per column at most: enough to tell an id from a category, bounded memory. */
const DISTINCT_CAP = 100_000;

export async function runInspect(request: InspectRequest): Promise<InspectResult> {
  const s = resolveTrainingOptions(request);
  // Decoding at the smallest size the loader takes: inspect wants which files decode, not their pixels.
  const ds = await loadDataset(request.path, { ...s, imageSize: 8 });
  const base = {
    kind: INSPECT_KIND,
    version: 1 as const,
    path: ds.path,
    source: ds.source,
    rows: ds.labels.length,
    featureSize: ds.source === 'csv' ? (ds.sampleShape[0] ?? 0) : s.imageSize * s.imageSize * (ds.sampleShape[2] ?? 1),
    classes: classCounts(ds).map((count, i) => ({ name: ds.classNames[i]!, count })),
    warnings: ds.warnings,
  };
  if (ds.source === 'csv') return { ...base, table: await tableSchema(ds, s.encoding) };
  return { ...base, images: await imageSchema(ds) };
}

async function tableSchema(ds: CsvDataset, encoding: TrainingOptions['encoding']): Promise<NonNullable<InspectResult['table']>> {
  const n = ds.header.length;
  const missing = new Array<number>(n).fill(0);
  const numeric = new Array<boolean>(n).fill(true);
  const seen = ds.header.map(() => new Set<string>());
  let first = true;
  await streamCsvRecords(
    ds.path,
    (fields) => {
      if (first) {
        first = false;
        return;
      }
      for (let j = 0; j < n; j++) {
        const v = fields[j] ?? '';
        if (isMissing(v)) {
          missing[j]!++;
          continue;
        }
        if (numeric[j] && !Number.isFinite(parseDecimal(v) ?? Number.NaN)) numeric[j] = false;
        const set = seen[j]!;
        if (set.size < DISTINCT_CAP) set.add(v);
      }
    },
    encoding,
    ds.delimiter ?? 'auto',
  );
  const enc = ds.encoding;
  const columns = ds.header.map((name, j): ColumnSchema => {
    const col = enc.columns.find((c) => c.name === name);
    const drop = enc.dropped.find((d) => d.name === name);
    const role: ColumnRole = name === enc.label ? 'label' : name === enc.id ? 'id' : col ? 'feature' : drop ? 'dropped' : 'ignored';
    const encoding =
      role === 'label'
        ? `label, ${enc.classNames.length} classes`
        : role === 'id'
          ? 'sample id'
          : col?.kind === 'numeric'
            ? 'standardised'
            : col?.kind === 'categorical'
              ? `one-hot, ${col.categories.length} categories`
              : drop
                ? `dropped: ${drop.reason}`
                : 'not in --features';
    const distinct = seen[j]!.size;
    return { name, role, type: numeric[j] && distinct > 0 ? 'numeric' : 'text', encoding, missing: missing[j]!, distinct, distinctCapped: distinct >= DISTINCT_CAP };
  });
  return { format: ds.format, delimiter: ds.delimiter, idColumn: enc.id, columns };
}

async function imageSchema(ds: ImageDataset): Promise<NonNullable<InspectResult['images']>> {
  const sharp = await loadSharp();
  const formats: Record<string, number> = {};
  const sizes = new Map<string, number>();
  for (const f of ds.absPaths) {
    const ext = extname(f).toLowerCase() || '(none)';
    formats[ext] = (formats[ext] ?? 0) + 1;
    try {
      const m = await sharp(f).metadata();
      const size = `${m.width}x${m.height}`;
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
    } catch {
      // Decoded by the loader a moment ago; a file that changed since is not worth a size.
    }
  }
  for (const sk of ds.skipped) {
    const ext = extname(sk.relPath).toLowerCase() || '(none)';
    formats[ext] = (formats[ext] ?? 0) + 1;
  }
  return {
    layout: ds.origin.layout,
    split: ds.origin.split,
    splits: ds.origin.splits,
    imageColumn: ds.origin.imageColumn,
    formats,
    sizes: [...sizes]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([size, count]) => ({ size, count })),
    unreadable: ds.skipped.map((x) => ({ file: x.relPath, reason: x.reason })),
  };
}
