import { UserError } from '../errors.js';
import type { BackendChoice } from '../backend/select.js';
import type { AggregateMethod } from '../scoring/aggregate.js';
import type { ChannelChoice } from '../data/image-folder.js';

/** Options of one audit. Every field is optional; the default is what the audit uses without it. */
export interface AuditOptions {
  /** CSV column holding the given labels. @default 'label' */
  label?: string;
  /** CSV column holding a unique id per row. @default the 1-based data row number */
  id?: string;
  /** CSV columns to use as features. @default every column but the label and id */
  features?: string[];
  /** Training passes; the loss is recorded and a mixture fitted after each. @default 10 */
  epochs?: number;
  /** Samples per gradient step. @default 128 */
  batchSize?: number;
  /** Adam step size. @default 0.001 */
  learningRate?: number;
  /** Hidden layer widths of the MLP. @default [256, 128] */
  hidden?: number[];
  /** Seeds shuffling and weight initialisation: same seed, data and backend, same ranking. @default 1 */
  seed?: number;
  /** A sample is flagged when p_noisy >= threshold. @default 0.5 */
  threshold?: number;
  /** How the per-epoch losses become one score. @default 'mean-loss' */
  aggregate?: AggregateMethod;
  /** Which tfjs backend runs the model. @default 'auto' */
  backend?: BackendChoice;
  /** A string column with more categories keeps the most frequent ones and pools the rest. @default 32 */
  maxCategories?: number;
  /** Image folders: every image is resized to imageSize x imageSize (a multiple of 4, for the CNN's two pools). @default 28 */
  imageSize?: number;
  /** Image folders: 'gray', 'rgb', or 'auto' (gray when every image is gray). @default 'auto' */
  channels?: ChannelChoice;
  /** Image folders: random 2-pixel shifts and left-right flips of training batches (never the loss pass). @default false */
  augment?: boolean;
}

export type AuditSettings = Required<Omit<AuditOptions, 'id' | 'features'>> & {
  readonly id: string | null;
  readonly features: string[] | null;
};

export const auditDefaults = {
  label: 'label',
  epochs: 10,
  batchSize: 128,
  learningRate: 0.001,
  hidden: [256, 128],
  seed: 1,
  threshold: 0.5,
  aggregate: 'mean-loss',
  backend: 'auto',
  maxCategories: 32,
  imageSize: 28,
  channels: 'auto',
  augment: false,
} as const satisfies Partial<AuditOptions>;

function positiveInt(name: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new UserError('option', `${name} must be a whole number from 1 to ${max}, got ${v}`);
  }
  return v;
}

/** Validates once, up front: a bad option fails before any file is read or model trained. */
export function resolveAuditOptions(o: AuditOptions = {}): AuditSettings {
  const d = auditDefaults;
  const threshold = o.threshold ?? d.threshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new UserError('option', `--threshold must be a probability in [0, 1], got ${threshold}`);
  }
  const learningRate = o.learningRate ?? d.learningRate;
  if (!(learningRate > 0 && learningRate < 10)) {
    throw new UserError('option', `--lr must be a positive number below 10, got ${learningRate}`);
  }
  const seed = o.seed ?? d.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserError('option', `--seed must be a whole number from 0 to 4294967295, got ${seed}`);
  }
  const hidden = o.hidden ?? [...d.hidden];
  hidden.forEach((h) => positiveInt('--hidden sizes', h, 65536));
  return {
    label: o.label ?? d.label,
    id: o.id ?? null,
    features: o.features ?? null,
    epochs: positiveInt('--epochs', o.epochs ?? d.epochs, 10000),
    batchSize: positiveInt('--batch-size', o.batchSize ?? d.batchSize, 65536),
    learningRate,
    hidden,
    seed,
    threshold,
    aggregate: o.aggregate ?? d.aggregate,
    backend: o.backend ?? d.backend,
    maxCategories: positiveInt('--max-categories', o.maxCategories ?? d.maxCategories, 100000),
    imageSize: validImageSize(o.imageSize ?? d.imageSize),
    channels: o.channels ?? d.channels,
    augment: o.augment ?? d.augment,
  };
}

/** --image-size must survive the CNN's two 2x2 pools. */
export function validImageSize(v: number): number {
  if (!Number.isInteger(v) || v < 8 || v > 256 || v % 4 !== 0) {
    throw new UserError('option', `--image-size must be a multiple of 4 from 8 to 256 (the CNN halves it twice), got ${v}`);
  }
  return v;
}
