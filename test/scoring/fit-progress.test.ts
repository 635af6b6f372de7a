import { describe, expect, it } from 'vitest';
import { FITTED_SHARE, fitProgress, SETTLED_FRACTION, unfittedShare } from '../../src/scoring/fit-progress.js';

/** n losses of which `unfitted` are above ln 2 (1.5) and the rest below it (0.1). */
const epoch = (n: number, unfitted: number): number[] => Array.from({ length: n }, (_, i) => (i < unfitted ? 1.5 : 0.1));

describe('fitProgress', () => {
  it('counts a loss above ln 2 (p of the given label below 1/2) as unfitted', () => {
    expect(unfittedShare([Math.LN2, Math.LN2 + 1e-9, 0, 3])).toBe(0.5);
    expect(unfittedShare([])).toBe(0);
  });

  it('a run that fitted most samples and then its wrong labels too has settled (DNA at 20%: 40% -> 3% unfitted)', () => {
    const c = fitProgress([epoch(100, 40), epoch(100, 26), epoch(100, 10), epoch(100, 3)]);
    expect(c).toEqual({ settled: true, lastShare: 0.03, peakShare: 0.4 });
  });

  it('a run still fitting has not, however far its share fell from the first epochs (Vowel: 100% -> 76%)', () => {
    const c = fitProgress([epoch(100, 100), epoch(100, 100), epoch(100, 92), epoch(100, 80), epoch(100, 76)]);
    // The epochs with more than FITTED_SHARE unfitted do not count towards the peak.
    expect(c.peakShare).toBe(0.8);
    expect(c.settled).toBe(false);
  });

  it('the line is SETTLED_FRACTION of the peak: just under it settled, at it not', () => {
    const peak = 40;
    const line = SETTLED_FRACTION * peak;
    expect(fitProgress([epoch(100, peak), epoch(100, line - 1)]).settled).toBe(true);
    expect(fitProgress([epoch(100, peak), epoch(100, line)]).settled).toBe(false);
  });

  it('one epoch, or no epoch the model had begun to fit, is never settled', () => {
    expect(fitProgress([epoch(100, 1)]).settled).toBe(false);
    const unfitted = Math.ceil(100 * FITTED_SHARE) + 1;
    expect(fitProgress([epoch(100, unfitted), epoch(100, unfitted)])).toEqual({ settled: false, lastShare: unfitted / 100, peakShare: 0 });
  });
});
