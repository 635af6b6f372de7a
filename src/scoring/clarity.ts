/**
 * The clean-data guard: the fewer labels the evidence says are wrong, the clearer a case must be to
 * be flagged. On (almost) clean data confident learning still counts the model's honest confusions
 * (Vehicle's opel/saab, Vowel's neighbouring vowels) as noise: 13% and 5.5% of two clean tables were
 * flagged with averaged margins of ~0.2, where a flipped label's margin is typically 0.4-0.7.
 * Requiring a margin that fades with the estimated noise share keeps those out and costs nothing
 * where noise is plentiful. Chosen on the quality suite (6 datasets x 0/5/10/20/30/40/60% noise of
 * four kinds; BENCHMARKS.md, "The clean-data guard"), never on one dataset. The audit runs it after
 * the mutually-confused-pairs guard (mutual-confusion.ts, guardFlags below). Pure: no tfjs.
 */
import { mutualConfusion, type MutualConfusion, type MutualConfusionInput } from './mutual-confusion.js';

/**
 * The averaged margin a flag needs when the estimated noise share is 0. 0.5, not the 0.4 chosen on
 * the suite alone: on the three tables outside it (Satellite, Letter, Glass) 0.4 flagged 2.1% and
 * 2.5% of clean Satellite and Letter; 0.5 flags 1.9% and 1.5%. Mean F1 over the suite's 48 noisy
 * cases is unchanged at training seed 1 (.8107 -> .8108) and .002 lower at seed 2; over the 24
 * outside ones it rises (.7286 -> .7326). It trades low-noise DNA, Vowel and Soybean inst10 for
 * low-noise Vehicle (+.03 to +.09) (BENCHMARKS.md, "Eighth round").
 */
export const FULL_CLARITY_MARGIN = 0.5;
/** The estimated noise share at and above which no extra margin is needed. */
export const CLARITY_FADES_AT = 0.3;

/** How much margin a flag needs at no estimated noise, and the share at which that need has faded to none. */
export interface ClarityGuard {
  readonly margin: number;
  readonly fadesAt: number;
}

/** On probabilities averaged over our own training (the audit). */
export const AVERAGED_GUARD: ClarityGuard = { margin: FULL_CLARITY_MARGIN, fadesAt: CLARITY_FADES_AT };

/**
 * On one model's probabilities (`--probs`, `--logits`), behind confident learning's per-cell flags
 * (noise-rate-pruning.ts), which already leave out every sample predicted as its given label: a
 * margin of 0.3 fading at 10% estimated noise holds back what cleanlab flags on clean data and
 * costs no noisy case of the quality suite any F1 (0.4 or a fade at 20-30% cost low-noise cases up
 * to 5 points; BENCHMARKS.md, "Given the very same probabilities, third round").
 */
export const ONE_MODEL_GUARD: ClarityGuard = { margin: 0.3, fadesAt: 0.1 };

/**
 * The least margin (probability of the best other class minus the given label's, averaged over
 * training; higher = more clearly mislabeled) a flag needs at this estimated noise share.
 */
export function requiredMargin(noiseFraction: number, guard: ClarityGuard = AVERAGED_GUARD): number {
  return guard.margin * Math.max(0, 1 - noiseFraction / guard.fadesAt);
}

export interface ClearFlags {
  /** How many of the ranking's first samples are flagged. */
  readonly count: number;
  /** Of the `wanted` most suspicious, how many the guard held back for a margin below `minMargin`. */
  readonly heldBack: number;
  readonly minMargin: number;
}

/**
 * Of the `wanted` most suspicious samples (`order`, most suspicious first), how many are clear
 * enough. The flags stay a prefix of the ranking (the first `count`), so "everything ranked above
 * the cut is flagged" holds for every chart and sentence; with the margin aggregate the ranking is
 * by margin and this is exactly the samples whose margin is high enough.
 */
export function clearFlags(order: ArrayLike<number>, wanted: number, margin: ArrayLike<number>, noiseFraction: number): ClearFlags {
  const minMargin = requiredMargin(noiseFraction);
  const top = Math.min(wanted, order.length);
  let clear = 0;
  for (let r = 0; r < top; r++) if (margin[order[r]!]! >= minMargin) clear++;
  return { count: clear, heldBack: top - clear, minMargin };
}

export interface GuardedFlags extends ClearFlags {
  /** 1 = flagged, by sample index. The flags are no prefix of the ranking when `mutual.heldBackCount` > 0. */
  readonly flagged: Uint8Array;
  /** What the mutually confused pairs held back (mutual-confusion.ts); included in `heldBack`. */
  readonly mutual: MutualConfusion;
}

/**
 * The audit's whole clean-data guard on the `wanted` most suspicious samples (`order`): first the
 * mutually confused pairs hold back their confusions (mutual-confusion.ts), then the margin test
 * runs at the share of wrong labels that is left. The count is inflated by exactly those
 * confusions (clean Vehicle's says 13.3% wrong, two thirds of it in opel <-> saab), so judged by
 * the share left (8.7%) the margin test asks what so little noise calls for: 36 flags on clean
 * Vehicle became 14, and no noisy case of the quality suite lost more than .001 F1.
 */
export function guardFlags(order: ArrayLike<number>, wanted: number, margin: ArrayLike<number>, pairs: Omit<MutualConfusionInput, 'candidates' | 'margin'>): GuardedFlags {
  const n = pairs.labels.length;
  const top = Math.min(wanted, order.length);
  const candidates = Array.from({ length: top }, (_, r) => order[r]!);
  const mutual = mutualConfusion({ ...pairs, candidates, margin });
  const left = top - mutual.heldBackCount;
  const minMargin = requiredMargin(n > 0 ? left / n : 0);
  const flagged = new Uint8Array(n);
  let count = 0;
  for (const s of candidates) {
    if (mutual.heldBack[s] || margin[s]! < minMargin) continue;
    flagged[s] = 1;
    count++;
  }
  return { flagged, count, heldBack: top - count, minMargin, mutual };
}
