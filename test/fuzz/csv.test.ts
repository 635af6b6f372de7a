import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv, type CsvDataset, type CsvOptions } from '../../src/data/csv.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { mutatedBytes, mutatedFile } from './mutate.js';
import { VALID_CSV } from './valid-files.js';

let write: Awaited<ReturnType<typeof fuzzDir>>['write'];
beforeAll(async () => {
  ({ write } = await fuzzDir('csv'));
});

/** What every dataset loadCsv returns must hold, whatever the file was. */
function checkDataset(ds: CsvDataset): void {
  const n = ds.labels.length;
  const d = ds.sampleShape[0]!;
  expect(ds.sampleShape).toHaveLength(1);
  expect(d).toBeGreaterThan(0);
  expect(ds.features).toHaveLength(n * d);
  expect(ds.features.every(Number.isFinite)).toBe(true);
  expect(ds.classNames.length).toBeGreaterThanOrEqual(2);
  expect(ds.labels.every((l) => l >= 0 && l < ds.classNames.length)).toBe(true);
  expect(ds.ids).toHaveLength(n);
  expect(new Set(ds.ids).size).toBe(n);
  expect(ds.lineNumbers).toHaveLength(n);
  expect(ds.featureColumns).toHaveLength(d);
}

const csvOptions: fc.Arbitrary<CsvOptions> = fc.record(
  {
    id: fc.constantFrom('id', 'x', 'nope'),
    label: fc.constantFrom('label', 'colour', 'id'),
    features: fc.subarray(['x', 'y', 'colour', 'label']),
    maxCategories: fc.constantFrom(2, 3, 32),
    encoding: fc.constantFrom('auto' as const, 'latin1' as const, 'utf-16le' as const),
  },
  { requiredKeys: [] },
);

describe('loadCsv on arbitrary input', () => {
  it(
    'mutated versions of a valid file (and their gzip): a dataset or a UserError',
    async () => {
      const base = new Uint8Array(Buffer.from(VALID_CSV, 'utf8'));
      await fc.assert(
        fc.asyncProperty(mutatedFile(), fc.oneof(fc.constant({ id: 'id' }), csvOptions), async (f, options) => {
          const bytes = mutatedBytes(base, f);
          const path = await write('mutated.csv', bytes);
          const ds = await expectResultOrUserError(() => loadCsv(path, options), { bytes, options });
          if (ds) checkDataset(ds);
        }),
        fuzzOptions(300),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'random CSV-like text under a plausible header: a dataset or a UserError',
    async () => {
      const cell = fc.constantFrom('', ' ', '1', '-2.5', '1e3', 'NaN', 'inf', 'NA', 'cat', 'dog', '"', '"q"', '""', 'é', '\0', '\uFEFF');
      const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
      const body = fc.array(fc.tuple(row, fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 10 }).map((rows) => rows.map(([r, eol]) => r + eol).join(''));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('label,x\n', 'x,label,y\n', 'label\n', ''), body, async (header, text) => {
          const path = await write('random.csv', header + text);
          const ds = await expectResultOrUserError(() => loadCsv(path), header + text);
          if (ds) checkDataset(ds);
        }),
        fuzzOptions(250),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'any finite numbers, however large or small: a dataset with finite features, or a UserError',
    async () => {
      const number = fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(1.7976931348623157e308, -1.7976931348623157e308, 1e308, 5e-324, -5e-324, 2.2250738585072014e-308, 0),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(number, { minLength: 2, maxLength: 6 }), async (values) => {
          const text = `x,label\n${values.map((v, i) => `${v},${i % 2 ? 'a' : 'b'}`).join('\n')}\n${values[0]},a\n${values[1]},b\n`;
          const path = await write('numbers.csv', text);
          const ds = await expectResultOrUserError(() => loadCsv(path), text);
          if (ds) checkDataset(ds);
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );
});

describe('loadCsv: counterexamples fast-check found', () => {
  it('refuses a numeric column whose values overflow or underflow standardisation, instead of NaN features', async () => {
    // Was NaN features: the sum of 1.8e308 and 1.8e308 is Infinity, and so was the mean.
    const big = await write('big.csv', 'x,label\n1.7976931348623157e308,a\n0,b\n1.7976931348623157e308,a\n0,b\n');
    await expect(loadCsv(big)).rejects.toThrow(
      `${big}: column 'x' holds values from 0 to 1.7976931348623157e+308, too large to standardise; rescale the column (divide it by a power of ten)`,
    );
    // Was Infinity features: two subnormals apart, the standard deviation underflows to 0.
    const tiny = await write('tiny.csv', 'x,label\n0,a\n5e-324,b\n0,a\n5e-324,b\n');
    await expect(loadCsv(tiny)).rejects.toThrow(
      `${tiny}: column 'x' holds values from 0 to 5e-324, too close together to standardise; rescale the column (multiply it by a power of ten)`,
    );
  });

  it('reads a record that spans many chunks in linear time (a damaged gzip that inflates to one 2 MB line)', async () => {
    // Was quadratic: the incomplete record was scanned again from its start at every 16 KiB gzip
    // chunk. The shrunk counterexample (1.1 MB inserted) took 5 s; this one took 23 s, now 0.4 s.
    const bytes = mutatedBytes(new Uint8Array(Buffer.from(VALID_CSV)), {
      mutations: [{ op: 'set', at: 0, byte: 1 }],
      gzip: { damage: [{ op: 'insert', at: 25_123, bytes: new Uint8Array(2_200_000).fill(0x78) }] },
    });
    const path = await write('damaged.csv.gz', bytes);
    await expect(loadCsv(path, { id: 'id' })).rejects.toThrow(`${path}: the gzip data is damaged or truncated (incorrect data check); compress the file again`);
  }, 10_000);
});
