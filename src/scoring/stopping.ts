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
  memorization: 'stop at the first epoch (from the 3rd, and 100 steps) where the model agrees with more labels than are believed right',
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
