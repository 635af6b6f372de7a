import { describe, expect, it } from 'vitest';
import { confidentJoint } from '../../src/scoring/confident-joint.js';
import { pruneByNoiseRate, roundPreservingSum } from '../../src/scoring/noise-rate-pruning.js';
import { createRng } from '../../src/util/rng.js';

describe("confident learning's prune by noise rate", () => {
  it('rounds a row to whole counts that keep its rounded total, halves to even as numpy does', () => {
    // The values cleanlab's round_preserving_sum gives (numpy's argsort order among equals).
    expect(Array.from(roundPreservingSum([0.4, 0.4, 0.2]))).toEqual([0, 1, 0]);
    expect(Array.from(roundPreservingSum([2.5, 3.5, 4]))).toEqual([2, 4, 4]);
    expect(Array.from(roundPreservingSum([1.6, 1.6, 1.8]))).toEqual([1, 2, 2]);
    expect(Array.from(roundPreservingSum([0.3, 0.3, 0.3, 0.3, 0.3, 0.5]))).toEqual([0, 0, 0, 0, 1, 1]);
    expect(Array.from(roundPreservingSum([10, 0, 0]))).toEqual([10, 0, 0]);
  });

  it("hands a tied remainder where numpy's unstable argsort does: to the first of the pair in a 19-entry row, the last in a 5-entry one", () => {
    // cleanlab's round_preserving_sum on these rows (soybean-sym10's class 4: 1.4 / 1.4 / 18.2).
    const long = new Float64Array(19);
    long.set([1.4, 0, 1.4, 18.2], 1);
    const short = Float64Array.from([0, 1.4, 0, 1.4, 18.2]);
    expect(Array.from(roundPreservingSum(long)).slice(0, 5)).toEqual([0, 2, 0, 1, 18]);
    expect(Array.from(roundPreservingSum(short))).toEqual([0, 1, 0, 2, 18]);
  });

  /**
   * A class pair flipped one way: 30% of the `b` samples are labelled `a`. One model's probabilities
   * know the truth (0.7-0.9 on it), with a clean but uncertain `c` class mixed in.
   */
  function pairFlip(): { probs: number[]; labels: Int32Array; flipped: Uint8Array } {
    const rng = createRng(5);
    const n = 900;
    const probs: number[] = [];
    const labels = new Int32Array(n);
    const flipped = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const truth = i % 3;
      const sure = truth === 2 ? 0.45 + 0.2 * rng.next() : 0.7 + 0.2 * rng.next();
      const p = [0, 1, 2].map((j) => (j === truth ? sure : (1 - sure) / 2));
      probs.push(...p);
      flipped[i] = truth === 1 && rng.next() < 0.3 ? 1 : 0;
      labels[i] = flipped[i] ? 0 : truth;
    }
    return { probs, labels, flipped };
  }

  it('fills the a -> b cell with the samples labelled a that look most like b: as many as the cell counts, every one a flip', () => {
    const s = pairFlip();
    const joint = confidentJoint(s.probs, s.labels, 3);
    const flags = pruneByNoiseRate(s.probs, s.labels, joint);
    const cell = Math.round(joint.joint[0 * 3 + 1]!);
    expect(cell).toBeGreaterThan(60);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] && s.flipped[i]) tp++;
      else if (flags[i]) fp++;
    }
    // The calibrated count sees about two thirds of the 91 flips (the least confident ones are not counted).
    expect(tp).toBe(roundPreservingSum(joint.joint.subarray(0, 3))[1]);
    expect(fp).toBe(0);
  });

  it("takes a cell's members among equal margins in numpy's argsort order, as cleanlab's np.argsort(-margin) does", () => {
    // 20 samples labelled 0, all alike (0.3 / 0.7); the joint says 3 are truly 1. numpy orders the
    // 20 equal values 0, 17, 16, ... (its introsort is not stable), so cleanlab flags those three.
    const probs = [...Array.from({ length: 20 }, () => [0.3, 0.7]).flat(), 0.1, 0.9, 0.1, 0.9];
    const labels = Int32Array.from([...new Array(20).fill(0), 1, 1]);
    const joint = { classes: 2, thresholds: new Float64Array(2), joint: Float64Array.from([17, 3, 0, 2]), issues: 3 };
    const flags = pruneByNoiseRate(probs, labels, joint);
    expect(Array.from(flags.keys()).filter((i) => flags[i])).toEqual([0, 16, 17]);
  });

  it('never flags a sample whose most probable class is its given label, even when its cell asks for more', () => {
    // Two classes; the joint says 3 of class 0's 4 samples are truly 1, but only one is predicted 1.
    const probs = [0.2, 0.8, 0.55, 0.45, 0.6, 0.4, 0.9, 0.1, 0.1, 0.9, 0.2, 0.8];
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1]);
    const joint = { classes: 2, thresholds: new Float64Array(2), joint: Float64Array.from([1, 3, 0, 2]), issues: 3 };
    expect(Array.from(pruneByNoiseRate(probs, labels, joint))).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('leaves a class of one sample alone (cleanlab keeps at least one per class)', () => {
    const probs = [0.1, 0.9, 0.2, 0.8, 0.3, 0.7];
    const labels = Int32Array.from([0, 1, 1]);
    const joint = { classes: 2, thresholds: new Float64Array(2), joint: Float64Array.from([0, 1, 0, 2]), issues: 1 };
    expect(Array.from(pruneByNoiseRate(probs, labels, joint))).toEqual([0, 0, 0]);
  });
});

describe('a class its cells would empty', () => {
  it('keeps one sample: the cells give up one between them, evenly, rounded down (cleanlab _keep_at_least_n_per_class)', () => {
    // Class 0's 3 samples all counted as truly 1 (3) and 2 (0): the diagonal gets 1, the 1-cell 2.
    const probs = [0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.3, 0.6, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
    const labels = Int32Array.from([0, 0, 0, 1, 2]);
    const joint = { classes: 3, thresholds: new Float64Array(3), joint: Float64Array.from([0, 3, 0, 0, 1, 0, 0, 0, 1]), issues: 3 };
    expect(Array.from(pruneByNoiseRate(probs, labels, joint))).toEqual([1, 1, 0, 0, 0]);
  });
});
