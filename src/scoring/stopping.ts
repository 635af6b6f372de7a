/**
 * How long the audit trains. No fixed epoch count suits every dataset: measured on the quality
 * suite (BENCHMARKS.md), a 180-feature table of 3,186 rows (DNA) memorises its wrong labels within
 * 3 epochs while a 990-row, 11-class table (Vowel) still learns its clean ones at 40. What tells
 * them apart is the moment the model starts to agree with labels it should not: a network fits the
 * clean samples first, so its agreement with the given labels climbs to about the clean share and
 * then past it, as it memorises the wrong ones. The rule stops at the first epoch (from the third)
 * where the training agreement reaches the share of labels believed right: 1 - the larger of two
 * noise estimates, the epoch's loss mixture (mean posterior) and confident learning's count on the
 * probabilities averaged so far (the mixture alone underestimates high noise: at 60% it said 35%,
 * and Fashion-MNIST trained to epoch 18 instead of 4),
 * once at least 100 gradient steps were taken (small tables see 5-25 steps an epoch, and their
 * early mixtures are noise: without the step minimum, clean Vowel stopped at epoch 3 with a third
 * of it flagged).
 */
export type StopRule = 'memorization' | 'fixed';

export const stopRuleDescriptions = {
  memorization:
    'stop at the first epoch (from the 3rd, and 100 steps) where the model agrees with more labels than are believed right; count the wrong labels there, and after an early stop train as many epochs again for the ranking',
  fixed: 'train every epoch of --epochs',
} as const satisfies Record<StopRule, string>;

export const STOP_RULES = Object.keys(stopRuleDescriptions) as StopRule[];

/** The memorization rule never stops before this epoch, nor before MIN_STEPS gradient steps. */
export const MIN_EPOCHS = 3;
export const MIN_STEPS = 100;

export interface EpochEvidence {
  readonly epoch: number;
  /** Share of samples whose prediction equals their given label. */
  readonly agreement: number;
  /** Share of wrong labels the epoch's loss mixture estimates (mean posterior). */
  readonly estimatedNoise: number;
  /** Share of wrong labels confident learning counts on the probabilities averaged so far. */
  readonly confidentNoise: number;
  /** Gradient steps taken so far, this epoch's included. */
  readonly steps: number;
}

/** Why training stops after this epoch, or undefined to go on. */
export function stopReason(rule: StopRule, e: EpochEvidence): string | undefined {
  if (rule === 'fixed' || e.epoch < MIN_EPOCHS || e.steps < MIN_STEPS) return undefined;
  const clean = 1 - Math.max(e.estimatedNoise, e.confidentNoise);
  if (e.agreement < clean) return undefined;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `the model agreed with ${pct(e.agreement)} of the labels, at least the ${pct(clean)} believed right: it had started to memorise the wrong ones`;
}

/**
 * After the stop, training goes on for as many epochs again (at most to --epochs) for the ranking
 * only: the count stays the stop's. Why: at the stop a slow learner (Vowel, Vehicle, Digits,
 * Soybean, Fashion-MNIST) still sorts its clean samples out, and every further epoch sharpens the
 * margin of the averaged probabilities (mean F1 at the stop's count .762 -> .786 on the 35 noisy
 * tables, Vowel at 5% .637 -> .857), while the count taken later falls as the flips are memorised.
 * A fast memoriser (DNA) is the exception: there the further epochs blur the ranking (F1 down by up
 * to .08). It shows as the labels the model still disagrees with collapsing: on DNA under 0.22 of
 * those at the stop by twice the stop's epochs, on every other table 0.41 or more. So the run
 * stops as soon as the disagreement falls below MEMORISED_SHARE of the stop's, and then ranks on the
 * epochs up to the stop, as without the extension (BENCHMARKS.md, "Detection quality, fourth round").
 */
export const MEMORISED_SHARE = 0.3;

/**
 * Past this many gradient steps the stop is taken as it is: with that much training its agreement
 * test marks a real memorisation onset, and every further epoch blurs the ranking (Fashion-MNIST
 * 10k at 40%, stopped after 948 steps: F1 at the count .877, .873 two epochs on, .838 twelve on).
 * Before it the model is still sorting its clean samples out (the tables stop after 100-210 steps,
 * Fashion-MNIST at 5-30% after 237-316, all gaining).
 */
export const EXTEND_BELOW_STEPS = 400;

/** The last epoch the extension trains to, for a stop after `stopEpoch` epochs and `steps` gradient steps. */
export function extensionEnd(stopEpoch: number, steps: number, maxEpochs: number): number {
  return steps >= EXTEND_BELOW_STEPS ? stopEpoch : Math.min(2 * stopEpoch, maxEpochs);
}

/** True when the model fitted so many of the labels it disagreed with at the stop that it is memorising. */
export function memorisedSinceStop(disagreementAtStop: number, disagreementNow: number): boolean {
  return disagreementNow < MEMORISED_SHARE * disagreementAtStop;
}
