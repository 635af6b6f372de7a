/**
 * From what the audit measured (every sample's loss after every epoch, the last epoch's
 * predictions) to the report: aggregate the losses into one score, rank, flag, estimate the noise,
 * score against known truth, and assemble the versioned report object. Pure: no tfjs, no I/O, so
 * it serves losses that came from anywhere.
 */
import { resolve } from 'node:path';
import type { BackendInfo } from '../backend/choices.js';
import { classCounts, sampleSize, type LabeledDataset } from '../data/dataset.js';
import { ONE_POPULATION } from '../mixture/loss-mixture.js';
import { normaliseLoss } from '../mixture/normalise.js';
import type { AuditSettings } from '../options/audit.js';
import { aggregateScores } from '../scoring/aggregate.js';
import { type ClearFlags, guardFlags, ONE_MODEL_GUARD, requiredMargin } from '../scoring/clarity.js';
import { bestOtherClass, type MutualConfusion } from '../scoring/mutual-confusion.js';
import { pruneByNoiseRate } from '../scoring/noise-rate-pruning.js';
import { confidentJoint, type ConfidentJoint, marginScores } from '../scoring/confident-joint.js';
import { type ConfusionCorrected, withoutConfusion } from '../scoring/confusion-count.js';
import { estimateNoise } from '../scoring/noise-estimate.js';
import { flaggedFirst, rankByScore } from '../scoring/rank.js';
import { toolVersion } from '../version.js';
import type { Delimiter } from '../data/delimiter.js';
import type { ImageSource } from '../data/image-source.js';
import { LARGE_AUDIT, reportSamples, sampleRows, type SampleRows } from './sample-rows.js';
import { metricsAsSaved } from './saved-metrics.js';
import {
  type DataSource,
  REPORT_KIND,
  REPORT_VERSION,
  type EpochRecord,
  type FlagSelection,
  type LabelNoiseReport,
  type NeighbourVote,
  type NoiseMatrix,
  type SignalsKind,
  type TrainingExtension,
} from './report.js';

/** What a report says when the mixture's clean-only check finds no second group. */
export const MAY_BE_CLEAN = 'the loss distribution shows no separate high-loss group: the labels may be (almost) clean, and flagged samples are more likely hard than mislabeled';

/** An estimated noise share from which the count's verdict stands over the mixture's clean-only check. */
const COUNT_OVERRULES_MIXTURE = 0.1;

export interface AuditMeasurements {
  readonly settings: AuditSettings;
  /** null: the signals came from another model, nothing was trained here. */
  readonly backend: BackendInfo | null;
  /** The audited samples (their features are not needed); `imputedCells` is a CSV's count of filled-in cells. */
  readonly dataset: AuditedData;
  /** How long training ran; default: the epochs recorded, against settings.epochs. */
  readonly training?: LabelNoiseReport['training'];
  /** Every sample's loss against its given label after each epoch, in input order. */
  readonly epochLosses: readonly Float32Array[];
  readonly epochs: readonly EpochRecord[];
  /** The model's class for each sample after the last epoch. */
  readonly predictions: Int32Array;
  /** The last epoch's probabilities, row-major n x classes. */
  readonly probabilities: ArrayLike<number>;
  /** Every class's probability averaged over the epochs ranked on, row-major n x classes. */
  readonly meanProbabilities: ArrayLike<number>;
  /** When they differ from meanProbabilities: the model's own averaged probabilities the count reads (up to the stop when training went on past it; never the neighbours' blend). */
  readonly countProbabilities?: ArrayLike<number>;
  /** How far training went past the stop (report.training.extension). */
  readonly extension?: TrainingExtension;
  /** How the neighbours voted, when meanProbabilities holds their vote (report.training.neighbours). */
  readonly neighbours?: NeighbourVote;
  /** Why the stop rule ended training before `settings.epochs`, if it did. */
  readonly stoppedEarly?: string;
  /** Known truth: 1 = the given label is wrong, in input order; and the file it came from. */
  readonly truth?: { readonly path: string; readonly isNoisy: Uint8Array };
  readonly timing: LabelNoiseReport['timing'];
  /** Set when training was stopped early: the report covers the epochs that finished. */
  readonly partial?: LabelNoiseReport['partial'];
  /** The request named --label, --id or --features (which an image folder ignores, with a warning). */
  readonly tableOptionsGiven: boolean;
}

