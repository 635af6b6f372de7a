/**
 * The options every training command shares (audit, retrain): how the data is read, how the model
 * is trained, where it runs. Declared, defaulted and validated here once, so that the two commands
 * cannot drift apart again (they once disagreed on the smallest batch and on --max-categories).
 *
 * A floor below pipeline/ and reports/: no tfjs, no sharp, only vocabularies and validators, so
 * that `--help` and a bad option answer without loading a training stack or an image decoder.
 */
import { backendChoiceDescriptions, type BackendChoice } from '../backend/choices.js';
import { channelChoiceDescriptions, type ChannelChoice } from '../data/channels.js';
import { textEncodingDescriptions, type TextEncoding } from '../data/text-source.js';
import { delimiterDescriptions, type DelimiterChoice } from '../data/delimiter.js';
import { UserError } from '../errors.js';
import { oneOf, positiveNumber, seed, wholeNumber, wholeNumberList } from './validate.js';

/** Options shared by audit and retrain. Every field is optional; the default is what a run uses without it. */
export interface TrainingOptions {
  /** CSV column holding the given labels. @default 'label' */
  readonly label?: string;
  /** CSV column holding a unique id per row. @default the 1-based data row number */
  readonly id?: string;
  /** CSV columns to use as features. @default every column but the label and id */
  readonly features?: readonly string[];
  /** A string column with more categories keeps the most frequent ones and pools the rest. @default 32 */
  readonly maxCategories?: number;
  /** How the CSV's bytes are text: 'auto' is UTF-8, or UTF-16 when the bytes say so (gzip is unpacked either way). @default 'auto' */
  readonly encoding?: TextEncoding;
  /** What separates a table's fields: 'auto' detects comma, tab, semicolon or pipe from the header line. @default 'auto' */
  readonly delimiter?: DelimiterChoice;
  /** A train/val/test image root: the split to use. @default 'train' (refused for a folder that is not such a root) */
  readonly split?: string;
  /** A table that lists image files: the column of paths. @default detected (a column whose values are paths of existing images) */
  readonly imageColumn?: string;
  /** Training passes. @default 10 (retrain: 30) */
  readonly epochs?: number;
  /** Samples per gradient step. @default 128 (retrain: at least 2, and fewer for small data: options/retrain.ts, retrainBatchSize) */
  readonly batchSize?: number;
  /** Adam step size (retrain: the peak, which --schedule lowers). @default 0.001 */
  readonly learningRate?: number;
  /** Hidden layer widths of the MLP, input side first; [] is a linear model. @default [256, 128] */
  readonly hidden?: readonly number[];
  /** Seeds every random choice: same seed, data and backend, same result. @default 1 */
  readonly seed?: number;
  /** Which tfjs backend runs the model. @default 'auto' */
  readonly backend?: BackendChoice;
  /** Image folders: every image is resized to imageSize x imageSize (a multiple of 4, for the CNN's two pools). @default 28 */
  readonly imageSize?: number;
  /** Image folders: 'gray', 'rgb', or 'auto' (gray when every image is gray). @default 'auto' */
  readonly channels?: ChannelChoice;
  /** Image folders: random 2-pixel shifts and left-right flips of training batches (never the loss pass). @default false */
  readonly augment?: boolean;
}

/** The resolved, validated form: every field present, nothing left to default. */
export interface TrainingSettings {
  readonly label: string;
  /** null: the 1-based data row number. */
  readonly id: string | null;
  /** null: every column but the label and id. */
  readonly features: readonly string[] | null;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly hidden: readonly number[];
  readonly seed: number;
  readonly backend: BackendChoice;
  readonly maxCategories: number;
  readonly encoding: TextEncoding;
  readonly imageSize: number;
  readonly channels: ChannelChoice;
  readonly augment: boolean;
  readonly delimiter: DelimiterChoice;
  /** null: train, when the folder is a split root. */
  readonly split: string | null;
  /** null: detected, when the table lists images. */
  readonly imageColumn: string | null;
}

/** A default for every option that has a fixed one (id and features default to "derived from the data"). */
export type TrainingDefaults = { readonly [K in Exclude<keyof TrainingOptions, 'id' | 'features' | 'split' | 'imageColumn'>]-?: NonNullable<TrainingOptions[K]> };

export const trainingDefaults = {
  label: 'label',
  epochs: 10,
  batchSize: 128,
  learningRate: 0.001,
  hidden: [256, 128],
  seed: 1,
  backend: 'auto',
  maxCategories: 32,
  encoding: 'auto',
  imageSize: 28,
  channels: 'auto',
  augment: false,
  delimiter: 'auto',
} as const satisfies TrainingDefaults;

export interface TrainingRules {
  /** The command's own defaults (retrain trains longer). @default trainingDefaults */
  readonly defaults?: TrainingDefaults;
  /** The smallest batch the command's loss can use. @default 1 */
  readonly minBatchSize?: number;
}

/** Validates once, up front: a bad option fails before any file is read or model trained. */
export function resolveTrainingOptions(o: TrainingOptions, rules: TrainingRules = {}): TrainingSettings {
  const d = rules.defaults ?? trainingDefaults;
  return {
    label: o.label ?? d.label,
    id: o.id ?? null,
    features: o.features === undefined ? null : [...o.features],
    epochs: wholeNumber('--epochs', o.epochs ?? d.epochs, { max: 10000 }),
    batchSize: wholeNumber('--batch-size', o.batchSize ?? d.batchSize, { min: rules.minBatchSize ?? 1, max: 65536 }),
    learningRate: positiveNumber('--lr', o.learningRate ?? d.learningRate, { below: 10 }),
    hidden: wholeNumberList('--hidden sizes', o.hidden ?? d.hidden, 65536),
    seed: seed('--seed', o.seed ?? d.seed),
    backend: oneOf('--backend', o.backend ?? d.backend, backendChoiceDescriptions),
    maxCategories: wholeNumber('--max-categories', o.maxCategories ?? d.maxCategories, { max: 100000 }),
    encoding: oneOf('--encoding', o.encoding ?? d.encoding, textEncodingDescriptions),
    imageSize: validImageSize(o.imageSize ?? d.imageSize),
    channels: oneOf('--channels', o.channels ?? d.channels, channelChoiceDescriptions),
    augment: o.augment ?? d.augment,
    delimiter: oneOf('--delimiter', o.delimiter ?? d.delimiter, delimiterDescriptions),
    split: o.split ?? null,
    imageColumn: o.imageColumn ?? null,
  };
}

/** --image-size must survive the CNN's two 2x2 pools. */
export function validImageSize(v: number): number {
  if (!Number.isInteger(v) || v < 8 || v > 256 || v % 4 !== 0) {
    throw new UserError('option', `--image-size must be a multiple of 4 from 8 to 256 (the CNN halves it twice), got ${v}`);
  }
  return v;
}
