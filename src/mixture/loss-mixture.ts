/**
 * The one entry point the pipeline needs: raw per-sample losses in, p(noisy | loss) out.
 * normalise (normalise.ts) -> EM (beta-mixture.ts) -> clean-only check (clean-only-guard.ts).
 * Score direction: p(noisy) is higher = more likely mislabeled, and non-decreasing in the loss.
 */
import { type BetaComponent, type BetaMixtureFit, type BetaMixtureOptions, fitBetaMixture, makeMonotonePosterior, resolveBetaMixtureOptions } from './beta-mixture.js';
import { type CleanOnlyCheck, type CleanOnlyCheckOptions, checkCleanOnly } from './clean-only-guard.js';
import { type Normaliser, normaliseForFit, normaliseLoss } from './normalise.js';

export interface LossMixtureOptions extends BetaMixtureOptions {
  /** Fewer losses than this (before or after the percentile drop) is degenerate. @default 10 */
  readonly minSamples?: number;
  /** Smallest 95th - 5th percentile spread treated as informative; below it the fit is degenerate. @default 1e-4 */
  readonly minSpread?: number;
  /** Settings of the 0%-noise check; see clean-only-guard.ts. @default { method: 'density-dip', maxDipRatio: 0.5 } */
  readonly cleanOnlyCheck?: CleanOnlyCheckOptions;
}

export type DegenerateReason = 'too-few-samples' | 'non-finite' | 'zero-spread' | 'zero-variance';

export type MixtureDiagnostics = Pick<BetaMixtureFit, 'iterations' | 'logLikelihood' | 'logLikelihoodHistory' | 'converged' | 'swappedFromInit' | 'guards'>;

/** Plain JSON for report.json (one per epoch). */
export type MixtureSummary =
  | ({
      readonly status: 'fitted';
      readonly nSamples: number;
      /** Losses inside [p5, p95], the ones EM saw. */
      readonly nFitted: number;
      readonly normaliser: Normaliser;
      readonly clean: BetaComponent;
      readonly noisy: BetaComponent;
      readonly noiseDetected: boolean;
      readonly cleanOnlyCheck: CleanOnlyCheck;
      readonly warnings: readonly string[];
    } & MixtureDiagnostics)
  | {
      readonly status: 'degenerate';
      readonly reason: DegenerateReason;
      readonly nSamples: number;
      readonly warnings: readonly string[];
    };

interface LossMixtureBase {
  readonly nSamples: number;
  readonly warnings: readonly string[];
  /** p(noisy | raw loss) in [0, 1], never NaN (a NaN loss scores as the lowest loss). */
  posterior(loss: number): number;
  posteriors(losses: ArrayLike<number>): Float64Array;
  readonly summary: MixtureSummary;
}

export interface FittedLossMixture extends LossMixtureBase {
  readonly status: 'fitted';
  readonly normaliser: Normaliser;
  readonly nFitted: number;
  readonly clean: BetaComponent;
  readonly noisy: BetaComponent;
  readonly diagnostics: MixtureDiagnostics;
  readonly cleanOnlyCheck: CleanOnlyCheck;
  /** Shortcut for cleanOnlyCheck.noiseDetected; the posterior is NOT altered by it. */
  readonly noiseDetected: boolean;
}

/** Posterior is 0 for every loss: "no evidence of noise", so rankings fall back to their tie-break. */
export interface DegenerateLossMixture extends LossMixtureBase {
  readonly status: 'degenerate';
  readonly reason: DegenerateReason;
}

export type LossMixture = FittedLossMixture | DegenerateLossMixture;

function degenerate(reason: DegenerateReason, nSamples: number, message: string): DegenerateLossMixture {
  const warnings = [`Beta mixture not fitted (${reason}): ${message}; p(noisy) is 0 for every sample.`];
  return {
    status: 'degenerate',
    reason,
    nSamples,
    warnings,
    posterior: () => 0,
    posteriors: (losses) => new Float64Array(losses.length),
    summary: { status: 'degenerate', reason, nSamples, warnings },
  };
}

export function fitLossMixture(losses: ArrayLike<number>, options: LossMixtureOptions = {}): LossMixture {
  const emOptions = resolveBetaMixtureOptions(options);
  const minSamples = options.minSamples ?? 10;
  const minSpread = options.minSpread ?? 1e-4;
  const n = losses.length;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(losses[i] as number)) nonFinite++;
  if (nonFinite > 0) {
    return degenerate('non-finite', n, `${nonFinite} of ${n} losses are NaN or infinite (check the loss computation)`);
  }
  if (n < minSamples) return degenerate('too-few-samples', n, `${n} losses, at least ${minSamples} needed`);
  const norm = normaliseForFit(losses, minSpread);
  if (norm.status === 'zero-spread') {
    return degenerate('zero-spread', n, `the 5th and 95th percentiles of the losses are ${norm.lo} and ${norm.hi}: at least 90% of samples have the same loss`);
  }
  const x = norm.values;
  if (x.length < minSamples) {
    return degenerate('too-few-samples', n, `${x.length} losses inside the 5th-95th percentile range, at least ${minSamples} needed`);
  }
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  if (!(variance / x.length > 1e-12)) {
    return degenerate('zero-variance', n, 'the losses inside the 5th-95th percentile range are all equal after normalisation');
  }

  const fit = fitBetaMixture(x, emOptions);
  const check = checkCleanOnly(x, fit, options.cleanOnlyCheck);
  const warnings: string[] = [];
  if (fit.guards.length > 0) warnings.push(`Beta moment estimator guards fired: ${fit.guards.join(', ')}.`);
  if (emOptions.stopEarly && !fit.converged) warnings.push(`EM did not converge within ${fit.iterations} iterations.`);
  if (fit.swappedFromInit) warnings.push('EM swapped the components; the noisy one was re-identified by its larger mean.');
  if (!check.noiseDetected) {
    warnings.push(
      `The losses look like one population (${check.method} check: dip ratio ${check.dipRatio.toFixed(3)}, ` +
        `BIC 1 vs 2 components ${check.bicOneComponent.toFixed(1)} vs ${check.bicTwoComponents.toFixed(1)}): ` +
        'the "noisy" component is probably the hard tail of clean samples.',
    );
  }
  const diagnostics: MixtureDiagnostics = {
    iterations: fit.iterations,
    logLikelihood: fit.logLikelihood,
    logLikelihoodHistory: fit.logLikelihoodHistory,
    converged: fit.converged,
    swappedFromInit: fit.swappedFromInit,
    guards: fit.guards,
  };
  const normaliser = norm.normaliser;
  const post = makeMonotonePosterior(fit.clean, fit.noisy);
  const posterior = (loss: number): number => post(normaliseLoss(normaliser, loss));
  // The same facts serve the live result and its JSON summary.
  const facts = {
    status: 'fitted',
    nSamples: n,
    nFitted: x.length,
    normaliser,
    clean: fit.clean,
    noisy: fit.noisy,
    cleanOnlyCheck: check,
    noiseDetected: check.noiseDetected,
    warnings,
  } as const;
  return {
    ...facts,
    diagnostics,
    posterior,
    posteriors: (ls) => Float64Array.from({ length: ls.length }, (_, i) => posterior(ls[i] as number)),
    summary: { ...facts, ...diagnostics },
  };
}
