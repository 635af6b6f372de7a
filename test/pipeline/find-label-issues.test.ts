import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { syntheticSignals } from './synthetic-signals.js';

function userError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('findLabelIssues on another model’s probabilities', () => {
  const s = syntheticSignals();

  it('ranks the known flips first, flags about as many as there are, and fills the noise matrix', () => {
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, truth: s.isNoisy });
    const noisy = s.isNoisy.reduce((a, b) => a + b, 0);
    expect(report.dataset.source).toBe('signals');
    expect(report.backend).toBeNull();
    expect(report.dataset.classes.map((c) => c.name)).toEqual(s.classNames);
    expect(report.evaluation!.metrics.auroc!).toBeGreaterThan(0.97);
    expect(Math.abs(report.estimate.flagged - noisy) / noisy).toBeLessThan(0.2);
    expect(report.evaluation!.metrics.mask.f1!).toBeGreaterThan(0.85);
    expect(report.noiseMatrix.counts).toHaveLength(4);
    // The suggested label of a flip is the model's class: its true one.
    const top = report.samples[0]!;
    expect(top.suggestedLabel).not.toBe(top.givenLabel);
  });

  it('reads flat, row-major arrays, class indices and logits the same way', () => {
    const a = findLabelIssues({ labels: s.labels, predProbs: s.probs });
    const index = s.labels.map((l) => s.classNames.indexOf(l));
    const flat = Float32Array.from(s.probs.flat());
    const b = findLabelIssues({ labels: Int32Array.from(index), predProbs: flat, classNames: s.classNames });
    expect(b.samples.map((x) => x.id)).toEqual(a.samples.map((x) => x.id));
    const logits = s.probs.map((row) => row.map((p) => Math.log(p) + 7));
    const c = findLabelIssues({ labels: s.labels, logits });
    expect(c.samples.slice(0, 50).map((x) => x.id)).toEqual(a.samples.slice(0, 50).map((x) => x.id));
  });

  it('refuses bad input with one line naming the row and the fix', () => {
    const bad = s.probs.map((r) => [...r]);
    bad[6] = [0.5, 0.5, 0.5, 0.5];
    expect(userError(() => findLabelIssues({ labels: s.labels, predProbs: bad }))).toBe(
      'predProbs row 7: the probabilities sum to 2.00000, not 1; pass softmax outputs, or the raw scores as logits',
    );
    bad[6] = [1.2, -0.2, 0, 0];
    expect(userError(() => findLabelIssues({ labels: s.labels, predProbs: bad }))).toMatch(/^predProbs row 7, class 2: -0\.2 is negative/);
    bad[6] = [0.5, 0.5];
    expect(userError(() => findLabelIssues({ labels: s.labels, predProbs: bad }))).toBe('predProbs row 7: 2 values, the first row has 4; every row needs one value per class');
    bad[6] = [Number.NaN, 0.5, 0.25, 0.25];
    expect(userError(() => findLabelIssues({ labels: s.labels, predProbs: bad }))).toMatch(/^predProbs row 7, class 1: NaN is not a finite number/);
    const labels = [...s.labels];
    labels[3] = 'eel';
    expect(userError(() => findLabelIssues({ labels, predProbs: s.probs, classNames: s.classNames }))).toMatch(/^label 4: 'eel' is not one of the 4 classes/);
    expect(userError(() => findLabelIssues({ labels: s.labels, predProbs: s.probs.slice(1) }))).toBe('predProbs: 799 rows for 800 labels; give one row per sample');
    expect(userError(() => findLabelIssues({ labels: s.labels }))).toBe('give exactly one of predProbs, logits and losses');
  });
});
