import { describe, expect, it } from 'vitest';
import { compareNatural, isMissing, parseDecimal, readNumericCell } from '../../src/data/csv-values.js';
import { createRng } from '../../src/util/rng.js';

describe('parseDecimal', () => {
  it('equals Number() bit for bit on its fast path and beyond', () => {
    const rng = createRng(7);
    const digits = (k: number): string => Array.from({ length: k }, () => String(Math.floor(rng.next() * 10))).join('');
    for (let t = 0; t < 20000; t++) {
      const sign = ['', '-', '+'][Math.floor(rng.next() * 3)] ?? '';
      const int = digits(Math.floor(rng.next() * 10));
      const frac = rng.next() < 0.6 ? `.${digits(Math.floor(rng.next() * 12))}` : '';
      const exp = rng.next() < 0.1 ? `e${Math.floor(rng.next() * 40) - 20}` : '';
      const s = sign + int + frac + exp;
      const expected = /\d/.test(int + frac) ? Number(s) : undefined;
      expect(Object.is(parseDecimal(s), expected), s).toBe(true);
    }
  });

  it('rejects what is not plain decimal notation', () => {
    for (const s of ['0x1f', '1_000', '1,5', '--1', '.', '1e', 'abc', ' ', 'Infinity', '1.2.3']) expect(parseDecimal(s), s).toBeUndefined();
  });
});

describe('readNumericCell', () => {
  it('tells numbers, non-finite numbers and text apart', () => {
    expect(readNumericCell('-0.5')).toEqual({ kind: 'number', value: -0.5 });
    for (const s of ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '+INF', '1e400']) expect(readNumericCell(s).kind, s).toBe('non-finite');
    expect(readNumericCell('infinite').kind).toBe('text');
  });
});

describe('isMissing', () => {
  it('knows the missing tokens, case-insensitively', () => {
    for (const s of ['', 'NA', 'na', 'N/A', 'n/a', 'null', 'NULL']) expect(isMissing(s), s).toBe(true);
    for (const s of ['0', 'N', 'nan', 'none', 'nullx', '-']) expect(isMissing(s), s).toBe(false);
  });
});

describe('compareNatural', () => {
  it('orders numbers inside names numerically and is total', () => {
    expect(['10', 'b', '2', 'B', 'a1', 'a10', 'a2'].sort(compareNatural)).toEqual(['2', '10', 'a1', 'a2', 'a10', 'b', 'B']);
  });
});
