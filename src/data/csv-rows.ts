/**
 * Going back to the original rows: read the fields of a few data rows again (for suspects.csv)
 * without keeping the whole file in memory, and write CSV fields safely.
 */
import { streamCsvRecords } from './csv-tokenizer.js';
import type { TextEncoding } from './text-source.js';

/**
 * Fields (trimmed, as loadCsv saw them) of the data rows whose 0-based index is in `wanted`.
 * Data row i is sample i of the CsvDataset loaded from the same file: loadCsv keeps every row.
 * Stops reading once all wanted rows are found.
 */
export async function readCsvRecords(path: string, wanted: ReadonlySet<number>, encoding: TextEncoding = 'auto'): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (wanted.size === 0) return found;
  let row = -1; // -1: the header
  await streamCsvRecords(
    path,
    (fields) => {
      if (row >= 0 && wanted.has(row)) found.set(row, fields);
      row++;
      return found.size === wanted.size ? 'stop' : undefined;
    },
    encoding,
  );
  return found;
}

/** The header fields of a CSV file (trimmed), or [] if it has none. */
export async function readCsvHeader(path: string, encoding: TextEncoding = 'auto'): Promise<string[]> {
  let header: string[] = [];
  await streamCsvRecords(
    path,
    (fields) => {
      header = fields;
      return 'stop';
    },
    encoding,
  );
  return header;
}

/**
 * One field, quoted when it must be: it contains a comma, a quote or a line break, or it has
 * whitespace at either end (our reader trims unquoted fields). Values are otherwise verbatim.
 */
export function csvEscape(value: string): string {
  if (/[",\r\n]/.test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One CSV line without its line end. */
export function formatCsvRow(fields: readonly string[]): string {
  return fields.map(csvEscape).join(',');
}