/** What the report needs to know about the samples: who they are and what they were labelled. */
export type AuditedData = Pick<LabeledDataset, 'path' | 'sampleShape' | 'labels' | 'ids' | 'classNames' | 'warnings'> & {
  readonly source: DataSource;
  readonly imputedCells?: { readonly total: number };
  readonly delimiter?: Delimiter | null;
  readonly encoding?: { readonly id: string | null };
  readonly origin?: Pick<ImageSource, 'layout' | 'split' | 'imageColumn' | 'idsArePaths' | 'idColumn'>;
  readonly absPaths?: readonly string[];
  /** How a signals file was read (report.dataset.format). */
  readonly format?: string;
  /** With source 'signals': what kind (report.dataset.signals). */
  readonly signals?: SignalsKind;
};

/** The report and every sample's row, for writers that stream the CSVs (sample-rows.ts). */
export interface AuditResult {
  readonly report: LabelNoiseReport;
  readonly rows: SampleRows;
}

export function buildAuditReport(m: AuditMeasurements): LabelNoiseReport {
  return buildAuditResult(m, Infinity).report;
}

/** As buildAuditReport; above `large` samples the report keeps only the top of the ranking. */
export function buildAuditResult(m: AuditMeasurements, large = LARGE_AUDIT): AuditResult {
  const { settings, dataset: ds, epochLosses } = m;
  const images = ds.source === 'image-folder';
  const lastLosses = epochLosses[epochLosses.length - 1];
  if (lastLosses === undefined) throw new Error('an audit report needs at least one epoch of losses');
  const k = ds.classNames.length;
  const n = ds.labels.length;
  const aggregated = aggregateScores(epochLosses, {
    method: settings.aggregate,
    mixture: { seed: settings.seed },
    probabilities: { values: m.meanProbabilities, labels: ds.labels, classes: k },
  });
  const pNoisy = aggregated.score;
  const finalFit = aggregated.mixtures[aggregated.mixtures.length - 1]!;
  const byScore = rankByScore(pNoisy, aggregated.tieBreak);
  // How many labels are wrong: confident learning's calibrated count on the probabilities averaged
  // over training, which judges each class against its own typical confidence (BENCHMARKS.md); up
  // to the stop when training went on for the ranking, since later epochs memorise flips out of it.
  const counted = confidentJoint(m.countProbabilities ?? m.meanProbabilities, ds.labels, k);
  const { threshold } = settings;
  const selection = flagSelection(ds, threshold);
  // On our own training's averaged probabilities, less the honest confusions of the pairs the model
  // confuses both ways where the rest of the count is spread evenly (confusion-count.ts); one
  // model's probabilities keep cleanlab's own joint, so its per-cell flags stay cleanlab's.
  const confusion = selection === 'per-cell' ? null : withoutConfusion(counted, classCounts(ds));
  const joint = confusion?.joint ?? counted;
  const noiseFraction = n > 0 ? joint.issues / n : 0;
  const { flagged, clarity } = chooseFlags(selection, byScore.order, { m, joint, counted, pNoisy, threshold: threshold ?? 0.5 });
  // Per-cell flags, and flags the mutually confused pairs thinned, are no cut of the ranking: the
  // flagged go first, so every table and chart that shows the top shows them.
  const reordered = selection === 'per-cell' || (clarity?.mutual?.heldBackCount ?? 0) > 0;
  const { order, rank } = reordered ? flaggedFirst(byScore, flagged) : byScore;
  const estimate = estimateNoise({ pNoisy, labels: ds.labels, predicted: m.predictions, classNames: ds.classNames }, { threshold: settings.threshold ?? 0.5, flagged });
  // What the final mixture saw: mean-loss fits the averaged normalised loss (its tieBreak), mean-margin
  // the margin; last and mean-posterior end with a fit on the last epoch's raw losses.
  const fittedOn = settings.aggregate === 'last' || settings.aggregate === 'mean-posterior' ? lastLosses : aggregated.tieBreak;
  const rows = sampleRows(order, (i) => ({
    rank: rank[i]!,
    index: i,
    id: ds.ids[i]!,
    givenLabel: ds.classNames[ds.labels[i]!]!,
    suggestedLabel: ds.classNames[m.predictions[i]!]!,
    pNoisy: pNoisy[i]!,
    loss: lastLosses[i]!,
    pGiven: m.probabilities[i * k + ds.labels[i]!]!,
    pSuggested: m.probabilities[i * k + m.predictions[i]!]!,
    flagged: flagged[i] === 1,
    ...(finalFit.status === 'fitted' ? { fitted: normaliseLoss(finalFit.normaliser, fittedOn[i]!) } : {}),
  }));
  const samples = reportSamples(rows, large);
  // The flags follow the count, not the mixture: when the count finds plenty of noise, the mixture's
  // "one population" verdict would contradict the headline (on the margin it says so on most noisy
  // cases of the quality suite, the README demo's 20% among them), so it is left out.
  const countOverrules = threshold === null && noiseFraction >= COUNT_OVERRULES_MIXTURE;
  const warnings = [...ds.warnings, ...aggregated.warnings.filter((w) => !(countOverrules && w.startsWith(ONE_POPULATION)))];
  if (images && m.tableOptionsGiven) {
    warnings.push('--label, --id and --features apply to CSV files; for an image folder the class is the subfolder and the id the path');
  }
  if (finalFit.status === 'fitted' && !finalFit.noiseDetected && !countOverrules) {
    warnings.push(MAY_BE_CLEAN);
  }
  const report: LabelNoiseReport = {
    kind: REPORT_KIND,
    version: REPORT_VERSION,
    tool: { name: 'labelsleuth', version: toolVersion },
    createdAt: new Date().toISOString(),
    settings,
    backend: m.backend,
    dataset: {
      source: ds.source,
      path: ds.path,
      ...(ds.signals !== undefined ? { signals: ds.signals } : {}),
      ...(ds.format !== undefined ? { format: ds.format } : {}),
      absolutePath: resolve(ds.path),
      rows: ds.labels.length,
      featureSize: sampleSize(ds),
      sampleShape: ds.sampleShape,
      classes: classCounts(ds).map((count, i) => ({ name: ds.classNames[i]!, count })),
      imputedCells: ds.imputedCells?.total ?? 0,
      ...(ds.delimiter !== undefined && ds.delimiter !== null ? { delimiter: ds.delimiter } : {}),
      ...(ds.encoding !== undefined ? { idColumn: ds.encoding.id } : {}),
      ...(ds.origin !== undefined ? imageOrigin(ds.origin, ds.absPaths) : {}),
    },
    epochs: m.epochs,
    mixture: finalFit,
    estimate: {
      method: 'confident-joint',
      noiseFraction,
      expectedWrongLabels: joint.issues,
      clarity: clarity === null ? null : clarityRecord(clarity, ds.classNames),
      ...(confusion !== null ? { confusion: confusionRecord(confusion, ds.classNames) } : {}),
      selection,
      flagged: estimate.flaggedCount,
      flaggedFraction: estimate.flaggedFraction ?? 0,
    },
    perClass: estimate.perClass.map((c, i) => ({
      name: c.className,
      rows: c.rows,
      flagged: c.flagged,
      estimatedNoiseRate: c.rows > 0 ? rowIssues(joint, i) / c.rows : 0,
    })),
    noiseMatrix: noiseMatrixOf(joint, ds.classNames),
    training: m.training ?? {
      stop: settings.stop,
      epochsRun: m.epochs.length,
      maxEpochs: settings.epochs,
      ...(m.stoppedEarly !== undefined ? { stoppedEarly: m.stoppedEarly } : {}),
      ...(m.extension ? { extension: m.extension } : {}),
      ...(m.neighbours ? { neighbours: m.neighbours } : {}),
    },
    confusedPairs: estimate.topPairs.map((p) => ({ given: p.givenName, suggested: p.suggestedName, count: p.count })),
    ...(m.truth ? { evaluation: { truthPath: m.truth.path, metrics: metricsAsSaved(m.truth.isNoisy, { pNoisy, rank }, { flagged }) } } : {}),
    ...(m.partial ? { partial: m.partial } : {}),
    timing: m.timing,
    warnings,
    samples,
    ...(samples.length < n ? { samplesShown: { shown: samples.length, total: n } } : {}),
  };
  return { report, rows };
}

