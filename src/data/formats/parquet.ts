/**
 * Parquet, one file or a folder of shards as Spark, Dask, Ray and pandas write them
 * (`part-00000-….snappy.parquet`, `part.0.parquet`, with `_SUCCESS` and `.crc` files beside), as a
 * RecordReader (records.ts: the interface and its contract). One chunk per row group.
 *
 * The reader is hyparquet (pure JS, no native binary to fetch at install time), with
 * hyparquet-compressors for the codecs beyond snappy (zstd, gzip, brotli, lz4), chosen by
 * measurement against DuckDB's Node API (BENCHMARKS.md, "Bring your own model at scale"). Both are
 * imported only when a Parquet file is opened, so a CSV user never loads them.
 *
 * Only flat columns are read: a struct, list or map column (Spark ML's `probability` vector is a
 * struct) is a UserError naming it, with how to flatten it; so are binary and other types that
 * have no text or number form.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AsyncBuffer, DecodedArray, FileMetaData, SchemaElement } from 'hyparquet';
import { UserError } from '../../errors.js';
import { listNames, quote } from '../../util/quote.js';
import { float32Text, textNumber, type RecordChunk, type RecordReader } from './records.js';

/** How a column's decoded values become text and numbers. */
type ColumnKind = 'number' | 'float32' | 'bigint' | 'boolean' | 'string' | 'date';

interface Shard {
  readonly file: string;
  readonly buffer: AsyncBuffer;
  readonly metadata: FileMetaData;
  readonly rows: number;
}

const FLATTEN_HINT =
  'labelsleuth reads flat columns: write one column per value (Spark: vector_to_array(col) then one select per element; pandas: pd.DataFrame(probs, columns=class_names))';

/** The kind of a top-level column, or why it cannot be read. */
function kindOf(file: string, e: SchemaElement, nested: boolean): ColumnKind {
  const name = quote(e.name);
  const logical = e.logical_type?.type;
  if (nested || e.repetition_type === 'REPEATED' || e.converted_type === 'LIST' || e.converted_type === 'MAP' || logical === 'LIST' || logical === 'MAP')
    throw new UserError('format', `${file}: column ${name} is a nested type (struct, list or map); ${FLATTEN_HINT}`);
  const unsupported = (what: string) => new UserError('format', `${file}: column ${name} is ${what}, which labelsleuth does not read; cast it to a string or number column`);
  if (logical === 'JSON' || e.converted_type === 'JSON' || logical === 'BSON' || e.converted_type === 'BSON') throw unsupported('a JSON/BSON document');
  if (logical === 'VARIANT' || logical === 'GEOMETRY' || logical === 'GEOGRAPHY' || logical === 'INTERVAL' || e.converted_type === 'INTERVAL')
    throw unsupported(`of type ${logical ?? e.converted_type}`);
  if (logical === 'DATE' || logical === 'TIMESTAMP' || e.converted_type === 'DATE' || e.converted_type?.startsWith('TIMESTAMP') || e.type === 'INT96') return 'date';
  switch (e.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'FLOAT':
      return 'float32';
    case 'DOUBLE':
    case 'INT32':
      return 'number';
    case 'INT64':
      return e.converted_type === 'DECIMAL' ? 'number' : 'bigint';
    case 'BYTE_ARRAY':
      return e.converted_type === 'DECIMAL' ? 'number' : 'string';
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical === 'UUID') return 'string';
      if (logical === 'FLOAT16' || e.converted_type === 'DECIMAL') return 'number';
      throw unsupported('raw fixed-length bytes');
    default:
      throw unsupported(`of type ${e.type ?? 'unknown'}`);
  }
}

function textOf(v: unknown, kind: ColumnKind): string {
  if (v === null || v === undefined) return '';
  if (kind === 'float32') return float32Text(v as number);
  if (kind === 'date') return v instanceof Date ? v.toISOString() : String(v);
  return typeof v === 'string' ? v : String(v);
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') return textNumber(v);
  return v instanceof Date ? v.getTime() : NaN;
}

class ParquetChunk implements RecordChunk {
  constructor(
    private readonly file: string,
    private readonly firstRow: number,
    readonly length: number,
    private readonly data: readonly (DecodedArray | undefined)[],
    private readonly kinds: readonly ColumnKind[],
  ) {}

  private column(j: number): DecodedArray {
    const d = this.data[j];
    if (d === undefined) throw new Error(`column ${j} was not asked for when the chunks were read`);
    return d;
  }

