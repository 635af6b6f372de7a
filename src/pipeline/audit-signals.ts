/**
 * `audit --probs file` / `--logits file`: another model's signals read from a table (any format
 * signals-table.ts reads), scored by findLabelIssues, with the truth file checked like the
 * audit's. No tfjs, no sharp.
 */
import { UserError } from '../errors.js';
import { readLossesTable } from '../data/losses-table.js';
import { readSignalsTable, type SignalsTableOptions } from '../data/signals-table.js';
import type { AggregateMethod } from '../scoring/aggregate.js';
import { loadTruth } from '../data/truth.js';
import type { LabelNoiseReport } from '../reports/report.js';
import { findLabelIssuesResult } from './find-label-issues.js';
import type { AuditResult } from '../reports/build-audit-report.js';
import { LARGE_AUDIT } from '../reports/sample-rows.js';

/** The report with the whole run's timing: reading the files counted as loading. */
function timed({ report, rows }: AuditResult, started: number, truthPath: string | undefined, warnings: readonly string[]): AuditResult {
  const seconds = (performance.now() - started) / 1000;
  const timedReport: LabelNoiseReport = {
    ...report,
    ...(report.evaluation && truthPath !== undefined ? { evaluation: { ...report.evaluation, truthPath } } : {}),
    warnings: [...warnings, ...report.warnings],
    timing: { loadSeconds: seconds - report.timing.totalSeconds, trainSeconds: 0, totalSeconds: seconds },
  };
  return { report: timedReport, rows };
}

async function auditLosses(r: SignalsAuditRequest, started: number, large: number): Promise<AuditResult> {
  const { path, threshold, truth: truthPath, aggregate, kind: _, ...columns } = r;
  const table = await readLossesTable(path, columns);
  const truth = truthPath === undefined ? undefined : await loadTruth(truthPath, table.ids, table.labels ?? table.ids.map(() => ''), r.encoding);
  const result = findLabelIssuesResult(
    {
      ...(table.labels ? { labels: table.labels } : {}),
      losses: table.epochLosses,
      ids: table.ids,
      threshold: threshold ?? null,
      ...(aggregate ? { aggregate } : {}),
      ...(truth ? { truth } : {}),
      source: path,
      format: `${table.format}, ${table.layout}, ${table.epochLosses.length} epoch${table.epochLosses.length === 1 ? '' : 's'}`,
    },
    large,
  );
  return timed(result, started, truthPath, []);
}

/** The file and how to read it (the id, label, .npy companions and encoding: signals-table.ts's options), and the audit's own settings. */
export interface SignalsAuditRequest extends SignalsTableOptions {
  /** The table: an id column, the given label, one column per class; or a .npy matrix. */
  readonly path: string;
  /** Probabilities (rows sum to 1), logits (softmaxed here), or per-sample losses per epoch. */
  readonly kind: 'probs' | 'logits' | 'losses';
  /** Losses only: how the epochs become one score. @default the last epoch, or 'mean-loss' once the run settled (build-losses-report.ts) */
  readonly aggregate?: AggregateMethod;
  /** @default null: flag the estimated number of wrong labels */
  readonly threshold?: number | null;
  /** Known truth (`id,is_noisy` or `id,true_label`). */
  readonly truth?: string;
}

/**
 * findLabelIssues for a file, streamed (labelsleuth/core): the file is read as `audit --probs|--logits|--losses`
 * reads it (any of its formats, chunk by chunk into typed arrays), and above LARGE_AUDIT samples the
 * report keeps the top REPORT_TOP of the ranking (report.samplesShown says so) while `rows` gives
 * every sample's verdict in rank order, one object at a time, so 10M samples never become 10M objects:
 *
 *   const { report, rows } = await findLabelIssuesInFile({ path: 'preds/', kind: 'probs' });
 *   for (let r = 0; r < rows.length; r++) if (rows.at(r).flagged) ...
 */
export function findLabelIssuesInFile(r: SignalsAuditRequest): Promise<AuditResult> {
  return auditSignalsResult(r);
}

export async function auditSignals(r: SignalsAuditRequest): Promise<LabelNoiseReport> {
  return (await auditSignalsResult(r, Infinity)).report;
}

/** auditSignals with every sample's row, for the CLI's streamed CSVs; above `large` samples the report keeps the top. */
export async function auditSignalsResult(r: SignalsAuditRequest, large = LARGE_AUDIT): Promise<AuditResult> {
  const started = performance.now();
  if (r.kind === 'losses') return auditLosses(r, started, large);
  const { path, kind, threshold, truth: truthPath, aggregate, ...columns } = r;
  if (aggregate !== undefined) throw new UserError('option', '--aggregate applies to --losses; from probabilities the score is the margin');
  const table = await readSignalsTable(path, columns);
  const truth = truthPath === undefined ? undefined : await loadTruth(truthPath, table.ids, table.labels, r.encoding);
  const result = findLabelIssuesResult(
    {
      labels: table.labels,
      ...(kind === 'probs' ? { predProbs: table.values } : { logits: table.values }),
      classNames: table.classNames,
      ids: table.ids,
      threshold: threshold ?? null,
      ...(truth ? { truth } : {}),
      source: path,
      format: table.format,
    },
    large,
  );
  return timed(result, started, truthPath, table.warnings);
}
