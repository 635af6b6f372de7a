/**
 * Copies a CSV file row by row through a per-row edit, streaming both ways so a large table never
 * sits in memory. Fields are written as the reader saw them (trimmed; quoted only where formatCsvRow
 * must quote), so every field the edit leaves alone comes out as it went in. Lines end in LF.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatCsvRow } from './csv-rows.js';
import { streamCsvRecords } from './csv-tokenizer.js';
import type { TextEncoding } from './text-source.js';

/** Returns the fields to write for data row `row` (0-based), or null to leave the row out. */
export type RowEdit = (fields: string[], row: number) => readonly string[] | null;

export async function copyCsv(input: string, output: string, encoding: TextEncoding, edit: RowEdit): Promise<{ rows: number; written: number }> {
  const out = createWriteStream(output, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  let row = -1;
  let written = 0;
  const work = streamCsvRecords(
    input,
    (fields) => {
      const kept = row < 0 ? fields : edit(fields, row);
      if (kept) {
        out.write(formatCsvRow(kept) + '\n');
        if (row >= 0) written++;
      }
      row++;
    },
    encoding,
  );
  try {
    await Promise.race([work, failed]);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    out.destroy();
  }
  return { rows: Math.max(row, 0), written };
}

/** Writes a small CSV (header + rows) as one string. */
export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => formatCsvRow(r)).join('\n') + '\n';
}
