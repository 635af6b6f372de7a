/**
 * Bring your own model: the verdict from the probabilities (or logits) of any training run, with
 * nothing trained here and no tfjs or sharp loaded (it is part of labelsleuth/core). The same
 * scoring as the audit's: the margin through the Beta mixture, confident learning's count, that
 * many flagged, the noise matrix; the same report object the CLI renders.
 *
 *   const report = findLabelIssues({ labels: ['cat', 'dog', ...], predProbs: [[0.9, 0.1], ...], classNames: ['cat', 'dog'] });
 *
 * Or from the per-sample losses of every epoch (training dynamics; see find-issues-from-losses.ts):
 *
 *   const report = findLabelIssues({ labels, losses: [epoch1Losses, epoch2Losses, ...] });
 */
import { UserError } from '../errors.js';
import { resolveAuditOptions } from '../options/audit.js';
import { buildAuditResult, type AuditResult } from '../reports/build-audit-report.js';
import { LARGE_AUDIT } from '../reports/sample-rows.js';
import type { LabelNoiseReport } from '../reports/report.js';
import type { AggregateMethod } from '../scoring/aggregate.js';
import { quote } from '../util/quote.js';
import { findIssuesFromLosses } from './find-issues-from-losses.js';

/** A matrix as rows (number[][]) or flat, row-major (n x classes). */
export type Matrix = readonly (readonly number[])[] | ArrayLike<number>;

export interface FindLabelIssuesRequest {
  /** The given label of each sample: class indices into classNames, or class names. Optional with losses only. */
  readonly labels?: ArrayLike<number> | readonly string[];
  /** Each sample's probability of every class (rows sum to 1). Give this, logits or losses. */
  readonly predProbs?: Matrix;
  /** Each sample's raw scores, softmaxed here. */
  readonly logits?: Matrix;
  /**
   * Each sample's loss against its given label (cross-entropy, reduction 'none'): one array per
   * epoch, each holding every sample's loss (epochs x samples), or one array of one loss per sample.
   */
  readonly losses?: readonly ArrayLike<number>[] | ArrayLike<number>;
  /** With losses: how the epochs become one score. @default the last epoch, or 'mean-loss' once the run settled (the margin needs probabilities) */
  readonly aggregate?: AggregateMethod;
  /** @default the names in labels (sorted) when they are strings, else '0', '1', ... */
  readonly classNames?: readonly string[];
  /** @default the 1-based sample number */
  readonly ids?: readonly string[];
  /** Flag p_noisy >= threshold; null (the default) flags the estimated number of wrong labels. */
  readonly threshold?: number | null;
  /** Known truth (1 = the given label is wrong), to score the verdict against. */
  readonly truth?: ArrayLike<number>;
  /** Where the signals came from, for the report (a file path). @default 'probabilities' */
  readonly source?: string;
  /** How that file was read, for the report ('csv', 'parquet (4 shards)', ...). @default none (arrays in memory) */
  readonly format?: string;
}

/** Probabilities of a row may be off by this much from summing to 1 (float32 softmax outputs). */
const SUM_TOLERANCE = 1e-3;

function flatten(m: Matrix, n: number, what: string): { values: Float64Array; k: number } {
  if (n === 0) throw new UserError('value', `${what}: no samples; give at least one row`);
  if (Array.isArray(m) && Array.isArray(m[0])) {
    const rows = m as readonly (readonly number[])[];
    if (rows.length !== n) throw new UserError('value', `${what}: ${rows.length} rows for ${n} labels; give one row per sample`);
    const k = rows[0]!.length;
    const values = new Float64Array(n * k);
    rows.forEach((row, i) => {
      if (row.length !== k) throw new UserError('value', `${what} row ${i + 1}: ${row.length} values, the first row has ${k}; every row needs one value per class`);
      values.set(row, i * k);
    });
    return { values, k };
  }
  const flat = m as ArrayLike<number>;
  if (flat.length % n !== 0) throw new UserError('value', `${what}: ${flat.length} values are not a whole number of rows for ${n} labels`);
  // Read only from here on: a caller's Float64Array is used as it is, not copied (10M x 10 is 800 MB).
  return { values: flat instanceof Float64Array ? flat : Float64Array.from(flat), k: flat.length / n };
}

function softmaxRows(values: Float64Array, k: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length / k; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, values[i * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += out[i * k + j] = Math.exp(values[i * k + j]! - max);
    for (let j = 0; j < k; j++) out[i * k + j]! /= sum;
  }
  return out;
}

function checkValues(values: Float64Array, k: number, what: string, probabilities: boolean): void {
  for (let i = 0; i < values.length / k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = values[i * k + j]!;
      if (!Number.isFinite(v)) throw new UserError('value', `${what} row ${i + 1}, class ${j + 1}: ${v} is not a finite number; fix or drop the row`);
      if (probabilities && v < 0)
        throw new UserError('value', `${what} row ${i + 1}, class ${j + 1}: ${v} is negative; probabilities are in [0, 1] (for raw scores pass logits instead)`);
      sum += v;
    }
    if (probabilities && Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new UserError('value', `${what} row ${i + 1}: the probabilities sum to ${sum.toPrecision(6)}, not 1; pass softmax outputs, or the raw scores as logits`);
    }
  }
}