/**
 * How the flags are chosen: p_noisy >= --threshold; from one model's probabilities (--probs,
 * --logits) confident learning's per-cell flags (noise-rate-pruning.ts); on our own training the
 * estimated count from the top of the averaged margin's ranking.
 */
function flagSelection(ds: AuditedData, threshold: number | null): FlagSelection {
  if (threshold !== null) return 'threshold';
  return ds.source === 'signals' ? 'per-cell' : 'top-count';
}

interface FlagInputs {
  readonly m: AuditMeasurements;
  /** The estimate's joint (less the model's confusions where that applies). */
  readonly joint: ConfidentJoint;
  /** Confident learning's own joint: the clean-data guard judges its count, and one model's per-cell flags fill its cells. */
  readonly counted: ConfidentJoint;
  readonly pNoisy: Float64Array;
  readonly threshold: number;
}

type Clarity = ClearFlags & { readonly mutual?: MutualConfusion; readonly judged?: number };

/** report.json's estimate.clarity: the pairs by class name, and only when the audit's pair guard ran. */
function clarityRecord(c: Clarity, classNames: readonly string[]): NonNullable<LabelNoiseReport['estimate']['clarity']> {
  return {
    minMargin: c.minMargin,
    heldBack: c.heldBack,
    ...(c.judged !== undefined ? { judged: c.judged } : {}),
    ...(c.mutual
      ? {
          mutual: {
            heldBack: c.mutual.heldBackCount,
            pairs: c.mutual.pairs.map(([a, b]) => [classNames[a]!, classNames[b]!] as [string, string]),
            backgroundRate: c.mutual.backgroundRate,
          },
        }
      : {}),
  };
}

