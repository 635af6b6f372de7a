/**
 * Confident learning's count, less the model's honest confusions where the noise is spread evenly.
 * On averaged probabilities the calibrated joint counts, besides the wrong labels, the samples of
 * class pairs the model confuses both ways (clean Fashion-MNIST: 4.3% counted, 380 of its 429 in
 * such pairs; clean Vehicle: 13.3%, almost all opel <-> saab), and at low symmetric noise that
 * confusion stays: Fashion-MNIST at 10% counted 14.4%, Vehicle at 20% 27.8%. The count's spread
 * tells the two apart where it is mostly symmetric noise: the background (the rate of the cells no
 * pair crowds, over all k - 1 other classes of every sample) then explains most of it, and the
 * excess of the pairs crowded both ways over that background is confusion; where the noise itself
 * crowds pairs (instance-dependent noise gives ambiguous samples their look-alike class, 2-51% of
 * the count in the background) the excess is the noise and is kept. Between the two the excess
 * fades out as the background's share goes from FADE_FROM to GONE_AT.
 *
 * Chosen on the quality suite (6 datasets x 8 noise kinds, BENCHMARKS.md "seventh round"): the
 * background's share of the count is 0.02-0.47 on every pair-flip and instance case with crowded
 * pairs but DNA at 30% instance noise (0.51), and 0.58-0.94 on the symmetric cases that had such
 * pairs but Vehicle at 5-10% (0.33-0.42, left as they were) and Vowel at 5% (0.50). The
 * estimate, the noise matrix and the per-class rates read the corrected joint; the clean-data
 * guard judges the uncorrected count and the flags stop at the corrected one (build-audit-report.ts).
 * Pure: no tfjs.
 */
import type { ConfidentJoint } from './confident-joint.js';
import { crowdedCells } from './mutual-confusion.js';

/** At and below this share of the count in the background, the mutually confused pairs keep their whole count. */
export const CONFUSION_FADE_FROM = 0.5;
/** At and above this share, those pairs keep only the background's count. */
export const CONFUSION_GONE_AT = 0.65;

export interface ConfusionCorrected {
  /** The joint with the mutually confused cells cut by `removed` in all (its diagonal gains it back, so rows keep their sums). */
  readonly joint: ConfidentJoint;
  /** The count taken out as confusion. */
  readonly removed: number;
  /** The share of the uncorrected count the background rate explains. */
  readonly backgroundShare: number;
  /** The pairs (i < j) crowded both ways in the joint. */
  readonly pairs: readonly (readonly [number, number])[];
}

/** How much of the pairs' excess stays at this background share. */
export function confusionKept(backgroundShare: number): number {
  return Math.min(1, Math.max(0, (CONFUSION_GONE_AT - backgroundShare) / (CONFUSION_GONE_AT - CONFUSION_FADE_FROM)));
}

/** The joint of `joint` less the confusion its mutually confused pairs show; `perClass` = samples given each label. */
export function withoutConfusion(joint: ConfidentJoint, perClass: ArrayLike<number>): ConfusionCorrected {
  const k = joint.classes;
  const { rate, pairs } = crowdedCells(joint.joint, perClass, k);
  let background = 0;
  for (let i = 0; i < k; i++) background += rate * perClass[i]! * (k - 1);
  const backgroundShare = joint.issues > 0 ? Math.min(1, background / joint.issues) : 0;
  const kept = confusionKept(backgroundShare);
  if (kept === 1 || pairs.length === 0) return { joint, removed: 0, backgroundShare, pairs };
  const cells = Float64Array.from(joint.joint);
  let removed = 0;
  for (const [a, b] of pairs)
    for (const [i, j] of [
      [a, b],
      [b, a],
    ] as const) {
      const expected = rate * perClass[i]!;
      const cut = Math.max(0, cells[i * k + j]! - expected) * (1 - kept);
      cells[i * k + j]! -= cut;
      cells[i * k + i]! += cut;
      removed += cut;
    }
  return { joint: { ...joint, joint: cells, issues: joint.issues - removed }, removed, backgroundShare, pairs };
}
