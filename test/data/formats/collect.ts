import type { RecordChunk, RecordReader } from '../../../src/data/formats/records.js';

/** Every row of a reader as text cells, and the chunk sizes, for assertions. */
export async function collect(reader: RecordReader): Promise<{ rows: string[][]; sizes: number[] }> {
  const rows: string[][] = [];
  const sizes: number[] = [];
  for await (const chunk of reader.chunks()) {
    sizes.push(chunk.length);
    const cols = reader.columns.map((_, j) => chunk.strings(j));
    for (let i = 0; i < chunk.length; i++) rows.push(cols.map((c) => c[i]!));
  }
  return { rows, sizes };
}

/** The reader's chunks, all of them (Node 20 has no Array.fromAsync). */
export async function chunksOf(reader: RecordReader): Promise<RecordChunk[]> {
  const out: RecordChunk[] = [];
  for await (const chunk of reader.chunks()) out.push(chunk);
  return out;
}