/** Class indices of the given labels, and the class names. */
export function indexLabels(r: FindLabelIssuesRequest & { labels: NonNullable<FindLabelIssuesRequest['labels']> }, k: number): { labels: Int32Array; classNames: string[] } {
  const n = r.labels.length;
  const strings = n > 0 && typeof (r.labels as ArrayLike<unknown>)[0] === 'string';
  const classNames = r.classNames ? [...r.classNames] : strings ? [...new Set(r.labels as readonly string[])].sort() : Array.from({ length: k }, (_, j) => String(j));
  if (classNames.length !== k) throw new UserError('value', `${classNames.length} class names for ${k} columns of probabilities; give one name per column`);
  if (new Set(classNames).size !== k) throw new UserError('value', 'class names must be distinct');
  const index = new Map(classNames.map((c, j) => [c, j]));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = (r.labels as ArrayLike<number | string>)[i]!;
    const j = typeof y === 'string' ? index.get(y) : Number.isInteger(y) && y >= 0 && y < k ? y : undefined;
    if (j === undefined)
      throw new UserError('value', `label ${i + 1}: ${quote(String(y))} is not one of the ${k} classes (${classNames.slice(0, 5).join(', ')}${k > 5 ? ', ...' : ''})`);
    labels[i] = j;
  }
  return { labels, classNames };
}

export function findLabelIssues(r: FindLabelIssuesRequest): LabelNoiseReport {
  return findLabelIssuesResult(r, Infinity).report;
}

/** findLabelIssues with every sample's row for streamed CSVs; above `large` samples the report keeps only the top. */
export function findLabelIssuesResult(r: FindLabelIssuesRequest, large = LARGE_AUDIT): AuditResult {
  const started = performance.now();
  const given = [r.predProbs, r.logits, r.losses].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UserError('option', 'give exactly one of predProbs, logits and losses');
  if (r.losses !== undefined) return findIssuesFromLosses(r, started, large);
  if (r.aggregate !== undefined) throw new UserError('option', 'aggregate applies to losses; with probabilities the score is the margin');
  if (r.labels === undefined) throw new UserError('option', `${r.predProbs !== undefined ? 'predProbs' : 'logits'} need labels: the given label of each sample`);
  const settings = { ...resolveAuditOptions({ threshold: r.threshold ?? null }), epochs: 1, stop: 'fixed' as const, neighbours: 0 };
  const n = r.labels.length;
  const what = r.predProbs !== undefined ? 'predProbs' : 'logits';
  const { values, k } = flatten((r.predProbs ?? r.logits)!, n, what);
  if (k < 2) throw new UserError('value', `${what}: ${k} class column; a classification needs at least 2 classes`);
  checkValues(values, k, what, r.predProbs !== undefined);
  const probabilities = r.predProbs !== undefined ? values : softmaxRows(values, k);
  const { labels, classNames } = indexLabels({ ...r, labels: r.labels }, k);
  const ids = r.ids ? [...r.ids] : Array.from({ length: n }, (_, i) => String(i + 1));
  if (ids.length !== n) throw new UserError('value', `${ids.length} ids for ${n} labels; give one id per sample`);
  const predictions = new Int32Array(n);
  const losses = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probabilities[i * k + j]! > probabilities[i * k + best]!) best = j;
    predictions[i] = best;
    losses[i] = -Math.log(Math.max(probabilities[i * k + labels[i]!]!, 1e-12));
  }
  if (r.truth !== undefined && r.truth.length !== n) throw new UserError('value', `truth: ${r.truth.length} flags for ${n} labels; give one per sample`);
  const seconds = (performance.now() - started) / 1000;
  return buildAuditResult(
    {
      settings,
      backend: null,
      dataset: {
        source: 'signals',
        signals: r.predProbs !== undefined ? 'probabilities' : 'logits',
        path: r.source ?? 'probabilities',
        ...(r.format !== undefined ? { format: r.format } : {}),
        sampleShape: [k],
        labels,
        ids,
        classNames,
        warnings: [],
      },
      epochLosses: [losses],
      epochs: [],
      predictions,
      probabilities,
      meanProbabilities: probabilities,
      training: { stop: 'fixed', epochsRun: 0, maxEpochs: 0 },
      ...(r.truth ? { truth: { path: 'truth', isNoisy: Uint8Array.from(r.truth, (v) => (v ? 1 : 0)) } } : {}),
      tableOptionsGiven: false,
      timing: { loadSeconds: 0, trainSeconds: 0, totalSeconds: seconds },
    },
    large,
  );
}
