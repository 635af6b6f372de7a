/**
 * Two-component Beta mixture fitted by EM with a weighted method-of-moments M-step, exactly as the
 * reference `BetaMixture1D` (method.md §1.3), plus the fixes of method.md §6: the noisy component is
 * identified by its mean after fitting, and the posterior p(noisy | x) is made monotone in x.
 * Input values must already lie strictly inside (0, 1) (see normalise.ts).
 */
import { betaLogPdf, betaMean, fitBetaMoments, logBetaFunction } from './beta.js';

/** One fitted component. `mean` = alpha / (alpha + beta) on the normalised scale. */
export interface BetaComponent {
  readonly alpha: number;
  readonly beta: number;
  readonly weight: number;
  readonly mean: number;
}

export interface BetaMixtureOptions {
  /** EM iterations; the reference runs exactly 10 with no convergence test. @default 10 */
  readonly maxIterations?: number;
  /**
   * Convergence threshold on the change of the mean per-sample log-likelihood between iterations.
   * Only reported (`converged`) unless `stopEarly` is set. @default 1e-4
   */
  readonly tolerance?: number;
  /** Stop as soon as the change falls below `tolerance` (the reference never stops early). @default false */
  readonly stopEarly?: boolean;
  /**
   * Starting parameters of components 0 and 1. Which one ends up "noisy" is decided by the final means,
   * never by this. @default the reference's { alphas: [1, 2], betas: [2, 1], weights: [0.5, 0.5] }
   */
  readonly init?: BetaMixtureInit;
}

export interface BetaMixtureInit {
  readonly alphas: readonly [number, number];
  readonly betas: readonly [number, number];
  readonly weights: readonly [number, number];
}

export interface ResolvedBetaMixtureOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly stopEarly: boolean;
  readonly init: BetaMixtureInit;
}

export const DEFAULT_BETA_MIXTURE_OPTIONS: ResolvedBetaMixtureOptions = {
  maxIterations: 10,
  tolerance: 1e-4,
  stopEarly: false,
  init: { alphas: [1, 2], betas: [2, 1], weights: [0.5, 0.5] },
};

export interface BetaMixtureFit {
  /** The component with the smaller mean. */
  readonly clean: BetaComponent;
  /** The component with the larger mean (never chosen by initialisation). */
  readonly noisy: BetaComponent;
  readonly iterations: number;
  /** Total log-likelihood of the final parameters on the fitted values. */
  readonly logLikelihood: number;
  /** Total log-likelihood after each iteration's M-step (length = iterations). */
  readonly logLikelihoodHistory: readonly number[];
  /** Whether the last change of the mean per-sample log-likelihood was below `tolerance`. */
  readonly converged: boolean;
  /** True when component 1 (initially Beta(2, 1), the reference's "noisy") ended with the smaller mean and was relabelled. */
  readonly swappedFromInit: boolean;
  /** Moment-estimator guards that fired in any iteration (see beta.ts), deduplicated. */
  readonly guards: readonly string[];
}

/** The reference floors each unnormalised responsibility w_k pdf_k(x) at 1e-12. */
const LOG_RESP_FLOOR = Math.log(1e-12);

interface Params {
  a: [number, number];
  b: [number, number];
  w: [number, number];
}

/** E-step in log space with the reference's floor; fills r1 = p(component 1 | x); returns Σ log p(x). */
function eStep(x: ArrayLike<number>, p: Params, r1: Float64Array): number {
  const lw0 = Math.log(p.w[0]);
  const lw1 = Math.log(p.w[1]);
  const lb0 = logBetaFunction(p.a[0], p.b[0]);
  const lb1 = logBetaFunction(p.a[1], p.b[1]);
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const lx = Math.log(xi);
    const l1x = Math.log1p(-xi);
    const j0 = lw0 + (p.a[0] - 1) * lx + (p.b[0] - 1) * l1x - lb0;
    const j1 = lw1 + (p.a[1] - 1) * lx + (p.b[1] - 1) * l1x - lb1;
    const m = Math.max(j0, j1);
    ll += m + Math.log(Math.exp(j0 - m) + Math.exp(j1 - m));
    const f0 = Math.max(j0, LOG_RESP_FLOOR);
    const f1 = Math.max(j1, LOG_RESP_FLOOR);
    r1[i] = 1 / (1 + Math.exp(f0 - f1));
  }
  return ll;
}

function mStep(x: ArrayLike<number>, r1: Float64Array, guards: Set<string>): Params {
  const n = x.length;
  const r0 = new Float64Array(n);
  let s1 = 0;
  for (let i = 0; i < n; i++) {
    r0[i] = 1 - (r1[i] as number);
    s1 += r1[i] as number;
  }
  const f0 = fitBetaMoments(x, r0);
  const f1 = fitBetaMoments(x, r1);
  for (const g of [...f0.guards, ...f1.guards]) guards.add(g);
  const w1 = s1 / n;
  return { a: [f0.alpha, f1.alpha], b: [f0.beta, f1.beta], w: [1 - w1, w1] };
}

