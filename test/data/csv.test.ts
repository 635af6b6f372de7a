import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/csv.js';
import { encodeRows } from '../../src/data/encode.js';
import { readCsvRecords } from '../../src/data/csv-rows.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

function column(features: Float32Array, d: number, j: number): number[] {
  return Array.from({ length: features.length / d }, (_, i) => features[i * d + j] as number);
}

describe('loadCsv', () => {
  it('standardises numeric columns to mean 0 and std 1', async () => {
    const path = await writeCsv('num.csv', 'x,y,label\n1,10,a\n2,20,a\n3,30,b\n4,70,b\n');
    const ds = await loadCsv(path);
    expect(ds.source).toBe('csv');
    expect(ds.sampleShape).toEqual([2]);
    for (const j of [0, 1]) {
      const v = column(ds.features, 2, j);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      expect(mean).toBeCloseTo(0, 6);
      expect(std).toBeCloseTo(1, 6);
    }
    expect(ds.encoding.columns[1]).toEqual({ kind: 'numeric', name: 'y', mean: 32.5, std: Math.sqrt(518.75) });
    expect(ds.ids).toEqual(['1', '2', '3', '4']);
    expect(Array.from(ds.lineNumbers)).toEqual([2, 3, 4, 5]);
    expect(ds.warnings).toEqual([]);
  });

  it('reads quoted fields, CRLF, a BOM and a trailing empty line', async () => {
    const text = '\uFEFFname,v,label\r\n"Smith, J",1,"x"\r\n"two\r\nlines",2,y\r\n" Doe ",3,x\r\n"Lee ""L""",4,y\r\n\r\n';
    // --features: on 4 rows, 4 distinct names would make 'name' the id (column-roles.ts).
    const ds = await loadCsv(await writeCsv('quoted.csv', text), { features: ['name', 'v'] });
    expect(ds.header).toEqual(['name', 'v', 'label']);
    expect(ds.classNames).toEqual(['x', 'y']);
    expect(Array.from(ds.labels)).toEqual([0, 1, 0, 1]);
    expect(ds.encoding.columns[0]).toEqual({
      kind: 'categorical',
      name: 'name',
      categories: ['Doe', 'Lee "L"', 'Smith, J', 'two\r\nlines'],
    });
    expect(Array.from(ds.lineNumbers)).toEqual([2, 3, 5, 6]);
  });

  it('one-hot encodes string columns and says so', async () => {
    const path = await writeCsv('cat.csv', 'color,size,label\nred,1,a\nblue,2,a\nred,3,b\ngreen,4,b\n');
    // --features: 3 colours in 4 rows are more than half the rows, which the loader would drop.
    const ds = await loadCsv(path, { features: ['color', 'size'] });
    expect(ds.featureColumns.map((c) => c.name)).toEqual(['color=blue', 'color=green', 'color=red', 'size']);
    expect(ds.featureColumns[0]).toEqual({ kind: 'categorical', name: 'color=blue', source: 'color', category: 'blue' });
    expect(Array.from(ds.features.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(ds.features.subarray(4, 7))).toEqual([1, 0, 0]);
    expect(ds.warnings).toEqual(["column 'color' has non-numeric values (e.g. 'red' on line 2); treated as categorical (one-hot)"]);
  });

  it('keeps the spelling of numbers in a column that turns out categorical', async () => {
    const path = await writeCsv('mixed.csv', 'm,v,label\n1.0,1,a\n2,2,a\nabc,3,b\n1.0,4,b\n');
    const ds = await loadCsv(path, { features: ['m', 'v'] });
    expect(ds.encoding.columns[0]).toEqual({ kind: 'categorical', name: 'm', categories: ['1.0', '2', 'abc'] });
  });

  it('imputes missing cells and counts them', async () => {
    const text = 'age,color,label\n10,red,a\nNA,,a\n,blue,b\n30,null,b\nN/A,red,b\n20,red,a\n';
    const ds = await loadCsv(await writeCsv('missing.csv', text));
    expect(ds.imputedCells).toEqual({ total: 5, byColumn: { age: 3, color: 2 } });
    expect(ds.encoding.columns[0]).toMatchObject({ kind: 'numeric', mean: 20 });
    expect(column(ds.features, 4, 0)).toEqual([expect.closeTo(-1.2247, 3), 0, 0, expect.closeTo(1.2247, 3), 0, 0]);
    expect(ds.encoding.columns[1]).toEqual({ kind: 'categorical', name: 'color', categories: ['blue', 'red', '__missing__'] });
    expect(ds.warnings).toContain("imputed 5 missing cells in 2 columns (age: 3, color: 2): numeric with the column mean, categorical as '__missing__'");
  });

  it('orders class names naturally ("2" before "10") and indexes labels into them', async () => {
    const path = await writeCsv('classes.csv', 'x,label\n1,10\n2,2\n3,1\n4,10\n5,2\n6,1\n7,b\n8,B\n9,b\n10,B\n');
    const ds = await loadCsv(path);
    expect(ds.classNames).toEqual(['1', '2', '10', 'b', 'B']);
    expect(Array.from(ds.labels)).toEqual([2, 1, 0, 2, 1, 0, 3, 4, 3, 4]);
  });

  it('uses --id and --label, and --features in the given order', async () => {
    const path = await writeCsv('cols.csv', 'key,a,b,c,y\nk1,1,5,9,p\nk2,2,6,8,p\nk3,3,4,7,q\nk4,4,3,9,q\n');
    const ds = await loadCsv(path, { id: 'key', label: 'y', features: ['c', 'a'] });
    expect(ds.ids).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(ds.featureColumns.map((c) => c.name)).toEqual(['c', 'a']);
    expect(ds.encoding).toMatchObject({ label: 'y', id: 'key', classNames: ['p', 'q'] });
  });

  it('drops constant and empty columns with one warning each', async () => {
    const path = await writeCsv('const.csv', 'k,e,s,x,label\n5,,u,1,a\n5,NA,u,2,a\n5,,u,3,b\n5,,u,4,b\n');
    const ds = await loadCsv(path);
    expect(ds.featureColumns.map((c) => c.name)).toEqual(['x']);
    expect(ds.encoding.dropped).toEqual([
      { name: 'k', reason: 'constant' },
      { name: 'e', reason: 'empty' },
      { name: 's', reason: 'constant' },
    ]);
    expect(ds.warnings).toContain("dropped 2 constant columns ('k', 's'): they carry no information");
    expect(ds.warnings).toContain("dropped 1 column with no values ('e'): it carries no information");
  });

  it('caps categories at maxCategories with an __other__ bucket', async () => {
    const vals = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e'];
    const text = `v,label\n${vals.map((v, i) => `${v},${i % 2}`).join('\n')}\n`;
    const ds = await loadCsv(await writeCsv('many.csv', text), { maxCategories: 3, features: ['v'] });
    expect(ds.encoding.columns[0]).toEqual({ kind: 'categorical', name: 'v', categories: ['a', 'b', '__other__'] });
    expect(column(ds.features, 3, 2)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(ds.warnings).toContain("column 'v' has 5 categories; kept the 2 most frequent and put the other 3 (3 rows) in '__other__'; raise --max-categories to keep more");
  });

  it('gives an encoding that reproduces the features from the raw rows (for predict)', async () => {
    const text = 'id,age,color,w,label\nr1,10,red,0.1,a\nr2,,blue,0.2,a\nr3,30,,0.3,b\nr4,25,red,1e-3,b\nr5,7,teal,-2.5,a\n';
    const path = await writeCsv('roundtrip.csv', text);
    const ds = await loadCsv(path, { id: 'id', maxCategories: 3 });
    const encoding = JSON.parse(JSON.stringify(ds.encoding));
    const raw = await readCsvRecords(path, new Set([0, 1, 2, 3, 4]));
    const rows = [0, 1, 2, 3, 4].map((i) => raw.get(i) ?? []);
    const enc = encodeRows(encoding, ds.header, rows);
    expect(enc.width).toBe(ds.sampleShape[0]);
    expect(Array.from(enc.features)).toEqual(Array.from(ds.features));
    expect(enc.imputedCells).toBe(ds.imputedCells.total);
  });
});

describe('a column named like an id', () => {
  it('is the sample id without --id, with a warning; --id or --features choose otherwise', async () => {
    const write = await tempCsvDir();
    const path = await write('named-id.csv', 'ID,x,label\nr7,1,a\nr8,2,b\nr9,3,a\nr10,4,b\n');
    const ds = await loadCsv(path);
    expect(ds.ids).toEqual(['r7', 'r8', 'r9', 'r10']);
    expect(ds.featureColumns.map((c) => c.source)).toEqual(['x']);
    expect(ds.encoding.id).toBe('ID');
    expect(ds.warnings[0]).toBe("column 'ID' is taken as the sample id, not a feature (pass --id <column> to choose another, or list it in --features to use it as one)");
    const asFeature = await loadCsv(path, { features: ['ID', 'x'] });
    expect(asFeature.ids).toEqual(['1', '2', '3', '4']);
    expect(asFeature.warnings.some((w) => w.includes('sample id'))).toBe(false);
  });
});
