/**
 * The options of one audit: the shared training options plus how the per-epoch losses become a
 * verdict. Resolved once by runAudit before any file is read, and echoed in the report.
 */
import { aggregators, type AggregateMethod } from '../scoring/aggregate.js';
import { NEIGHBOURS } from '../scoring/neighbours.js';
import { MIN_STEPS, stopRuleDescriptions, type StopRule } from '../scoring/stopping.js';
import { resolveTrainingOptions, trainingDefaults, type TrainingOptions, type TrainingSettings } from './training.js';
import { oneOf, probability, wholeNumber } from './validate.js';

/** More folds than this buys nothing over 10 but time (cleanlab uses 5). */
export const MAX_FOLDS = 20;

/** Options of one audit. Every field is optional; the default is what the audit uses without it. */
export interface AuditOptions extends TrainingOptions {
  /**
   * A sample is flagged when p_noisy >= threshold; null flags the estimated number of wrong labels,
   * the most suspicious first (on the quality suite its F1 is within a few points of the best threshold's).
   * @default null
   */
  readonly threshold?: number | null;
  /** How the per-epoch signals become one score. @default 'mean-margin' */
  readonly aggregate?: AggregateMethod;
  /** When training ends: at the memorization onset, or after every epoch of `epochs` (then a maximum). @default 'memorization' */
  readonly stop?: StopRule;
  /**
   * Out-of-fold scoring: k models, each trained on all folds but one, score the fold they never saw
   * (k times the training time); null scores every sample with the one model trained on all of them.
   * @default null
   */
  readonly folds?: number | null;
  /**
   * How many nearest others (in the model's last hidden layer) vote on each sample's class, their
   * vote blended into the ranking (scoring/neighbours.ts); 0 ranks on the model alone. Out-of-fold
   * scoring (`folds`) has no vote: its probabilities are already held out.
   * @default 10
   */
  readonly neighbours?: number;
}

/** More neighbours than this vote on a sample's class only in data of thousands of rows a class. */
export const MAX_NEIGHBOURS = 100;

export interface AuditSettings extends TrainingSettings {
  readonly threshold: number | null;
  readonly aggregate: AggregateMethod;
  readonly stop: StopRule;
  readonly folds: number | null;
  readonly neighbours: number;
}

export const auditDefaults = {
  ...trainingDefaults,
  epochs: 30,
  threshold: null,
  aggregate: 'mean-margin',
  stop: 'memorization',
  folds: null,
  neighbours: NEIGHBOURS,
} as const satisfies Omit<AuditSettings, 'id' | 'features' | 'split' | 'imageColumn'>;

/** Validates once, up front: a bad option fails before any file is read or model trained. */
export function resolveAuditOptions(o: AuditOptions = {}): AuditSettings {
  const t = resolveTrainingOptions(o, { defaults: auditDefaults });
  const threshold = o.threshold === undefined || o.threshold === null ? null : probability('--threshold', o.threshold);
  const aggregate = oneOf('--aggregate', o.aggregate ?? auditDefaults.aggregate, aggregators);
  // Spelled out, not spread: the key order is report.json's `settings`, unchanged since version 1 (new keys go last).
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
    stop: oneOf('--stop', o.stop ?? auditDefaults.stop, stopRuleDescriptions),
    folds: o.folds === undefined || o.folds === null ? null : wholeNumber('--folds', o.folds, { min: 2, max: MAX_FOLDS }),
    delimiter: t.delimiter,
    split: t.split,
    imageColumn: t.imageColumn,
    neighbours: o.neighbours === undefined ? auditDefaults.neighbours : wholeNumber('--neighbours', o.neighbours, { min: 0, max: MAX_NEIGHBOURS }),
  };
}

/**
 * The cap on epochs for a table of `rows` samples. Under the memorisation rule the default 30
 * epochs can leave a small table no room to stop at all: the rule waits for MIN_STEPS gradient
 * steps, and 214 rows at batch 128 take 2 steps an epoch (60 in 30 epochs: Glass, clean, ran out
 * at 79% agreement with 18% of its rows flagged; given room, the rule stopped it at epoch 50,
 * trained as many again for the ranking, and 2.3% were flagged). So unless `--epochs` was given,
 * a cap that holds fewer than MIN_STEPS steps is raised to the epochs that hold twice that (the
 * stop and its extension). Tables of 385 rows and more are left as they are: there the rule can
 * stop, and raising Soybean's cap (683 rows, 180 steps) to 200 steps cost its cases .004 F1 on
 * average (BENCHMARKS.md, "seventh round").
 */
export function withRoomToStop(settings: AuditSettings, rows: number, epochsGiven: boolean): AuditSettings {
  if (epochsGiven || settings.stop !== 'memorization' || rows === 0) return settings;
  const stepsPerEpoch = Math.ceil(rows / settings.batchSize);
  if (settings.epochs * stepsPerEpoch >= MIN_STEPS) return settings;
  return { ...settings, epochs: Math.ceil((2 * MIN_STEPS) / stepsPerEpoch) };
}
