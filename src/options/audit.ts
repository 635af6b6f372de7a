/**
 * The options of one audit: the shared training options plus how the per-epoch losses become a
 * verdict. Resolved once by runAudit before any file is read, and echoed in the report.
 */
import { aggregators, type AggregateMethod } from '../scoring/aggregate.js';
import { resolveTrainingOptions, trainingDefaults, type TrainingOptions, type TrainingSettings } from './training.js';
import { oneOf, probability } from './validate.js';

/** Options of one audit. Every field is optional; the default is what the audit uses without it. */
export interface AuditOptions extends TrainingOptions {
  /** A sample is flagged when p_noisy >= threshold. @default 0.5 */
  readonly threshold?: number;
  /** How the per-epoch losses become one score. @default 'mean-loss' */
  readonly aggregate?: AggregateMethod;
}

export interface AuditSettings extends TrainingSettings {
  readonly threshold: number;
  readonly aggregate: AggregateMethod;
}

export const auditDefaults = {
  ...trainingDefaults,
  threshold: 0.5,
  aggregate: 'mean-loss',
} as const satisfies Omit<AuditSettings, 'id' | 'features'>;

/** Validates once, up front: a bad option fails before any file is read or model trained. */
export function resolveAuditOptions(o: AuditOptions = {}): AuditSettings {
  const t = resolveTrainingOptions(o, { defaults: auditDefaults });
  const threshold = probability('--threshold', o.threshold ?? auditDefaults.threshold);
  const aggregate = oneOf('--aggregate', o.aggregate ?? auditDefaults.aggregate, aggregators);
  // Spelled out, not spread: the key order is report.json's `settings`, unchanged since version 1.
  return {
    label: t.label,
    id: t.id,
    features: t.features,
    epochs: t.epochs,
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    hidden: t.hidden,
    seed: t.seed,
    threshold,
    aggregate,
    backend: t.backend,
    maxCategories: t.maxCategories,
    encoding: t.encoding,
    imageSize: t.imageSize,
    channels: t.channels,
    augment: t.augment,
  };
}
