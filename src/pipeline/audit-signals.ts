/**
 * `audit --probs file` / `--logits file`: another model's signals read from a table (any format
 * signals-table.ts reads), scored by findLabelIssues, with the truth file checked like the
 * audit's. No tfjs, no sharp.
 */
import { readSignalsTable } from '../data/signals-table.js';
import type { TextEncoding } from '../data/text-source.js';
import { loadTruth } from '../data/truth.js';
import type { LabelNoiseReport } from '../reports/report.js';
import { findLabelIssues } from './find-label-issues.js';

export interface SignalsAuditRequest {
  /** The table: an id column, the given label, one column per class; or a .npy matrix. */
  readonly path: string;
  /** Probabilities (rows sum to 1) or logits (softmaxed here). */
  readonly kind: 'probs' | 'logits';
  /** @default 'id' */
  readonly id?: string;
  /** @default 'given_label', else 'label' */
  readonly label?: string;
  /** .npy only: the given labels (a .npy of class indices, or one per line). */
  readonly labels?: string;
  /** .npy only: the ids, one per line. @default 1, 2, ... */
  readonly ids?: string;
  /** .npy only: the names of the matrix's columns. */
  readonly classes?: readonly string[];
  readonly encoding?: TextEncoding;
  /** @default null: flag the estimated number of wrong labels */
  readonly threshold?: number | null;
  /** Known truth (`id,is_noisy` or `id,true_label`). */
  readonly truth?: string;
}

export async function auditSignals(r: SignalsAuditRequest): Promise<LabelNoiseReport> {
  const started = performance.now();
  const { path, kind, threshold, truth: truthPath, ...columns } = r;
  const table = await readSignalsTable(path, columns);
  const truth = truthPath === undefined ? undefined : await loadTruth(truthPath, table.ids, table.labels, r.encoding);
  const report = findLabelIssues({
    labels: table.labels,
    ...(kind === 'probs' ? { predProbs: table.values } : { logits: table.values }),
    classNames: table.classNames,
    ids: table.ids,
    threshold: threshold ?? null,
    ...(truth ? { truth } : {}),
    source: path,
    format: table.format,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    ...report,
    ...(report.evaluation && truthPath !== undefined ? { evaluation: { ...report.evaluation, truthPath } } : {}),
    warnings: [...table.warnings, ...report.warnings],
    timing: { loadSeconds: seconds - report.timing.totalSeconds, trainSeconds: 0, totalSeconds: seconds },
  };
}
