import { describe, expect, it } from 'vitest';
import { excessKept, MUTUAL_FADES_AT, MUTUAL_FULL_BELOW, mutualConfusion, PAIR_CLEAR_MARGIN, poissonUpperTail } from '../../src/scoring/mutual-confusion.js';

describe('poissonUpperTail', () => {
  it('is P(X >= x) of a Poisson variable', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 1)).toBe(1);
    expect(poissonUpperTail(2, 1)).toBeCloseTo(1 - 2 * Math.exp(-1), 12);
    expect(poissonUpperTail(3, 0.5)).toBeCloseTo(1 - Math.exp(-0.5) * (1 + 0.5 + 0.125), 12);
    expect(poissonUpperTail(30, 5)).toBeGreaterThan(0);
    expect(poissonUpperTail(30, 5)).toBeLessThan(1e-10);
    // With no background at all, any flag is improbable.
    expect(poissonUpperTail(1, 0)).toBe(0);
    // Large means do not underflow.
    expect(poissonUpperTail(1200, 1000)).toBeGreaterThan(0);
    expect(poissonUpperTail(1200, 1000)).toBeLessThan(1e-8);
  });
});

describe('excessKept', () => {
  it('holds back the whole excess below the full point, nothing from the fade point, linearly between', () => {
    expect(excessKept(0)).toBe(0);
    expect(excessKept(MUTUAL_FULL_BELOW)).toBe(0);
    expect(excessKept((MUTUAL_FULL_BELOW + MUTUAL_FADES_AT) / 2)).toBeCloseTo(0.5, 12);
    expect(excessKept(MUTUAL_FADES_AT)).toBe(1);
    expect(excessKept(0.6)).toBe(1);
  });
});

/**
 * `perClass` samples in each of `k` classes; `cells` lists (given, suggested, how many) candidate
 * flags, laid out in that order as the ranking's top.
 */
function layout(k: number, perClass: number, cells: readonly [number, number, number][]) {
  const labels = Int32Array.from({ length: k * perClass }, (_, i) => Math.floor(i / perClass));
  const suggested = Int32Array.from(labels, (y) => (y + 1) % k);
  const next = new Int32Array(k).fill(0);
  const candidates: number[] = [];
  const cellOf: [number, number][] = [];
  for (const [given, to, count] of cells) {
    for (let c = 0; c < count; c++) {
      const s = given * perClass + next[given]!++;
      suggested[s] = to;
      candidates.push(s);
      cellOf.push([given, to]);
    }
  }
  // Every flag as unclear as a confusion (an averaged margin of 0.5) unless a test says otherwise.
  const margin = new Float64Array(labels.length).fill(0.5);
  return { labels, suggested, candidates, cellOf, margin, n: labels.length };
}

