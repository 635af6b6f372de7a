import { describe, expect, it } from 'vitest';
import { resolveAuditOptions } from '../../src/options/audit.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { stratifiedFolds } from '../../src/scoring/folds.js';
import { createRng } from '../../src/util/rng.js';
import { tiny } from '../fixtures.js';
import { schemaErrors } from '../support/schemas.js';

describe('stratifiedFolds', () => {
  it('deals every class evenly over the folds, the same way for the same seed', () => {
    // 3 classes of 10, 7 and 2 samples.
    const labels = Int32Array.from([...Array(10).fill(0), ...Array(7).fill(1), ...Array(2).fill(2)]);
    const fold = stratifiedFolds(labels, 3, createRng(4));
    for (const c of [0, 1, 2]) {
      const per = [0, 1, 2].map((f) => labels.filter((l, i) => l === c && fold[i] === f).length);
      expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    }
    // The 2-sample class does not start where the others did: all folds are about 19/3.
    const sizes = [0, 1, 2].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(stratifiedFolds(labels, 3, createRng(4))).toEqual(fold);
    expect(stratifiedFolds(labels, 3, createRng(5))).not.toEqual(fold);
  });

  it('refuses a fold count outside 2-20 before anything is read', () => {
    expect(() => resolveAuditOptions({ folds: 1 })).toThrow(/--folds/);
    expect(() => resolveAuditOptions({ folds: 2.5 })).toThrow(/--folds/);
    expect(resolveAuditOptions({}).folds).toBeNull();
  });
});

describe('runAudit --folds', () => {
  it('scores every sample with a model that never saw it, and still ranks the known flips first', async () => {
    const { report } = await runAudit({ path: tiny.csv, id: 'id', truth: tiny.truth, backend: 'wasm', folds: 3, epochs: 6, stop: 'fixed' });
    // The report of a folded audit is what report.json's schema says (training.folds, estimate.clarity).
    expect(schemaErrors('report', JSON.parse(JSON.stringify(report)))).toEqual([]);
    const folds = report.training.folds!;
    expect(folds.k).toBe(3);
    expect(folds.epochsRun).toHaveLength(3);
    // The combined trace runs as long as the longest fold; every epoch covers all 600 samples.
    expect(report.epochs).toHaveLength(Math.max(...folds.epochsRun));
    expect(report.samples).toHaveLength(600);
    const m = report.evaluation!.metrics;
    // Random is 0.5 and 0.2; three models on 400 rows for 6 epochs each reach ~0.86 and ~0.7.
    expect(m.auroc!).toBeGreaterThan(0.8);
    expect(m.atK.find((a) => a.k === tiny.noisy)!.precision).toBeGreaterThan(0.6);
    // Out of fold, a model cannot memorise a wrong label: its agreement stays near the clean share.
    for (const e of report.epochs) expect(e.agreement).toBeLessThan(0.9);
  });
});
