import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-rows.js';
import { loadTruth } from '../../src/data/truth.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { mutatedBytes, mutatedFile } from './mutate.js';

let write: Awaited<ReturnType<typeof fuzzDir>>['write'];
beforeAll(async () => {
  ({ write } = await fuzzDir('truth'));
});

const IDS = ['a1', 'a2', 'a3', 'a4'];
const GIVEN = ['cat', 'dog', 'cat', 'dog'];
const VALID_TRUTH = 'id,true_label,noisy_label,is_noisy\na1,cat,cat,0\na2,cat,dog,1\na3,cat,cat,false\na4,dog,dog,0\n';

/** Ids that are awkward as object keys or CSV fields. */
const awkwardId = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'id', 'a,b', 'say "hi"', 'two\nlines', 'é'),
  fc.string({ minLength: 1, maxLength: 6 }),
);

describe('loadTruth on arbitrary input', () => {
  it(
    'mutated versions of a valid truth file (and their gzip): flags or a UserError',
    async () => {
      const base = new Uint8Array(Buffer.from(VALID_TRUTH));
      await fc.assert(
        fc.asyncProperty(mutatedFile(), async (f) => {
          const bytes = mutatedBytes(base, f);
          const path = await write('mutated.csv', bytes);
          const flags = await expectResultOrUserError(() => loadTruth(path, IDS, GIVEN), bytes);
          if (flags) expect([...flags].every((v) => v === 0 || v === 1) && flags.length === IDS.length).toBe(true);
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'random text and random sample ids: flags or a UserError',
    async () => {
      const cell = fc.constantFrom('id', 'is_noisy', 'true_label', '1', '0', 'TRUE', 'yes', '', 'a1', 'cat', '"', '""', ' ');
      const text = fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
      await fc.assert(
        fc.asyncProperty(text, fc.uniqueArray(awkwardId, { maxLength: 4 }), async (t, ids) => {
          const path = await write('random.csv', t);
          await expectResultOrUserError(
            () =>
              loadTruth(
                path,
                ids,
                ids.map(() => 'cat'),
              ),
            { t, ids },
          );
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'a well-formed truth file, whatever its ids: exactly the flags it holds',
    async () => {
      const rows = fc.uniqueArray(
        fc.tuple(
          awkwardId.map((s) => s.trim()).filter((s) => s.length > 0),
          fc.constantFrom('0', '1', 'true', 'FALSE'),
        ),
        {
          minLength: 1,
          maxLength: 6,
          selector: ([id]) => id,
        },
      );
      await fc.assert(
        fc.asyncProperty(rows, fc.boolean(), async (r, byLabel) => {
          const ids = r.map(([id]) => id);
          const noisy = r.map(([, v]) => v === '1' || v.toLowerCase() === 'true');
          const text = byLabel
            ? [formatCsvRow(['id', 'true_label']), ...r.map(([id], i) => formatCsvRow([id, noisy[i] ? 'dog' : 'cat']))].join('\n')
            : [formatCsvRow(['id', 'is_noisy']), ...r.map(([id, v]) => formatCsvRow([id, v]))].join('\n');
          const path = await write('truth.csv', `${text}\n`);
          const flags = await loadTruth(
            path,
            ids,
            ids.map(() => 'cat'),
          );
          expect([...flags]).toEqual(noisy.map(Number));
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );
});

describe('loadTruth: counterexamples fast-check found', () => {
  it('quotes the values it names, so the message stays one line', async () => {
    // Was a raw CR (and 1000 x's) in the message: an unquoted CR is part of a field to csv-parse.
    const bad = await write('cr.csv', `id,is_noisy\na1,${'x'.repeat(1000)}\r0\n`);
    await expect(loadTruth(bad, ['a1'], ['cat'])).rejects.toThrow(`${bad}: row 1, column is_noisy: expected 1/0 or true/false, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'`);
    // Was a raw line break: a sample id may hold one (quoted in the data file).
    const short = await write('short.csv', 'id,true_label\nid,id\n');
    await expect(loadTruth(short, ['two\nlines'], ['cat'])).rejects.toThrow(
      `${short}: 1 of 1 sample ids have no row in the truth file (e.g. 'two\\nlines'); the truth file must cover every sample id`,
    );
  });
});
