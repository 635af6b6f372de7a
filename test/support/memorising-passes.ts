import type { EpochPass } from '../../src/training/warmup-detector.js';

/**
 * A warm-up's per-epoch passes with a known answer: 200 samples, 2 classes, the last 60 labelled
 * wrong. Before `memorisedAt` the model predicts the true class of the wrong labels and of 120
 * clean ones, and hesitates on 20 hard clean ones (agreement 60%, below the 70% clean share); from
 * then on it has fitted every label (agreement 100%). Shared by the detector's tests and the
 * retrain correction's.
 */
export const n = 200;
export const wrong = (i: number): boolean => i >= 140;
export const labels = Int32Array.from({ length: n }, (_, i) => ((i % 2 === 0) !== wrong(i) ? 0 : 1));

export function memorisingPass(epoch: number, memorisedAt: number): EpochPass {
  const probabilities = new Float32Array(2 * n);
  const predictions = new Int32Array(n);
  const losses = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // A little per-sample spread, so the mixtures are not degenerate.
    const jitter = ((i * 37) % 11) / 200;
    const hard = i < 20;
    const pGiven = epoch >= memorisedAt ? (wrong(i) ? 0.6 : 0.85 + jitter) : wrong(i) ? 0.15 + jitter : hard ? 0.45 : 0.85 + jitter;
    const y = labels[i]!;
    probabilities[2 * i + y] = pGiven;
    probabilities[2 * i + 1 - y] = 1 - pGiven;
    predictions[i] = pGiven >= 0.5 ? y : 1 - y;
    losses[i] = -Math.log(pGiven);
  }
  return { losses, predictions, probabilities };
}
