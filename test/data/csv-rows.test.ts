import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvEscape, formatCsvRow, readCsvHeader, readCsvRecords } from '../../src/data/csv-rows.js';
import { loadCsv } from '../../src/data/csv.js';
import { isFile, pathKind } from '../../src/data/path-kind.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

describe('readCsvRecords', () => {
  it('returns the fields of the wanted data rows, indexed like the samples of loadCsv', async () => {
    const text = 'name,x,label\n\n"a, b",1,p\n"multi\nline",2,q\nc,3,p\nd,4,q\n';
    const path = await writeCsv('rows.csv', text);
    const ds = await loadCsv(path);
    const got = await readCsvRecords(path, new Set([1, 3, 99]));
    expect([...got.keys()].sort()).toEqual([1, 3]);
    expect(got.get(1)).toEqual(['multi\nline', '2', 'q']);
    expect(got.get(3)).toEqual(['d', '4', 'q']);
    expect(ds.classNames[ds.labels[3] as number]).toBe('q');
    expect(await readCsvHeader(path)).toEqual(['name', 'x', 'label']);
  });
});

describe('formatCsvRow', () => {
  it('quotes only what needs it and round-trips through csv-parse', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded ', '=1+2', '', 'ü'];
    expect(formatCsvRow(fields)).toBe('plain,"a,b","say ""hi""","two\nlines"," padded ",=1+2,,ü');
    expect(parse(`${formatCsvRow(fields)}\n`)).toEqual([fields]);
    expect(csvEscape('x\ry')).toBe('"x\ry"');
  });
});

describe('pathKind', () => {
  it('tells files, folders and missing paths apart', async () => {
    const file = await writeCsv('k.csv', 'a\n');
    expect(await pathKind(file)).toBe('file');
    expect(await isFile(file)).toBe(true);
    expect(await pathKind(`${file}/..`)).toBe('missing');
    expect(await pathKind(`${file}.nope`)).toBe('missing');
    expect(await isFile(file.replace(/k\.csv$/, ''))).toBe(false);
  });
});
