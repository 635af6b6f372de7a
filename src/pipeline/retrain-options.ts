import { UserError } from '../errors.js';
import type { BackendChoice } from '../backend/select.js';
import { retrainLosses, type RetrainLoss } from '../training/loss-kinds.js';
import type { PosteriorSource } from '../training/posterior-source.js';
import type { ChannelChoice } from '../data/image-folder.js';
import { auditDefaults, validImageSize } from './audit-options.js';

export type Schedule = 'constant' | 'step';

export { POSTERIOR_SOURCES, type PosteriorSource } from '../training/posterior-source.js';

/** Learning-rate multiplier per 1-based epoch. `step`: the reference's MultiStepLR at 1/3 and 5/6 of the run, γ = 0.1. */
export const schedules = {
  constant: () => () => 1,
  step: (epochs: number) => (epoch: number) => (epoch > Math.round((5 * epochs) / 6) ? 0.01 : epoch > Math.round(epochs / 3) ? 0.1 : 1),
} as const satisfies Record<Schedule, (epochs: number) => (epoch: number) => number>;

export const SCHEDULES = Object.keys(schedules) as Schedule[];

/** Options of one retrain. Every field is optional; the default is what retrain uses without it. */
export interface RetrainOptions {
  /** CSV label column. @default 'label' */
  label?: string;
  /** CSV id column. @default the 1-based data row number */
  id?: string;
  /** CSV feature columns. @default every column but the label and id */
  features?: string[];
  /** @default 32 */
  maxCategories?: number;
  /**
   * The training loss. dynamic-hard by measurement (BENCHMARKS.md, 30 epochs): on 20k Fashion-MNIST rows (MLP) and
   * 5k images (CNN) it beat ce by 6.2 and 4.7 points at 40% noise, cost nothing at 0%, and was ahead of mixup and
   * M-DYR-H at every noise level on the CSV set (images 40%: 83.75 vs 83.00 and 82.80).
   * @default 'dynamic-hard'
   */
  loss?: RetrainLoss;
  /**
   * Training passes. 30 by measurement (BENCHMARKS.md): with the held warm-up posterior the corrected model does
   * not decay over a long run (20k CSV, 40% noise: 85.5% at 20 epochs, 85.4% at 40) and the CNN keeps improving
   * past 15 (5k images, 40%: 82.6% at 15, 83.8% at 30).
   * @default 30
   */
  epochs?: number;
  /**
   * Epochs of plain (mixup) cross-entropy before bootstrapping starts; the `warmup` posterior is fitted on them.
   * A few epochs, not the reference's 35% of the run (105 of 300 with SGD on a ResNet): with Adam these models
   * start fitting the wrong labels after epoch ~4, and a warm-up that runs past that point both blurs the
   * posterior and gives hard bootstrapping a model that already predicts the wrong labels.
   * @default 3 (at most epochs - 1)
   */
  warmup?: number;
  /**
   * Weight of the class-balance regulariser while bootstrapping. The paper uses 1 only at 80-90% noise; on 20k
   * Fashion-MNIST (MLP, dynamic-hard) 1 gained 0.3-0.4 points at 40% and 60% and cost 0.2 at 0% (BENCHMARKS.md).
   * @default 1
   */
  reg?: number;
  /**
   * mixup's λ ~ Beta(α, α). The paper's 32 (ResNet-18 on CIFAR) mixes nearly half-and-half and left these small
   * models underfitted: on 20k Fashion-MNIST at 40% noise, α = 1 gave 84.0% (mixup) and 84.7% (M-DYR-H) against
   * 83.7% and 83.4% with 32; on 5k images mixup with 32 lost 2.7-4.7 points to plain ce (BENCHMARKS.md).
   * @default 1
   */
  mixupAlpha?: number;
  /** @default 'step' */
  schedule?: Schedule;
  /**
   * Dynamic kinds: where p(noisy) comes from (posterior-source.ts). warmup by measurement (BENCHMARKS.md): on 20k
   * Fashion-MNIST at 40% noise (MLP, warm-up 3) it kept 85.4% over 40 epochs where loss-history decayed from 85.0%
   * to 83.0% (batch-loss: 77.8%); at 20 epochs the three were within 0.4 points.
   * @default 'warmup'
   */
  posterior?: PosteriorSource;
  /** Share of the data held out for evaluation when no test set is given (its labels are as noisy as the rest). @default 0.1 */
  valSplit?: number;
  /** Also train plain `ce` with the same seed and data, and report both. @default false */
  compare?: boolean;
  /** @default 128 */
  batchSize?: number;
  /** Peak Adam learning rate. @default 0.001 */
  learningRate?: number;
  /** MLP hidden widths. @default [256, 128] */
  hidden?: number[];
  /** @default 1 */
  seed?: number;
  /** @default 'auto' */
  backend?: BackendChoice;
  /** Image folders: side of the square every image is resized to. @default 28 */
  imageSize?: number;
  /** Image folders: 'gray', 'rgb' or 'auto' (gray when every image is). @default 'auto' */
  channels?: ChannelChoice;
  /** Image folders: random crop and flip of training batches. @default false */
  augment?: boolean;
}

