import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { createRng } from '../../src/util/rng.js';

/**
 * A weak model (margins spread in one broad hump) on labels of which 15% were moved to the next
 * class: the margin mixture's clean-only check sees one population, confident learning counts ~15%.
 */
function weakModel(): { labels: number[]; probs: number[][] } {
  const rng = createRng(1);
  const labels: number[] = [];
  const probs: number[][] = [];
  for (let i = 0; i < 1000; i++) {
    const t = i % 4;
    const z = [0, 1, 2, 3].map((j) => 1.2 * (rng.next() + rng.next() + rng.next() - 1.5) + (j === t ? 1.5 : 0));
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    probs.push(e.map((v) => v / sum));
    labels.push(rng.next() < 0.15 ? (t + 1) % 4 : t);
  }
  return { labels, probs };
}

const cleanClaim = /one population|almost\) clean/;

describe('the headline is not contradicted by the mixture', () => {
  it('leaves out "the labels may be clean" when the count that decides the flags finds 10% or more', () => {
    const s = weakModel();
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, classNames: ['a', 'b', 'c', 'd'] });
    expect(report.mixture.status === 'fitted' && report.mixture.noiseDetected).toBe(false);
    expect(report.estimate.noiseFraction).toBeGreaterThanOrEqual(0.1);
    expect(report.warnings.filter((w) => cleanClaim.test(w))).toEqual([]);
  });

  it('keeps it with --threshold, where the mixture decides', () => {
    const s = weakModel();
    const report = findLabelIssues({ labels: s.labels, predProbs: s.probs, classNames: ['a', 'b', 'c', 'd'], threshold: 0.5 });
    expect(report.warnings.filter((w) => cleanClaim.test(w))).toHaveLength(2);
  });
});
