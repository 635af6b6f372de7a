import { describe, expect, it } from 'vitest';
import { ByteLines, encodeSampleFields, roundMillionths } from '../../src/reports/csv-bytes.js';
import { sampleLine } from '../../src/reports/csv.js';
import type { SampleVerdict } from '../../src/reports/report.js';

let state = 11;
const rnd = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};

// Halves at the 7th decimal, values toFixed rounds by their exact binary value, out-of-range ones.
const awkward = [0, -0, 1, 0.5, 0.0000005, 0.0000015, 0.0000025, 1.0000005, 0.1234565, 2.675, 999.9999995, 1000, 12345.678, -0.25, 1e21, Number.NaN, 1e-7];
const texts = ['s1', '', ' padded', 'trail ', 'a,b', 'say "hi"', 'line\nbreak', 'café', '猫', 'tab\there', '0', 'x'.repeat(50)];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const number = () => (rnd() < 0.4 ? pick(awkward) : rnd() < 0.5 ? rnd() : rnd() * 20);

function verdict(rank: number): SampleVerdict {
  return {
    rank,
    index: rank - 1,
    id: pick(texts),
    givenLabel: pick(texts),
    suggestedLabel: pick(texts),
    pNoisy: number(),
    loss: number(),
    pGiven: number(),
    pSuggested: number(),
    flagged: rnd() < 0.5,
  };
}

describe('samples.csv lines as bytes', () => {
  it('are byte for byte sampleLine on 20,000 rows of awkward values', () => {
    const out = new ByteLines(1 << 10);
    const expected: string[] = [];
    for (let r = 1; r <= 20_000; r++) {
      const s = verdict(r);
      encodeSampleFields(out, s);
      out.byte(10);
      expected.push(`${sampleLine(s)}\n`);
    }
    expect(out.take().toString('utf8')).toBe(expected.join(''));
  });

  it('round to millionths exactly as toFixed(6), or decline', () => {
    const wrong: number[] = [];
    let declined = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = i < 50_000 ? rnd() * (i % 2 ? 1 : 1000) : Math.round(rnd() * 1e7) / 1e7 + 5e-7;
      const m = roundMillionths(v);
      if (m < 0) declined++;
      else if ((m / 1e6).toFixed(6) !== v.toFixed(6)) wrong.push(v);
    }
    expect(wrong).toEqual([]);
    // The fast path must be the common one, or the test proves nothing about it.
    expect(declined).toBeLessThan(60_000);
  });
});
