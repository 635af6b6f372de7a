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

/** The share of labels believed right at this epoch: 1 - the larger of the two noise estimates. */
function believedClean(e: Omit<EpochEvidence, 'epoch' | 'steps'>): number {
  return 1 - Math.max(e.estimatedNoise, e.confidentNoise);
}

/**
 * The memorisation test without the rule's minimum of epochs and steps: the model agrees with at
 * least the labels believed right. The minimum is there because a small table's first mixtures
 * are noise; a model later found memorising (memorisedSinceStop) has shown that its first epochs
 * were not, and the first epoch that passes this is where its count is taken.
 */
export function agreesPastClean(e: Omit<EpochEvidence, 'epoch' | 'steps'>): boolean {
  return e.agreement >= believedClean(e);
}

/**
 * The onset's count (the first epoch that passed agreesPastClean) is taken for a memorising model
 * only if the stop's count kept at least this share of it. Between the onset and the stop a
 * memoriser fits some of its flips (DNA, all eight noisy cases: the stop's count .50-.75 of the
 * onset's, which was within 20% of the truth on seven), but a count that collapsed came from a
 * model still learning its clean samples: clean Vowel's onset at epoch 3 counted 34.3% where the
 * stop counted 5.5% (.16), clean DNA .12, clean Digits 0. A third sits between the two groups (a
 * 3,000-row synthetic memoriser at 30% noise: .39, onset count 34.5%). Measured on the quality
 * suite, where DNA and two clean tables are the memorisers (BENCHMARKS.md, "Detection quality,
 * fifth round").
 */
export const ONSET_COUNT_KEPT = 1 / 3;

/** Whether the stop's count (share of labels) kept enough of the onset's for a memorising model to be counted at the onset. */
export function countsAtOnset(onsetShare: number, stopShare: number): boolean {
  return onsetShare > 0 && stopShare >= ONSET_COUNT_KEPT * onsetShare;
}

/** Why training stops after this epoch, or undefined to go on. */
export function stopReason(rule: StopRule, e: EpochEvidence): string | undefined {
  if (rule === 'fixed' || e.epoch < MIN_EPOCHS || e.steps < MIN_STEPS) return undefined;
  if (!agreesPastClean(e)) return undefined;
  const clean = believedClean(e);
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