export function resolveBetaMixtureOptions(options: BetaMixtureOptions = {}): ResolvedBetaMixtureOptions {
  const r = { ...DEFAULT_BETA_MIXTURE_OPTIONS, ...options };
  if (!Number.isInteger(r.maxIterations) || r.maxIterations < 1) {
    throw new RangeError(`maxIterations must be an integer >= 1, got ${r.maxIterations}`);
  }
  if (!(r.tolerance >= 0)) throw new RangeError(`tolerance must be >= 0, got ${r.tolerance}`);
  const { alphas, betas, weights } = r.init;
  if (![...alphas, ...betas, ...weights].every((v) => v > 0 && Number.isFinite(v))) {
    throw new RangeError('init alphas, betas and weights must be finite and > 0');
  }
  return r;
}

/** Fit the mixture to values in (0, 1). The caller guarantees at least a few distinct values. */
export function fitBetaMixture(x: ArrayLike<number>, options: BetaMixtureOptions = {}): BetaMixtureFit {
  const opt = resolveBetaMixtureOptions(options);
  const n = x.length;
  const { alphas, betas, weights } = opt.init;
  let p: Params = { a: [...alphas], b: [...betas], w: [...weights] };
  const r1 = new Float64Array(n);
  const guards = new Set<string>();
  const history: number[] = [];
  let converged = false;
  eStep(x, p, r1);
  let iterations = 0;
  while (iterations < opt.maxIterations) {
    p = mStep(x, r1, guards);
    iterations++;
    // This E-step serves both the log-likelihood of the new parameters and the next M-step.
    const ll = eStep(x, p, r1);
    const prev = history[history.length - 1];
    history.push(ll);
    converged = prev !== undefined && Math.abs(ll - prev) / n < opt.tolerance;
    if (converged && opt.stopEarly) break;
  }
  const comp = (k: 0 | 1): BetaComponent => ({
    alpha: p.a[k],
    beta: p.b[k],
    weight: p.w[k],
    mean: betaMean(p.a[k], p.b[k]),
  });
  const c0 = comp(0);
  const c1 = comp(1);
  const swapped = c1.mean < c0.mean;
  return {
    clean: swapped ? c1 : c0,
    noisy: swapped ? c0 : c1,
    iterations,
    logLikelihood: history[history.length - 1] as number,
    logLikelihoodHistory: history,
    converged,
    swappedFromInit: swapped,
    guards: [...guards],
  };
}

/**
 * p(noisy | x), made monotone non-decreasing and continuous in x, for x in (0, 1).
 *
 * Why this form: the log-odds of two Betas is f(x) = C + A ln x + B ln(1 - x) with A = a_noisy - a_clean
 * and B = b_noisy - b_clean, so it has at most one stationary point x* = A / (A + B). If A, B > 0 (e.g. a
 * U-shaped clean component, method.md §1.4) f peaks at x* and falls again: we hold it at f(x*) for
 * x > x*, which is what the reference's `lookup[argmax:] = max` does, but exact and without 100 bins.
 * If A, B < 0 (a noisy component that diverges at 0) f has a valley at x*: we hold it at f(x*) for
 * x < x*, so tiny losses never look noisy; a running maximum from the left would instead spread the
 * spurious value at x -> 0 over everything. Otherwise f is already monotone. No grid, no interpolation.
 */
export function makeMonotonePosterior(clean: BetaComponent, noisy: BetaComponent): (x: number) => number {
  const A = noisy.alpha - clean.alpha;
  const B = noisy.beta - clean.beta;
  const C = Math.log(noisy.weight) - Math.log(clean.weight) - logBetaFunction(noisy.alpha, noisy.beta) + logBetaFunction(clean.alpha, clean.beta);
  const xStar = A / (A + B);
  const peak = A > 0 && B > 0;
  const valley = A < 0 && B < 0;
  return (x: number): number => {
    const u = peak ? Math.min(x, xStar) : valley ? Math.max(x, xStar) : x;
    const f = C + A * Math.log(u) + B * Math.log1p(-u);
    // Stable logistic; f = ±Infinity gives exactly 1 or 0.
    return f >= 0 ? 1 / (1 + Math.exp(-f)) : Math.exp(f) / (1 + Math.exp(f));
  };
}

/** The unconstrained posterior w_n p_n / (w_c p_c + w_n p_n), as the reference's `posterior(x, 1)`. */
export function rawPosterior(x: number, clean: BetaComponent, noisy: BetaComponent): number {
  const j0 = Math.log(clean.weight) + betaLogPdf(x, clean.alpha, clean.beta);
  const j1 = Math.log(noisy.weight) + betaLogPdf(x, noisy.alpha, noisy.beta);
  return 1 / (1 + Math.exp(j0 - j1));
}
