import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openJsonl } from '../../../src/data/formats/jsonl.js';
import { CHUNK_ROWS } from '../../../src/data/formats/records.js';
import { detectFormat } from '../../../src/data/formats/sniff.js';
import { tempCsvDir } from '../tmp-csv.js';
import { chunksOf, collect } from './collect.js';

let write: Awaited<ReturnType<typeof tempCsvDir>>;
beforeAll(async () => {
  write = await tempCsvDir();
});

const text = '{"id": "a", "label": "cat", "p": 0.25, "ok": true}\n\n{"label": "dog", "id": "b", "p": "0.5", "ok": null}\r\n{"id": "c", "label": "cat", "p": null, "ok": false}';

describe('openJsonl', () => {
  it('reads the first record’s keys as columns, keys in any order, blank lines and CRLF skipped', async () => {
    const reader = await openJsonl(await write('a.jsonl', text));
    expect(reader.format).toBe('jsonl');
    expect(reader.gzip).toBe(false);
    expect(reader.columns).toEqual(['id', 'label', 'p', 'ok']);
    expect((await collect(reader)).rows).toEqual([
      ['a', 'cat', '0.25', 'true'],
      ['b', 'dog', '0.5', ''],
      ['c', 'cat', '', 'false'],
    ]);
  });

  it('gives numbers (numeric strings parsed, null and text NaN) and locations by line', async () => {
    const reader = await openJsonl(await write('n.jsonl', text + '\n{"id": "d", "label": "x", "p": "high", "ok": true}\n'));
    const chunk = (await chunksOf(reader))[0]!;
    expect([...chunk.numbers(2)]).toEqual([0.25, 0.5, NaN, NaN]);
    expect([...chunk.numbers(3)]).toEqual([1, NaN, 0, 1]);
    expect(chunk.where(1)).toMatch(/n\.jsonl line 3$/);
    expect(chunk.where(3)).toMatch(/n\.jsonl line 5$/);
  });

  it('reads gzip, and is detected as JSON Lines by its content whatever its name', async () => {
    const path = await write('records.txt.gz', gzipSync(text));
    expect(await detectFormat(path)).toEqual({ format: 'jsonl', gzip: true });
    const reader = await openJsonl(path);
    expect(reader.gzip).toBe(true);
    expect((await collect(reader)).rows).toHaveLength(3);
  });

  it('yields bounded chunks, and every call of chunks() starts again', async () => {
    const n = CHUNK_ROWS + 5;
    const reader = await openJsonl(await write('big.jsonl', Array.from({ length: n }, (_, i) => `{"id":${i}}`).join('\n')));
    expect((await collect(reader)).sizes).toEqual([CHUNK_ROWS, 5]);
    const again = await collect(reader);
    expect(again.rows[n - 1]).toEqual([String(n - 1)]);
  });

  it.each([
    ['a line that is not JSON', '{"id": "a"}\n{"id": b}\n', /x\.jsonl line 2: not valid JSON \(.*\); JSON Lines needs one JSON object per line$/],
    ['a line that is an array', '{"id": "a"}\n[1, 2]\n', /x\.jsonl line 2: an array, not a JSON object; /],
    ['a first line that is a number', '3\n', /x\.jsonl line 1: a number, not a JSON object; /],
    [
      'a key the first record lacks',
      '{"id": "a", "p": 1}\n{"id": "b", "q": 1}\n',
      /x\.jsonl line 2: key 'q' is not in the first record's keys \('id', 'p'\); every record needs the same keys$/,
    ],
    ['a missing key', '{"id": "a", "p": 1}\n\n{"id": "b"}\n', /x\.jsonl line 3: no key 'p', which the first record has; /],
    ['a nested value', '{"id": "a", "p": [0.1, 0.9]}\n', /x\.jsonl line 1, key 'p': a nested array; labelsleuth reads flat records/],
    ['no records', '\n\n', /x\.jsonl: no records; /],
  ])('%s: one UserError naming the line and key', async (_name, body, message) => {
    const path = await write('x.jsonl', body);
    const read = async () => collect(await openJsonl(path));
    await expect(read()).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(message) });
  });
});
