import { describe, expect, it } from 'vitest';
import { MIN_EPOCHS, MIN_STEPS, stopReason } from '../../src/scoring/stopping.js';

const epoch = { epoch: 5, agreement: 0.81, estimatedNoise: 0.2, confidentNoise: 0.18, steps: 500 };

describe('the memorization stop rule', () => {
  it('stops once the agreement reaches the share believed right, and says what it saw', () => {
    expect(stopReason('memorization', epoch)).toBe('the model agreed with 81.0% of the labels, at least the 80.0% believed right: it had started to memorise the wrong ones');
    expect(stopReason('memorization', { ...epoch, agreement: 0.79 })).toBeUndefined();
    expect(stopReason('fixed', epoch)).toBeUndefined();
  });

  it('never stops before the minimum epochs and gradient steps (early small-table mixtures are noise)', () => {
    expect(stopReason('memorization', { ...epoch, epoch: MIN_EPOCHS - 1 })).toBeUndefined();
    expect(stopReason('memorization', { ...epoch, steps: MIN_STEPS - 1 })).toBeUndefined();
  });

  it('takes the larger estimate: at high noise confident learning, where the mixture falls short', () => {
    // The mixture alone (35%) would wait for 65% agreement; the count (60%) stops at 40%.
    expect(stopReason('memorization', { ...epoch, agreement: 0.45, estimatedNoise: 0.35, confidentNoise: 0.6 })).toMatch(/at least the 40\.0% believed right/);
    expect(stopReason('memorization', { ...epoch, agreement: 0.39, estimatedNoise: 0.35, confidentNoise: 0.6 })).toBeUndefined();
  });
});
