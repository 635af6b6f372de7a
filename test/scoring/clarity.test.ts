import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { topNotices } from '../../src/reports/notices.js';
import { renderTerminal } from '../../src/reports/terminal.js';
import { CLARITY_FADES_AT, clearFlags, FULL_CLARITY_MARGIN, ONE_MODEL_GUARD, requiredMargin } from '../../src/scoring/clarity.js';
import { marginScores } from '../../src/scoring/confident-joint.js';
import { createRng } from '../../src/util/rng.js';

describe('the clean-data guard', () => {
  it('asks for the full margin on clean data, fading linearly to none at the fade point', () => {
    expect(requiredMargin(0)).toBe(FULL_CLARITY_MARGIN);
    expect(requiredMargin(CLARITY_FADES_AT / 2)).toBeCloseTo(FULL_CLARITY_MARGIN / 2, 12);
    expect(requiredMargin(CLARITY_FADES_AT)).toBe(0);
    expect(requiredMargin(0.6)).toBe(0);
  });

  it('keeps the clear cases among the wanted ones and counts the rest as held back', () => {
    // Ranked 3, 0, 1, 2: margins 0.9, 0.5, 0.1, 0.05; at 0% noise a flag needs 0.5.
    const r = clearFlags([3, 0, 1, 2], 3, [0.5, 0.1, 0.05, 0.9], 0);
    expect(r).toEqual({ count: 2, heldBack: 1, minMargin: FULL_CLARITY_MARGIN });
    // With plenty of noise nothing is held back, and never more than there are samples.
    expect(clearFlags([3, 0, 1, 2], 9, [0.5, 0.1, 0.05, 0.9], 0.5)).toEqual({ count: 4, heldBack: 0, minMargin: 0 });
  });

  it('holds back a margin of 0.45 on clean data (clean Letter and Satellite flagged 2.5% / 2.1% at 0.4), not at 10% estimated noise', () => {
    expect(FULL_CLARITY_MARGIN).toBe(0.5);
    expect(clearFlags([0], 1, [0.45], 0)).toEqual({ count: 0, heldBack: 1, minMargin: 0.5 });
    const at10 = clearFlags([0], 1, [0.45], 0.1);
    expect(at10.count).toBe(1);
    expect(at10.minMargin).toBeCloseTo(0.5 * (1 - 0.1 / CLARITY_FADES_AT), 12);
  });

  /**
   * Clean labels, but two of `classes` classes overlap: every ant and bee sample looks partly like
   * the other (0.36-0.75 for its own class), and a few lean the wrong way; the other classes are
   * clear. Confident learning counts the leaning ones as wrong labels; a model that is confused is
   * not evidence of a wrong label.
   */
  function overlapping(flips: number, classes = 4): { labels: string[]; probs: number[][]; isNoisy: Uint8Array } {
    const rng = createRng(3);
    const names = ['ant', 'bee', 'cat', 'dog', 'eel', 'fox', 'gnu', 'hen'].slice(0, classes);
    const labels: string[] = [];
    const probs: number[][] = [];
    const n = 200 * classes;
    const isNoisy = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const truth = i % classes;
      let p: number[];
      if (truth < 2) {
        // 0.96 shared by ant and bee, 0.04 spread over the others.
        const lean = 0.36 + 0.39 * rng.next();
        p = names.map((_, j) => (j === truth ? lean : j === 1 - truth ? 0.96 - lean : 0.04 / (classes - 2)));
      } else p = names.map((_, j) => (j === truth ? 0.94 : 0.06 / (classes - 1)));
      probs.push(p);
      const flip = i < flips;
      isNoisy[i] = flip ? 1 : 0;
      labels.push(names[flip ? (truth + 2) % classes : truth]!);
    }
    return { labels, probs, isNoisy };
  }

  it("one model at little estimated noise: of confident learning's per-cell picks only the clear ones are flagged, and it says so first", () => {
    const s = overlapping(0, 8);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs });
    expect(report.estimate.selection).toBe('per-cell');
    // Confident learning alone would flag the leaning-over samples.
    expect(report.estimate.expectedWrongLabels).toBeGreaterThan(10);
    expect(report.estimate.noiseFraction).toBeLessThan(ONE_MODEL_GUARD.fadesAt);
    const { heldBack, minMargin } = report.estimate.clarity!;
    expect(minMargin).toBeCloseTo(requiredMargin(report.estimate.noiseFraction, ONE_MODEL_GUARD), 12);
    expect(heldBack).toBeGreaterThan(0);
    // The class names sort as listed, so a label's index is its class column.
    const names = [...new Set(s.labels)].sort();
    const margin = marginScores(
      s.probs.flat(),
      Int32Array.from(s.labels, (l) => names.indexOf(l)),
      names.length,
    );
    for (const v of report.samples.filter((x) => x.flagged)) expect(margin[v.index]).toBeGreaterThanOrEqual(minMargin);
    const notices = topNotices(report);
    expect(notices[0]).toMatch(/^Clean-data guard: \d+ of the \d+ labels estimated wrong .* are not flagged/);
    const text = renderTerminal(report);
    expect(text.indexOf('Clean-data guard')).toBeLessThan(text.indexOf('Estimated wrong labels'));
  });

  it('one model: clear flips among the confusions are flagged, at the top of the ranking, none the model predicts as given', () => {
    const s = overlapping(24);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, truth: s.isNoisy });
    const flagged = report.samples.filter((v) => v.flagged);
    expect(flagged.filter((v) => s.isNoisy[v.index] === 1).length).toBeGreaterThanOrEqual(20);
    expect(flagged.every((v) => v.suggestedLabel !== v.givenLabel)).toBe(true);
    expect(report.samples.slice(0, flagged.length).every((v) => v.flagged)).toBe(true);
    // p_noisy is still the margin's: moving the flags to the top leaves the AUROC as it was.
    const unmoved = findLabelIssues({ labels: s.labels, predProbs: s.probs, truth: s.isNoisy, threshold: 0.5 });
    expect(report.evaluation!.metrics.auroc).toBe(unmoved.evaluation!.metrics.auroc);
  });

  it('is off with --threshold, where the user chose the cut', () => {
    const s = overlapping(0);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, threshold: 0.5 });
    expect(report.estimate.clarity).toBeNull();
  });
});
