import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

// A Latin-1 file used to be read as UTF-8 without a word: 'café' and 'cafè' both became 'caf\uFFFD'.
const rows = Array.from({ length: 60 }, (_, i) => `${i + 1},${i % 2 ? 'café' : 'cafè'},${(i % 7) / 7},${i % 2 ? 'a' : 'b'}`);
const text = `id,word,x,label\n${rows.join('\n')}\n`;

describe('encodings through the CLI', () => {
  it('Latin-1 without --encoding: one line naming line and column, exit 2, nothing written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'data.csv'), Buffer.from(text, 'latin1'));
    const r = await runCli(['audit', 'data.csv', '--id', 'id', '--epochs', '2', '--quiet', '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'labelsleuth: error: data.csv: line 2, column 6: bytes that are not valid UTF-8; if the file is in a single-byte encoding, pass --encoding latin1 (or iso-8859-15, windows-1250, windows-1251)\n',
    );
    expect(readdirSync(dir)).toEqual(['data.csv']);
  });

  it.each([
    ['Latin-1 with --encoding latin1', 'data.csv', Buffer.from(text, 'latin1'), ['--encoding', 'latin1']],
    ['UTF-16 with a byte-order mark', 'data.csv', Buffer.from(`\ufeff${text}`, 'utf16le'), []],
    ['gzip', 'data.csv.gz', gzipSync(Buffer.from(text)), []],
  ])('%s: read, the two words kept apart, suspects.csv in UTF-8 with the original fields', async (_name, file, bytes, extra) => {
    const dir = await tempDir();
    await writeFile(join(dir, file), bytes);
    const r = await runCli(['audit', file, '--id', 'id', '--epochs', '2', '--threshold', '0', '--quiet', '--out', 'out', ...extra], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.dataset.featureSize).toBe(3); // word one-hot (2) + x
    const suspects = readFileSync(join(dir, 'out', 'suspects.csv'), 'utf8');
    expect(suspects).toContain(',café,');
    expect(suspects).toContain(',cafè,');
  });
});

describe('the dataset tools read the same encodings', () => {
  it('inject-noise --encoding latin1 writes a UTF-8 copy that keeps both words; without it, one line and exit 2', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'data.csv'), Buffer.from(text, 'latin1'));
    const refused = await runCli(['inject-noise', 'data.csv', '--kind', 'symmetric', '--rate', '0.2', '--id', 'id', '--out', 'noisy.csv'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^labelsleuth: error: data\.csv: line 2, column 6: bytes that are not valid UTF-8; .*--encoding latin1/);
    expect(readdirSync(dir)).toEqual(['data.csv']);
    const r = await runCli(['inject-noise', 'data.csv', '--kind', 'symmetric', '--rate', '0.2', '--id', 'id', '--encoding', 'latin1', '--out', 'noisy.csv'], dir);
    expect(r.code).toBe(0);
    const copy = readFileSync(join(dir, 'noisy.csv'), 'utf8');
    expect(copy).toContain(',café,');
    expect(copy).toContain(',cafè,');
  });
});
