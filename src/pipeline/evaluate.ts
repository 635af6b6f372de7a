/**
 * evaluate: scores a saved audit against known truth (e.g. the truth file of inject-noise), with
 * the same metrics the audit computes under --truth (scoring/evaluate.ts), without training again.
 * Rendering the result is reports/evaluation.ts's business.
 */
import { UserError } from '../errors.js';
import { loadTruth } from '../data/truth.js';
import { metricsAsSaved } from '../reports/saved-metrics.js';
import type { SavedReportEvaluation } from '../reports/evaluation.js';
import { loadReportFolder } from '../reports/read-report-folder.js';

export interface EvaluateReportOptions {
  /** The audit's --out folder. */
  readonly report: string;
  /** Columns id and is_noisy (1/0), or id and true_label; must cover every sample id. */
  readonly truth: string;
  /** Flag p_noisy >= threshold. @default the audit's own flags (its threshold, or its estimated count) */
  readonly threshold?: number;
}

export type EvaluateReportResult = SavedReportEvaluation;

export async function runEvaluateReport(o: EvaluateReportOptions): Promise<EvaluateReportResult> {
  if (o.threshold !== undefined && !(o.threshold >= 0 && o.threshold <= 1)) {
    throw new UserError('option', `--threshold must be a probability in [0, 1], got ${o.threshold}`);
  }
  const saved = await loadReportFolder(o.report);
  const ids = saved.samples.map((s) => s.id);
  const isNoisy = await loadTruth(
    o.truth,
    ids,
    saved.samples.map((s) => s.givenLabel),
  );
  const threshold = o.threshold ?? saved.meta.settings.threshold;
  // The audit scored its own flags (whatever rule chose them) and ranked ties its way: so does this,
  // so `audit --truth` and `evaluate` agree on every metric (reports/saved-metrics.ts).
  const scores = { pNoisy: saved.samples.map((s) => s.pNoisy), rank: saved.samples.map((s) => s.rank) };
  const metrics = metricsAsSaved(isNoisy, scores, o.threshold === undefined ? { flagged: saved.samples.map((s) => s.flagged) } : { threshold: o.threshold });
  return { report: o.report, truth: o.truth, threshold, metrics };
}
