/**
 * Does the fitted two-component mixture describe real label noise, or did EM just carve a "noisy"
 * component out of the clean samples' high-loss tail (method.md pitfall 4)?
 *
 * Default test ('density-dip'): a noisy population shows up as its own mode in the loss density, so the
 * fitted mixture density must have an interior dip between two peaks. The dip ratio is
 * min over x of g(x) / min(max_{t<=x} g(t), max_{t>=x} g(t)) on a grid over the normalised range:
 * 1 for a unimodal (or monotone) density, small for two well-separated modes.
 * Measured on synthetic losses (clean ~ Gamma(0.6, 0.15), noisy ~ N(4, 1), n = 1e3..5e4, two seeds):
 * 0% noise -> 1.000 every time; 10/20/40/80% noise -> 0.015..0.171. The default cut-off 0.5 sits between.
 * Known blind spot: at <= ~5% noise the noisy losses lie mostly above the 95th percentile, which the
 * reference normaliser DROPS before fitting, so no second mode is visible (measured: 4 of 6 runs at 5%
 * say "not detected" although the posterior still ranks them first, AUROC >= 0.998). Do not zero the
 * posterior on this verdict alone.
 * BIC (one Beta vs the mixture, both fitted by moments) is computed and reported too, but it is not the
 * default: with moment fits it preferred two components at 0% noise and one component at 40% noise.
 */
import { betaLogPdf, fitBetaMoments } from './beta.js';
import type { BetaComponent, BetaMixtureFit } from './beta-mixture.js';
import { CLAMP_HI, CLAMP_LO } from './normalise.js';

export type CleanOnlyCheckMethod = 'density-dip' | 'bic' | 'dip-and-bic';

export interface CleanOnlyCheckOptions {
  /** Which test decides `noiseDetected`. @default 'density-dip' */
  readonly method?: CleanOnlyCheckMethod;
  /** The largest dip ratio still counted as two modes. @default 0.5 */
  readonly maxDipRatio?: number;
}

export interface CleanOnlyCheck {
  readonly method: CleanOnlyCheckMethod;
  /** The verdict of `method`: false means "the losses look like one clean population". */
  readonly noiseDetected: boolean;
  readonly dipRatio: number;
  readonly maxDipRatio: number;
  /** BIC = k ln n - 2 ln L on the fitted (normalised) values; lower is better. */
  readonly bicOneComponent: number;
  readonly bicTwoComponents: number;
  /** Single Beta fitted by moments to the same values, for the BIC comparison. */
  readonly oneComponent: { readonly alpha: number; readonly beta: number };
}

const GRID_POINTS = 999;

function mixtureDensity(x: number, c: BetaComponent, n: BetaComponent): number {
  return c.weight * Math.exp(betaLogPdf(x, c.alpha, c.beta)) + n.weight * Math.exp(betaLogPdf(x, n.alpha, n.beta));
}

/** See the file comment. Exported for tests. */
export function densityDipRatio(clean: BetaComponent, noisy: BetaComponent): number {
  const g = new Float64Array(GRID_POINTS);
  const step = (CLAMP_HI - CLAMP_LO) / (GRID_POINTS - 1);
  for (let i = 0; i < GRID_POINTS; i++) g[i] = mixtureDensity(CLAMP_LO + i * step, clean, noisy);
  const right = new Float64Array(GRID_POINTS);
  let m = 0;
  for (let i = GRID_POINTS - 1; i >= 0; i--) right[i] = m = Math.max(m, g[i] as number);
  let left = 0;
  let dip = 1;
  for (let i = 0; i < GRID_POINTS; i++) {
    const gi = g[i] as number;
    left = Math.max(left, gi);
    const bound = Math.min(left, right[i] as number);
    if (bound > 0 && Number.isFinite(bound)) dip = Math.min(dip, gi / bound);
  }
  return dip;
}

export function checkCleanOnly(values: ArrayLike<number>, fit: BetaMixtureFit, options: CleanOnlyCheckOptions = {}): CleanOnlyCheck {
  const method = options.method ?? 'density-dip';
  const maxDipRatio = options.maxDipRatio ?? 0.5;
  const n = values.length;
  const one = fitBetaMoments(values);
  let ll1 = 0;
  for (let i = 0; i < n; i++) ll1 += betaLogPdf(values[i] as number, one.alpha, one.beta);
  const bicOneComponent = 2 * Math.log(n) - 2 * ll1;
  const bicTwoComponents = 5 * Math.log(n) - 2 * fit.logLikelihood;
  const dipRatio = densityDipRatio(fit.clean, fit.noisy);
  const byDip = dipRatio <= maxDipRatio;
  const byBic = bicTwoComponents < bicOneComponent;
  const noiseDetected = method === 'density-dip' ? byDip : method === 'bic' ? byBic : byDip && byBic;
  return {
    method,
    noiseDetected,
    dipRatio,
    maxDipRatio,
    bicOneComponent,
    bicTwoComponents,
    oneComponent: { alpha: one.alpha, beta: one.beta },
  };
}
