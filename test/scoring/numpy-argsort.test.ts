import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numpyArgsort } from '../../src/scoring/numpy-argsort.js';

/** numpy's own answers, written by bench/make-numpy-argsort-fixture.py. */
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/numpy/argsort.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: { why: string; values: (number | null)[]; order: number[] }[];
};

describe("numpy's argsort", () => {
  it('gives numpy its own order on every array of the fixture, ties included', () => {
    expect(fixture.cases.length).toBeGreaterThan(150);
    for (const c of fixture.cases) {
      const values = Float64Array.from(c.values, (v) => (v === null ? Number.NaN : v));
      expect(Array.from(numpyArgsort(values)), c.why).toEqual(c.order);
    }
  });

  it('is not stable above 16 entries, which is why it is copied and not replaced by a stable sort', () => {
    const c = fixture.cases.find((x) => x.why === '19 equal entries' || x.why === '17 equal entries')!;
    expect(c.order).not.toEqual([...c.order].sort((a, b) => a - b));
  });
});
