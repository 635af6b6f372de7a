import { describe, expect, it } from 'vitest';
import { resolveRetrainOptions } from '../../src/options/retrain.js';
import { correctionFor } from '../../src/pipeline/retrain-correction.js';
import { retrainLosses } from '../../src/training/loss-kinds.js';
import type { EpochPass } from '../../src/training/warmup-detector.js';

/**
 * 200 samples, 2 classes, the last 60 labelled wrong, 20 hard clean ones the model hesitates on
 * (agreement 60%, below the 70% clean share); from epoch 16 it has fitted every label (agreement
 * 100%), so the memorization rule may end a warm-up there, once its step minimum is reached.
 */
const n = 200;
const wrong = (i: number) => i >= 140;
const labels = Int32Array.from({ length: n }, (_, i) => ((i % 2 === 0) !== wrong(i) ? 0 : 1));
const MEMORISED_AT = 16;

function pass(epoch: number): EpochPass {
  const probabilities = new Float32Array(2 * n);
  const predictions = new Int32Array(n);
  const losses = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const jitter = ((i * 37) % 11) / 200;
    const pGiven = epoch >= MEMORISED_AT ? (wrong(i) ? 0.6 : 0.85 + jitter) : wrong(i) ? 0.15 + jitter : i < 20 ? 0.45 : 0.85 + jitter;
    const y = labels[i]!;
    probabilities[2 * i + y] = pGiven;
    probabilities[2 * i + 1 - y] = 1 - pGiven;
    predictions[i] = pGiven >= 0.5 ? y : 1 - y;
    losses[i] = -Math.log(pGiven);
  }
  return { losses, predictions, probabilities };
}

/** The epoch the warm-up ends at, with 5 gradient steps an epoch over a 30-epoch run. */
function warmupEnd(detectionStage: boolean) {
  const settings = resolveRetrainOptions({ loss: 'prune' });
  const c = correctionFor({ spec: retrainLosses.prune, settings, labels, classes: 2, stepsPerEpoch: 5, ...(detectionStage ? { detectionStage } : {}) })!;
  for (let epoch = 1; epoch <= 60 && c.warmingUp(epoch); epoch++) c.after(epoch, pass(epoch));
  return c;
}

describe("prune's detection stage on data with few steps an epoch", () => {
  it("an in-run warm-up of a third of the run (50 steps) is skipped; the stage trains to the audit's 100 steps and detects", () => {
    const inRun = warmupEnd(false);
    expect(inRun.starved).toBe(true);
    expect(inRun.summary()?.flagged).toBe(0);

    const stage = warmupEnd(true);
    expect(stage.starved).toBe(false);
    const summary = stage.summary()!;
    // 100 steps at 5 an epoch: the rule may fire from epoch 20, though the model memorised at epoch 16.
    expect(summary.warmupEpochs).toBe(20);
    expect(summary.warmupEnded).toContain('memorise');
    expect(summary.gated).toBe(false);
    expect(summary.flagged).toBe(60);
    const posterior = stage.posterior;
    if (posterior?.kind !== 'by-sample') throw new Error('the audit source holds a posterior per sample');
    expect([...posterior.flagged.keys()].filter((i) => posterior.flagged[i] === 1)).toEqual(Array.from({ length: 60 }, (_, k) => 140 + k));
  });
});
