import { describe, expect, it } from 'vitest';
import { evaluateScores } from '../../src/scoring/evaluate.js';

describe('evaluateScores', () => {
  it('matches hand-computed metrics (sklearn docs example)', () => {
    const m = evaluateScores([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(m.auroc).toBeCloseTo(0.75, 12);
    expect(m.averagePrecision).toBeCloseTo(5 / 6, 12);
    expect(m.mask).toMatchObject({ flagged: 1, tp: 1, fp: 0, fn: 1, tn: 2, precision: 1, recall: 0.5, accuracy: 0.75 });
    expect(m.mask.f1).toBeCloseTo(2 / 3, 12);
    expect(m.bestF1).toMatchObject({ threshold: 0.35, flagged: 3, recall: 1 });
    expect(m.bestF1?.f1).toBeCloseTo(0.8, 12);
    expect(m.bestF1?.precision).toBeCloseTo(2 / 3, 12);
    expect(m.atK).toEqual([{ k: 2, hits: 1, precision: 0.5, recall: 0.5 }]); // 100/500/1000 > n are dropped
    expect(m.warnings).toEqual([]);
  });

  it('averages ranks over ties for AUROC and groups ties for AP', () => {
    // Pos {.5, .5} vs neg {.5, .1}: pairs (.5,.5) count 1/2 each -> (0.5 + 1 + 0.5 + 1) / 4.
    const a = evaluateScores([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.1]);
    expect(a.auroc).toBeCloseTo(0.75, 12);
    expect(a.averagePrecision).toBeCloseTo(2 / 3, 12); // one step: P = 2/3 at R = 1
    // Pos {.9, .3, .1} vs neg {.3, .3}: (2 + 1 + 0) / 6; AP = 1/3 * 1 + 1/3 * 2/4 + 1/3 * 3/5.
    const b = evaluateScores([true, true, false, false, true], [0.9, 0.3, 0.3, 0.3, 0.1]);
    expect(b.auroc).toBeCloseTo(0.5, 12);
    expect(b.averagePrecision).toBeCloseTo(0.7, 12);
  });

  it('breaks top-k ties by index, or by the given tie-break', () => {
    const truth = [1, 0, 1, 0];
    const score = [0.5, 0.5, 0.5, 0.1];
    expect(evaluateScores(truth, score, { ks: [2] }).atK[0]?.hits).toBe(1);
    expect(evaluateScores(truth, score, { ks: [2], tieBreak: [1, 0, 2, 0] }).atK[0]?.hits).toBe(2);
  });

  it('uses an explicit flagged mask over the threshold', () => {
    const m = evaluateScores([1, 0, 1, 0], [0.9, 0.8, 0.1, 0.0], { flagged: [0, 0, 1, 1] });
    expect(m.mask).toMatchObject({ rule: { kind: 'mask' }, tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it('returns null with a reason when there are no positives, or only positives', () => {
    const none = evaluateScores([0, 0, 0], [0.9, 0.2, 0.1]);
    expect(none.auroc).toBeNull();
    expect(none.averagePrecision).toBeNull();
    expect(none.bestF1).toBeNull();
    expect(none.mask.recall).toBeNull();
    expect(none.mask.precision).toBe(0);
    expect(none.warnings.join()).toMatch(/No sample is truly noisy/);
    const all = evaluateScores([1, 1], [0.9, 0.2]);
    expect(all.auroc).toBeNull();
    expect(all.averagePrecision).toBe(1);
    expect(all.warnings.join()).toMatch(/Every sample is truly noisy/);
    const empty = evaluateScores([], []);
    expect(empty.mask.accuracy).toBeNull();
    expect(empty.atK).toEqual([]);
  });

  it('rejects mismatched lengths and NaN scores', () => {
    expect(() => evaluateScores([1, 0], [0.5])).toThrow(RangeError);
    expect(() => evaluateScores([1, 0], [0.5, Number.NaN])).toThrow(/NaN/);
  });
});
