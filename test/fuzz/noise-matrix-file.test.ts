import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNoiseMatrix } from '../../src/data/noise-matrix-file.js';
import { ROW_SUM_TOLERANCE } from '../../src/noise/noise-matrix.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { mutatedBytes, mutatedFile } from './mutate.js';

let write: Awaited<ReturnType<typeof fuzzDir>>['write'];
beforeAll(async () => {
  ({ write } = await fuzzDir('matrix'));
});

const CLASSES = ['cat', 'dog', 'eel'];
const VALID = JSON.stringify({ cat: { cat: 0.8, dog: 0.2 }, dog: { dog: 0.9, eel: 0.1 }, eel: { eel: 1 } }, null, 2);

/** Class names that are also the names of Object.prototype members, or odd JSON keys. */
const awkwardClass = fc.constantFrom('cat', 'dog', 'toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', '', '0', 'a"b', 'é');
const classNames = fc.uniqueArray(awkwardClass, { minLength: 2, maxLength: 4 });

function checkMatrix(rows: number[][], k: number): void {
  expect(rows).toHaveLength(k);
  for (const row of rows) {
    expect(row).toHaveLength(k);
    expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(ROW_SUM_TOLERANCE);
  }
}

describe('loadNoiseMatrix on arbitrary input', () => {
  it(
    'mutated versions of a valid matrix file (and their gzip): a matrix or a UserError',
    async () => {
      const base = new Uint8Array(Buffer.from(VALID));
      await fc.assert(
        fc.asyncProperty(mutatedFile(), async (f) => {
          const bytes = mutatedBytes(base, f);
          const path = await write('mutated.json', bytes);
          const rows = await expectResultOrUserError(() => loadNoiseMatrix(path, CLASSES), bytes);
          if (rows) checkMatrix(rows, CLASSES.length);
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'any JSON value, against awkward class names: a matrix or a UserError',
    async () => {
      const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(awkwardClass, fc.dictionary(awkwardClass, fc.oneof(fc.double(), fc.jsonValue({ maxDepth: 1 })))));
      await fc.assert(
        fc.asyncProperty(json, classNames, async (j, names) => {
          const text = JSON.stringify(j) ?? 'null';
          const path = await write('any.json', text);
          const rows = await expectResultOrUserError(() => loadNoiseMatrix(path, names), { text, names });
          if (rows) checkMatrix(rows, names.length);
        }),
        fuzzOptions(250),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'a valid matrix keyed by class names, cells of 0 left out: exactly that matrix',
    async () => {
      const matrix = classNames.chain((names) =>
        fc.tuple(
          fc.constant(names),
          fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: names.length, maxLength: names.length }), { minLength: names.length, maxLength: names.length }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(matrix, async ([names, counts]) => {
          // Each row: integer weights over a power of two, so the sums are exact; a zero row is the identity's.
          const rows = counts.map((c, i) => {
            const w = c.reduce((a, b) => a + b, 0) === 0 ? c.map((_, j) => Number(i === j)) : c;
            const total = w.reduce((a, b) => a + b, 0);
            return w.map((x) => x / total);
          });
          const json = Object.fromEntries(names.map((from, i) => [from, Object.fromEntries(names.flatMap((to, j) => (rows[i]![j]! > 0 ? [[to, rows[i]![j]!]] : [])))]));
          const path = await write('valid.json', JSON.stringify(json));
          const got = await loadNoiseMatrix(path, names);
          for (let i = 0; i < names.length; i++) for (let j = 0; j < names.length; j++) expect(got[i]![j]).toBeCloseTo(rows[i]![j]!, 12);
        }),
        fuzzOptions(200),
      );
    },
    FUZZ_TEST_MS,
  );
});

describe('loadNoiseMatrix: counterexamples fast-check found', () => {
  it('says where the JSON is broken in one line, though V8 quotes a slice of the text with its line breaks', async () => {
    // Was: not valid JSON (Unexpected token 'N', "NaN{<line break>  "cat"...
    const message = async (path: string): Promise<string> => (await loadNoiseMatrix(path, CLASSES).catch((e: Error) => e)).toString();
    // V8's wording varies between Node versions; the shape does not.
    const nan = await write('nan.json', `NaN${VALID}`);
    expect(await message(nan)).toMatch(/^UserError: \S+nan\.json: not valid JSON \(Unexpected token 'N', "NaN\{\\n {2}"[^\n]* is not valid JSON\); write the matrix as JSON$/);
    const comma = await write('comma.json', '{\n  "cat": {"cat": 1},\n}\n');
    expect(await message(comma)).toMatch(/^UserError: \S+comma\.json: not valid JSON \([^\n]* at line 3, column 1\); write the matrix as JSON$/);
  });

  it('reads a class named like an Object.prototype member as absent from a row that leaves it out, not as NaN', async () => {
    // Was "row 'toString', column '__proto__': NaN is not a probability": cells['__proto__'] is Object.prototype.
    const names = ['toString', 'cat', '__proto__', 'constructor'];
    const path = await write('proto.json', '{"toString": {"toString": 1}, "cat": {"cat": 1}, "__proto__": {"__proto__": 1}, "constructor": {"cat": 1}}');
    expect(await loadNoiseMatrix(path, names)).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
    const noRow = await write('no-row.json', '{"toString": {"toString": 1}, "cat": {"cat": 1}, "__proto__": {"__proto__": 1}}');
    await expect(loadNoiseMatrix(noRow, names)).rejects.toThrow(`${noRow}: no row for class 'constructor'`);
  });
});
