import { describe, expect, it } from 'vitest';
import type { ConfidentJoint } from '../../src/scoring/confident-joint.js';
import { CONFUSION_FADE_FROM, CONFUSION_GONE_AT, confusionKept, withoutConfusion } from '../../src/scoring/confusion-count.js';
import { crowdedCells } from '../../src/scoring/mutual-confusion.js';

/** A calibrated joint of `k` classes of `perClass` samples: `rate` of each class in every other cell, plus `extra` (given, true, count). */
function jointOf(k: number, perClass: number, rate: number, extra: readonly [number, number, number][]): ConfidentJoint {
  const joint = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) joint[i * k + j] = rate * perClass;
  for (const [i, j, c] of extra) joint[i * k + j]! += c;
  let issues = 0;
  for (let i = 0; i < k; i++) {
    let off = 0;
    for (let j = 0; j < k; j++) if (j !== i) off += joint[i * k + j]!;
    joint[i * k + i] = perClass - off;
    issues += off;
  }
  return { classes: k, thresholds: new Float64Array(k).fill(0.5), joint, issues };
}

const perClassOf = (k: number, n: number) => new Float64Array(k).fill(n);

describe('confusionKept', () => {
  it('keeps the whole excess up to the fade point, none from the gone point, linearly between', () => {
    expect(confusionKept(0)).toBe(1);
    expect(confusionKept(CONFUSION_FADE_FROM)).toBe(1);
    expect(confusionKept((CONFUSION_FADE_FROM + CONFUSION_GONE_AT) / 2)).toBeCloseTo(0.5, 12);
    expect(confusionKept(CONFUSION_GONE_AT)).toBe(0);
    expect(confusionKept(1)).toBe(0);
  });
});

describe('crowdedCells', () => {
  it('finds the cells the background rate cannot explain, on fractional counts, and names pairs crowded both ways', () => {
    // 10 classes of 1,000, 1% of each in every other cell; 0 <-> 1 crowded both ways, 2 -> 3 one way.
    const j = jointOf(10, 1000, 0.01, [
      [0, 1, 60.4],
      [1, 0, 45.7],
      [2, 3, 80],
    ]);
    const c = crowdedCells(j.joint, perClassOf(10, 1000), 10);
    expect(c.pairs).toEqual([[0, 1]]);
    expect(c.crowded[2 * 10 + 3]).toBe(1);
    expect(c.crowded[3 * 10 + 2]).toBe(0);
    expect(c.rate).toBeCloseTo(0.01, 12);
  });
});

describe('withoutConfusion', () => {
  it('symmetric noise beside a confused pair: the pair keeps only the background, the rows keep their sums', () => {
    // 10% symmetric noise over 10 classes of 1,000 (1,000 wrong labels) and 0 <-> 1 confused both ways (150 + 120).
    const j = jointOf(10, 1000, 0.1 / 9, [
      [0, 1, 150],
      [1, 0, 120],
    ]);
    expect(j.issues).toBeCloseTo(1270, 9);
    const c = withoutConfusion(j, perClassOf(10, 1000));
    expect(c.backgroundShare).toBeCloseTo(1000 / 1270, 9);
    expect(c.pairs).toEqual([[0, 1]]);
    expect(c.removed).toBeCloseTo(270, 9);
    expect(c.joint.issues).toBeCloseTo(1000, 9);
    for (let i = 0; i < 10; i++) {
      let row = 0;
      for (let t = 0; t < 10; t++) row += c.joint.joint[i * 10 + t]!;
      expect(row).toBeCloseTo(1000, 9);
    }
    expect(c.joint.joint[0 * 10 + 1]).toBeCloseTo(1000 * (0.1 / 9), 9);
    // The input is left as it was.
    expect(j.joint[0 * 10 + 1]).toBeCloseTo(150 + 1000 * (0.1 / 9), 9);
  });

  it('noise that crowds the pairs itself (instance-dependent, clean confusions): the count is kept whole', () => {
    // Almost nothing in the background, 300 + 250 in the pair: the background explains under half.
    const j = jointOf(10, 1000, 0.001, [
      [0, 1, 300],
      [1, 0, 250],
    ]);
    const c = withoutConfusion(j, perClassOf(10, 1000));
    expect(c.backgroundShare).toBeLessThan(CONFUSION_FADE_FROM);
    expect(c.removed).toBe(0);
    expect(c.joint).toBe(j);
  });

  it('one-way crowding (pair-flip noise) is never confusion', () => {
    const j = jointOf(10, 1000, 0.1 / 9, [[2, 3, 200]]);
    const c = withoutConfusion(j, perClassOf(10, 1000));
    expect(c.pairs).toEqual([]);
    expect(c.removed).toBe(0);
    expect(c.joint.issues).toBeCloseTo(j.issues, 9);
  });

  it('between the fade points part of the excess stays', () => {
    // Background 1,000 of a count of 1,000 + excess: choose the excess so that the share is midway.
    const share = (CONFUSION_FADE_FROM + CONFUSION_GONE_AT) / 2;
    const excess = 1000 / share - 1000;
    const j = jointOf(10, 1000, 0.1 / 9, [
      [0, 1, excess / 2],
      [1, 0, excess / 2],
    ]);
    const c = withoutConfusion(j, perClassOf(10, 1000));
    expect(c.backgroundShare).toBeCloseTo(share, 9);
    expect(c.removed).toBeCloseTo(excess / 2, 6);
  });
});
