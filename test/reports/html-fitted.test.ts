import { describe, expect, it } from 'vitest';
import { makeMonotonePosterior } from '../../src/mixture/beta-mixture.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { tiny } from '../fixtures.js';

// report.html draws its histogram from SampleVerdict.fitted: it must be the very value the final
// mixture scored, or the bars and the threshold line would disagree with the table.
describe('SampleVerdict.fitted', () => {
  for (const aggregate of ['mean-loss', 'last'] as const) {
    it(`is the value the final fit turned into p_noisy (${aggregate})`, async () => {
      const { report } = await runAudit({ path: tiny.csv, id: 'id', backend: 'wasm', epochs: 3, aggregate });
      const m = report.mixture;
      if (m.status !== 'fitted') throw new Error(`final mixture ${m.status}`);
      const post = makeMonotonePosterior(m.clean, m.noisy);
      let inside = 0;
      for (const s of report.samples) {
        expect(s.fitted).toBeGreaterThanOrEqual(0.001);
        expect(s.fitted).toBeLessThanOrEqual(0.999);
        expect(post(s.fitted!)).toBeCloseTo(s.pNoisy, 12);
        if (s.fitted! > 0.001 && s.fitted! < 0.999) inside++;
      }
      // The fit keeps the 5th-95th percentile range: about 90% of samples lie strictly inside the clamps.
      expect(inside / report.samples.length).toBeGreaterThan(0.85);
      expect(inside / report.samples.length).toBeLessThan(0.95);
    });
  }

  it('is on the last epoch fit with mean-posterior, whose p_noisy averages several fits', async () => {
    const { report, epochLosses } = await runAudit({ path: tiny.csv, id: 'id', backend: 'wasm', epochs: 3, aggregate: 'mean-posterior' });
    const m = report.mixture;
    if (m.status !== 'fitted') throw new Error(`final mixture ${m.status}`);
    const last = epochLosses[epochLosses.length - 1]!;
    // The final mixture is the last epoch's fit, on that epoch's raw losses: higher loss, higher fitted value.
    const byLoss = [...report.samples].sort((a, b) => last[a.index]! - last[b.index]!);
    for (let i = 1; i < byLoss.length; i++) expect(byLoss[i]!.fitted!).toBeGreaterThanOrEqual(byLoss[i - 1]!.fitted!);
    expect(report.epochs[report.epochs.length - 1]!.mixture).toEqual(m);
  });
});
