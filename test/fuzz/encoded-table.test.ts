import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/csv.js';
import { readEncodedTable, type EncodedTable, type EncodedTableOptions } from '../../src/data/encoded-table.js';
import type { TableEncoding } from '../../src/data/encode.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { mutatedBytes, mutatedFile } from './mutate.js';
import { VALID_CSV } from './valid-files.js';

let write: Awaited<ReturnType<typeof fuzzDir>>['write'];
let encoding: TableEncoding;
beforeAll(async () => {
  ({ write } = await fuzzDir('encoded'));
  // The encoding a model trained on VALID_CSV carries: numeric x and y, one-hot colour.
  encoding = (await loadCsv(await write('train.csv', VALID_CSV), { id: 'id' })).encoding;
});

/** The same table without its label column, as predict reads it. */
const UNLABELLED = VALID_CSV.split('\n')
  .map((line) => line.replace(/^([^,]*),[^,]*,/, '$1,'))
  .join('\n');

function checkTable(t: EncodedTable, width: number): void {
  const n = t.ids.length;
  expect(t.sampleShape).toEqual([width]);
  expect(t.features).toHaveLength(n * width);
  expect(t.features.every(Number.isFinite)).toBe(true);
  if (t.labels) expect(t.labels.length === n && t.labels.every((l) => l >= 0 && l < encoding.classNames.length)).toBe(true);
}

describe('readEncodedTable on arbitrary input', () => {
  it(
    'mutated versions of a labelled and an unlabelled table (and their gzip): encoded rows or a UserError',
    async () => {
      const width = encoding.columns.reduce((s, c) => s + (c.kind === 'numeric' ? 1 : c.categories.length), 0);
      const options = fc.constantFrom<EncodedTableOptions>({}, { id: null }, { id: 'x' }, { label: 'colour' }, { textEncoding: 'latin1' });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(VALID_CSV, UNLABELLED), mutatedFile(), options, async (text, f, o) => {
          const bytes = mutatedBytes(new Uint8Array(Buffer.from(text)), f);
          const path = await write('mutated.csv', bytes);
          const t = await expectResultOrUserError(() => readEncodedTable(path, encoding, o), { bytes, o });
          if (t) checkTable(t, width);
        }),
        fuzzOptions(250),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'any finite numbers in the numeric columns: finite features, or a UserError',
    async () => {
      const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e39, -1e39, 3.4e38, 1.7976931348623157e308, 5e-324));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(number, number), { minLength: 1, maxLength: 4 }), async (rows) => {
          const text = `x,y,colour\n${rows.map(([x, y]) => `${x},${y},red`).join('\n')}\n`;
          const path = await write('numbers.csv', text);
          const t = await expectResultOrUserError(() => readEncodedTable(path, encoding, { id: null }), text);
          if (t) checkTable(t, t.sampleShape[0]!);
        }),
        fuzzOptions(150),
      );
    },
    FUZZ_TEST_MS,
  );
});

describe('readEncodedTable: counterexamples fast-check found', () => {
  it('refuses a value that standardises beyond float32, instead of an Infinity feature', async () => {
    // Was a -Infinity feature (and NaN predictions): the standardised value is ~-4e38, past float32's 3.4e38.
    const path = await write('far.csv', 'x,y,colour\n-3.389868176047848e+39,0,red\n0,0,red\n');
    const x = encoding.columns.find((c) => c.name === 'x')!;
    expect(x.kind).toBe('numeric');
    const { mean, std } = x as { mean: number; std: number };
    await expect(readEncodedTable(path, encoding, { id: null })).rejects.toThrow(
      `${path} line 2, column 'x': '-3.389868176047848e+39' is too far outside the training values (mean ${mean}, std ${std}) to encode; check the value, or leave the cell empty to impute it`,
    );
  });
});