describe('mutualConfusion', () => {
  it("clean data: two classes confused both ways keep only the other cells' rate, and the pair is named", () => {
    // 6 classes of 500; classes 0 and 1 look alike (40 and 30 flags), a stray flag here and there.
    const d = layout(6, 500, [
      [0, 1, 40],
      [1, 0, 30],
      [2, 3, 1],
      [4, 5, 1],
      [5, 2, 1],
    ]);
    const r = mutualConfusion({ ...d, classes: 6, noiseFraction: 73 / d.n });
    expect(r.pairs).toEqual([[0, 1]]);
    // 3 stray flags over the 28 uncrowded cells of 500 samples each.
    expect(r.backgroundRate).toBeCloseTo(3 / (28 * 500), 12);
    // Each crowded cell keeps ceil(500 x rate) = 1 flag: its most suspicious (the first in the ranking).
    expect(r.heldBackCount).toBe(40 + 30 - 2);
    expect(r.heldBack[d.candidates[0]!]).toBe(0);
    expect(r.heldBack[d.candidates[1]!]).toBe(1);
    expect(r.heldBack[d.candidates[40]!]).toBe(0);
    for (const s of d.candidates.slice(70)) expect(r.heldBack[s]).toBe(0);
  });

  it('a flag of a confused pair that is placed firmly in the other class stays', () => {
    const d = layout(6, 500, [
      [0, 1, 40],
      [1, 0, 30],
      [2, 3, 1],
    ]);
    // The 11th and 12th flags of the first cell are as clear as a flip; one just under the bar.
    d.margin[d.candidates[10]!] = PAIR_CLEAR_MARGIN;
    d.margin[d.candidates[11]!] = 0.9;
    d.margin[d.candidates[12]!] = PAIR_CLEAR_MARGIN - 0.01;
    const r = mutualConfusion({ ...d, classes: 6, noiseFraction: 0.02 });
    expect(r.heldBack[d.candidates[10]!]).toBe(0);
    expect(r.heldBack[d.candidates[11]!]).toBe(0);
    expect(r.heldBack[d.candidates[12]!]).toBe(1);
    expect(r.heldBackCount).toBe(40 + 30 - 2 - 2);
  });

  it('symmetric noise: flags in every cell at one rate are not crowded, so every flip stays flagged', () => {
    const k = 10;
    const cells: [number, number, number][] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) cells.push([i, j, 5 + ((i + j) % 3)]);
    const d = layout(k, 1000, cells);
    const r = mutualConfusion({ ...d, classes: k, noiseFraction: d.candidates.length / d.n });
    expect(r.pairs).toEqual([]);
    expect(r.heldBackCount).toBe(0);
  });

  it('low noise on top of a confused pair: the pair keeps its share of the noise, the flips elsewhere all stay', () => {
    const k = 10;
    const cells: [number, number, number][] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) cells.push([i, j, 5]);
    // Classes 6 and 0 (shirt and T-shirt) add 60 and 25 confusions to their cells.
    cells.push([6, 0, 60], [0, 6, 25]);
    const d = layout(k, 1000, cells);
    const r = mutualConfusion({ ...d, classes: k, noiseFraction: d.candidates.length / d.n });
    expect(r.pairs).toEqual([[0, 6]]);
    expect(r.backgroundRate).toBeCloseTo(5 / 1000, 12);
    // Each of the two cells keeps its background, ceil(1000 x rate) (5 but for rounding), of its 65 and 30.
    const keeps = Math.ceil(1000 * r.backgroundRate);
    expect(keeps).toBeLessThanOrEqual(6);
    expect(r.heldBackCount).toBe(65 - keeps + 30 - keeps);
    const heldCells = new Set(d.candidates.filter((s) => r.heldBack[s]).map((s) => `${d.labels[s]}-${d.suggested[s]}`));
    expect([...heldCells].sort()).toEqual(['0-6', '6-0']);
  });

  it('one-way crowding (class-dependent, pair-flip noise) is left alone', () => {
    const d = layout(4, 500, [
      [1, 0, 60],
      [2, 1, 55],
      [3, 2, 50],
      [0, 3, 52],
      [0, 1, 1],
    ]);
    const r = mutualConfusion({ ...d, classes: 4, noiseFraction: 0.1 });
    expect(r.pairs).toEqual([]);
    expect(r.heldBackCount).toBe(0);
  });

  it('holds less of the excess as the estimated noise grows, and nothing from the fade point', () => {
    const cells: [number, number, number][] = [
      [0, 1, 41],
      [1, 0, 41],
      [2, 3, 1],
    ];
    const d = layout(4, 500, cells);
    const at = (noiseFraction: number) => mutualConfusion({ ...d, classes: 4, noiseFraction }).heldBackCount;
    const full = at(0.05);
    const half = at((MUTUAL_FULL_BELOW + MUTUAL_FADES_AT) / 2);
    expect(full).toBeGreaterThan(70);
    expect(half).toBeGreaterThan(30);
    expect(half).toBeLessThan(full);
    expect(at(MUTUAL_FADES_AT)).toBe(0);
  });
});
