/**
 * evaluate: scores a saved audit against known truth (e.g. the truth file of inject-noise), with
 * the same metrics the audit computes under --truth (scoring/evaluate.ts), without training again.
 */
import { UserError } from '../errors.js';
import { loadTruth } from '../data/truth.js';
import { evaluateScores, type DetectionMetrics } from '../scoring/evaluate.js';
import { loadReportFolder } from '../reports/read-report-folder.js';

export interface EvaluateReportOptions {
  /** The audit's --out folder. */
  readonly report: string;
  /** Columns id and is_noisy (1/0), or id and true_label; must cover every sample id. */
  readonly truth: string;
  /** Flag p_noisy >= threshold. @default the threshold the audit used (report.json settings) */
  readonly threshold?: number;
}

export interface EvaluateReportResult {
  readonly report: string;
  readonly truth: string;
  readonly threshold: number;
  readonly metrics: DetectionMetrics;
}

export async function runEvaluateReport(o: EvaluateReportOptions): Promise<EvaluateReportResult> {
  if (o.threshold !== undefined && !(o.threshold >= 0 && o.threshold <= 1)) {
    throw new UserError('option', `--threshold must be a probability in [0, 1], got ${o.threshold}`);
  }
  const saved = await loadReportFolder(o.report);
  const ids = saved.samples.map((s) => s.id);
  const isNoisy = await loadTruth(o.truth, ids, saved.samples.map((s) => s.givenLabel));
  const threshold = o.threshold ?? saved.meta.settings.threshold;
  const metrics = evaluateScores(
    isNoisy,
    saved.samples.map((s) => s.pNoisy),
    { threshold, tieBreak: saved.samples.map((s) => s.loss) },
  );
  return { report: o.report, truth: o.truth, threshold, metrics };
}

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

/** A plain-text table for the terminal. */
export function renderEvaluation(r: EvaluateReportResult): string {
  const m = r.metrics;
  const share = m.n > 0 ? ((100 * m.positives) / m.n).toFixed(1) : '0.0';
  const b = m.bestF1;
  const rows: [string, string, string][] = [
    ['', `threshold ${r.threshold}`, b ? `best threshold ${b.threshold.toFixed(6)}` : 'best threshold'],
    ['flagged', String(m.mask.flagged), b ? String(b.flagged) : 'n/a'],
    ['precision', fmt(m.mask.precision), fmt(b?.precision)],
    ['recall', fmt(m.mask.recall), fmt(b?.recall)],
    ['F1', fmt(m.mask.f1), fmt(b?.f1)],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = [
    `labelsleuth evaluate: ${r.report} against ${r.truth}`,
    `${m.n} samples, ${m.positives} truly mislabeled (${share}%)`,
    '',
    ...rows.map(([a, b1, c]) => `  ${a.padEnd(w0)}  ${b1.padStart(w1)}  ${c}`.trimEnd()),
    '',
    `  AUROC ${fmt(m.auroc)}   average precision ${fmt(m.averagePrecision)}`,
    ...m.atK.map((k) => `  precision@${k.k} ${fmt(k.precision)} (${k.hits} hits${k.recall === null ? '' : `, recall ${fmt(k.recall)}`})`),
    ...m.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n') + '\n';
}

export function renderEvaluationJson(r: EvaluateReportResult): string {
  return JSON.stringify({ kind: 'label-noise-evaluation', ...r }, null, 2) + '\n';
}
