/**
 * One way to walk a table of signals (probabilities, logits, losses) whatever its format: CSV and
 * TSV arrive as rows of text fields (the CSV tokenizer is the fast path for 10M-row files), JSON
 * Lines and Parquet as column chunks (formats/records.ts), so numbers from Parquet never take a
 * detour through text. The header and the row lengths are checked here, once for every consumer.
 */
import { UserError } from '../errors.js';
import { streamCsvRecords } from './csv-tokenizer.js';
import { openJsonl } from './formats/jsonl.js';
import type { RecordChunk } from './formats/records.js';
import type { DetectedFormat } from './formats/sniff.js';
import { readText, type TextEncoding } from './text-source.js';

export interface TableVisitor {
  /** The column names, before any row, and the row count when the format records it; throws the UserError for a missing column. */
  header(columns: readonly string[], rows?: number): void;
  /** One CSV/TSV row of as many fields as the header; `line` is its 1-based line. */
  textRow(fields: readonly string[], line: number): void;
  /** A chunk of JSONL/Parquet rows. */
  chunk(chunk: RecordChunk): void;
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

/**
 * Walks the table; returns how it was read, for the report ('csv (gzip)', 'parquet (4 shards)'),
 * or throws the UserError for a file with no header.
 */
export async function visitTable(path: string, detected: DetectedFormat, encoding: TextEncoding | undefined, visitor: TableVisitor): Promise<string> {
  const { format, gzip } = detected;
  let described: string = format;
  if (format === 'csv' || format === 'tsv') {
    let width = -1;
    const visit = (fields: string[], line: number) => {
      if (width < 0) {
        width = fields.length;
        visitor.header(fields);
      } else if (fields.length !== width) {
        throw new UserError('format', `${path} line ${line}: ${fields.length} fields, the header has ${width}; every row needs a value in every column`);
      } else visitor.textRow(fields, line);
    };
    if (format === 'tsv') await streamTsvRecords(path, visit, encoding);
    else await streamCsvRecords(path, visit, encoding);
    if (width < 0) throw new UserError('file', `${path}: no rows; the file needs a header and one row per sample`);
  } else if (format === 'jsonl' || format === 'parquet') {
    const reader = format === 'jsonl' ? await openJsonl(path, encoding ? { encoding } : {}) : await (await import('./formats/parquet.js')).openParquet(path);
    if (reader.files.length > 1) described = `parquet (${reader.files.length} shards)`;
    visitor.header(reader.columns, reader.rows);
    for await (const chunk of reader.chunks()) visitor.chunk(chunk);
  } else throw new Error(`visitTable: ${format} is not a table`);
  return gzip ? `${described} (gzip)` : described;
}
