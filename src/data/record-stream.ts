/**
 * JSON Lines and Parquet tables seen as the CSV reader's records: the column names first, then
 * every row's cells as text (formats/records.ts: numbers in their shortest form, '' for missing),
 * so loadCsv, predict's encoded tables, suspects.csv and the copies read every format through one
 * visitor. The "line" of a JSON Lines row is its file line; of a Parquet row, its 1-based row
 * number counted after a header line (row 1 is "line 2"), as if the file were a CSV.
 */
import { readdir } from 'node:fs/promises';
import type { RecordVisitor } from './csv-tokenizer.js';
import type { TextEncoding } from './text-source.js';

export type RecordFileFormat = 'jsonl' | 'parquet';

const LINE = / (?:line|row) (\d+)$/;

export async function streamRecordFile(path: string, format: RecordFileFormat, visit: RecordVisitor, encoding: TextEncoding = 'auto'): Promise<void> {
  // Loaded on demand: the Parquet reader is a dependency a CSV user never needs.
  const reader = format === 'jsonl' ? await (await import('./formats/jsonl.js')).openJsonl(path, { encoding }) : await (await import('./formats/parquet.js')).openParquet(path);
  if (visit([...reader.columns], 1) === 'stop') return;
  let row = 0;
  for await (const chunk of reader.chunks()) {
    const columns = reader.columns.map((_, j) => chunk.strings(j));
    for (let i = 0; i < chunk.length; i++) {
      row++;
      const at = format === 'jsonl' ? Number(LINE.exec(chunk.where(i))?.[1] ?? row + 1) : row + 1;
      if (
        visit(
          columns.map((c) => c[i] ?? ''),
          at,
        ) === 'stop'
      )
        return;
    }
  }
}

/** A folder of Parquet shards (Spark, Dask, pandas partitions) is one table, not an image folder. */
export async function holdsParquetShards(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((n) => !n.startsWith('.') && n.toLowerCase().endsWith('.parquet'));
}
