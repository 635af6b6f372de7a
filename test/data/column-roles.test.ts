import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/csv.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

/** 8 rows: x numeric and all distinct, name all distinct text, note 5 distinct (> 8/2), colour 2 values. */
const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k, i) => `${i * 1.5},file-${k}.png,note ${Math.min(i, 4)},${i % 2 ? 'red' : 'blue'},${i % 2 ? 'cat' : 'dog'}`);
const text = `x,name,note,colour,label\n${rows.join('\n')}\n`;

describe('columns by their values', () => {
  it('takes a text column with a different value on every row as the id, and drops text with more distinct values than rows / 2', async () => {
    const ds = await loadCsv(await writeCsv('roles.csv', text));
    expect(ds.ids).toEqual(['file-a.png', 'file-b.png', 'file-c.png', 'file-d.png', 'file-e.png', 'file-f.png', 'file-g.png', 'file-h.png']);
    expect(ds.encoding.id).toBe('name');
    expect(ds.encoding.columns.map((c) => c.name)).toEqual(['x', 'colour']);
    expect(ds.encoding.dropped).toEqual([{ name: 'note', reason: 'high-cardinality' }]);
    expect(ds.warnings).toContain(
      "column 'name' has a different text value on every row, so it is taken as the sample id, not a feature (pass --id <column> to choose another, or list it in --features to use it as one)",
    );
    expect(ds.warnings).toContain(
      "column 'note' has 5 distinct text values in 8 rows, too many to learn from (a model could only memorise them): dropped from the features; list it in --features to use it anyway",
    );
  });

  it('with --id, the all-distinct column is dropped as one more memorisable column, not taken as the id', async () => {
    const ds = await loadCsv(await writeCsv('with-id.csv', text), { id: 'note' }).catch((e: Error) => e);
    // note repeats values, so as the id it is refused: ids must be unique.
    expect((ds as Error).message).toMatch(/id 'note 4' in column 'note' is also on line 6; ids must be unique/);
    const ok = await loadCsv(await writeCsv('with-x-id.csv', text), { id: 'x' });
    expect(ok.ids[1]).toBe('1.5');
    expect(ok.encoding.dropped.map((d) => d.name)).toEqual(['name', 'note']);
  });

  it('--features keeps a column the values would drop, under the category cap', async () => {
    const ds = await loadCsv(await writeCsv('features.csv', text), { features: ['note', 'x'], maxCategories: 3 });
    expect(ds.encoding.columns.map((c) => c.name)).toEqual(['note', 'x']);
    expect(ds.ids[0]).toBe('1');
    expect(ds.warnings.some((w) => w.includes("column 'note' has 5 categories; kept the 2 most frequent"))).toBe(true);
  });

  it('leaves numeric columns alone however many distinct values they have', async () => {
    const ds = await loadCsv(await writeCsv('numeric.csv', `x,y,label\n${[1, 2, 3, 4, 5, 6].map((v) => `${v},${v * v},${v % 2 ? 'a' : 'b'}`).join('\n')}\n`));
    expect(ds.encoding.columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect(ds.encoding.dropped).toEqual([]);
    expect(ds.ids[0]).toBe('1');
  });
});
