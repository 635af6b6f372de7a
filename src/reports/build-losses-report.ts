/**
 * The report from another run's per-sample losses alone (`audit --losses`, findLabelIssues with
 * `losses`): the training-dynamics scores that need only losses (the Beta mixture on the mean
 * per-epoch normalised loss, or on the last epoch's, or the mean posterior), the mixture's own
 * estimate of how many are wrong (the sum of the posteriors), and that many flagged. What needs
 * every class's probability (the margin, confident learning's per-class thresholds and count, the
 * noise matrix, a suggested label) is listed in `unavailable` with the reason, and left out of the
 * files rather than guessed: suggested_label is empty and p_given/p_suggested are NaN (empty in
 * the CSVs). Pure: no I/O, no tfjs.
 */
import { resolve } from 'node:path';
import { classCounts } from '../data/dataset.js';
import { normaliseLoss } from '../mixture/normalise.js';
import type { AuditSettings } from '../options/audit.js';
import { aggregateScores, type AggregateMethod } from '../scoring/aggregate.js';
import { fitProgress } from '../scoring/fit-progress.js';
import { estimateNoise } from '../scoring/noise-estimate.js';
import { rankByScore } from '../scoring/rank.js';
import { toolVersion } from '../version.js';
import { type AuditedData, type AuditResult, MAY_BE_CLEAN } from './build-audit-report.js';
import { LARGE_AUDIT, reportSamples, sampleRows } from './sample-rows.js';
import { metricsAsSaved } from './saved-metrics.js';
import { REPORT_KIND, REPORT_VERSION, type LabelNoiseReport, type Unavailable } from './report.js';

export interface LossesMeasurements {
  readonly settings: AuditSettings;
  readonly dataset: AuditedData;
  /** Whether the file gave the labels (else every sample is in one placeholder class). */
  readonly labelsGiven: boolean;
  /** One array per epoch, every sample's loss in input order. */
  readonly epochLosses: readonly ArrayLike<number>[];
  readonly truth?: { readonly path: string; readonly isNoisy: Uint8Array };
  readonly timing: LabelNoiseReport['timing'];
}

const NEEDS_PROBS = 'needs every class’s probability, which a losses file does not have';

/** What the default (the margin, which needs probabilities) becomes from losses, for --help. */
export const LOSSES_DEFAULT_AGGREGATE = 'last while the run was still fitting, else mean-loss';

export interface LossesAggregate {
  readonly method: AggregateMethod;
  /** Why, when the method was chosen here in place of the margin. */
  readonly why: string | null;
}

/**
 * The aggregate actually used. In place of the margin: the last epoch's losses while the run was
 * still fitting, the mean normalised loss over every epoch once it had settled (fit-progress.ts).
 */
