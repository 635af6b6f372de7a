/** What the charts need from a fitted mixture: weighted component densities and the threshold crossing. */
import { makeMonotonePosterior } from '../../mixture/beta-mixture.js';
import { betaPdf } from '../../mixture/beta.js';
import type { MixtureSummary } from '../../mixture/loss-mixture.js';

export type FittedSummary = Extract<MixtureSummary, { status: 'fitted' }>;

/** Points of the grid the curves are drawn on; the ends stay off 0 and 1 where a density can be infinite. */
const GRID = Array.from({ length: 161 }, (_, i) => 0.002 + (0.996 * i) / 160);

/** weight * Beta(alpha, beta) density over (0, 1), for the clean and the noisy component. */
export function weightedDensities(m: FittedSummary): { clean: [number, number][]; noisy: [number, number][] } {
  const curve = (c: FittedSummary['clean']): [number, number][] => GRID.map((x) => [x, c.weight * betaPdf(x, c.alpha, c.beta)]);
  return { clean: curve(m.clean), noisy: curve(m.noisy) };
}

/**
 * The smallest normalised value where p_noisy reaches the threshold, found by bisection on the same
 * monotone posterior the scores use; null when no value in [0.001, 0.999] reaches it.
 */
export function thresholdCrossing(m: FittedSummary, threshold: number): number | null {
  const post = makeMonotonePosterior(m.clean, m.noisy);
  let lo = 0.001;
  let hi = 0.999;
  if (post(lo) >= threshold) return lo;
  if (post(hi) < threshold) return null;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (post(mid) >= threshold) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A sensible y range for a density plot: infinite spikes at the ends would flatten everything else. */
export function densityCap(points: readonly (readonly [number, number])[]): number {
  const inner = points.filter(([x]) => x > 0.03 && x < 0.97).map(([, y]) => y);
  const max = Math.max(0, ...inner.filter(Number.isFinite));
  return max > 0 ? max : 1;
}
