import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { EXTEND_BELOW_STEPS, extensionEnd, MEMORISED_SHARE, memorisedSinceStop } from '../../src/scoring/stopping.js';
import { tiny } from '../fixtures.js';

describe('training on past the stop, for the ranking only', () => {
  it('goes on for as many epochs again, never past --epochs, and not at all after many steps', () => {
    expect(extensionEnd(7, 105, 30)).toBe(14);
    expect(extensionEnd(20, 100, 30)).toBe(30);
    expect(extensionEnd(30, 180, 30)).toBe(30);
    expect(extensionEnd(3, EXTEND_BELOW_STEPS - 1, 30)).toBe(6);
    expect(extensionEnd(12, 948, 30)).toBe(12);
  });

  it('calls it memorising when the labels still unfitted fall below a share of those at the stop', () => {
    // DNA: 16.4% unfitted at the stop, 4.9% three epochs on. Vowel at 5%: 15.7% -> 6.5% by twice the epochs.
    expect(memorisedSinceStop(0.164, 0.049)).toBe(true);
    expect(memorisedSinceStop(0.157, 0.065)).toBe(false);
    expect(memorisedSinceStop(0.2, MEMORISED_SHARE * 0.2)).toBe(false);
  });

  it('counts the wrong labels where the rule stopped and ranks on every epoch trained', async () => {
    const request = { path: tiny.csv, id: 'id', truth: tiny.truth, backend: 'wasm' } as const;
    const { report: extended } = await runAudit(request);
    const stop = extended.training.extension!.countedAtEpoch;
    expect(stop).toBeGreaterThanOrEqual(3);
    expect(extended.training.extension).toEqual({ countedAtEpoch: stop, scoredOnEpochs: extensionEnd(stop, stop * 5, 30), memorised: false });
    expect(extended.training.epochsRun).toBe(extensionEnd(stop, stop * 5, 30));
    expect(extended.training.stoppedEarly).toMatch(new RegExp(`^at epoch ${stop} the model agreed .*; the wrong labels are counted there`));
    expect(extended.training.stoppedEarly).toMatch(/more epochs sharpened the ranking$/);
    // The same run capped at the stop's epoch: the same count, from the same epochs; another ranking.
    const { report: atStop } = await runAudit({ ...request, epochs: stop });
    expect(atStop.training.epochsRun).toBe(stop);
    expect(atStop.training.extension).toBeUndefined();
    expect(extended.estimate.expectedWrongLabels).toBe(atStop.estimate.expectedWrongLabels);
    expect(extended.noiseMatrix.counts).toEqual(atStop.noiseMatrix.counts);
    expect(extended.samples.map((s) => s.id)).not.toEqual(atStop.samples.map((s) => s.id));
    expect(extended.evaluation!.metrics.auroc!).toBeGreaterThan(0.9);
  });
});
