/**
 * labelsleuth/core: the numeric core and the reports, with no TensorFlow.js and no sharp, for
 * losses that came from anywhere (your own model's training run, a cluster job).
 *
 *   import { fitLossMixture, aggregateScores, rankByScore } from 'labelsleuth/core';
 *   const { score } = aggregateScores(perEpochLosses); // higher = more likely mislabeled
 *
 * Everything here is also exported by the main entry, 'labelsleuth'.
 */
export { fitLossMixture, type LossMixture, type LossMixtureOptions, type MixtureSummary } from './mixture/loss-mixture.js';
export { aggregateScores, AGGREGATE_METHODS, type AggregateMethod, type AggregateResult } from './scoring/aggregate.js';
export { evaluateScores, type DetectionMetrics } from './scoring/evaluate.js';
export { estimateNoise, meanPNoisy, type NoiseEstimate } from './scoring/noise-estimate.js';
export { rankByScore, type Ranking } from './scoring/rank.js';
export { accuracy, perClassAccuracy, type ClassAccuracy } from './scoring/accuracy.js';

export { findLabelIssues, type FindLabelIssuesRequest, type Matrix } from './pipeline/find-label-issues.js';
export { findLabelIssuesInFile, type SignalsAuditRequest } from './pipeline/audit-signals.js';
export type { AuditResult } from './reports/build-audit-report.js';
export type { SampleRows } from './reports/sample-rows.js';
export { buildAuditReport, type AuditMeasurements } from './reports/build-audit-report.js';
export { confidentJoint, marginScores, type ConfidentJoint } from './scoring/confident-joint.js';
export type { LabelNoiseReport, SampleVerdict, EpochRecord, ClassRow, ConfusedPair } from './reports/report.js';
export { REPORT_KIND, REPORT_VERSION } from './reports/report.js';
export type { RetrainReport, RetrainRun } from './reports/retrain-report.js';
export { renderTerminal } from './reports/terminal.js';
export { renderSamplesCsv, renderSuspectsCsv } from './reports/csv.js';
export { renderReportJson } from './reports/json.js';
export { renderHtml } from './reports/html/render.js';

export { UserError, isUserError, type UserErrorKind } from './errors.js';
export { createRng, type Rng } from './util/rng.js';
