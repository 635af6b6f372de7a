/**
 * Combine per-epoch losses into one score per sample (higher = more likely mislabeled).
 * - mean-margin: the margin of the probabilities averaged over training (the area under the margin,
 *   Pleiss et al. 2020, in probability units: best other class minus the given one), through the BMM.
 * - last: the BMM posterior fitted on the last epoch's losses (the reference).
 * - mean-loss: each epoch's losses normalised with that epoch's own 5/95-percentile normaliser (clamped to
 *   [0.001, 0.999]), averaged over the window, then the BMM is fitted on the average (DivideMix's trick
 *   for 90% noise; it damps epoch-to-epoch jitter). The average is re-normalised by fitLossMixture.
 * - mean-posterior: a BMM per epoch in the window, posteriors averaged over the epochs that fitted.
 * The clamp means samples above every epoch's p95 share the top value; `tieBreak` (the loss the score
 * was built from) is returned so rankByScore can still order them.
 */
import { type LossMixtureOptions, type MixtureSummary, fitLossMixture } from '../mixture/loss-mixture.js';
import { makeNormaliser, normaliseLoss, percentileSorted } from '../mixture/normalise.js';
import { marginScores } from './confident-joint.js';

export type AggregateMethod = 'mean-margin' | 'last' | 'mean-loss' | 'mean-posterior';

/** Every class's probability per sample averaged over the epochs trained, with the given labels: what mean-margin scores. */
export interface MeanProbabilities {
  /** Row-major n x classes. */
  readonly values: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  readonly classes: number;
}

export interface AggregateOptions {
  /** @default 'last' */
  readonly method?: AggregateMethod;
  /** Epochs used by mean-loss / mean-posterior: the last `window` epochs, or all. @default 'all' */
  readonly window?: number | 'all';
  /** Passed to every fitLossMixture call. @default {} */
  readonly mixture?: LossMixtureOptions;
  /** Needed by mean-margin (and ignored by the others). */
  readonly probabilities?: MeanProbabilities;
}

export interface AggregateResult {
  readonly method: AggregateMethod;
  /** 0-based indices of the epochs that contributed. */
  readonly epochs: readonly number[];
  /** p(noisy)-like score per sample in [0, 1]. */
  readonly score: Float64Array;
  /** Secondary ranking key: the (raw or averaged normalised) loss the score came from. */
  readonly tieBreak: Float64Array;
  /** Every mixture fitted, in epoch order (one for last and mean-loss). */
  readonly mixtures: readonly MixtureSummary[];
  readonly warnings: readonly string[];
}

interface Aggregator {
  readonly description: string;
  run(epochLosses: readonly ArrayLike<number>[], window: number | 'all', mixture: LossMixtureOptions, probabilities?: MeanProbabilities): AggregateResult;
}

export interface MeanNormalisedLoss {
  readonly values: Float64Array;
  readonly epochs: readonly number[];
  /** Epochs left out: non-finite losses, or p95 - p5 below `minSpread`. */
  readonly skipped: readonly { readonly epoch: number; readonly reason: string }[];
}

function windowEpochs(count: number, window: number | 'all'): number[] {
  if (window !== 'all' && !(Number.isInteger(window) && window >= 1)) {
    throw new RangeError(`window must be an integer >= 1 or 'all', got ${window}`);
  }
  const k = window === 'all' ? count : Math.min(window, count);
  return Array.from({ length: k }, (_, i) => count - k + i);
}

function checkShape(epochLosses: readonly ArrayLike<number>[]): number {
  const first = epochLosses[0];
  if (!first) throw new RangeError('no epochs of losses to aggregate');
  for (const [e, l] of epochLosses.entries()) {
    if (l.length !== first.length) throw new RangeError(`epoch ${e} has ${l.length} losses, epoch 0 has ${first.length}`);
  }
  return first.length;
}

/** Average of per-epoch normalised losses over the last `window` epochs. */
export function meanNormalisedLoss(epochLosses: readonly ArrayLike<number>[], window: number | 'all' = 'all', minSpread = 1e-4): MeanNormalisedLoss {
  const n = checkShape(epochLosses);
  const sum = new Float64Array(n);
  const used: number[] = [];
  const skipped: { epoch: number; reason: string }[] = [];
  for (const e of windowEpochs(epochLosses.length, window)) {
    const losses = epochLosses[e] as ArrayLike<number>;
    const sorted = Float64Array.from(losses).sort();
    if (!sorted.every(Number.isFinite)) {
      skipped.push({ epoch: e, reason: 'non-finite losses' });
      continue;
    }
    const lo = percentileSorted(sorted, 5);
    const hi = percentileSorted(sorted, 95);
    if (!(hi - lo >= minSpread)) {
      skipped.push({ epoch: e, reason: `5th-95th percentile spread ${hi - lo} < ${minSpread}` });
      continue;
    }
    const norm = makeNormaliser(lo, hi);
    for (let i = 0; i < n; i++) sum[i]! += normaliseLoss(norm, losses[i] as number);
    used.push(e);
  }
  if (used.length > 0) for (let i = 0; i < n; i++) sum[i]! /= used.length;
  return { values: sum, epochs: used, skipped };
}

