import { describe, expect, it } from 'vitest';
import { AGGREGATE_METHODS, aggregateScores, meanNormalisedLoss } from '../../src/scoring/aggregate.js';
import { evaluateScores } from '../../src/scoring/evaluate.js';
import { createRng } from '../../src/util/rng.js';
import { syntheticLosses } from '../mixture/synthetic.js';

describe('meanNormalisedLoss', () => {
  const up = Array.from({ length: 21 }, (_, i) => i); // p5 = 1, p95 = 19
  const down = [...up].reverse();
  const norm = (v: number): number => Math.min(0.999, Math.max(0.001, (v - 1 - 1e-5) / (18 - 9e-6)));

  it('averages each epoch normalised by its own percentiles', () => {
    const r = meanNormalisedLoss([up, down]);
    expect(r.epochs).toEqual([0, 1]);
    expect(r.values[0]).toBeCloseTo((0.001 + 0.999) / 2, 12);
    expect(r.values[5]).toBeCloseTo((norm(5) + norm(15)) / 2, 12);
  });

  it('uses only the last `window` epochs and skips degenerate ones', () => {
    const last = meanNormalisedLoss([up, down], 1).values;
    for (const [i, v] of down.entries()) expect(last[i]).toBeCloseTo(norm(v), 12);
    const flat = up.map(() => 2);
    const r = meanNormalisedLoss([up, flat]);
    expect(r.epochs).toEqual([0]);
    expect(r.skipped[0]?.epoch).toBe(1);
    expect(() => meanNormalisedLoss([up, [1, 2]])).toThrow(RangeError);
    expect(() => meanNormalisedLoss([])).toThrow(RangeError);
    expect(() => meanNormalisedLoss([up], 0)).toThrow(RangeError);
  });
});

describe('aggregateScores', () => {
  // Three epochs of the same samples: noisy ones keep a high loss, all losses jitter between epochs.
  const rng = createRng(31);
  const base = syntheticLosses(rng, 3000, 0.2);
  const epochs = [0, 1, 2].map(() => base.losses.map((l) => Math.max(0, l * (0.7 + 0.6 * rng.next()))));

  // The probabilities a model with these losses could give: p(given) = exp(-loss), the rest spread over two other classes.
  const k = 3;
  const labels = Int32Array.from({ length: 3000 }, (_, i) => i % k);
  const probabilities = new Float64Array(3000 * k);
  epochs[2]!.forEach((loss, i) => {
    const p = Math.exp(-loss);
    for (let j = 0; j < k; j++) probabilities[i * k + j] = j === labels[i] ? p : j === (labels[i]! + 1) % k ? 0.8 * (1 - p) : 0.2 * (1 - p);
  });
  const lossMethods = AGGREGATE_METHODS.filter((m) => m !== 'mean-margin');

  it('has a table entry for every method', () => {
    expect(AGGREGATE_METHODS).toEqual(['mean-margin', 'last', 'mean-loss', 'mean-posterior']);
  });

  it('mean-margin needs the averaged probabilities, and ranks the noisy samples high on them', () => {
    expect(() => aggregateScores(epochs, { method: 'mean-margin' })).toThrow(RangeError);
    const r = aggregateScores(epochs, { method: 'mean-margin', probabilities: { values: probabilities, labels, classes: k } });
    expect(r.method).toBe('mean-margin');
    expect(r.mixtures).toHaveLength(1);
    for (const s of r.score) expect(s >= 0 && s <= 1).toBe(true);
    // The tie-break is the margin itself: best other class minus the given one.
    expect(r.tieBreak[0]).toBeCloseTo(probabilities[1]! - probabilities[0]!, 12);
    expect(evaluateScores(base.isNoisy, r.score).auroc).toBeGreaterThan(0.95);
  });

  it.each(lossMethods)('%s scores the noisy samples high', (method) => {
    const r = aggregateScores(epochs, { method });
    expect(r.method).toBe(method);
    expect(r.score).toHaveLength(3000);
    expect(r.mixtures).toHaveLength(method === 'mean-posterior' ? 3 : 1);
    expect(r.epochs).toEqual(method === 'last' ? [2] : [0, 1, 2]);
    for (const s of r.score) expect(s >= 0 && s <= 1).toBe(true);
    expect(evaluateScores(base.isNoisy, r.score).auroc).toBeGreaterThan(0.95);
  });

  it('gives zero scores and a warning when nothing can be fitted', () => {
    const flat = [Array.from({ length: 50 }, () => 1)];
    for (const method of lossMethods) {
      const r = aggregateScores(flat, { method });
      expect(Array.from(r.score).every((s) => s === 0)).toBe(true);
      expect(r.warnings.length).toBeGreaterThan(0);
    }
  });
});
