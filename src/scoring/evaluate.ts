/**
 * Detection quality of a score against known truth (benchmarks, synthetic noise). The score's direction:
 * higher = more likely mislabeled. Metric definitions follow scikit-learn (roc_auc_score with average
 * ranks for ties; average_precision_score as the step-wise Σ (R_k - R_{k-1}) P_k over distinct thresholds).
 * Undefined metrics are null, with the reason in `warnings`, never NaN.
 */
import { rankByScore } from './rank.js';

export type Mask = ArrayLike<boolean | number>;

export interface EvaluateOptions {
  /** Flag samples with score >= threshold (ignored when `flagged` is given). @default 0.5 */
  readonly threshold?: number;
  /** An explicit flagged mask, e.g. from another rule. @default undefined (use `threshold`) */
  readonly flagged?: Mask;
  /** Cut-offs for precision@k / recall@k. @default [number truly noisy, 100, 500, 1000], kept if 1 <= k <= n */
  readonly ks?: readonly number[];
  /** Secondary key for the top-k order, higher first (pass the loss). @default none: ties by index */
  readonly tieBreak?: ArrayLike<number>;
}

export interface MaskMetrics {
  readonly rule: { readonly kind: 'threshold'; readonly threshold: number } | { readonly kind: 'mask' };
  readonly flagged: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly accuracy: number | null;
}

export interface AtK {
  readonly k: number;
  /** Truly noisy samples among the top k. */
  readonly hits: number;
  readonly precision: number;
  readonly recall: number | null;
}

export interface BestF1 {
  /** Flag score >= threshold; the highest such threshold wins ties in F1. */
  readonly threshold: number;
  readonly flagged: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface DetectionMetrics {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly mask: MaskMetrics;
  readonly auroc: number | null;
  readonly averagePrecision: number | null;
  readonly atK: readonly AtK[];
  readonly bestF1: BestF1 | null;
  readonly warnings: readonly string[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Indices sorted by score descending, grouped into runs of equal score. */
function tieGroups(score: ArrayLike<number>): { order: Uint32Array; ends: number[] } {
  const order = rankByScore(score).order;
  const ends: number[] = [];
  for (let i = 1; i <= order.length; i++) {
    if (i === order.length || score[order[i] as number] !== score[order[i - 1] as number]) ends.push(i);
  }
  return { order, ends };
}

/** Mann-Whitney U with average ranks for ties: P(score_pos > score_neg) + 0.5 P(equal). */
function auroc(truth: Uint8Array, score: ArrayLike<number>, pos: number, neg: number): number {
  const { order, ends } = tieGroups(score);
  // Ranks ascending by score: the descending group [start, end) holds ascending ranks n-end+1 .. n-start.
  const n = order.length;
  let start = 0;
  let rankSumPos = 0;
  for (const end of ends) {
    const avgRank = (2 * n - end - start + 1) / 2;
    for (let i = start; i < end; i++) if (truth[order[i] as number]) rankSumPos += avgRank;
    start = end;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

function sweep(truth: Uint8Array, score: ArrayLike<number>, pos: number): { ap: number; best: BestF1 } {
  const { order, ends } = tieGroups(score);
  let tp = 0;
  let start = 0;
  let ap = 0;
  let prevRecall = 0;
  let best: BestF1 | undefined;
  for (const end of ends) {
    for (let i = start; i < end; i++) if (truth[order[i] as number]) tp++;
    const precision = tp / end;
    const recall = tp / pos;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    const f1 = (2 * tp) / (end + pos);
    if (!best || f1 > best.f1) {
      best = { threshold: score[order[end - 1] as number] as number, flagged: end, precision, recall, f1 };
    }
    start = end;
  }
  return { ap, best: best as BestF1 };
}

function maskMetrics(truth: Uint8Array, flagged: Uint8Array, rule: MaskMetrics['rule']): MaskMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (flagged[i]) truth[i] ? tp++ : fp++;
    else truth[i] ? fn++ : tn++;
  }
  return {
    rule,
    flagged: tp + fp,
    tp,
    fp,
    fn,
    tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    accuracy: ratio(tp + tn, truth.length),
  };
}

export function evaluateScores(isNoisy: Mask, score: ArrayLike<number>, options: EvaluateOptions = {}): DetectionMetrics {
  const n = isNoisy.length;
  if (score.length !== n) throw new RangeError(`score has ${score.length} values for ${n} truth flags`);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i] as number)) throw new RangeError(`score[${i}] is NaN`);
  }
  const truth = Uint8Array.from({ length: n }, (_, i) => (isNoisy[i] ? 1 : 0));
  let pos = 0;
  for (const t of truth) pos += t;
  const neg = n - pos;
  const warnings: string[] = [];

  let flagged: Uint8Array;
  let rule: MaskMetrics['rule'];
  if (options.flagged) {
    if (options.flagged.length !== n) throw new RangeError(`flagged has ${options.flagged.length} values for ${n}`);
    flagged = Uint8Array.from({ length: n }, (_, i) => (options.flagged?.[i] ? 1 : 0));
    rule = { kind: 'mask' };
  } else {
    const threshold = options.threshold ?? 0.5;
    flagged = Uint8Array.from({ length: n }, (_, i) => ((score[i] as number) >= threshold ? 1 : 0));
    rule = { kind: 'threshold', threshold };
  }
  const mask = maskMetrics(truth, flagged, rule);
  if (mask.flagged === 0) warnings.push('Nothing was flagged: precision is undefined (null).');

  if (pos === 0) warnings.push('No sample is truly noisy: recall, AUROC, average precision and best F1 are undefined (null).');
  if (neg === 0 && n > 0) warnings.push('Every sample is truly noisy: AUROC is undefined (null).');
  const swept = pos > 0 ? sweep(truth, score, pos) : null;

  const { order } = rankByScore(score, options.tieBreak);
  const defaultKs = [pos, 100, 500, 1000];
  const ks = [...new Set(options.ks ?? defaultKs)].filter((k) => Number.isInteger(k) && k >= 1 && k <= n).sort((a, b) => a - b);
  const atK = ks.map((k): AtK => {
    let hits = 0;
    for (let r = 0; r < k; r++) hits += truth[order[r] as number] as number;
    return { k, hits, precision: hits / k, recall: ratio(hits, pos) };
  });

  return {
    n,
    positives: pos,
    negatives: neg,
    mask,
    auroc: pos > 0 && neg > 0 ? auroc(truth, score, pos, neg) : null,
    averagePrecision: swept ? swept.ap : null,
    atK,
    bestF1: swept ? swept.best : null,
    warnings,
  };
}
