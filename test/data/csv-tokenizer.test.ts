import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamCsvRecords } from '../../src/data/csv-tokenizer.js';
import { tempCsvDir } from './tmp-csv.js';

let writeCsv: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  writeCsv = await tempCsvDir();
});

async function records(path: string): Promise<{ fields: string[]; line: number }[]> {
  const out: { fields: string[]; line: number }[] = [];
  await streamCsvRecords(path, (fields, line) => {
    out.push({ fields, line });
  });
  return out;
}

/** csv-parse is the reference; our reader additionally trims quoted fields. */
function reference(text: string): string[][] {
  const rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  return rows.map((r) => r.map((f) => f.trim()));
}

describe('streamCsvRecords', () => {
  const cases: Record<string, string> = {
    'quoted commas, quotes and newlines': 'a,b,label\n"1,5","say ""hi""",x\n"multi\nline",2,y\n',
    CRLF: 'a,b,label\r\n1,2,x\r\n3,4,y\r\n',
    'CRLF inside quotes': 'a,label\r\n"p\r\nq",x\r\n',
    BOM: '\uFEFFa,label\n1,x\n',
    'no final newline': 'a,label\n1,x\n2,y',
    'blank lines and trailing empty line': 'a,label\n\n1,x\n\n2,y\n\n',
    'spaces around values and quotes': 'a , label\n 1 ,  "x" \n',
    'empty fields': 'a,b,label\n,,x\n1,,\n',
    unicode: 'naïve,label\n"日本,語",ü\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`matches csv-parse: ${name}`, async () => {
      const path = await writeCsv(`${name.replace(/\W+/g, '-')}.csv`, text);
      expect((await records(path)).map((r) => r.fields)).toEqual(reference(text));
    });
  }

  it('reports the file line each record starts on (CRLF is one break, blank lines count)', async () => {
    const path = await writeCsv('lines.csv', 'a,label\r\n\r\n1,x\r\n"two\r\nlines",y\r\n3,z\n');
    expect((await records(path)).map((r) => r.line)).toEqual([1, 3, 4, 6]);
  });

  it('is unaffected by records, CRLFs and escaped quotes split across 1 MiB chunks', async () => {
    const rows = ['a,b,label'];
    for (let i = 0, size = 0; size < 3.2 * 2 ** 20; i++) {
      const row = `${i},"q ""${i}"",\r\nmore ${'é'.repeat(i % 7)}",c${i % 3}`;
      rows.push(row);
      size += row.length + 2;
    }
    const text = `${rows.join('\r\n')}\r\n`;
    const path = await writeCsv('chunks.csv', text);
    const got = await records(path);
    expect(got.map((r) => r.fields)).toEqual(reference(text));
    expect(got[got.length - 1]?.line).toBe(2 * (rows.length - 1)); // row k starts on line 2k;
  });

  it('stops reading when the visitor says so', async () => {
    const path = await writeCsv('stop.csv', 'a\n1\n2\n3\n');
    const seen: string[] = [];
    await streamCsvRecords(path, (f) => {
      seen.push(f[0] ?? '');
      return seen.length === 2 ? 'stop' : undefined;
    });
    expect(seen).toEqual(['a', '1']);
  });
});
