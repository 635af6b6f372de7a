/**
 * From what the audit measured (every sample's loss after every epoch, the last epoch's
 * predictions) to the report: aggregate the losses into one score, rank, flag, estimate the noise,
 * score against known truth, and assemble the versioned report object. Pure: no tfjs, no I/O, so
 * it serves losses that came from anywhere.
 */
import { resolve } from 'node:path';
import type { BackendInfo } from '../backend/choices.js';
import { classCounts, sampleSize, type LabeledDataset } from '../data/dataset.js';
import { normaliseLoss } from '../mixture/normalise.js';
import type { AuditSettings } from '../options/audit.js';
import { aggregateScores } from '../scoring/aggregate.js';
import { evaluateScores } from '../scoring/evaluate.js';
import { estimateNoise } from '../scoring/noise-estimate.js';
import { rankByScore } from '../scoring/rank.js';
import { toolVersion } from '../version.js';
import { REPORT_KIND, REPORT_VERSION, type EpochRecord, type LabelNoiseReport, type SampleVerdict } from './report.js';

export interface AuditMeasurements {
  readonly settings: AuditSettings;
  readonly backend: BackendInfo;
  /** The audited data; `imputedCells` is a CSV's count of filled-in cells. */
  readonly dataset: LabeledDataset & { readonly imputedCells?: { readonly total: number } };
  /** Every sample's loss against its given label after each epoch, in input order. */
  readonly epochLosses: readonly Float32Array[];
  readonly epochs: readonly EpochRecord[];
  /** The model's class for each sample after the last epoch. */
  readonly predictions: Int32Array;
  /** Known truth: 1 = the given label is wrong, in input order; and the file it came from. */
  readonly truth?: { readonly path: string; readonly isNoisy: Uint8Array };
  readonly timing: LabelNoiseReport['timing'];
  /** Set when training was stopped early: the report covers the epochs that finished. */
  readonly partial?: LabelNoiseReport['partial'];
  /** The request named --label, --id or --features (which an image folder ignores, with a warning). */
  readonly tableOptionsGiven: boolean;
}

export function buildAuditReport(m: AuditMeasurements): LabelNoiseReport {
  const { settings, dataset: ds, epochLosses } = m;
  const images = ds.source === 'image-folder';
  const lastLosses = epochLosses[epochLosses.length - 1];
  if (lastLosses === undefined) throw new Error('an audit report needs at least one epoch of losses');
  const aggregated = aggregateScores(epochLosses, { method: settings.aggregate });
  const pNoisy = aggregated.score;
  const finalFit = aggregated.mixtures[aggregated.mixtures.length - 1]!;
  const { order, rank } = rankByScore(pNoisy, aggregated.tieBreak);
  const estimate = estimateNoise({ pNoisy, labels: ds.labels, predicted: m.predictions, classNames: ds.classNames }, { threshold: settings.threshold });
  // What the final mixture saw: mean-loss fits the averaged normalised loss (its tieBreak); last and
  // mean-posterior end with a fit on the last epoch's raw losses.
  const fittedOn = settings.aggregate === 'mean-loss' ? aggregated.tieBreak : lastLosses;
  const samples: SampleVerdict[] = Array.from(order, (i) => ({
    rank: rank[i]!,
    index: i,
    id: ds.ids[i]!,
    givenLabel: ds.classNames[ds.labels[i]!]!,
    suggestedLabel: ds.classNames[m.predictions[i]!]!,
    pNoisy: pNoisy[i]!,
    loss: lastLosses[i]!,
    flagged: pNoisy[i]! >= settings.threshold,
    ...(finalFit.status === 'fitted' ? { fitted: normaliseLoss(finalFit.normaliser, fittedOn[i]!) } : {}),
  }));
  const warnings = [...ds.warnings, ...aggregated.warnings];
  if (images && m.tableOptionsGiven) {
    warnings.push('--label, --id and --features apply to CSV files; for an image folder the class is the subfolder and the id the path');
  }
  if (finalFit.status === 'fitted' && !finalFit.noiseDetected) {
    warnings.push('the loss distribution shows no separate high-loss group: the labels may be (almost) clean, and flagged samples are more likely hard than mislabeled');
  }
  return {
    kind: REPORT_KIND,
    version: REPORT_VERSION,
    tool: { name: 'labelsleuth', version: toolVersion },
    createdAt: new Date().toISOString(),
    settings,
    backend: m.backend,
    dataset: {
      source: ds.source,
      path: ds.path,
      absolutePath: resolve(ds.path),
      rows: ds.labels.length,
      featureSize: sampleSize(ds),
      sampleShape: ds.sampleShape,
      classes: classCounts(ds).map((count, i) => ({ name: ds.classNames[i]!, count })),
      imputedCells: ds.imputedCells?.total ?? 0,
    },
    epochs: m.epochs,
    mixture: finalFit,
    estimate: {
      noiseFraction: estimate.estimatedNoisyFraction ?? 0,
      expectedWrongLabels: estimate.estimatedNoisyCount,
      flagged: estimate.flaggedCount,
      flaggedFraction: estimate.flaggedFraction ?? 0,
    },
    perClass: estimate.perClass.map((c) => ({
      name: c.className,
      rows: c.rows,
      flagged: c.flagged,
      estimatedNoiseRate: c.estimatedNoiseRate ?? 0,
    })),
    confusedPairs: estimate.topPairs.map((p) => ({ given: p.givenName, suggested: p.suggestedName, count: p.count })),
    ...(m.truth
      ? { evaluation: { truthPath: m.truth.path, metrics: evaluateScores(m.truth.isNoisy, pNoisy, { threshold: settings.threshold, tieBreak: aggregated.tieBreak }) } }
      : {}),
    ...(m.partial ? { partial: m.partial } : {}),
    timing: m.timing,
    warnings,
    samples,
  };
}
