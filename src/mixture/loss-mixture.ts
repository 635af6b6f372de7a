/**
 * The one entry point the pipeline needs: raw per-sample losses in, p(noisy | loss) out.
 * normalise (normalise.ts) -> EM (beta-mixture.ts) -> clean-only check (clean-only-guard.ts).
 * Score direction: p(noisy) is higher = more likely mislabeled, and non-decreasing in the loss.
 */
import { type BetaComponent, type BetaMixtureFit, type BetaMixtureOptions, fitBetaMixture, makeMonotonePosterior, resolveBetaMixtureOptions } from './beta-mixture.js';
import { type CleanOnlyCheck, type CleanOnlyCheckOptions, checkCleanOnly } from './clean-only-guard.js';
import { type Normaliser, normaliseForFit, normaliseLoss } from './normalise.js';
import { createRng } from '../util/rng.js';

export interface LossMixtureOptions extends BetaMixtureOptions {
  /** Fewer losses than this (before or after the percentile drop) is degenerate. @default 10 */
  readonly minSamples?: number;
  /** Smallest 95th - 5th percentile spread treated as informative; below it the fit is degenerate. @default 1e-4 */
  readonly minSpread?: number;
  /** Settings of the 0%-noise check; see clean-only-guard.ts. @default { method: 'density-dip', maxDipRatio: 0.5 } */
  readonly cleanOnlyCheck?: CleanOnlyCheckOptions;
  /**
   * Above this many losses, the normaliser, EM and the clean-only check see a seeded reservoir
   * sample of this size instead of every loss; the posterior is still given for every loss. A
   * two-parameter-per-component fit needs far fewer points than tens of millions (BENCHMARKS.md,
   * "Bring your own model at scale", measures what the sample costs in AUROC/F1), and EM's time
   * and memory then stop growing with the rows. @default 500_000
   */
  readonly maxFitSamples?: number;
  /** Seed of the reservoir sample. @default 1 */
  readonly seed?: number;
}

/** The default maxFitSamples: the line above which the mixture is fitted on a reservoir sample. */
export const MAX_FIT_SAMPLES = 500_000;

/** Algorithm R: a uniform sample of m of the values, the same for the same seed. */
function reservoir(values: ArrayLike<number>, m: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = values[i]!;
  for (let i = m; i < values.length; i++) {
    const j = rng.int(i + 1);
    if (j < m) out[j] = values[i]!;
  }
  return out;
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
      /** Set when EM saw a seeded reservoir sample of this many losses (maxFitSamples), not all nSamples. */
      readonly sampled?: number;
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

/** How the clean-only check's warning begins, so a report can leave it out when other evidence overrules it. */
export const ONE_POPULATION = 'The losses look like one population';

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
  const maxFit = options.maxFitSamples ?? MAX_FIT_SAMPLES;
  const sampled = n > maxFit;
  const norm = normaliseForFit(sampled ? reservoir(losses, maxFit, options.seed ?? 1) : losses, minSpread);
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
  if (sampled) warnings.push(`Beta mixture fitted on a seeded sample of ${maxFit} of the ${n} losses (maxFitSamples); every sample is scored by it.`);
  if (fit.guards.length > 0) warnings.push(`Beta moment estimator guards fired: ${fit.guards.join(', ')}.`);
  if (emOptions.stopEarly && !fit.converged) warnings.push(`EM did not converge within ${fit.iterations} iterations.`);
  if (fit.swappedFromInit) warnings.push('EM swapped the components; the noisy one was re-identified by its larger mean.');
  if (!check.noiseDetected) {
    warnings.push(
      `${ONE_POPULATION} (${check.method} check: dip ratio ${check.dipRatio.toFixed(3)}, ` +
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
    ...(sampled ? { sampled: maxFit } : {}),
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
