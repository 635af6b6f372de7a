/**
 * How much of the dataset looks mislabeled, overall and per class, and which (given -> suggested)
 * label pairs dominate among the flagged samples (cleanlab's health_summary / overlapping classes).
 * p_noisy is the BMM posterior: higher = more likely mislabeled. "Flagged" means p_noisy >= threshold.
 */

/** The estimated share of wrong labels: the mean p(noisy) (0 for no samples). */
export function meanPNoisy(pNoisy: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pNoisy.length; i++) s += pNoisy[i]!;
  return pNoisy.length > 0 ? s / pNoisy.length : 0;
}

export interface NoiseEstimateInput {
  /** p(noisy) per sample, in [0, 1]. */
  readonly pNoisy: ArrayLike<number>;
  /** Given label per sample (class index). */
  readonly labels: ArrayLike<number>;
  /** The model's predicted class per sample: the suggested label. */
  readonly predicted: ArrayLike<number>;
  /** Class names; also fixes the number of classes. @default ['0', '1', ...] up to the largest index seen */
  readonly classNames?: readonly string[];
}

export interface NoiseEstimateOptions {
  /** Flag samples with p_noisy >= threshold. @default 0.5 */
  readonly threshold?: number;
  /** The flags themselves (1 = flagged), when another rule chose them; then threshold is only echoed. */
  readonly flagged?: ArrayLike<number | boolean>;
  /** How many (given -> suggested) pairs to return. @default 10 */
  readonly topPairs?: number;
}

export interface ClassNoiseRow {
  readonly classIndex: number;
  readonly className: string;
  /** Samples whose given label is this class. */
  readonly rows: number;
  readonly flagged: number;
  /** Mean p_noisy over the class's rows; null for an empty class. */
  readonly estimatedNoiseRate: number | null;
  readonly flaggedRate: number | null;
}

/** A (given, suggested) class pair among the flagged samples, by index and name; the report keeps the names (reports/report.ts ConfusedPair). */
export interface FlaggedPair {
  readonly given: number;
  readonly suggested: number;
  readonly givenName: string;
  readonly suggestedName: string;
  /** Flagged samples with this given label whose prediction is `suggested`. */
  readonly count: number;
}

export interface NoiseEstimate {
  readonly n: number;
  readonly threshold: number;
  /** Mean p_noisy: the expected fraction of wrong labels; null when n = 0. */
  readonly estimatedNoisyFraction: number | null;
  /** Sum of p_noisy: the expected number of wrong labels. */
  readonly estimatedNoisyCount: number;
  readonly flaggedCount: number;
  readonly flaggedFraction: number | null;
  readonly perClass: readonly ClassNoiseRow[];
  /** Most frequent pairs among flagged samples with prediction != given label; count desc, then indices. */
  readonly topPairs: readonly FlaggedPair[];
  /** Flagged samples whose prediction equals their given label (no suggestion to make). */
  readonly flaggedAgreeing: number;
}

export function estimateNoise(input: NoiseEstimateInput, options: NoiseEstimateOptions = {}): NoiseEstimate {
  const { pNoisy, labels, predicted } = input;
  const n = pNoisy.length;
  if (labels.length !== n || predicted.length !== n) {
    throw new RangeError(`pNoisy, labels and predicted must have the same length (${n}, ${labels.length}, ${predicted.length})`);
  }
  const threshold = options.threshold ?? 0.5;
  const topPairs = options.topPairs ?? 10;
  let maxIndex = -1;
  for (let i = 0; i < n; i++) {
    for (const c of [labels[i] as number, predicted[i] as number]) {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`sample ${i}: class index ${c} is not an integer >= 0`);
      maxIndex = Math.max(maxIndex, c);
    }
  }
  const k = Math.max(input.classNames?.length ?? 0, maxIndex + 1);
  const name = (c: number): string => input.classNames?.[c] ?? String(c);

  const rows = new Array<number>(k).fill(0);
  const flaggedIn = new Array<number>(k).fill(0);
  const pSum = new Array<number>(k).fill(0);
  const pairs = new Map<number, number>();
  let total = 0;
  let flaggedCount = 0;
  let flaggedAgreeing = 0;
  for (let i = 0; i < n; i++) {
    const p = pNoisy[i] as number;
    const y = labels[i] as number;
    const z = predicted[i] as number;
    total += p;
    rows[y]! += 1;
    pSum[y]! += p;
    if (options.flagged ? Boolean(options.flagged[i]) : p >= threshold) {
      flaggedCount++;
      flaggedIn[y]! += 1;
      if (z === y) flaggedAgreeing++;
      else pairs.set(y * k + z, (pairs.get(y * k + z) ?? 0) + 1);
    }
  }
  const perClass = rows.map(
    (r, c): ClassNoiseRow => ({
      classIndex: c,
      className: name(c),
      rows: r,
      flagged: flaggedIn[c] as number,
      estimatedNoiseRate: r > 0 ? (pSum[c] as number) / r : null,
      flaggedRate: r > 0 ? (flaggedIn[c] as number) / r : null,
    }),
  );
  const sortedPairs = [...pairs.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, topPairs)
    .map(([key, count]): FlaggedPair => {
      const given = Math.floor(key / k);
      const suggested = key % k;
      return { given, suggested, givenName: name(given), suggestedName: name(suggested), count };
    });
  return {
    n,
    threshold,
    estimatedNoisyFraction: n > 0 ? total / n : null,
    estimatedNoisyCount: total,
    flaggedCount,
    flaggedFraction: n > 0 ? flaggedCount / n : null,
    perClass,
    topPairs: sortedPairs,
    flaggedAgreeing,
  };
}
