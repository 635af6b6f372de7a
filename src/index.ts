/**
 * labelsleuth as a library. The CLI is a thin layer over these same functions.
 *
 *   import { runAudit, writeAudit } from 'labelsleuth';
 *   const { report } = await runAudit({ path: 'data.csv', label: 'species' });
 *   report.samples[0]; // the most suspicious sample: { id, givenLabel, suggestedLabel, pNoisy, ... }
 */
export { runAudit, type AuditRequest, type AuditResult, type AuditEvent } from './pipeline/audit.js';
export { writeAudit, auditFiles } from './pipeline/write-audit.js';
export { resolveAuditOptions, auditDefaults, type AuditOptions, type AuditSettings } from './options/audit.js';
export { trainingDefaults, type TrainingOptions, type TrainingSettings } from './options/training.js';
export type { LabelNoiseReport, SampleVerdict, EpochRecord, ClassRow, ConfusedPair } from './reports/report.js';
export { REPORT_KIND, REPORT_VERSION } from './reports/report.js';
export { renderTerminal } from './reports/terminal.js';
export { renderSamplesCsv, renderSuspectsCsv } from './reports/csv.js';
export { renderReportJson } from './reports/json.js';

// The numeric core, usable on losses that came from anywhere (no tfjs inside).
export { fitLossMixture, type LossMixture, type LossMixtureOptions, type MixtureSummary } from './mixture/loss-mixture.js';
export { aggregateScores, AGGREGATE_METHODS, type AggregateMethod } from './scoring/aggregate.js';
export { evaluateScores, type DetectionMetrics } from './scoring/evaluate.js';
export { estimateNoise, type NoiseEstimate } from './scoring/noise-estimate.js';
export { rankByScore } from './scoring/rank.js';

export { runRetrain, type RetrainRequest, type RetrainResult } from './pipeline/retrain.js';
export { writeRetrain } from './pipeline/write-retrain.js';
export { resolveRetrainOptions, retrainDefaults, type RetrainOptions, type RetrainSettings } from './options/retrain.js';
export { runPredict, type PredictRequest, type PredictResult } from './pipeline/predict.js';
export { loadSavedModel, type ModelManifest, type InputSpec } from './models/saved-model.js';
export type { RetrainReport, RetrainRun } from './reports/retrain-report.js';
export { RETRAIN_LOSSES, type RetrainLoss } from './training/loss-kinds.js';
export { renderHtml } from './reports/html/render.js';

export { loadCsv, type CsvDataset, type CsvOptions } from './data/csv.js';
export { loadImageFolder, type ImageDataset } from './data/image-folder.js';
export { discoverImageFolder } from './data/image-discovery.js';
export type { LabeledDataset } from './data/dataset.js';
export { initBackend, backendChoices, type BackendChoice, type BackendInfo } from './backend/select.js';
export { UserError, isUserError, type UserErrorKind } from './errors.js';
export { createRng, type Rng } from './util/rng.js';
