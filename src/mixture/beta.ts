/**
 * The Beta(a, b) distribution on (0, 1): density and the weighted method-of-moments estimator the
 * reference BMM uses in its M-step (method.md §1.3, paper Eqs. 5-8).
 */
import { gammaln } from 'simple-statistics';

/** Parameters of one Beta distribution; both strictly positive. */
export interface BetaParams {
  readonly alpha: number;
  readonly beta: number;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b). */
export function logBetaFunction(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/**
 * Log-density of Beta(a, b) at x. Outside (0, 1) the density is 0, so this returns -Infinity;
 * callers clip their data away from 0 and 1 first (the density can be infinite at the ends).
 */
export function betaLogPdf(x: number, a: number, b: number): number {
  if (!(x > 0 && x < 1)) return Number.NEGATIVE_INFINITY;
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBetaFunction(a, b);
}

export function betaPdf(x: number, a: number, b: number): number {
  return Math.exp(betaLogPdf(x, a, b));
}

export function betaMean(a: number, b: number): number {
  return a / (a + b);
}

export function betaVariance(a: number, b: number): number {
  const s = a + b;
  return (a * b) / (s * s * (s + 1));
}

/**
 * Limits that keep the moment estimator finite. The mean is kept away from 0 and 1 (beta = alpha (1-m)/m
 * would blow up), the variance is kept above a floor (alpha ~ 1/s2 would overflow) and strictly below
 * m(1-m) (the largest variance any distribution on [0, 1] with mean m can have; at or above it alpha <= 0).
 */
const MEAN_EPS = 1e-6;
const MIN_VARIANCE = 1e-10;
const MAX_VARIANCE_FRACTION = 1 - 1e-6;

/** A moment fit, with the names of any guard that had to step in (empty when none did). */
export interface BetaMomentFit extends BetaParams {
  readonly guards: readonly ('mean-clamped' | 'variance-floored' | 'variance-capped' | 'no-weight')[];
}

/**
 * Weighted method of moments: m = Σ w x / Σ w, s2 = Σ w (x - m)^2 / Σ w,
 * alpha = m (m (1 - m) / s2 - 1), beta = alpha (1 - m) / m. Exactly the reference's `fit_beta_weighted`
 * when no guard fires.
 */
export function fitBetaMoments(x: ArrayLike<number>, w?: ArrayLike<number>): BetaMomentFit {
  const guards: BetaMomentFit['guards'][number][] = [];
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? (w[i] as number) : 1;
    sw += wi;
    swx += wi * (x[i] as number);
  }
  if (!(sw > 0)) {
    // Nothing to fit: fall back to the uniform distribution rather than NaN.
    return { alpha: 1, beta: 1, guards: ['no-weight'] };
  }
  let m = swx / sw;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    ss += (w ? (w[i] as number) : 1) * d * d;
  }
  let s2 = ss / sw;
  if (m < MEAN_EPS || m > 1 - MEAN_EPS) {
    m = Math.min(1 - MEAN_EPS, Math.max(MEAN_EPS, m));
    guards.push('mean-clamped');
  }
  const maxVar = m * (1 - m) * MAX_VARIANCE_FRACTION;
  if (!(s2 >= MIN_VARIANCE)) {
    s2 = MIN_VARIANCE;
    guards.push('variance-floored');
  }
  if (s2 > maxVar) {
    s2 = maxVar;
    guards.push('variance-capped');
  }
  const alpha = m * ((m * (1 - m)) / s2 - 1);
  const beta = (alpha * (1 - m)) / m;
  return { alpha, beta, guards };
}
