import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { topNotices } from '../../src/reports/notices.js';
import { renderTerminal } from '../../src/reports/terminal.js';
import { CLARITY_FADES_AT, clearFlags, FULL_CLARITY_MARGIN, requiredMargin } from '../../src/scoring/clarity.js';
import { createRng } from '../../src/util/rng.js';

describe('the clean-data guard', () => {
  it('asks for the full margin on clean data, fading linearly to none at the fade point', () => {
    expect(requiredMargin(0)).toBe(FULL_CLARITY_MARGIN);
    expect(requiredMargin(CLARITY_FADES_AT / 2)).toBeCloseTo(FULL_CLARITY_MARGIN / 2, 12);
    expect(requiredMargin(CLARITY_FADES_AT)).toBe(0);
    expect(requiredMargin(0.6)).toBe(0);
  });

  it('keeps the clear cases among the wanted ones and counts the rest as held back', () => {
    // Ranked 3, 0, 1, 2: margins 0.9, 0.5, 0.1, 0.05; at 0% noise a flag needs 0.4.
    const r = clearFlags([3, 0, 1, 2], 3, [0.5, 0.1, 0.05, 0.9], 0);
    expect(r).toEqual({ count: 2, heldBack: 1, minMargin: FULL_CLARITY_MARGIN });
    // With plenty of noise nothing is held back, and never more than there are samples.
    expect(clearFlags([3, 0, 1, 2], 9, [0.5, 0.1, 0.05, 0.9], 0.5)).toEqual({ count: 4, heldBack: 0, minMargin: 0 });
  });

  /**
   * Clean labels, but two of four classes overlap: every ant and bee sample looks partly like the
   * other (0.36-0.75 for its own class), and a few lean the wrong way. Confident learning counts
   * those as wrong labels; a model that is confused is not evidence of a wrong label.
   */
  function overlapping(flips: number): { labels: string[]; probs: number[][]; isNoisy: Uint8Array } {
    const rng = createRng(3);
    const names = ['ant', 'bee', 'cat', 'dog'];
    const labels: string[] = [];
    const probs: number[][] = [];
    const isNoisy = new Uint8Array(800);
    for (let i = 0; i < 800; i++) {
      const truth = i % 4;
      const p = [0.02, 0.02, 0.02, 0.02];
      if (truth < 2) {
        const lean = 0.36 + 0.39 * rng.next();
        p[truth] = lean;
        p[1 - truth] = 0.96 - lean;
      } else p[truth] = 0.94;
      probs.push(p);
      const flip = i < flips;
      isNoisy[i] = flip ? 1 : 0;
      labels.push(names[flip ? (truth + 2) % 4 : truth]!);
    }
    return { labels, probs, isNoisy };
  }

  it('on clean data with honest confusions flags only what is clearly wrong, and says so first', () => {
    const s = overlapping(0);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs });
    // Confident learning alone would flag the leaning-over samples.
    expect(report.estimate.expectedWrongLabels).toBeGreaterThan(10);
    expect(report.estimate.flagged).toBe(0);
    expect(report.estimate.clarity!.heldBack).toBe(Math.round(report.estimate.expectedWrongLabels));
    const notices = topNotices(report);
    expect(notices[0]).toMatch(/^Clean-data guard: \d+ of the \d+ labels estimated wrong .* are not flagged/);
    const text = renderTerminal(report);
    expect(text.indexOf('Clean-data guard')).toBeLessThan(text.indexOf('Estimated wrong labels'));
  });

  it('still flags clear flips among the confusions', () => {
    const s = overlapping(24);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, truth: s.isNoisy });
    const flagged = report.samples.filter((v) => v.flagged);
    const found = flagged.filter((v) => s.isNoisy[v.index] === 1).length;
    expect(found).toBe(24);
    // What it held back were confusions only: the count alone would have flagged them too.
    const held = report.estimate.clarity!.heldBack;
    expect(held).toBeGreaterThan(0);
    expect(flagged.length + held).toBe(Math.round(report.estimate.expectedWrongLabels));
    expect(flagged.length - found).toBeLessThan(held);
  });

  it('is off with --threshold, where the user chose the cut', () => {
    const s = overlapping(0);
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, threshold: 0.5 });
    expect(report.estimate.clarity).toBeNull();
  });
});