/** report.json's estimate.confusion: what the count left out as the model's confusions. */
function confusionRecord(c: ConfusionCorrected, classNames: readonly string[]): NonNullable<LabelNoiseReport['estimate']['confusion']> {
  return {
    removed: c.removed,
    backgroundShare: c.backgroundShare,
    pairs: c.pairs.map(([a, b]) => [classNames[a]!, classNames[b]!] as [string, string]),
  };
}

function chooseFlags(selection: FlagSelection, order: Uint32Array, f: FlagInputs): { flagged: Uint8Array; clarity: Clarity | null } {
  const { labels } = f.m.dataset;
  const n = labels.length;
  const k = f.joint.classes;
  const flagged = new Uint8Array(n);
  if (selection === 'threshold') {
    for (let i = 0; i < n; i++) flagged[i] = f.pNoisy[i]! >= f.threshold ? 1 : 0;
    return { flagged, clarity: null };
  }
  const margin = marginScores(f.m.meanProbabilities, labels, k);
  // Both guards judge the share confident learning itself counts.
  const countedShare = n > 0 ? f.counted.issues / n : 0;
  if (selection === 'top-count') {
    // The estimated count, the most suspicious first: one number for "estimated" and "flagged", and
    // on the quality suite an F1 within a few points of the best threshold's; the clean-data guard
    // holds back the confusions of mutually confused class pairs, then those whose margin is not
    // clear enough for the noise left.
    // The guard judges confident learning's own count, confusions included: its pair step is what
    // finds them among the candidates (given the corrected count, the 20,000 PNGs at 5% kept more
    // of them: F1 .821 -> .795). The flags then stop at the estimate, the most suspicious first.
    const judged = Math.round(f.counted.issues);
    const guarded = guardFlags(order, judged, margin, {
      labels,
      suggested: bestOtherClass(f.m.meanProbabilities, labels, k),
      classes: k,
      noiseFraction: countedShare,
    });
    const cap = Math.round(f.joint.issues);
    let kept = 0;
    for (const i of order) if (guarded.flagged[i] && ++kept > cap) guarded.flagged[i] = 0;
    return { flagged: guarded.flagged, clarity: { ...guarded, count: Math.min(guarded.count, cap), judged } };
  }
  const cells = pruneByNoiseRate(f.m.meanProbabilities, labels, f.counted);
  const minMargin = requiredMargin(countedShare, ONE_MODEL_GUARD);
  let count = 0;
  let heldBack = 0;
  for (let i = 0; i < n; i++) {
    if (!cells[i]) continue;
    if (margin[i]! >= minMargin) {
      flagged[i] = 1;
      count++;
    } else heldBack++;
  }
  return { flagged, clarity: { count, heldBack, minMargin } };
}

/** Off-diagonal mass of row `given`: the estimated wrong labels among the samples labelled it. */
function rowIssues(j: ConfidentJoint, given: number): number {
  let sum = 0;
  for (let c = 0; c < j.classes; c++) if (c !== given) sum += j.joint[given * j.classes + c]!;
  return sum;
}

/** The K x K estimate of given -> true label, as counts and as rates of each given class. */
function noiseMatrixOf(j: ConfidentJoint, classNames: readonly string[]): NoiseMatrix {
  const k = j.classes;
  const counts = Array.from({ length: k }, (_, g) => Array.from({ length: k }, (_, t) => j.joint[g * k + t]!));
  const rates = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  return { method: 'confident-joint', classes: [...classNames], counts, rates };
}

function imageOrigin(o: NonNullable<AuditedData['origin']>, absPaths: readonly string[] | undefined): Partial<LabelNoiseReport['dataset']> {
  return {
    layout: o.layout,
    ...(o.split !== null ? { split: o.split } : {}),
    ...(o.imageColumn !== null ? { imageColumn: o.imageColumn } : {}),
    ...(o.layout === 'table' ? { idColumn: o.idColumn } : {}),
    // A table's paths start from its folder, not from the table file that dataset.path names.
    ...((o.layout === 'table' || !o.idsArePaths) && absPaths ? { imagePaths: absPaths } : {}),
  };
}
