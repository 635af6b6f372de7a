/**
 * `audit --probs file` / `--logits file`: another model's signals read from a table, scored by
 * findLabelIssues, with the truth file checked like the audit's. No tfjs, no sharp.
 */
import { readSignalsTable } from '../data/signals-table.js';
import type { TextEncoding } from '../data/text-source.js';
import { loadTruth } from '../data/truth.js';
import type { LabelNoiseReport } from '../reports/report.js';
import { findLabelIssues } from './find-label-issues.js';

export interface SignalsAuditRequest {
  /** The table: an id column, the given label, one column per class. */
  readonly path: string;
  /** Probabilities (rows sum to 1) or logits (softmaxed here). */
  readonly kind: 'probs' | 'logits';
  /** @default 'id' */
  readonly id?: string;
  /** @default 'given_label', else 'label' */
  readonly label?: string;
  readonly encoding?: TextEncoding;
  /** @default null: flag the estimated number of wrong labels */
  readonly threshold?: number | null;
  /** Known truth (`id,is_noisy` or `id,true_label`). */
  readonly truth?: string;
}

export async function auditSignals(r: SignalsAuditRequest): Promise<LabelNoiseReport> {
  const started = performance.now();
  const table = await readSignalsTable(r.path, { ...(r.id ? { id: r.id } : {}), ...(r.label ? { label: r.label } : {}), ...(r.encoding ? { encoding: r.encoding } : {}) });
  const truth = r.truth === undefined ? undefined : await loadTruth(r.truth, table.ids, table.labels, r.encoding);
  const report = findLabelIssues({
    labels: table.labels,
    ...(r.kind === 'probs' ? { predProbs: table.values } : { logits: table.values }),
    classNames: table.classNames,
    ids: table.ids,
    threshold: r.threshold ?? null,
    ...(truth ? { truth } : {}),
    source: r.path,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    ...report,
    ...(report.evaluation && r.truth !== undefined ? { evaluation: { ...report.evaluation, truthPath: r.truth } } : {}),
    timing: { loadSeconds: seconds - report.timing.totalSeconds, trainSeconds: 0, totalSeconds: seconds },
  };
}
