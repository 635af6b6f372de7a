/**
 * Going back to the original rows: read the fields of a few data rows again (for suspects.csv)
 * without keeping the whole file in memory, and write CSV fields safely.
 */
import { streamCsvRecords } from './csv-tokenizer.js';
import type { TextEncoding } from './text-source.js';
import { delimiterChars, type Delimiter, type DelimiterChoice } from './delimiter.js';

/**
 * Fields (trimmed, as loadCsv saw them) of the data rows whose 0-based index is in `wanted`.
 * Data row i is sample i of the CsvDataset loaded from the same file: loadCsv keeps every row.
 * Stops reading once all wanted rows are found.
 */
export async function readCsvRecords(
  path: string,
  wanted: ReadonlySet<number>,
  encoding: TextEncoding = 'auto',
  delimiter: DelimiterChoice = 'auto',
): Promise<Map<number, string[]>> {
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
    delimiter,
  );
  return found;
}

/** The header fields of a CSV file (trimmed), or [] if it has none. */
export async function readCsvHeader(path: string, encoding: TextEncoding = 'auto', delimiter: DelimiterChoice = 'auto'): Promise<string[]> {
  let header: string[] = [];
  await streamCsvRecords(
    path,
    (fields) => {
      header = fields;
      return 'stop';
    },
    encoding,
    delimiter,
  );
  return header;
}

const MUST_QUOTE: Record<Delimiter, RegExp> = {
  comma: /[",\r\n]/,
  tab: /["\t\r\n]/,
  semicolon: /[";\r\n]/,
  pipe: /["|\r\n]/,
};

/**
 * One field, quoted when it must be: it contains the delimiter, a quote or a line break, or it has
 * whitespace at either end (our reader trims unquoted fields). Values are otherwise verbatim.
 */
export function csvEscape(value: string, delimiter: Delimiter = 'comma'): string {
  if (MUST_QUOTE[delimiter].test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One line of a table without its line end, fields separated by `delimiter`. */
export function formatCsvRow(fields: readonly string[], delimiter: Delimiter = 'comma'): string {
  return fields.map((f) => csvEscape(f, delimiter)).join(delimiterChars[delimiter]);
}
