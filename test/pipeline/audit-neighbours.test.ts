import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { renderHtml } from '../../src/reports/html/render.js';
import { NEIGHBOUR_WEIGHT, NEIGHBOURS } from '../../src/scoring/neighbours.js';
import { tiny } from '../fixtures.js';

describe("the neighbours' vote in the audit", () => {
  const request = { path: tiny.csv, id: 'id', truth: tiny.truth, backend: 'wasm' } as const;

  it('blends into the ranking, leaves the count to the model, and is recorded; --neighbours 0 turns it off', async () => {
    const voted = (await runAudit(request)).report;
    const alone = (await runAudit({ ...request, neighbours: 0 })).report;
    expect(voted.settings.neighbours).toBe(NEIGHBOURS);
    // 600 rows: every sample's neighbours are searched among all 600, in the last epoch ranked on.
    expect(voted.training.neighbours).toEqual({ k: NEIGHBOURS, weight: NEIGHBOUR_WEIGHT, epoch: voted.epochs.length, references: 600 });
    expect(alone.training.neighbours).toBeUndefined();
    // report.html's settings say how the ranking was made.
    expect(renderHtml(voted)).toMatch(
      new RegExp(
        `${NEIGHBOURS} nearest others among 600 samples in the model(&#39;|')s last hidden layer \\(epoch ${voted.epochs.length}\\) vote on its class, 30% of what the ranking reads`,
      ),
    );
    expect(renderHtml(alone)).not.toContain('nearest others');
    // The same training, the same count of wrong labels: only the ranking (and the guard's margins) read the vote.
    const trained = (r: typeof voted) => r.epochs.map(({ seconds: _, ...e }) => e);
    expect(trained(voted)).toEqual(trained(alone));
    expect(voted.estimate.noiseFraction).toBe(alone.estimate.noiseFraction);
    expect(voted.samples.map((s) => s.id)).not.toEqual(alone.samples.map((s) => s.id));
    // On this fixture the vote ranks the 120 flips no worse (AUROC .944 vs .941, AP .861 vs .858).
    const m = voted.evaluation!.metrics;
    const a = alone.evaluation!.metrics;
    expect(m.auroc!).toBeGreaterThanOrEqual(a.auroc!);
    expect(m.averagePrecision!).toBeGreaterThanOrEqual(a.averagePrecision!);
  });

  it('does not vote on out-of-fold scores, which are held out already', async () => {
    const { report } = await runAudit({ ...request, folds: 2, epochs: 3, stop: 'fixed' });
    expect(report.training.neighbours).toBeUndefined();
  });

  it('refuses more neighbours than it allows, naming the option', async () => {
    await expect(runAudit({ ...request, neighbours: 101 })).rejects.toThrow(/--neighbours/);
  });
});
