import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { loadCsv, type CsvOptions } from '../../src/data/csv.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

/** Every message is asserted verbatim: it is the whole user interface of a failure. */
const cases: { name: string; text: string; options?: CsvOptions; kind: string; message: (p: string) => string }[] = [
  { name: 'empty', text: '', kind: 'file', message: (p) => `${p}: file is empty; expected a header line and data rows` },
  { name: 'blank', text: '\uFEFF\n\n', kind: 'file', message: (p) => `${p}: file is empty; expected a header line and data rows` },
  { name: 'header only', text: 'x,label\n', kind: 'file', message: (p) => `${p}: has a header line but no data rows; add rows below the header` },
  {
    name: 'ragged',
    text: 'x,y,label\n1,2,a\n"3,4",b\n',
    kind: 'format',
    message: (p) => `${p} line 3: row has 2 fields but the header has 3; fix the row, and quote values that contain commas`,
  },
  {
    name: 'unclosed quote',
    text: 'x,label\n1,a\n"2,b\n3,c\n',
    kind: 'format',
    message: (p) => `${p} line 3: a quoted field is never closed; close the quote, or write a quote inside a quoted field as ""`,
  },
  {
    name: 'text after quote',
    text: 'x,label\n"1"2,a\n',
    kind: 'format',
    message: (p) => `${p} line 2: unexpected text after a closing quote; quote the whole field and write a quote inside it as ""`,
  },
  {
    name: 'no label column',
    text: 'x,y,class\n1,2,a\n',
    kind: 'column',
    message: (p) => `${p}: no label column 'label' (columns: 'x', 'y', 'class'); name the label column with --label <column>`,
  },
  {
    name: 'label name with a line break',
    text: '"cl\nass",x\na,1\n',
    options: { label: 'cl\nass ' },
    kind: 'column',
    message: (p) => `${p}: no label column 'cl\\nass ' (columns: 'cl\\nass', 'x'); name the label column with --label <column>`,
  },
  {
    name: 'semicolons read as commas',
    text: 'x;label\n1;a\n',
    options: { delimiter: 'comma' },
    kind: 'format',
    message: (p) => `${p} line 1: the header line is one column when split by comma ('x;label'); it looks semicolon-separated, so pass --delimiter semicolon`,
  },
  {
    name: 'unknown feature',
    text: 'x,y,label\n1,2,a\n',
    options: { features: ['x', 'z'] },
    kind: 'column',
    message: (p) => `${p}: no --features column 'z' (columns: 'x', 'y', 'label'); pass column names from the header line to --features`,
  },
  {
    name: 'unknown id',
    text: 'x,y,label\n1,2,a\n',
    options: { id: 'key' },
    kind: 'column',
    message: (p) => `${p}: no --id column 'key' (columns: 'x', 'y', 'label'); pass a column name from the header line to --id`,
  },
  {
    name: 'label as feature',
    text: 'x,y,label\n1,2,a\n',
    options: { features: ['x', 'label'] },
    kind: 'column',
    message: (p) => `${p}: column 'label' is the label and cannot also be a feature; remove it from --features`,
  },
  {
    name: 'id as feature',
    text: 'x,y,label\n1,2,a\n',
    options: { id: 'y', features: ['x', 'y'] },
    kind: 'column',
    message: (p) => `${p}: column 'y' is the id and cannot also be a feature; remove it from --features`,
  },
  {
    name: 'duplicate header',
    text: 'x,y,x,label\n1,2,3,a\n',
    kind: 'column',
    message: (p) => `${p} line 1: column name 'x' appears twice in the header (columns 1 and 3); rename one of them`,
  },
  {
    name: 'unnamed column',
    text: ',x,label\n0,1,a\n',
    kind: 'column',
    message: (p) => `${p} line 1: header column 1 has no name; give every column a name`,
  },
  {
    name: 'one class',
    text: 'x,label\n1,a\n2,a\n',
    kind: 'dataset',
    message: (p) => `${p}: label column 'label' has only one class ('a'); at least 2 classes are needed`,
  },
  {
    name: 'singleton class',
    text: 'x,label\n1,a\n2,a\n3,b\n4,c\n5,c\n6,d\n',
    kind: 'dataset',
    message: (p) => `${p} line 4: class 'b' has only 1 row (and 1 more such class); at least 2 rows per class are needed, so add rows or remove this one`,
  },
  {
    name: 'missing label',
    text: 'x,label\n1,a\n2,NA\n',
    kind: 'value',
    message: (p) => `${p} line 3: missing label in column 'label'; fill it in or remove the row`,
  },
  {
    name: 'NaN',
    text: 'x,y,label\n1,2,a\n2,3,a\n3,NaN,b\n4,5,b\n',
    kind: 'value',
    message: (p) => `${p} line 4, column 'y': 'NaN' is not a finite number; replace it with a number, or leave the cell empty to have it imputed`,
  },
  {
    name: 'Infinity first by line',
    text: 'x,y,label\n1,2,a\n2,-inf,a\nInfinity,3,b\n4,5,b\n',
    kind: 'value',
    message: (p) => `${p} line 3, column 'y': '-inf' is not a finite number; replace it with a number, or leave the cell empty to have it imputed`,
  },
  {
    name: 'overflow',
    text: 'x,label\n1e999,a\n2,a\n3,b\n4,b\n',
    kind: 'value',
    message: (p) => `${p} line 2, column 'x': '1e999' is not a finite number; replace it with a number, or leave the cell empty to have it imputed`,
  },
  {
    name: 'duplicate id',
    text: 'key,x,label\nk1,1,a\nk2,2,a\nk1,3,b\n',
    options: { id: 'key' },
    kind: 'value',
    message: (p) => `${p} line 4: id 'k1' in column 'key' is also on line 2; ids must be unique`,
  },
  {
    name: 'missing id',
    text: 'key,x,label\nk1,1,a\n,2,a\n',
    options: { id: 'key' },
    kind: 'value',
    message: (p) => `${p} line 3: missing id in column 'key'; every row needs a unique id`,
  },
  {
    name: 'no features',
    text: 'label\na\na\nb\nb\n',
    kind: 'dataset',
    message: (p) => `${p}: no feature columns left; the file needs at least one column besides the label and id that varies`,
  },
  {
    name: 'only constant features',
    text: 'k,s,label\n1,u,a\n1,u,a\n1,u,b\n1,u,b\n',
    kind: 'dataset',
    message: (p) => `${p}: no feature columns left (dropped as constant: 'k', 's'); the file needs at least one column besides the label and id that varies`,
  },
];

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    if (isUserError(e)) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('loadCsv errors', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const path = await writeCsv(`${c.name.replace(/\W+/g, '-')}.csv`, c.text);
      expect(await failure(loadCsv(path, c.options))).toEqual({ kind: c.kind, message: c.message(path) });
    });
  }

  it('missing file', async () => {
    const path = join(dirname(await writeCsv('x.csv', '')), 'nope.csv');
    expect(await failure(loadCsv(path))).toEqual({ kind: 'file', message: `${path}: file not found; check the path` });
  });

  it('folder', async () => {
    const path = join(dirname(await writeCsv('y.csv', '')), 'images');
    await mkdir(path);
    expect(await failure(loadCsv(path))).toEqual({
      kind: 'file',
      message: `${path}: is a folder, not a CSV file; pass the path of a .csv file`,
    });
  });

  it.skipIf(process.getuid?.() === 0)('unreadable file', async () => {
    const path = await writeCsv('locked.csv', 'x,label\n1,a\n');
    await chmod(path, 0o000);
    expect(await failure(loadCsv(path))).toEqual({
      kind: 'file',
      message: `${path}: cannot read the file (EACCES); check its permissions`,
    });
  });

  it('bad options', async () => {
    const path = await writeCsv('ok.csv', 'x,label\n1,a\n2,a\n3,b\n4,b\n');
    expect(await failure(loadCsv(path, { maxCategories: 1 }))).toEqual({
      kind: 'option',
      message: '--max-categories must be an integer >= 2 (got 1)',
    });
    expect(await failure(loadCsv(path, { id: 'x', label: 'x' }))).toEqual({
      kind: 'option',
      message: "--id and --label are both 'x'; the id and the label must be different columns",
    });
    expect(await failure(loadCsv(path, { features: ['x', 'x'] }))).toEqual({
      kind: 'option',
      message: "--features lists 'x' twice; list each column once",
    });
  });

  it('every message is one line', () => {
    for (const c of cases) expect(c.message('f.csv')).not.toMatch(/[\r\n]/);
  });
});
