import { describe, expect, it } from 'vitest';
import { resolveRetrainOptions } from '../../src/options/retrain.js';
import { correctionFor, stepsAtDetectionBatch } from '../../src/pipeline/retrain-correction.js';
import { retrainLosses } from '../../src/training/loss-kinds.js';
import { labels, memorisingPass, wrong } from '../support/memorising-passes.js';

/** The model fits every label, the 60 wrong ones too, from this epoch (test/support/memorising-passes.ts). */
const MEMORISED_AT = 16;
const pass = (epoch: number) => memorisingPass(epoch, MEMORISED_AT);

/** The warm-up of a 30-epoch prune run, in-run or as prune's detection stage, at this many gradient steps an epoch. */
function warmupEnd(detectionStage: boolean, stepsPerEpoch: number) {
  const settings = resolveRetrainOptions({ loss: 'prune' });
  const c = correctionFor({ spec: retrainLosses.prune, settings, labels, classes: 2, stepsPerEpoch, ...(detectionStage ? { detectionStage } : {}) })!;
  for (let epoch = 1; epoch <= 60 && c.warmingUp(epoch); epoch++) c.after(epoch, pass(epoch));
  return c;
}

describe("prune's detection on data with few steps an epoch", () => {
  it('is not run when a third of the run holds fewer than 100 steps, in-run or as a stage: the run is plain ce', () => {
    for (const stage of [false, true]) {
      const c = warmupEnd(stage, 5);
      expect(c.starved).toBe(true);
      expect(c.summary()?.flagged).toBe(0);
    }
  });

  it('counts the steps at batch 128 whatever the batch, so a small table given a small batch stays plain ce', () => {
    // Vowel's 792 rows at the batch from the rows (32): 25 steps an epoch, 7 at batch 128, 70 in a third of the run.
    expect(stepsAtDetectionBatch(25, 32)).toBe(7);
    // Digits' 1,437 rows at batch 58: 12 steps at 128, 120 in a third: the detection runs.
    expect(stepsAtDetectionBatch(25, 58)).toBe(12);
    for (const [batchSize, starved] of [
      [32, true],
      [58, false],
    ] as const) {
      const settings = resolveRetrainOptions({ loss: 'prune', batchSize });
      const c = correctionFor({ spec: retrainLosses.prune, settings, labels, classes: 2, stepsPerEpoch: 25, detectionStage: true })!;
      expect(c.starved).toBe(starved);
    }
  });

  it('as a stage trains past a third of the run to the memorisation onset and flags exactly the wrong labels', () => {
    // 12 steps an epoch: a third of the run (10 epochs) holds 120 steps, the budget 200 (17 epochs).
    const inRun = warmupEnd(false, 12);
    expect(inRun.starved).toBe(false);
    expect(inRun.summary()?.warmupEpochs).toBe(10);
    // Cut at a third while the model still disagrees with its hard clean samples: untrusted, nothing flagged.
    expect(inRun.summary()?.flagged).toBe(0);

    const stage = warmupEnd(true, 12);
    const summary = stage.summary()!;
    expect(summary.warmupEpochs).toBe(MEMORISED_AT);
    expect(summary.warmupEnded).toContain('memorise');
    expect(summary.gated).toBe(false);
    const posterior = stage.posterior;
    if (posterior?.kind !== 'by-sample') throw new Error('the audit source holds a posterior per sample');
    const flagged = [...posterior.flagged.keys()].filter((i) => posterior.flagged[i] === 1);
    // Every wrong label, and besides them only hard clean samples the model doubted for 15 epochs, never an easy one.
    expect(flagged.filter(wrong)).toHaveLength(60);
    expect(flagged.filter((i) => !wrong(i)).every((i) => i < 20)).toBe(true);
    expect(summary.flagged).toBe(flagged.length);
  });
});
