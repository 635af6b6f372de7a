/**
 * Had a training run settled, or was it still fitting when it ended? Judged from its per-sample
 * losses alone, because what scores another run's losses best depends on it (BENCHMARKS.md, "From
 * per-epoch losses alone"): while a model is still fitting, its last epoch separates the wrong
 * labels best (the paper's recipe, 10 epochs, on the small tables: every epoch better than the one
 * before); once it has settled, and the more so once it memorises, the last epoch has fitted the
 * wrong labels too and the mean over training keeps what the earlier epochs saw (DNA at 20% noise:
 * AUROC .85 on the last epoch, .97 on the mean).
 *
 * The sign is how many samples the model has not fitted: a loss above ln 2 (the given label's
 * probability below 1/2). Fitting lowers that share towards the noise rate, memorising below it:
 * DNA's falls from 40% to 3% at 20% noise, Vowel's is still 76% at the end. Settled = at the last
 * epoch below SETTLED_FRACTION of its peak over the epochs the model had begun to fit (at most
 * FITTED_SHARE unfitted: the first epochs of a small table leave ~100% unfitted). Chosen on the
 * quality suite's per-epoch losses (two recipes, every dataset); 0.15-0.25 and 0.8-0.9 gave the
 * same verdicts. Pure: no tfjs.
 */

/** A sample is unfitted while its loss is above this: p(given label) < 1/2. */
const UNFITTED_LOSS = Math.LN2;
/** Epochs with at most this share unfitted count towards the peak. */
export const FITTED_SHARE = 0.9;
/** Settled when the last epoch's unfitted share is below this fraction of that peak. */
export const SETTLED_FRACTION = 0.25;

/** The share of samples whose loss is above ln 2. */
export function unfittedShare(losses: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < losses.length; i++) if (losses[i]! > UNFITTED_LOSS) count++;
  return losses.length > 0 ? count / losses.length : 0;
}

export interface FitProgress {
  readonly settled: boolean;
  /** The unfitted share at the last epoch. */
  readonly lastShare: number;
  /** Its largest value over the epochs with at most FITTED_SHARE unfitted (0 when there are none). */
  readonly peakShare: number;
}

export function fitProgress(epochLosses: readonly ArrayLike<number>[]): FitProgress {
  const shares = epochLosses.map(unfittedShare);
  const lastShare = shares[shares.length - 1] ?? 0;
  const peakShare = Math.max(0, ...shares.filter((s) => s <= FITTED_SHARE));
  return { settled: shares.length > 1 && peakShare > 0 && lastShare < SETTLED_FRACTION * peakShare, lastShare, peakShare };
}
