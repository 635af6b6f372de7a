/**
 * `audit --json`: the terminal summary as one JSON object on stdout, for scripts and CI (progress
 * stays on stderr). The whole report is report.json in --out; this is what a pipeline step checks:
 * how noisy, how many flagged, the worst few, the truth metrics, the warnings, where the files are.
 */
import { flagRule, type LabelNoiseReport } from './report.js';

export const SUMMARY_KIND = 'label-noise-summary';

export interface SummaryOptions {
  /** Suspects listed. @default 15 */
  readonly top?: number;
  /** The report folder. */
  readonly outDir: string;
}

export function renderSummaryJson(report: LabelNoiseReport, o: SummaryOptions): string {
  const m = report.evaluation?.metrics;
  const summary = {
    kind: SUMMARY_KIND,
    version: 1,
    out: o.outDir,
    dataset: { path: report.dataset.path, source: report.dataset.source, rows: report.dataset.rows, classes: report.dataset.classes.length },
    estimate: report.estimate,
    flagRule: flagRule(report),
    training: report.training,
    ...(report.partial ? { partial: report.partial } : {}),
    ...(m
      ? {
          evaluation: {
            truthPath: report.evaluation!.truthPath,
            positives: m.positives,
            precision: m.mask.precision,
            recall: m.mask.recall,
            f1: m.mask.f1,
            auroc: m.auroc,
            averagePrecision: m.averagePrecision,
            atK: m.atK,
          },
        }
      : {}),
    warnings: report.warnings,
    suspects: report.samples
      .filter((s) => s.flagged)
      .slice(0, o.top ?? 15)
      .map((s) => ({ rank: s.rank, id: s.id, givenLabel: s.givenLabel, suggestedLabel: s.suggestedLabel, pNoisy: s.pNoisy })),
  };
  return JSON.stringify(summary, null, 2) + '\n';
}
