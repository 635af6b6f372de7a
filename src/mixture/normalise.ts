/**
 * The reference's loss normalisation (method.md §1.2): losses outside the 5th-95th percentile range are
 * DROPPED before fitting, the rest are mapped to about [0, 1] and clamped to [0.001, 0.999] so that
 * the Beta densities stay finite. The normaliser is returned so any later loss (another batch, another
 * epoch's query) can be mapped with the same constants (pitfall 5: keep normaliser and BMM together).
 */

/** Percentile bounds used by the reference. */
export const LOW_PERCENTILE = 5;
export const HIGH_PERCENTILE = 95;
/** Clamp applied to every normalised value (the reference writes 10e-4 = 1e-3). */
export const CLAMP_LO = 0.001;
export const CLAMP_HI = 0.999;

/**
 * Maps a raw loss to (0, 1): normaliseLoss(v) = clamp((v - offset) / scale, 0.001, 0.999).
 * The reference: offset = p5 + 1e-5, scale = p95 - offset + 1e-6 (= p95 - p5 - 9e-6).
 */
export interface Normaliser {
  /** 5th percentile of the raw losses. */
  readonly lo: number;
  /** 95th percentile of the raw losses. */
  readonly hi: number;
  readonly offset: number;
  readonly scale: number;
}

/** numpy.percentile's default ('linear') definition, on an ascending-sorted array; q in [0, 100]. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = ((n - 1) * q) / 100;
  const i = Math.floor(h);
  const lo = sorted[i] as number;
  if (i + 1 >= n) return lo;
  return lo + (h - i) * ((sorted[i + 1] as number) - lo);
}

export function makeNormaliser(lo: number, hi: number): Normaliser {
  const offset = lo + 1e-5;
  return { lo, hi, offset, scale: hi - offset + 1e-6 };
}

/**
 * Normalise one raw loss. NaN maps to the lower clamp (treated as "no evidence") so that a posterior
 * built on it is never NaN; +Infinity maps to the upper clamp.
 */
export function normaliseLoss(n: Normaliser, loss: number): number {
  const x = (loss - n.offset) / n.scale;
  if (!(x > CLAMP_LO)) return CLAMP_LO;
  return Math.min(x, CLAMP_HI);
}

export type NormalisationResult =
  | {
      readonly status: 'ok';
      readonly normaliser: Normaliser;
      /** Normalised, clamped values of the losses inside [p5, p95], in input order. */
      readonly values: Float64Array;
      /** How many losses fell outside [p5, p95] and were dropped from the fit. */
      readonly dropped: number;
    }
  | {
      readonly status: 'zero-spread';
      /** p5 and p95 are (nearly) equal: at least 90% of the losses are the same value. */
      readonly lo: number;
      readonly hi: number;
    };

/**
 * Normalise finite losses for fitting. `minSpread` is the smallest p95 - p5 treated as informative:
 * below it, the reference's constants (+1e-5, +1e-6) dominate and its scale turns negative.
 */
export function normaliseForFit(losses: ArrayLike<number>, minSpread: number): NormalisationResult {
  const sorted = Float64Array.from(losses).sort();
  const lo = percentileSorted(sorted, LOW_PERCENTILE);
  const hi = percentileSorted(sorted, HIGH_PERCENTILE);
  if (!(hi - lo >= minSpread)) return { status: 'zero-spread', lo, hi };
  const normaliser = makeNormaliser(lo, hi);
  const kept: number[] = [];
  for (let i = 0; i < losses.length; i++) {
    const v = losses[i] as number;
    if (v >= lo && v <= hi) kept.push(normaliseLoss(normaliser, v));
  }
  return { status: 'ok', normaliser, values: Float64Array.from(kept), dropped: losses.length - kept.length };
}
