/**
 * Copies a CSV file row by row through a per-row edit, streaming both ways so a large table never
 * sits in memory. Fields are written as the reader saw them (trimmed; quoted only where formatCsvRow
 * must quote), so every field the edit leaves alone comes out as it went in. Lines end in LF. The
 * copy keeps the input's delimiter (a TSV stays a TSV) and is gzip-compressed when its name ends
 * in .gz, whatever the input was: the user names the file they want.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { formatCsvRow } from './csv-rows.js';
import { recordFileFormat, sniffDelimiter, streamCsvRecords } from './csv-tokenizer.js';
import { UserError } from '../errors.js';
import { parseDecimal } from './csv-values.js';
import type { RecordFileFormat } from './record-stream.js';
import type { TextEncoding } from './text-source.js';
import type { DelimiterChoice } from './delimiter.js';

/** Returns the fields to write for data row `row` (0-based), or null to leave the row out. */
export interface CopyFormat {
  /** The input's delimiter, which the copy keeps. @default 'auto': detected from the input's header line */
  readonly delimiter?: DelimiterChoice;
  /** Compress the copy. @default false */
  readonly gzip?: boolean;
  /**
   * The name the user gave the copy: a Parquet input (which we do not write) is copied as JSON
   * Lines when it ends in .jsonl/.ndjson, as CSV (TSV for .tsv) otherwise, and refused for .parquet.
   * @default output
   */
  readonly outName?: string;
}

/** Whether the file a user named should be gzip-compressed: it ends in .gz. */
export const wantsGzip = (path: string): boolean => /\.gz$/i.test(path);

export type RowEdit = (fields: string[], row: number) => readonly string[] | null;

export async function copyCsv(input: string, output: string, encoding: TextEncoding, edit: RowEdit, format: CopyFormat = {}): Promise<{ rows: number; written: number }> {
  const choice = format.delimiter ?? 'auto';
  const records = choice === 'auto' ? await recordFileFormat(input, encoding) : null;
  const layout = copyLayout(records, format.outName ?? output);
  const delimiter = layout !== 'delimited' ? (layout.tab ? 'tab' : 'comma') : choice === 'auto' ? await sniffDelimiter(input, encoding) : choice;
  const file = createWriteStream(output);
  // Node's gzip writes no timestamp or name into its header: the same rows give the same bytes.
  const out = format.gzip ? createGzip() : file;
  if (out !== file) out.pipe(file);
  const failed = new Promise<never>((_, reject) => {
    out.on('error', reject);
    file.on('error', reject);
  });
  let row = -1;
  let written = 0;
  let header: readonly string[] = [];
  const jsonl = layout !== 'delimited' && layout.jsonl;
  const work = streamCsvRecords(
    input,
    (fields) => {
      const kept = row < 0 ? fields : edit(fields, row);
      if (row < 0) header = fields;
      if (kept && !(jsonl && row < 0)) {
        out.write((jsonl ? jsonRecord(header, kept) : formatCsvRow(kept, delimiter)) + '\n');
        if (row >= 0) written++;
      }
      row++;
    },
    encoding,
    records !== null ? 'auto' : delimiter,
  );
  try {
    await Promise.race([work, failed]);
    out.end();
    await Promise.race([once(file, 'finish'), failed]);
  } finally {
    out.destroy();
    file.destroy();
  }
  return { rows: Math.max(row, 0), written };
}

/** Writes a small CSV (header + rows) as one string. */
export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => formatCsvRow(r)).join('\n') + '\n';
}

/** How a copy is written: like its delimited input, or as records (JSON Lines, or CSV/TSV for Parquet). */
function copyLayout(records: RecordFileFormat | null, outName: string): 'delimited' | { readonly jsonl: boolean; readonly tab: boolean } {
  if (records === null) return 'delimited';
  const name = outName.toLowerCase().replace(/\.gz$/, '');
  if (records === 'jsonl' || name.endsWith('.jsonl') || name.endsWith('.ndjson')) return { jsonl: true, tab: false };
  if (name.endsWith('.parquet')) {
    throw new UserError(
      'option',
      `${outName}: labelsleuth reads Parquet but does not write it; name the copy .csv, .tsv or .jsonl (add .gz to compress), and convert it back with your own tools if you need Parquet`,
    );
  }
  return { jsonl: false, tab: name.endsWith('.tsv') };
}

/**
 * One JSON Lines record from a row's text cells: '' is null, a plain decimal a number, anything
 * else a string, which is how JSON Lines and Parquet cells became text (formats/records.ts).
 */
function jsonRecord(header: readonly string[], fields: readonly string[]): string {
  const o: Record<string, string | number | null> = {};
  header.forEach((h, j) => {
    const v = fields[j] ?? '';
    const n = v === '' ? undefined : parseDecimal(v);
    o[h] = v === '' ? null : n !== undefined && Number.isFinite(n) && String(n) === v ? n : v;
  });
  return JSON.stringify(o);
}