export function lossesAggregate(asked: AggregateMethod, epochLosses: readonly ArrayLike<number>[]): LossesAggregate {
  if (asked !== 'mean-margin') return { method: asked, why: null };
  const fit = fitProgress(epochLosses);
  const shares = `${pct(fit.lastShare)} of the samples unfitted (loss above ln 2) at the last epoch, ${pct(fit.peakShare)} at most once fitting began`;
  return fit.settled
    ? { method: 'mean-loss', why: `the mean normalised loss over every epoch was used: the run had settled (${shares})` }
    : { method: 'last', why: `the last epoch's losses were used: the run was still fitting (${shares})` };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

export function buildLossesReport(m: LossesMeasurements, large = LARGE_AUDIT): AuditResult {
  const { dataset: ds, epochLosses } = m;
  const n = ds.labels.length;
  const { method, why } = lossesAggregate(m.settings.aggregate, epochLosses);
  const settings = { ...m.settings, aggregate: method };
  const aggregated = aggregateScores(epochLosses, { method, mixture: { seed: settings.seed } });
  const pNoisy = aggregated.score;
  const finalFit = aggregated.mixtures[aggregated.mixtures.length - 1]!;
  const { order, rank } = rankByScore(pNoisy, aggregated.tieBreak);
  let expected = 0;
  for (let i = 0; i < n; i++) expected += pNoisy[i]!;
  const flagged = new Uint8Array(n);
  if (settings.threshold === null) for (let r = 0; r < Math.round(expected); r++) flagged[order[r]!] = 1;
  else for (let i = 0; i < n; i++) flagged[i] = pNoisy[i]! >= settings.threshold ? 1 : 0;
  // No predictions: the given labels stand in, so no (given -> suggested) pair is counted.
  const estimate = estimateNoise({ pNoisy, labels: ds.labels, predicted: ds.labels, classNames: ds.classNames }, { threshold: settings.threshold ?? 0.5, flagged });
  const last = epochLosses[epochLosses.length - 1]!;
  const fittedOn = method === 'last' || method === 'mean-posterior' ? last : aggregated.tieBreak;
  const rows = sampleRows(order, (i) => ({
    rank: rank[i]!,
    index: i,
    id: ds.ids[i]!,
    givenLabel: ds.classNames[ds.labels[i]!]!,
    suggestedLabel: '',
    pNoisy: pNoisy[i]!,
    loss: last[i]!,
    pGiven: NaN,
    pSuggested: NaN,
    flagged: flagged[i] === 1,
    ...(finalFit.status === 'fitted' ? { fitted: normaliseLoss(finalFit.normaliser, fittedOn[i]!) } : {}),
  }));
  const samples = reportSamples(rows, large);
  const unavailable: Unavailable[] = [
    ...(why !== null ? [{ what: 'the margin score (--aggregate mean-margin)', why: `${NEEDS_PROBS}; ${why}` }] : []),
    { what: 'confident learning’s per-class thresholds and count', why: `${NEEDS_PROBS}; the count is the Beta mixture’s (the sum of p_noisy)` },
    { what: 'the noise matrix (given -> true label)', why: NEEDS_PROBS },
    { what: 'a suggested label, p_given and p_suggested', why: NEEDS_PROBS },
    ...(m.labelsGiven ? [] : [{ what: 'per-class results', why: 'the losses file has no given_label (or --label) column' }]),
  ];
  const warnings = [...ds.warnings, ...aggregated.warnings, `from losses alone, not available: ${unavailable.map((u) => u.what).join('; ')} (report.json "unavailable" says why)`];
  if (finalFit.status === 'fitted' && !finalFit.noiseDetected) {
    warnings.push(MAY_BE_CLEAN);
  }
  const report: LabelNoiseReport = {
    kind: REPORT_KIND,
    version: REPORT_VERSION,
    tool: { name: 'labelsleuth', version: toolVersion },
    createdAt: new Date().toISOString(),
    settings,
    backend: null,
    dataset: {
      source: 'signals',
      signals: 'losses',
      path: ds.path,
      ...(ds.format !== undefined ? { format: ds.format } : {}),
      absolutePath: resolve(ds.path),
      rows: n,
      featureSize: 0,
      sampleShape: [],
      classes: classCounts(ds).map((count, i) => ({ name: ds.classNames[i]!, count })),
      imputedCells: 0,
    },
    epochs: [],
    mixture: finalFit,
    estimate: {
      method: 'loss-mixture',
      noiseFraction: n > 0 ? expected / n : 0,
      expectedWrongLabels: expected,
      flagged: estimate.flaggedCount,
      flaggedFraction: estimate.flaggedFraction ?? 0,
      // The clean-data guard needs the margin of probabilities; losses alone have none.
      clarity: null,
      selection: settings.threshold === null ? 'top-count' : 'threshold',
    },
    perClass: estimate.perClass.map((c) => ({ name: c.className, rows: c.rows, flagged: c.flagged, estimatedNoiseRate: c.estimatedNoiseRate ?? 0 })),
    confusedPairs: [],
    noiseMatrix: { method: 'confident-joint', classes: [], counts: [], rates: [] },
    training: { stop: 'fixed', epochsRun: epochLosses.length, maxEpochs: epochLosses.length },
    ...(m.truth ? { evaluation: { truthPath: m.truth.path, metrics: metricsAsSaved(m.truth.isNoisy, { pNoisy, rank }, { flagged }) } } : {}),
    unavailable,
    timing: m.timing,
    warnings,
    samples,
    ...(samples.length < n ? { samplesShown: { shown: samples.length, total: n } } : {}),
  };
  return { report, rows };
}
