/**
 * labelsleuth as a library. The CLI is a thin layer over these same functions.
 *
 *   import { runAudit, writeAudit } from 'labelsleuth';
 *   const { report } = await runAudit({ path: 'data.csv', label: 'species' });
 *   report.samples[0]; // the most suspicious sample: { id, givenLabel, suggestedLabel, pNoisy, ... }
 *
 * Importing this entry loads no TensorFlow.js and no sharp: they load when a call needs them
 * (training, a saved model, decoding images). Without training, 'labelsleuth/core' is all you need.
 */
export * from './core.js';

export { runAudit, type AuditRequest, type AuditResult, type AuditEvent } from './pipeline/audit.js';
export { writeAudit, auditFiles } from './pipeline/write-audit.js';
export { resolveAuditOptions, auditDefaults, type AuditOptions, type AuditSettings } from './options/audit.js';
export { trainingDefaults, type TrainingOptions, type TrainingSettings } from './options/training.js';

export { runRetrain, type RetrainRequest, type RetrainResult, type RetrainEvent } from './pipeline/retrain.js';
export { writeRetrain } from './pipeline/write-retrain.js';
export { resolveRetrainOptions, retrainDefaults, type RetrainOptions, type RetrainSettings } from './options/retrain.js';
export { runPredict, type PredictRequest, type PredictResult } from './pipeline/predict.js';
export type { ModelManifest } from './models/model-folder.js';
export type { InputSpec } from './data/input-spec.js';
export type { ModelSpec } from './models/specs.js';
export { RETRAIN_LOSSES, type RetrainLoss } from './training/loss-kinds.js';

export { loadCsv, type CsvDataset, type CsvOptions } from './data/csv.js';
export type { ImageDataset } from './data/image-folder.js';
export { discoverImageFolder } from './data/image-discovery.js';
export type { LabeledDataset } from './data/dataset.js';
export { backendChoices, type BackendChoice, type BackendInfo } from './backend/choices.js';

// The calls below need tfjs or sharp; each loads its module on first use.
type SelectModule = typeof import('./backend/select.js');
type SavedModelModule = typeof import('./models/saved-model.js');
type ImageFolderModule = typeof import('./data/image-folder.js');

/** Starts a tfjs backend ('auto': tfjs-node if it loads, else wasm, else cpu) and says which one runs. */
export const initBackend: SelectModule['initBackend'] = async (choice, options) => (await import('./backend/select.js')).initBackend(choice, options);
/** Reads and checks a model folder written by retrain. */
export const loadSavedModel: SavedModelModule['loadSavedModel'] = async (dir) => (await import('./models/saved-model.js')).loadSavedModel(dir);
/** Decodes a folder with one subfolder of images per class. */
export const loadImageFolder: ImageFolderModule['loadImageFolder'] = async (...args) => (await import('./data/image-folder.js')).loadImageFolder(...args);
