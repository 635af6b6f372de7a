import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { openParquet } from '../../../src/data/formats/parquet.js';
import { detectFormat } from '../../../src/data/formats/sniff.js';
import { chunksOf, collect } from './collect.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labelsleuth-parquet-'));
});

type Columns = Parameters<typeof parquetWriteFile>[0]['columnData'];
const columns = (ids: string[], start = 0): Columns => [
  { name: 'id', data: ids },
  { name: 'label', data: ids.map((_, i) => ((i + start) % 2 ? 'dog' : 'cat')), nullable: true },
  { name: 'cat', data: Float32Array.from(ids, (_, i) => ((i + start) % 2 ? 0.1 : 0.9)), type: 'FLOAT' },
  { name: 'dog', data: ids.map((_, i) => ((i + start) % 2 ? 0.9 : 0.1)), type: 'DOUBLE', nullable: true },
  { name: 'n', data: BigInt64Array.from(ids, (_, i) => BigInt(i + start)), type: 'INT64' },
];

describe('openParquet', () => {
  it('reads a file one row group per chunk: float32 as written, int64 as numbers, nulls as missing', async () => {
    const file = join(dir, 'one.parquet');
    const cols = columns(['a', 'b', 'c', 'd', 'e']);
    (cols[3]!.data as (number | null)[])[2] = null;
    await parquetWriteFile({ filename: file, columnData: cols, rowGroupSize: 3 });
    expect(await detectFormat(file)).toEqual({ format: 'parquet', gzip: false });
    const reader = await openParquet(file);
    expect(reader.columns).toEqual(['id', 'label', 'cat', 'dog', 'n']);
    expect(reader.rows).toBe(5);
    const { rows, sizes } = await collect(reader);
    expect(sizes).toEqual([3, 2]);
    expect(rows[0]).toEqual(['a', 'cat', '0.9', '0.1', '0']);
    expect(rows[2]).toEqual(['c', 'cat', '0.9', '', '2']);
    const chunks = await chunksOf(reader);
    expect([...chunks[0]!.numbers(3)]).toEqual([0.1, 0.9, NaN]);
    expect([...chunks[1]!.numbers(4)]).toEqual([3, 4]);
    expect(chunks[1]!.where(1)).toBe(`${file} row 5`);
  });

  it('reads a Spark-style folder of shards in part order, skipping _SUCCESS and .crc files', async () => {
    const folder = join(dir, 'spark');
    await mkdir(folder);
    const names = ['part-00000-1b2c.c000.snappy.parquet', 'part-00001-1b2c.c000.snappy.parquet', 'part-00010-1b2c.c000.snappy.parquet'];
    // Written out of order, and part-00010 after part-00001 by number, not by listing order.
    await parquetWriteFile({ filename: join(folder, names[2]!), columnData: columns(['e'], 4) });
    await parquetWriteFile({ filename: join(folder, names[0]!), columnData: columns(['a', 'b'], 0) });
    await parquetWriteFile({ filename: join(folder, names[1]!), columnData: columns(['c', 'd'], 2) });
    await writeFile(join(folder, '_SUCCESS'), '');
    await writeFile(join(folder, `.${names[0]}.crc`), 'crc');
    expect(await detectFormat(folder)).toEqual({ format: 'parquet', gzip: false });
    const reader = await openParquet(folder);
    expect(reader.files.map((f) => f.slice(folder.length + 1))).toEqual(names);
    expect(reader.rows).toBe(5);
    const { rows } = await collect(reader);
    expect(rows.map((r) => r[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(rows.map((r) => r[4])).toEqual(['0', '1', '2', '3', '4']);
    expect((await chunksOf(reader))[1]!.where(0)).toBe(`${join(folder, names[1]!)} row 1`);
  });

  it('decodes only the columns asked for', async () => {
    const file = join(dir, 'only.parquet');
    await parquetWriteFile({ filename: file, columnData: columns(['a', 'b']) });
    const reader = await openParquet(file);
    for await (const chunk of reader.chunks([0, 3])) {
      expect(chunk.strings(0)).toEqual(['a', 'b']);
      expect(() => chunk.numbers(2)).toThrow(/not asked for/);
    }
  });

  it('refuses a list column, naming it, with how to flatten it', async () => {
    const file = join(dir, 'nested.parquet');
    await parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'id', data: ['a', 'b'] },
        {
          name: 'probability',
          data: [
            [0.1, 0.9],
            [0.5, 0.5],
          ],
        },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'probability', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      ],
    });
    await expect(openParquet(file)).rejects.toMatchObject({
      name: 'UserError',
      message: `${file}: column 'probability' is a nested type (struct, list or map); labelsleuth reads flat columns: write one column per value (Spark: vector_to_array(col) then one select per element; pandas: pd.DataFrame(probs, columns=class_names))`,
    });
  });

  it('refuses a JSON column, naming it', async () => {
    const file = join(dir, 'json.parquet');
    await parquetWriteFile({ filename: file, columnData: [{ name: 'meta', data: [{ a: 1 }, { a: 2 }] }] });
    await expect(openParquet(file)).rejects.toThrow(`${file}: column 'meta' is a JSON/BSON document, which labelsleuth does not read; cast it to a string or number column`);
  });

  it('refuses shards whose columns differ, naming the shard and the first differing column', async () => {
    const folder = join(dir, 'mixed');
    await mkdir(folder);
    await parquetWriteFile({ filename: join(folder, 'part-0.parquet'), columnData: columns(['a']) });
    await parquetWriteFile({ filename: join(folder, 'part-1.parquet'), columnData: columns(['b']).filter((c) => c.name !== 'cat') });
    await expect(openParquet(folder)).rejects.toThrow(
      `${join(folder, 'part-1.parquet')}: its columns ('id', 'label', 'dog', 'n') differ from part-0.parquet's at 'dog'; every shard of a folder needs the same columns in the same order`,
    );
  });

  it.each([
    ['an empty folder', async (p: string) => mkdir(p), /a folder with no \.parquet files; /],
    [
      'a Hive-partitioned folder',
      async (p: string) => mkdir(join(p, 'label=cat'), { recursive: true }),
      /a Hive-partitioned folder \(label=cat\/, \.\.\.\), which labelsleuth does not read; /,
    ],
    ['a truncated file', async (p: string) => writeFile(p, 'PAR1 not really'), /not a readable Parquet file \(.*\); write it again, or check that the copy is complete$/],
  ])('%s: one UserError', async (_name, make, message) => {
    const path = join(dir, `bad-${_name.replace(/\W+/g, '-')}`);
    await make(path);
    await expect(openParquet(path)).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(message) });
  });
});
