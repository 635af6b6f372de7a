import { describe, expect, it } from 'vitest';
import { resolveAuditOptions } from '../../src/options/audit.js';
import { buildAuditReport } from '../../src/reports/build-audit-report.js';
import { topNotices } from '../../src/reports/notices.js';
import { renderTerminal } from '../../src/reports/terminal.js';
import { createRng } from '../../src/util/rng.js';

const CLASSES = ['Bag', 'Coat', 'Dress', 'Pullover', 'Shirt', 'T-shirt', 'Trouser', 'Sneaker'];

/**
 * An audit's averaged probabilities without training: 8 classes of 400, every sample clearly its
 * true class (0.8) except the look-alikes of two pairs (Coat/Pullover, Shirt/T-shirt), 12% of whom
 * the model puts in the other class of the pair (0.75 against 0.2), both ways; `flips` samples get
 * a random other label (symmetric noise), and the model still sees their true class (0.8).
 */
function audit(flips: number) {
  const rng = createRng(11);
  const k = CLASSES.length;
  const n = 400 * k;
  const lookAlike = new Map([
    [1, 3],
    [3, 1],
    [4, 5],
    [5, 4],
  ]);
  const labels = new Int32Array(n);
  const isNoisy = new Uint8Array(n);
  const probs = new Float64Array(n * k);
  const flipped = new Set<number>();
  while (flipped.size < flips) flipped.add(Math.floor(rng.next() * n));
  for (let i = 0; i < n; i++) {
    const truth = i % k;
    const other = lookAlike.get(truth);
    const leans = other !== undefined && rng.next() < 0.12;
    const top = leans ? other! : truth;
    for (let j = 0; j < k; j++) probs[i * k + j] = j === top ? (leans ? 0.75 : 0.8) : j === truth ? 0.2 : 0;
    // The rest of the mass spread over the classes not yet given any.
    const rest = 1 - (leans ? 0.95 : 0.8);
    const spread = leans ? k - 2 : k - 1;
    for (let j = 0; j < k; j++) if (probs[i * k + j] === 0) probs[i * k + j] = rest / spread;
    labels[i] = truth;
    if (flipped.has(i)) {
      labels[i] = (truth + 1 + Math.floor(rng.next() * (k - 1))) % k;
      isNoisy[i] = 1;
    }
  }
  const losses = Float32Array.from(labels, (y, i) => -Math.log(probs[i * k + y]!));
  const predictions = Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j]! > probs[i * k + best]!) best = j;
    return best;
  });
  const report = buildAuditReport({
    settings: resolveAuditOptions({}),
    backend: null,
    dataset: { path: 'garments.csv', sampleShape: [1], labels, ids: Array.from({ length: n }, (_, i) => `r${i}`), classNames: CLASSES, warnings: [], source: 'csv' },
    epochLosses: [losses],
    epochs: [],
    predictions,
    probabilities: probs,
    meanProbabilities: probs,
    truth: { path: 'truth.csv', isNoisy },
    timing: { loadSeconds: 0, trainSeconds: 0, totalSeconds: 0 },
    tableOptionsGiven: false,
  });
  return { report, isNoisy, n };
}

describe("the audit's clean-data guard", () => {
  it('clean data with two confused pairs: few flags, the pairs named at the top', () => {
    const { report, n } = audit(0);
    // Confident learning counts the look-alikes (margins of 0.55, clear enough for the margin test,
    // under the bar that keeps a confused pair's clearest flags).
    expect(report.estimate.expectedWrongLabels).toBeGreaterThan(0.02 * n);
    expect(report.estimate.flagged).toBeLessThanOrEqual(0.02 * n);
    const clarity = report.estimate.clarity!;
    expect(clarity.mutual!.pairs).toEqual([
      ['Coat', 'Pullover'],
      ['Shirt', 'T-shirt'],
    ]);
    expect(clarity.mutual!.heldBack).toBeGreaterThan(0);
    expect(report.estimate.flagged + clarity.heldBack).toBe(Math.round(report.estimate.expectedWrongLabels));
    // Flagged samples stay at the top of the ranking.
    expect(report.samples.slice(0, report.estimate.flagged).every((s) => s.flagged)).toBe(true);
    const notices = topNotices(report);
    expect(notices[0]).toMatch(
      /^Clean-data guard: \d+ of the \d+ labels estimated wrong .* are not flagged, because \d+ sit in class pairs the model confuses both ways \(Coat \/ Pullover, Shirt \/ T-shirt\)/,
    );
    const text = renderTerminal(report);
    expect(text.indexOf('Clean-data guard')).toBeLessThan(text.indexOf('Estimated wrong labels'));
  });

  it('5% symmetric noise on the same data: the flips are still flagged, the confusions mostly not', () => {
    const { report, isNoisy, n } = audit(Math.round(0.05 * 400 * CLASSES.length));
    const flagged = report.samples.filter((s) => s.flagged);
    const caught = flagged.filter((s) => isNoisy[s.index] === 1).length;
    const flips = isNoisy.reduce((a, b) => a + b, 0);
    expect(caught).toBeGreaterThanOrEqual(0.9 * flips);
    expect(flagged.length - caught).toBeLessThan(0.25 * flagged.length);
    expect(report.estimate.clarity!.mutual!.heldBack).toBeGreaterThan(0);
    expect(report.estimate.flagged).toBeLessThan(0.08 * n);
  });

  it("20% symmetric noise on the same data: the pairs' confusions leave the count, which then meets the flips", () => {
    const { report, isNoisy } = audit(Math.round(0.2 * 400 * CLASSES.length));
    const flips = isNoisy.reduce((a, b) => a + b, 0);
    const confusion = report.estimate.confusion!;
    // Confident learning's own count holds the look-alikes too (about 96 per pair, both ways).
    expect(report.estimate.expectedWrongLabels + confusion.removed).toBeGreaterThan(1.2 * flips);
    expect(confusion.backgroundShare).toBeGreaterThan(0.65);
    expect(confusion.pairs).toEqual([
      ['Coat', 'Pullover'],
      ['Shirt', 'T-shirt'],
    ]);
    expect(Math.abs(report.estimate.expectedWrongLabels - flips)).toBeLessThan(0.1 * flips);
    // The guard judged confident learning's own count; the flags stop at the estimate, the most suspicious first.
    expect(report.estimate.clarity!.judged).toBe(Math.round(report.estimate.expectedWrongLabels + confusion.removed));
    expect(report.estimate.flagged).toBe(Math.round(report.estimate.expectedWrongLabels));
    expect(report.samples.slice(0, report.estimate.flagged).every((s) => s.flagged)).toBe(true);
    // The noise matrix is the corrected joint: its off-diagonal mass is the estimate.
    const m = report.noiseMatrix.counts;
    const offDiagonal = m.reduce((sum, row, g) => sum + row.reduce((a, v, t) => a + (t === g ? 0 : v), 0), 0);
    expect(offDiagonal).toBeCloseTo(report.estimate.expectedWrongLabels, 6);
    expect(topNotices(report)).toContainEqual(
      expect.stringMatching(
        /^Estimate: confident learning also counts \d+ samples in class pairs the model confuses both ways \(Coat \/ Pullover, Shirt \/ T-shirt\); they are left out/,
      ),
    );
  });

  it('clean data: the count keeps its confusions (nothing else explains them), the guard holds them back', () => {
    const { report } = audit(0);
    expect(report.estimate.confusion!.removed).toBe(0);
  });
});