  strings(j: number): string[] {
    const d = this.column(j) as ArrayLike<unknown>;
    const out = new Array<string>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = textOf(d[i], this.kinds[j]!);
    return out;
  }

  numbers(j: number): Float64Array {
    const d = this.column(j);
    if (d instanceof Float64Array) return d;
    if (d instanceof Float32Array || d instanceof Int32Array || d instanceof Uint32Array || d instanceof Uint8Array) return Float64Array.from(d);
    const out = new Float64Array(this.length);
    const a = d as ArrayLike<unknown>;
    for (let i = 0; i < this.length; i++) out[i] = numberOf(a[i]);
    return out;
  }

  where(i: number): string {
    return `${this.file} row ${this.firstRow + i + 1}`;
  }
}

/** Natural order (part.2 before part.10), the order the writer numbered the shards in. */
const shardOrder = new Intl.Collator('en', { numeric: true }).compare;

/** The Parquet files of a shard folder: every *.parquet but hidden and _-prefixed ones (_SUCCESS, _metadata, .crc). */
async function shardFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort(shardOrder);
  if (files.length > 0) return files.map((f) => join(dir, f));
  const partitions = entries.filter((e) => e.isDirectory() && e.name.includes('='));
  if (partitions.length > 0)
    throw new UserError(
      'file',
      `${dir}: a Hive-partitioned folder (${partitions[0]!.name}/, ...), which labelsleuth does not read; write the table without partitionBy, or point at one folder of part-*.parquet files`,
    );
  throw new UserError('file', `${dir}: a folder with no .parquet files; give a Parquet file, or a folder of part-*.parquet shards`);
}

/** Opens a Parquet file or a folder of shards: reads every footer, checks that every shard has the same flat columns. */
export async function openParquet(path: string): Promise<RecordReader> {
  const isDir = (await stat(path)).isDirectory();
  const files = isDir ? await shardFiles(path) : [path];
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema, parquetScan } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const shards: Shard[] = [];
  let columns: string[] | undefined;
  let kinds: ColumnKind[] = [];
  for (const file of files) {
    const buffer = await asyncBufferFromFile(file);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (e) {
      throw new UserError('format', `${file}: not a readable Parquet file (${(e as Error).message}); write it again, or check that the copy is complete`);
    }
    const children = parquetSchema(metadata).children;
    const names = children.map((c) => c.element.name);
    if (columns === undefined) {
      columns = names;
      kinds = children.map((c) => kindOf(file, c.element, c.children.length > 0));
      if (new Set(names).size !== names.length) throw new UserError('column', `${file}: two columns have the same name; give each column its own name`);
    } else {
      const first = columns;
      const mismatch = names.find((n, j) => n !== first[j]) ?? first[names.length];
      if (mismatch !== undefined || names.length !== first.length)
        throw new UserError(
          'format',
          `${file}: its columns (${listNames(names)}) differ from ${basename(files[0]!)}'s at ${quote(mismatch ?? '')}; every shard of a folder needs the same columns in the same order`,
        );
      for (const c of children) kindOf(file, c.element, c.children.length > 0);
    }
    shards.push({ file, buffer, metadata, rows: Number(metadata.num_rows) });
  }
  const names = columns!;
  return {
    format: 'parquet',
    path,
    gzip: false,
    columns: names,
    rows: shards.reduce((s, x) => s + x.rows, 0),
    files,
    async *chunks(only?: readonly number[]) {
      const wanted = only ?? names.map((_, j) => j);
      for (const shard of shards) {
        let scan: Awaited<ReturnType<typeof parquetScan>>;
        try {
          scan = await parquetScan({ file: shard.buffer, metadata: shard.metadata, compressors, columns: wanted.map((j) => names[j]!) });
        } catch (e) {
          throw new UserError('format', `${shard.file}: not a readable Parquet file (${(e as Error).message})`);
        }
        for (const range of scan.ranges) {
          const data: (DecodedArray | undefined)[] = new Array(names.length);
          for (const j of wanted) {
            try {
              data[j] = await scan.readColumn({ column: names[j]!, ...range });
            } catch (e) {
              throw new UserError('format', `${shard.file}, column ${quote(names[j]!)}: could not be decoded (${(e as Error).message}); write the file again`);
            }
          }
          yield new ParquetChunk(shard.file, range.rowStart, range.rowEnd - range.rowStart, data, kinds);
        }
      }
    },
  };
}