export const aggregators = {
  'mean-margin': {
    description: 'BMM posterior of the margin (best other class minus the given one) of the probabilities averaged over training',
    run(epochLosses, _window, mixture, probabilities) {
      const n = checkShape(epochLosses);
      if (!probabilities) throw new RangeError('mean-margin needs the probabilities averaged over training');
      if (probabilities.labels.length !== n) throw new RangeError(`${probabilities.labels.length} labels for ${n} samples`);
      const margin = marginScores(probabilities.values, probabilities.labels, probabilities.classes);
      const m = fitLossMixture(margin, mixture);
      return {
        method: 'mean-margin',
        epochs: Array.from(epochLosses.keys()),
        score: m.posteriors(margin),
        tieBreak: margin,
        mixtures: [m.summary],
        warnings: [...m.warnings],
      };
    },
  },
  last: {
    description: "BMM posterior of the last epoch's losses (the reference)",
    run(epochLosses, _window, mixture) {
      checkShape(epochLosses);
      const e = epochLosses.length - 1;
      const losses = epochLosses[e] as ArrayLike<number>;
      const m = fitLossMixture(losses, mixture);
      return {
        method: 'last',
        epochs: [e],
        score: m.posteriors(losses),
        tieBreak: Float64Array.from(losses),
        mixtures: [m.summary],
        warnings: [...m.warnings],
      };
    },
  },
  'mean-loss': {
    description: 'BMM posterior of the mean per-epoch normalised loss over the window (DivideMix)',
    run(epochLosses, window, mixture) {
      const avg = meanNormalisedLoss(epochLosses, window, mixture.minSpread);
      const m = fitLossMixture(avg.values, mixture);
      const warnings = avg.skipped.map((s) => `epoch ${s.epoch} left out of the mean loss: ${s.reason}.`);
      if (avg.epochs.length === 0) warnings.push('No epoch could be normalised; every score is 0.');
      return {
        method: 'mean-loss',
        epochs: avg.epochs,
        score: avg.epochs.length > 0 ? m.posteriors(avg.values) : new Float64Array(avg.values.length),
        tieBreak: avg.values,
        mixtures: [m.summary],
        warnings: [...warnings, ...m.warnings],
      };
    },
  },
  'mean-posterior': {
    description: 'mean over the window of each epoch’s BMM posterior',
    run(epochLosses, window, mixture) {
      const n = checkShape(epochLosses);
      const epochs = windowEpochs(epochLosses.length, window);
      const score = new Float64Array(n);
      const used: number[] = [];
      const mixtures: MixtureSummary[] = [];
      const warnings: string[] = [];
      for (const e of epochs) {
        const losses = epochLosses[e] as ArrayLike<number>;
        const m = fitLossMixture(losses, mixture);
        mixtures.push(m.summary);
        warnings.push(...m.warnings.map((w) => `epoch ${e}: ${w}`));
        if (m.status !== 'fitted') continue;
        const p = m.posteriors(losses);
        for (let i = 0; i < n; i++) score[i]! += p[i] as number;
        used.push(e);
      }
      if (used.length > 0) for (let i = 0; i < n; i++) score[i]! /= used.length;
      else warnings.push('No epoch in the window gave a fitted mixture; every score is 0.');
      return {
        method: 'mean-posterior',
        epochs: used,
        score,
        tieBreak: meanNormalisedLoss(epochLosses, window, mixture.minSpread).values,
        mixtures,
        warnings,
      };
    },
  },
} as const satisfies Record<AggregateMethod, Aggregator>;

/** The closed list of methods, for the CLI's choices. */
export const AGGREGATE_METHODS = Object.keys(aggregators) as AggregateMethod[];

export function aggregateScores(epochLosses: readonly ArrayLike<number>[], options: AggregateOptions = {}): AggregateResult {
  const method = options.method ?? 'last';
  const aggregator: Aggregator = aggregators[method];
  return aggregator.run(epochLosses, options.window ?? 'all', options.mixture ?? {}, options.probabilities);
}
