/**
 * A whole small table in memory, whatever its format: the header and every row's cells as text,
 * with where each row is for messages. For tables that list things (images and their labels, a
 * Hugging Face metadata file), whose size is that of the list, not of a feature matrix.
 */
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';
import type { DelimiterChoice } from './delimiter.js';
import { streamCsvRecords } from './csv-tokenizer.js';
import { detectFormat, type TableFormat } from './formats/sniff.js';
import type { TextEncoding } from './text-source.js';

export interface TableRows {
  readonly path: string;
  readonly format: TableFormat;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** "<path> line 3" (CSV, JSON Lines) or "<path> row 3" (Parquet) for row i. */
  where(i: number): string;
}

export interface TableRowsOptions {
  readonly encoding?: TextEncoding;
  readonly delimiter?: DelimiterChoice;
}

export async function readTableRows(path: string, o: TableRowsOptions = {}): Promise<TableRows> {
  const { format } = await detectFormat(path, o.encoding);
  if (format === 'npy') throw new UserError('format', `${path}: is a NumPy array, not a table with named columns; write it as CSV, JSON Lines or Parquet`);
  if (format === 'jsonl' || format === 'parquet') {
    // Loaded on demand: the Parquet reader is a dependency a CSV user never needs.
    const reader = format === 'jsonl' ? await (await import('./formats/jsonl.js')).openJsonl(path, o) : await (await import('./formats/parquet.js')).openParquet(path);
    const rows: string[][] = [];
    const places: string[] = [];
    for await (const chunk of reader.chunks()) {
      const columns = reader.columns.map((_, j) => chunk.strings(j));
      for (let i = 0; i < chunk.length; i++) {
        rows.push(columns.map((c) => c[i] ?? ''));
        places.push(chunk.where(i));
      }
    }
    return { path, format, header: reader.columns, rows, where: (i) => places[i] ?? path };
  }
  const { header: h, rows, lines } = await readDelimitedRows(path, o.encoding, o.delimiter ?? (format === 'tsv' ? 'tab' : 'auto'), 'quote values that hold the delimiter');
  return { path, format, header: h, rows, where: (i) => `${path} line ${lines[i]}` };
}

/**
 * A delimited text table read whole: its header and every row as text with its 1-based line, each
 * row as wide as the header (else one line naming the row, ending with `fix`), at least a header.
 * Also what predict and retrain --test read (encoded-table.ts), whose rows are then encoded.
 */
export async function readDelimitedRows(
  path: string,
  encoding: TextEncoding | undefined,
  delimiter: DelimiterChoice | undefined,
  fix: string,
): Promise<{ readonly header: string[]; readonly rows: string[][]; readonly lines: number[] }> {
  let header: string[] | null = null;
  const rows: string[][] = [];
  const lines: number[] = [];
  await streamCsvRecords(
    path,
    (fields, line) => {
      if (header === null) {
        header = fields;
        return;
      }
      if (fields.length !== header.length) {
        throw new UserError('format', `${path} line ${line}: row has ${fields.length} fields but the header has ${header.length}; fix the row, and ${fix}`);
      }
      rows.push(fields);
      lines.push(line);
    },
    encoding,
    delimiter,
  );
  const h = header as string[] | null;
  if (h === null) throw new UserError('file', `${path}: file is empty; expected a header line and data rows`);
  return { header: h, rows, lines };
}

/** Index of a column that must be there, or a one-line error listing the columns that are. */
export function columnIndex(table: Pick<TableRows, 'path' | 'header'>, name: string, what: string, fix: string): number {
  const j = table.header.indexOf(name);
  if (j === -1) throw new UserError('column', `${table.path}: no ${what} column ${quote(name)} (columns: ${listNames(table.header)}); ${fix}`);
  return j;
}
