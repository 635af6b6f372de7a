import { describe, expect, it } from 'vitest';
import type { DatasetSlice } from '../../src/data/dataset.js';
import { resolveRetrainOptions } from '../../src/options/retrain.js';
import { DETECTION_STEPS, longestDetection } from '../../src/pipeline/retrain-correction.js';
import { MIN_PRUNED_SHARE, pruneWarmup, refitEpochs, worthPruning } from '../../src/pipeline/prune-refit.js';

/** 10 rows of 2 features, ids r0..r9, labels alternating. */
const train: DatasetSlice = {
  features: Float32Array.from({ length: 20 }, (_, i) => i),
  sampleShape: [2],
  labels: Int32Array.from({ length: 10 }, (_, i) => i % 2),
  numClasses: 2,
  ids: Array.from({ length: 10 }, (_, i) => `r${i}`),
};

describe('prune-and-refit', () => {
  it('drops exactly the flagged ids, keeping each kept row whole and in order', async () => {
    const flagged = Uint8Array.from([0, 1, 0, 0, 1, 1, 0, 0, 0, 1]);
    const out = await pruneWarmup({
      settings: resolveRetrainOptions({ loss: 'prune' }),
      spec: { kind: 'mlp', hidden: [4] },
      train,
      source: 'csv',
      given: { path: 'report', pNoisy: Float64Array.from(flagged), flagged },
    });
    expect(out.kept.ids).toEqual(['r0', 'r2', 'r3', 'r6', 'r7', 'r8']);
    expect(Array.from(out.kept.labels)).toEqual([0, 0, 1, 0, 1, 0]);
    // Row r3's features are 6 and 7: whole rows move, not single values.
    expect(Array.from(out.kept.features.subarray(4, 6))).toEqual([6, 7]);
    expect(out.warmupEpochs).toBe(0);
    expect(out.detection.flagged).toBe(4);
  });

  it('the refit keeps the full run its gradient steps: more epochs on fewer rows', () => {
    // 546 rows in 5 batches of 128; 220 kept rows in 2: 30 epochs x 5 steps = 150 = 75 epochs x 2.
    expect(refitEpochs(30, 546, 220, 128)).toBe(75);
    // Rounded up: never fewer steps than the full run.
    expect(refitEpochs(30, 2549, 1732, 128)).toBe(Math.ceil((30 * 20) / 14));
    expect(refitEpochs(30, 500, 500, 128)).toBe(30);
    // Nothing kept is not a run to stretch.
    expect(refitEpochs(30, 500, 0, 128)).toBe(30);
  });

  it('drops nothing when the flags are under 1% of the rows: too few to be worth a different run', () => {
    expect(MIN_PRUNED_SHARE).toBe(0.01);
    expect(worthPruning(4, 2549)).toBe(false);
    expect(worthPruning(26, 2549)).toBe(true);
    expect(worthPruning(0, 10)).toBe(false);
  });
});

describe("prune's detection stage: a step budget, not a share of the epochs", () => {
  it('lasts at most a third of the run, or long enough for the step budget where a third holds fewer steps', () => {
    expect(DETECTION_STEPS).toBe(200);
    // Vowel (7 steps an epoch): 29 epochs hold 203 steps; DNA (20) and Fashion-MNIST 10k (63): the third, 10.
    expect(longestDetection(30, 7)).toBe(29);
    expect(longestDetection(30, 20)).toBe(10);
    expect(longestDetection(30, 63)).toBe(10);
    // A short run is not cut to a third when its steps are few.
    expect(longestDetection(6, 4)).toBe(50);
  });
});
