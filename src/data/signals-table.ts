/**
 * Another model's per-sample probabilities (or logits) as a table: one row per sample, an id
 * column, the given label, and one numeric column per class whose header is the class name, the
 * way a training loop dumps them with pandas, csv, Spark or numpy. The format is detected from the
 * content (formats/sniff.ts) and named in the result for the report: CSV and TSV (through
 * text-source.ts, so gzip, UTF-16 and other encodings work as for data files), JSON Lines (gzip
 * too), Parquet files and shard folders, and .npy matrices with their labels beside them.
 */
import { UserError } from '../errors.js';
import { streamCsvRecords } from './csv-tokenizer.js';
import { openJsonl } from './formats/jsonl.js';
import type { RecordReader } from './formats/records.js';
import { detectFormat } from './formats/sniff.js';
import { SignalsCollector, signalsLayout, type SignalsColumnOptions } from './signals-columns.js';
import { readNpySignals, type NpySignalsOptions } from './signals-npy.js';
import { readText, type TextEncoding } from './text-source.js';

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

/** A TSV field: trimmed, and unquoted when pandas quoted it (a tab, quote or line break inside). */
function tsvField(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"') : t;
}

/** Each non-blank line of a text file split on tabs, with its 1-based line number. */
async function streamTsvRecords(path: string, visit: (fields: string[], line: number) => void, encoding: TextEncoding | undefined): Promise<void> {
  let rest = '';
  let line = 0;
  const emit = (text: string) => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim() !== '') visit(t.split('\t').map(tsvField), line);
  };
  for await (const text of readText(path, encoding)) {
    const s = rest + text;
    let start = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
      emit(s.slice(start, nl));
      start = nl + 1;
    }
    rest = s.slice(start);
  }
  if (rest !== '') emit(rest);
}

async function readDelimited(path: string, tsv: boolean, o: SignalsTableOptions): Promise<SignalsCollector | undefined> {
  let header: string[] | undefined;
  let rows: SignalsCollector | undefined;
  const visit = (fields: string[], line: number) => {
    if (rows === undefined) {
      header = fields;
      rows = new SignalsCollector(path, signalsLayout(path, fields, o), fields);
      return;
    }
    if (fields.length !== header!.length)
      throw new UserError('format', `${path} line ${line}: ${fields.length} fields, the header has ${header!.length}; every row needs an id, a label and one value per class`);
    rows.addTextRow(fields, () => `${path} line ${line}`);
  };
  if (tsv) await streamTsvRecords(path, visit, o.encoding);
  else await streamCsvRecords(path, visit, o.encoding);
  return rows;
}

async function readRecords(reader: RecordReader, o: SignalsTableOptions): Promise<SignalsCollector> {
  const layout = signalsLayout(reader.path, reader.columns, o);
  const rows = new SignalsCollector(reader.path, layout, reader.columns);
  for await (const chunk of reader.chunks()) {
    const values = layout.classCols.map((j) => chunk.numbers(j));
    rows.addColumns(
      chunk.length,
      chunk.strings(layout.idCol),
      chunk.strings(layout.labelCol),
      values,
      (i, c) => chunk.strings(layout.classCols[c]!)[i]!,
      (i) => chunk.where(i),
    );
  }
  return rows;
}

export async function readSignalsTable(path: string, o: SignalsTableOptions = {}): Promise<SignalsTable> {
  const { format, gzip } = await detectFormat(path, o.encoding);
  if (format === 'npy') return readNpySignals(path, o);
  const npyOnly = (['labels', 'ids', 'classes'] as const).find((k) => o[k] !== undefined);
  if (npyOnly !== undefined)
    throw new UserError(
      'option',
      `--${npyOnly} applies to a .npy matrix; ${path} is ${format}, whose ${npyOnly === 'classes' ? 'columns are named by its header' : `${npyOnly} are its own column`}`,
    );
  let rows: SignalsCollector | undefined;
  let described: string = format;
  if (format === 'csv' || format === 'tsv') rows = await readDelimited(path, format === 'tsv', o);
  else {
    const reader = format === 'jsonl' ? await openJsonl(path, o.encoding ? { encoding: o.encoding } : {}) : await (await import('./formats/parquet.js')).openParquet(path);
    if (reader.files.length > 1) described = `parquet (${reader.files.length} shards)`;
    rows = await readRecords(reader, o);
  }
  if (rows === undefined) throw new UserError('file', `${path}: no rows; the file needs a header and one row per sample`);
  const { ids, labels, values } = rows.finish();
  return { ids, labels, values, classNames: [...rows.layout.classNames], format: gzip ? `${described} (gzip)` : described, warnings: [] };
}
