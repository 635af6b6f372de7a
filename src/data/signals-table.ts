/**
 * Another model's per-sample probabilities (or logits) as a table: one row per sample, an id
 * column, the given label, and one numeric column per class whose header is the class name, the
 * way a training loop dumps them with pandas, csv, Spark or numpy. The format is detected from the
 * content (formats/sniff.ts) and named in the result for the report: CSV and TSV (through
 * text-source.ts, so gzip, UTF-16 and other encodings work as for data files), JSON Lines (gzip
 * too), Parquet files and shard folders (table-rows.ts), and .npy matrices with their labels
 * beside them (signals-npy.ts).
 */
import { UserError } from '../errors.js';
import { detectFormat } from './formats/sniff.js';
import { SignalsCollector, signalsLayout, type SignalsColumnOptions } from './signals-columns.js';
import { readNpySignals, type NpySignalsOptions } from './signals-npy.js';
import { visitTable } from './table-rows.js';
import type { TextEncoding } from './text-source.js';

export interface SignalsTable {
  readonly ids: string[];
  readonly labels: string[];
  /** The class columns, in file order. */
  readonly classNames: string[];
  /** Row-major n x classes. */
  readonly values: Float64Array;
  /** What was read, for the report: 'csv', 'tsv (gzip)', 'parquet (12 shards)', 'npy (float32, 1000 x 10)'. */
  readonly format: string;
  readonly warnings: string[];
}

export interface SignalsTableOptions extends SignalsColumnOptions, Omit<NpySignalsOptions, 'encoding'> {
  readonly encoding?: TextEncoding;
}

/** Refuses the .npy-only options for a table, which carries its own ids, labels and class names. */
export function refuseNpyOptions(path: string, format: string, o: Omit<NpySignalsOptions, 'encoding'>): void {
  const npyOnly = (['labels', 'ids', 'classes'] as const).find((k) => o[k] !== undefined);
  if (npyOnly !== undefined)
    throw new UserError(
      'option',
      `--${npyOnly} applies to a .npy matrix; ${path} is ${format}, whose ${npyOnly === 'classes' ? 'columns are named by its header' : `${npyOnly} are its own column`}`,
    );
}

export async function readSignalsTable(path: string, o: SignalsTableOptions = {}): Promise<SignalsTable> {
  const detected = await detectFormat(path, o.encoding);
  if (detected.format === 'npy') return readNpySignals(path, o);
  refuseNpyOptions(path, detected.format, o);
  let rows: SignalsCollector | undefined;
  const format = await visitTable(path, detected, o.encoding, {
    header(columns, count) {
      rows = new SignalsCollector(path, signalsLayout(path, columns, o), columns, count);
    },
    textRow(fields, line) {
      rows!.addTextRow(fields, () => `${path} line ${line}`);
    },
    chunk(chunk) {
      const { idCol, labelCol, classCols } = rows!.layout;
      rows!.addColumns(
        chunk.length,
        chunk.strings(idCol),
        chunk.strings(labelCol),
        classCols.map((j) => chunk.numbers(j)),
        (i, c) => chunk.strings(classCols[c]!)[i]!,
        (i) => chunk.where(i),
      );
    },
  });
  const { ids, labels, values } = rows!.finish();
  return { ids, labels, values, classNames: [...rows!.layout.classNames], format, warnings: [] };
}
