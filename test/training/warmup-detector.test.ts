import { describe, expect, it } from 'vitest';
import { confidentJoint } from '../../src/scoring/confident-joint.js';
import { detectFromPasses, warmupDetector } from '../../src/training/warmup-detector.js';
import { labels, memorisingPass, n } from '../support/memorising-passes.js';

/**
 * The memorization rule must end the warm-up when the model fits the wrong labels (but not before
 * the 3rd epoch, nor before 50 gradient steps), and the detection must flag them (the passes:
 * test/support/memorising-passes.ts).
 */
const pass = memorisingPass;

function endOf(memorisedAt: number, stepsPerEpoch = 50, maxEpochs = 10, minSteps?: number) {
  const d = warmupDetector({ classes: 2, labels, stepsPerEpoch, warmup: 'auto', maxEpochs, ...(minSteps ? { minSteps } : {}) });
  for (let epoch = 1; epoch <= 20; epoch++) {
    const got = d.observe(epoch, pass(epoch, memorisedAt));
    if (got) return got;
  }
  throw new Error('the warm-up never ended');
}

describe('the auto warm-up (memorization rule)', () => {
  it('ends when the model starts to fit the wrong labels: later on data that memorises later', () => {
    const fast = endOf(3);
    const slow = endOf(7);
    expect(fast.epoch).toBe(3);
    expect(slow.epoch).toBe(7);
    expect(slow.reason).toContain('memorise');
  });

  it('waits for 50 gradient steps (half the audit minimum of 100), and stops at the longest warm-up when the rule never fires', () => {
    expect(endOf(3, 10).epoch).toBe(5);
    expect(endOf(3, 10).byRule).toBe(true);
    const never = endOf(99, 50, 6);
    expect(never.epoch).toBe(6);
    expect(never.reason).toMatch(/^the longest warm-up \(6 epochs\) was reached, the model had not started to memorise \(it agreed with 60\.0% of the labels/);
    // 60% agreement of about 70% believed right: a model still learning, whose detection retrain does not trust.
    expect(never.agreementShare).toBeLessThan(0.9);
    expect(never.byRule).toBe(false);
  });

  it("prune's detection stage waits for the steps it is given: the same data ends later when an epoch holds fewer", () => {
    // The model memorises at epoch 3 either way; at 10 steps an epoch a 100-step minimum holds the stage to epoch 10.
    expect(endOf(3, 10, 30, 100).epoch).toBe(10);
    expect(endOf(3, 50, 30, 100).epoch).toBe(3);
    expect(endOf(3, 10, 30, 100).byRule).toBe(true);
  });

  it('holds back the flags of almost clean data whose averaged margin is not clear (the clean-data guard)', () => {
    // 200 samples, 3 classes of a hard table (clean: 0.5 on the given class): 4 wrong labels the model clearly
    // contradicts (margin 0.85), 20 clean ones it leans away from (0.52 on a neighbour, margin 0.17). Confident
    // learning counts all 24 (12%), at which share the guard asks a margin of 0.4 x (1 - 12/30) = 0.24.
    const k = 3;
    const y = Int32Array.from({ length: n }, (_, i) => i % k);
    const probabilities = new Float64Array(k * n);
    for (let i = 0; i < n; i++) {
      const [given, other] = i < 4 ? [0.05, 0.9] : i < 24 ? [0.35, 0.52] : [0.5, 0.25];
      probabilities[k * i + y[i]!] = given;
      probabilities[k * i + ((y[i]! + 1) % k)] = other;
      probabilities[k * i + ((y[i]! + 2) % k)] = 1 - given - other;
    }
    const losses = Float32Array.from({ length: n }, (_, i) => -Math.log(probabilities[k * i + y[i]!]!));
    expect(Math.round(confidentJoint(probabilities, y, k).issues)).toBe(24);
    const d = detectFromPasses([losses], probabilities, y, k);
    const flagged = [...d.flagged.keys()].filter((i) => d.flagged[i] === 1);
    expect(flagged).toEqual([0, 1, 2, 3]);
    expect(d.count).toBe(4);
  });

  it('flags the wrong labels by the mean margin, as many as confident learning counts', () => {
    const d = endOf(7);
    const flaggedIds = [...d.flagged.keys()].filter((i) => d.flagged[i] === 1);
    // Confident learning counts the 60 and some of the 20 hesitant clean ones; the wrong labels rank first.
    expect(d.count).toBeGreaterThanOrEqual(60);
    expect(d.count).toBeLessThanOrEqual(75);
    expect(flaggedIds.length).toBe(d.count);
    for (let i = 140; i < n; i++) expect(d.flagged[i]).toBe(1);
    const lowestWrong = Math.min(...Array.from({ length: 60 }, (_, k) => d.pNoisy[140 + k]!));
    for (let i = 20; i < 140; i++) expect(d.pNoisy[i]!).toBeLessThan(lowestWrong);
  });

  it('a fixed warm-up ends at its epoch whatever the model does', () => {
    const d = warmupDetector({ classes: 2, labels, stepsPerEpoch: 50, warmup: 2, maxEpochs: 10 });
    expect(d.observe(1, pass(1, 1))).toBeUndefined();
    expect(d.observe(2, pass(2, 1))?.reason).toBe('the fixed warm-up of 2 epochs ended');
    expect(d.observe(3, pass(3, 1))).toBeUndefined();
  });
});
