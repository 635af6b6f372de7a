import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamCsvRecords } from '../../src/data/csv-tokenizer.js';
import { detectDelimiter, headerLine } from '../../src/data/delimiter.js';
import { csvEscape, formatCsvRow } from '../../src/data/csv-rows.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

async function read(text: string): Promise<{ delimiter: string; rows: string[][] }> {
  const rows: string[][] = [];
  const delimiter = await streamCsvRecords(await writeCsv('t.txt', text), (f) => {
    rows.push(f);
  });
  return { delimiter, rows };
}

describe('delimiter detection', () => {
  it('takes the candidate that splits the header line into the most columns, outside quotes', () => {
    expect(detectDelimiter('a,b,label')).toBe('comma');
    expect(detectDelimiter('a\tb\tlabel')).toBe('tab');
    expect(detectDelimiter('a;b;"x,y,z";label')).toBe('semicolon');
    expect(detectDelimiter('a|b|c,d|label')).toBe('pipe');
    // Ties and no candidate at all: comma.
    expect(detectDelimiter('a,b;c')).toBe('comma');
    expect(detectDelimiter('label')).toBe('comma');
  });

  it('finds the header line past blank lines and across a quoted line break, and waits for its end', () => {
    expect(headerLine('\n\n"a\nb";c\n1;2', false)).toBe('"a\nb";c');
    expect(headerLine('a;b', false)).toBeUndefined();
    expect(headerLine('a;b', true)).toBe('a;b');
  });

  it('reads tab-separated fields, empty ones included, and trims only spaces around them', async () => {
    const r = await read('a\tb\tlabel\n 1 \t\tx\n"q\tr"\t2\ty\n');
    expect(r.delimiter).toBe('tab');
    expect(r.rows).toEqual([
      ['a', 'b', 'label'],
      ['1', '', 'x'],
      ['q\tr', '2', 'y'],
    ]);
  });

  it('gives the fields csv-parse gives with the same delimiter', async () => {
    const text = 'a;b;label\n"1;5";"say ""hi""";x\n2,5;3;y\n';
    const r = await read(text);
    expect(r.delimiter).toBe('semicolon');
    expect(r.rows).toEqual(parse(text, { delimiter: ';' }));
  });

  it('writes rows that read back the same, quoting only what the delimiter needs', () => {
    expect(formatCsvRow(['a,b', 'c|d', 'e\tf'], 'tab')).toBe('a,b\tc|d\t"e\tf"');
    expect(formatCsvRow(['a,b', 'c;d'], 'semicolon')).toBe('a,b;"c;d"');
    expect(csvEscape('x|y', 'pipe')).toBe('"x|y"');
    expect(csvEscape('x|y')).toBe('x|y');
  });
});
