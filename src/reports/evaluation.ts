/**
 * The result of `evaluate` (a saved audit scored against known truth), as data and its two
 * renderings: a table for the terminal and JSON.
 */
import type { DetectionMetrics } from '../scoring/evaluate.js';

export interface SavedReportEvaluation {
  /** The audit's --out folder. */
  readonly report: string;
  /** The truth file it was scored against. */
  readonly truth: string;
  /** null: the audit's own flags (it flagged its estimated count). */
  readonly threshold: number | null;
  readonly metrics: DetectionMetrics;
}

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

/** A plain-text table for the terminal. */
export function renderEvaluation(r: SavedReportEvaluation): string {
  const m = r.metrics;
  const share = m.n > 0 ? ((100 * m.positives) / m.n).toFixed(1) : '0.0';
  const b = m.bestF1;
  const rows: [string, string, string][] = [
    ['', r.threshold === null ? "the audit's flags" : `threshold ${r.threshold}`, b ? `best threshold ${b.threshold.toFixed(6)}` : 'best threshold'],
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

export function renderEvaluationJson(r: SavedReportEvaluation): string {
  return JSON.stringify({ kind: 'label-noise-evaluation', ...r }, null, 2) + '\n';
}