export type RetrainSettings = Required<Omit<RetrainOptions, 'id' | 'features'>> & {
  readonly id: string | null;
  readonly features: string[] | null;
};

export const retrainDefaults = { loss: 'dynamic-hard', epochs: 30, warmup: 3, reg: 1, mixupAlpha: 1, schedule: 'step', posterior: 'warmup', valSplit: 0.1 } as const;

export function resolveRetrainOptions(o: RetrainOptions = {}): RetrainSettings {
  const d = retrainDefaults;
  const loss = o.loss ?? d.loss;
  if (!(loss in retrainLosses)) throw new UserError('option', `--loss must be one of ${Object.keys(retrainLosses).join(', ')}, got ${loss}`);
  const epochs = o.epochs ?? d.epochs;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 10000) throw new UserError('option', `--epochs must be a whole number from 1 to 10000, got ${epochs}`);
  const warmup = o.warmup ?? Math.max(1, Math.min(d.warmup, epochs - 1));
  const dynamic = retrainLosses[loss].bootstrap.kind === 'dynamic';
  if (!Number.isInteger(warmup) || warmup < (dynamic ? 1 : 0) || warmup >= epochs + (dynamic ? 0 : 1)) {
    throw new UserError(
      'option',
      `--warmup must be a whole number from ${dynamic ? 1 : 0} to ${dynamic ? epochs - 1 : epochs}, got ${warmup}${dynamic ? ' (a dynamic loss needs at least one epoch of losses to fit the mixture, and one epoch to use it)' : ''}`,
    );
  }
  const reg = o.reg ?? d.reg;
  if (!(reg >= 0 && reg <= 100)) throw new UserError('option', `--reg must be a number from 0 to 100, got ${reg}`);
  const mixupAlpha = o.mixupAlpha ?? d.mixupAlpha;
  if (!(mixupAlpha > 0 && mixupAlpha <= 1000)) throw new UserError('option', `--mixup-alpha must be a positive number up to 1000, got ${mixupAlpha}`);
  const valSplit = o.valSplit ?? d.valSplit;
  if (!(valSplit > 0 && valSplit < 1)) throw new UserError('option', `--val-split must be a fraction strictly between 0 and 1, got ${valSplit}`);
  const seed = o.seed ?? auditDefaults.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UserError('option', `--seed must be a whole number from 0 to 4294967295, got ${seed}`);
  const batchSize = o.batchSize ?? auditDefaults.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 2 || batchSize > 65536) throw new UserError('option', `--batch-size must be a whole number from 2 to 65536, got ${batchSize}`);
  const learningRate = o.learningRate ?? auditDefaults.learningRate;
  if (!(learningRate > 0 && learningRate < 10)) throw new UserError('option', `--lr must be a positive number below 10, got ${learningRate}`);
  const hidden = o.hidden ?? [...auditDefaults.hidden];
  for (const h of hidden) if (!Number.isInteger(h) || h < 1 || h > 65536) throw new UserError('option', `--hidden sizes must be whole numbers from 1 to 65536, got ${h}`);
  return {
    label: o.label ?? auditDefaults.label,
    id: o.id ?? null,
    features: o.features ?? null,
    maxCategories: o.maxCategories ?? auditDefaults.maxCategories,
    loss,
    epochs,
    warmup,
    reg,
    mixupAlpha,
    schedule: o.schedule ?? d.schedule,
    posterior: o.posterior ?? d.posterior,
    valSplit,
    compare: o.compare ?? false,
    batchSize,
    learningRate,
    hidden,
    seed,
    backend: o.backend ?? auditDefaults.backend,
    imageSize: validImageSize(o.imageSize ?? auditDefaults.imageSize),
    channels: o.channels ?? auditDefaults.channels,
    augment: o.augment ?? auditDefaults.augment,
  };
}
