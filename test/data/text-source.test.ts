import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/csv.js';
import { loadTruth } from '../../src/data/truth.js';
import { firstInvalidUtf8, readWholeText, sniffEncoding } from '../../src/data/text-source.js';
import { tempCsvDir } from './tmp-csv.js';

// Two classes told apart only by an accented word: read wrongly, 'café' and 'cafè' merge into one.
const text = `id,word,label\n${Array.from({ length: 12 }, (_, i) => `${i + 1},${i % 2 ? 'café' : 'cafè'},${i % 2 ? 'a' : 'b'}`).join('\n')}\n`;
let write: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  write = await tempCsvDir();
});

function categoriesOf(ds: Awaited<ReturnType<typeof loadCsv>>): string[] {
  const col = ds.encoding.columns.find((c) => c.name === 'word');
  return col && 'categories' in col ? [...col.categories].sort() : [];
}

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

describe('sniffEncoding', () => {
  it('reads byte-order marks, the zero pattern of UTF-16 without one, and known binary formats', () => {
    expect(sniffEncoding(Buffer.from('\ufeffa,b', 'utf8'))).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(sniffEncoding(Buffer.from('\ufeffa,b', 'utf16le'))).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(sniffEncoding(utf16be('\ufeffa,b'))).toEqual({ encoding: 'utf-16be', bom: 2 });
    expect(sniffEncoding(Buffer.from('id,label\n1,a\n', 'utf16le'))).toEqual({ encoding: 'utf-16le', bom: 0 });
    expect(sniffEncoding(utf16be('id,label\n1,a\n'))).toEqual({ encoding: 'utf-16be', bom: 0 });
    expect(sniffEncoding(Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'))).toEqual({ binary: expect.stringContaining('ZIP archive') });
    expect(sniffEncoding(Buffer.from('PAR1\x15\x00\x15\xa0\x01', 'latin1'))).toEqual({ binary: 'a Parquet file' });
    expect(sniffEncoding(Buffer.from([0x61, 0x00, 0x00, 0x00, 0x62, 0x63]))).toEqual({ binary: 'binary data, not text' });
    expect(sniffEncoding(Buffer.from('plain,text\n'))).toEqual({ encoding: 'utf-8', bom: 0 });
  });
});

describe('firstInvalidUtf8', () => {
  it('finds the first byte outside a valid sequence, overlong and surrogate forms included', () => {
    expect(firstInvalidUtf8(Buffer.from('café ✓ 𝄞'))).toBe(Buffer.from('café ✓ 𝄞').length);
    expect(firstInvalidUtf8(Buffer.from('caf\xe9!', 'latin1'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x9c]))).toBe(1); // cut short
  });
});

describe('reading text as the user has it', () => {
  it('keeps café and cafè apart in every encoding it reads', async () => {
    const files = [
      ['utf8.csv', Buffer.from(text)],
      ['bom.csv', Buffer.from(`\ufeff${text}`)],
      ['utf16.csv', Buffer.from(`\ufeff${text}`, 'utf16le')],
      ['utf16-nobom.csv', Buffer.from(text, 'utf16le')],
      ['utf16be.csv', utf16be(`\ufeff${text}`)],
      ['data.csv.gz', gzipSync(Buffer.from(text))],
      ['utf16.csv.gz', gzipSync(Buffer.from(`\ufeff${text}`, 'utf16le'))],
    ] as const;
    for (const [name, bytes] of files) {
      const ds = await loadCsv(await write(name, bytes), { id: 'id' });
      expect(categoriesOf(ds), name).toEqual(['cafè', 'café']);
      expect(await readWholeText(await write(name, bytes)), name).toBe(text);
    }
    const latin1 = await write('latin1.csv', Buffer.from(text, 'latin1'));
    expect(categoriesOf(await loadCsv(latin1, { id: 'id', encoding: 'latin1' }))).toEqual(['cafè', 'café']);
  });

  it('refuses bytes that are not UTF-8 with their line and column and the --encoding to use', async () => {
    const latin1 = await write('latin1-bad.csv', Buffer.from(text, 'latin1'));
    await expect(loadCsv(latin1, { id: 'id' })).rejects.toThrow(
      `${latin1}: line 2, column 6: bytes that are not valid UTF-8; if the file is in a single-byte encoding, pass --encoding latin1 (or iso-8859-15, windows-1250, windows-1251)`,
    );
    // Far into a file, past the first chunk: the position is still exact.
    const long = Buffer.concat([Buffer.from(`n,x,label\n${'1,2,a\n'.repeat(400_000)}`), Buffer.from('9,caf\xe9,b\n', 'latin1')]);
    await expect(loadCsv(await write('late.csv', long))).rejects.toThrow(/: line 400002, column 6: bytes that are not valid UTF-8/);
    await expect(loadTruth(latin1, [], [])).rejects.toThrow(/line 2, column 6: bytes that are not valid UTF-8/);
  });

  it('says what a binary or damaged file is', async () => {
    await expect(loadCsv(await write('book.xlsx', Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1')))).rejects.toThrow(
      'book.xlsx: is a ZIP archive (an .xlsx or .ods spreadsheet is one; export it as CSV), not a text table; labelsleuth reads CSV text',
    );
    const cut = gzipSync(Buffer.from(text.repeat(50))).subarray(0, 60);
    await expect(loadCsv(await write('cut.csv.gz', cut))).rejects.toThrow(/cut\.csv\.gz: the gzip data is damaged or truncated/);
  });
});
