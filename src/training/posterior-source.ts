/**
 * Where dynamic bootstrapping reads each sample's p(noisy) (retrain's `--posterior`), fed with the
 * per-sample training losses after every epoch. No tfjs here: losses in, weights out.
 *
 * - `batch-loss`: the paper's code. The mixture fitted to the last epoch's losses, read through each
 *   sample's loss in the current batch.
 * - `loss-history`: the mixture fitted to each sample's normalised loss averaged over all epochs so
 *   far (the audit's `mean-loss` score), refitted every epoch, looked up by sample index.
 * - `warmup`: the same score over the warm-up epochs only, fitted once when the warm-up ends and held.
 *   Why: once bootstrapping starts, the wrong labels that stay unflagged are slowly fitted, their
 *   losses shrink, and a refitted mixture flags fewer of them every epoch (on 20k Fashion-MNIST at
 *   40% noise the mean p(noisy) fell from 0.34 to 0.27 over 40 epochs and test accuracy from 85.0%
 *   to 83.0%); the held posterior kept 85.4%. It also spares the training-loss pass after the warm-up.
 *   Because it is never revised, it is gated: when the warm-up losses show no separate noisy mode (the
 *   audit's clean-only check, clean-only-guard.ts), the posterior is `gated`: every B is 0, and retrain
 *   turns bootstrapping (with its regulariser) off, so the run is plain cross-entropy.
 *   Without the gate, clean data lost 2.35 points (5k images: 85.95% -> 83.60%): the mixture's "noisy"
 *   component was the hard 24% of clean images, whose labels the immature model then overrode for good.
 */
import { fitLossMixture } from '../mixture/loss-mixture.js';
import { aggregateScores } from '../scoring/aggregate.js';
import { meanPNoisy } from '../scoring/noise-estimate.js';

export type PosteriorSource = 'audit' | 'warmup' | 'loss-history' | 'batch-loss';

/** One line per source, as `--help` lists them (in this order). */
export const posteriorSources = {
  audit: "the audit's detection over the warm-up (mean-margin score, confident-joint count flagged), held",
  warmup: "each sample's loss history over the warm-up, fitted once and held",
  'loss-history': 'over all epochs so far, refitted every epoch',
  'batch-loss': "its loss in the batch, through last epoch's fit (the paper)",
} as const satisfies Record<PosteriorSource, string>;

export const POSTERIOR_SOURCES = Object.keys(posteriorSources) as PosteriorSource[];

/** What a batch objective reads B from: a function of the batch loss, or a value per training sample. */
export type SamplePosterior =
  | { readonly kind: 'by-loss'; readonly posterior: (loss: number) => number; readonly estimatedNoise: number }
  | {
      readonly kind: 'by-sample';
      readonly posterior: Float64Array;
      readonly estimatedNoise: number;
      /** The mixture's clean-only check found a noisy mode. */
      readonly noiseDetected: boolean;
      /** `warmup` only: no noisy mode, so every weight is 0 for the rest of the run. */
      readonly gated: boolean;
      /** 1 = flagged as mislabeled (what prune drops). */
      readonly flagged: Uint8Array;
    };

export interface PosteriorTracker {
  /** Whether `update` wants this (1-based) epoch's training losses; false once a warm-up posterior is held. */
  needsLosses(epoch: number): boolean;
  /** Takes the epoch's per-sample training losses; returns the posterior the next epoch trains with. */
  update(epoch: number, losses: Float32Array): SamplePosterior;
  /** The posterior in force (undefined before the first update). */
  readonly current: SamplePosterior | undefined;
}

/** p(noisy) >= 0.5: what a loss-mixture posterior flags. */
export const flaggedAt = (posterior: ArrayLike<number>): Uint8Array => Uint8Array.from({ length: posterior.length }, (_, i) => (posterior[i]! >= 0.5 ? 1 : 0));

/**
 * A tracker for the loss-mixture sources (`audit` is warmup-detector.ts's); `warmup` is the number
 * of epochs before bootstrapping starts, or a function of none that says it once it is known.
 */
export function posteriorTracker(source: Exclude<PosteriorSource, 'audit'>, warmup: number | (() => number)): PosteriorTracker {
  const history: Float32Array[] = [];
  let current: SamplePosterior | undefined;
  const warmupEpochs = typeof warmup === 'number' ? () => warmup : warmup;
  const held = (epoch: number) => source === 'warmup' && epoch > warmupEpochs() && current !== undefined;
  return {
    needsLosses: (epoch) => !held(epoch),
    update(epoch, losses) {
      if (held(epoch)) return current!;
      if (source === 'batch-loss') {
        const fit = fitLossMixture(losses);
        current = { kind: 'by-loss', posterior: (l) => fit.posterior(l), estimatedNoise: meanPNoisy(fit.posteriors(losses)) };
      } else {
        history.push(losses);
        const { score, mixtures } = aggregateScores(history, { method: 'mean-loss' });
        const fit = mixtures[0];
        const noiseDetected = fit?.status === 'fitted' && fit.noiseDetected;
        const gated = source === 'warmup' && !noiseDetected;
        const posterior = gated ? new Float64Array(score.length) : score;
        current = { kind: 'by-sample', posterior, estimatedNoise: meanPNoisy(posterior), noiseDetected, gated, flagged: flaggedAt(posterior) };
      }
      return current;
    },
    get current() {
      return current;
    },
  };
}
