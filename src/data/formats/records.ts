/**
 * One small interface over the table formats that are not read by the CSV tokenizer (JSON Lines,
 * Parquet), so each consumer is written once: the data-table loader asks for text cells, the
 * bring-your-own-model signals path asks for numbers without a detour through strings.
 *
 *   const reader = await openJsonl(path);            // or await openParquet(pathOrShardFolder)
 *   reader.columns;                                  // ['id', 'label', 'cat', 'dog']
 *   for await (const chunk of reader.chunks()) {     // a bounded number of rows at a time
 *     const ids = chunk.strings(0);                  // '' for a missing cell
 *     const cat = chunk.numbers(2);                  // NaN for a missing or non-numeric cell
 *     if (Number.isNaN(cat[0]!)) throw new UserError('value', `${chunk.where(0)}, column 'cat': ...`);
 *   }
 *
 * Contract (kept stable: issue 13's table loader builds on it):
 * - `columns` are known when the reader is opened (a JSONL reader has read its first record, a
 *   Parquet reader its footer), in file order; names are unique.
 * - `chunks()` starts from the first row every time it is called, and yields chunks of at most
 *   a few ten thousand rows (a Parquet row group may be larger: it is then one chunk), so memory
 *   stays bounded whatever the file's size. `chunks(columns)` may decode only those columns (by
 *   index; Parquet does): asking a chunk for another column is then a bug, not a UserError.
 * - Every structural problem (not JSON, not an object, keys that differ from the first record's,
 *   a nested or unsupported Parquet column, shards whose columns differ) is a UserError naming the
 *   file, the line/row or shard, and the column, thrown when it is met.
 * - `strings(j)` gives text as the user would write it in a CSV: numbers in their shortest form
 *   (a float32 as 0.1, not 0.10000000149011612), booleans as true/false, dates as ISO 8601, and
 *   '' for null/missing. `numbers(j)` gives a Float64Array: numbers as they are, numeric strings
 *   parsed, booleans as 1/0, and NaN for missing or non-numeric cells: the caller decides whether
 *   that is an error, and names it with `where(i)` and `strings(j)[i]`.
 * - `where(i)` is the location of the chunk's row i for a message: "probs.jsonl line 12",
 *   "preds/part-00003.parquet row 17" (1-based).
 */

export type RecordFormat = 'jsonl' | 'parquet';

export interface RecordChunk {
  /** Rows in this chunk. */
  readonly length: number;
  /** Column j's cells as text, '' for a missing cell. */
  strings(j: number): readonly string[];
  /** Column j's cells as numbers, NaN for a missing or non-numeric cell. */
  numbers(j: number): Float64Array;
  /** Where row i of this chunk is in its file, for messages ("file line 12", "shard row 3"). */
  where(i: number): string;
}

export interface RecordReader {
  readonly format: RecordFormat;
  /** The path the user gave (a file, or a folder of Parquet shards). */
  readonly path: string;
  /** Whether the bytes were gzip-compressed (JSON Lines only; Parquet compresses inside). */
  readonly gzip: boolean;
  readonly columns: readonly string[];
  /** The number of rows when the format records it up front (Parquet's footer), else undefined. */
  readonly rows: number | undefined;
  /** The Parquet shards read, in order (a single file: just it); [] for other formats. */
  readonly files: readonly string[];
  chunks(columns?: readonly number[]): AsyncIterable<RecordChunk>;
}

/** Rows per chunk for the row-oriented formats: large enough to amortise the per-chunk work, small enough to bound memory. */
export const CHUNK_ROWS = 32_768;

/**
 * The shortest decimal that reads back as the same float32: what numpy prints for a float32,
 * so a FLOAT column's 0.1 stays '0.1' in a table of strings.
 */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** A text cell as a number: '' and non-numeric text are NaN (Number('') would be 0). */
export function textNumber(s: string): number {
  return s.trim() === '' ? NaN : Number(s);
}
