/**
 * Detection metrics on a report as it is saved, so that `audit --truth` and a later `evaluate` of
 * the same folder agree to the last digit: both score p_noisy at the precision samples.csv keeps
 * (6 decimals, which can merge scores that differed further down and so change AP), and both break
 * ties by the report's own rank (the order the audit chose: p_noisy, then its aggregated tie-break),
 * which samples.csv keeps and the loss alone does not.
 */
import { evaluateScores, type DetectionMetrics, type Mask } from '../scoring/evaluate.js';
import { savedPNoisy } from './csv.js';

export interface SavedScores {
  /** p_noisy per sample, at any precision: it is rounded as samples.csv writes it. */
  readonly pNoisy: ArrayLike<number>;
  /** 1-based rank per sample (1 = most suspicious). */
  readonly rank: ArrayLike<number>;
}

export function metricsAsSaved(isNoisy: Mask, s: SavedScores, rule: { readonly flagged: Mask } | { readonly threshold: number }): DetectionMetrics {
  const score = Float64Array.from({ length: s.pNoisy.length }, (_, i) => savedPNoisy(s.pNoisy[i] as number));
  const tieBreak = Float64Array.from({ length: s.rank.length }, (_, i) => -(s.rank[i] as number));
  return evaluateScores(isNoisy, score, { ...rule, tieBreak });
}
