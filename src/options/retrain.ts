/**
 * The options of one retrain: the shared training options plus the noise-corrected loss and its
 * knobs. Resolved once by runRetrain before any file is read, and echoed in retrain-report.json.
 */
import { UserError } from '../errors.js';
import { retrainLosses, type LossSpec, type RetrainLoss } from '../training/loss-kinds.js';
import { schedules, type Schedule } from '../training/lr-schedules.js';
import { optimizerDescriptions, type OptimizerKind } from '../training/optimizers.js';
import { posteriorSources, type PosteriorSource } from '../training/posterior-source.js';
import { resolveTrainingOptions, trainingDefaults, type TrainingOptions, type TrainingSettings } from './training.js';
import { fraction, numberInRange, oneOf, positiveNumber } from './validate.js';

export { scheduleDescriptions, SCHEDULES, type Schedule } from '../training/lr-schedules.js';
export { posteriorSources, POSTERIOR_SOURCES, type PosteriorSource } from '../training/posterior-source.js';
export { optimizerDescriptions, OPTIMIZERS, type OptimizerKind } from '../training/optimizers.js';

/**
 * Every retrain batch must hold at least two samples, because two of its terms are batch statistics:
 * mixup pairs each sample with another of the same batch (a batch of one can only be mixed with
 * itself, so λ does nothing), and the class-balance regulariser is KL(uniform ‖ the batch's mean
 * prediction) (method.md §2, "the code uses the batch"), which over one sample stops guarding
 * against collapse onto one class and instead pulls that sample's own prediction to uniform,
 * straight against its label. The audit trains plain cross-entropy, where a batch of one is plain SGD.
 */
const MIN_RETRAIN_BATCH = 2;

/**
 * A small table's batch: an epoch of retrain takes at least MIN_EPOCH_STEPS gradient steps when --batch-size is not
 * given and an epoch at batch 128 would take fewer than SMALL_DATA_STEPS (under 1,153 training rows). Why: at batch
 * 128 the suite's small tables (546-792 rows) took 5-7 steps an epoch, 150-210 in a run and 50-70 at the peak rate, and
 * Adam had not fitted even clean data (Vowel 0%: ce 75.8%, PyTorch's SGD 92.4%); at 25 steps an epoch plain ce gained
 * on 16 of those 18 cases (mean 70.1% -> 77.1%; BENCHMARKS.md, "Retrain suite, third round"). Why only there: on DNA
 * and Digits (2,549 and 1,438 rows, 20 and 12 steps at 128) the same rule cost the default 0.4-2.5 points at 20-60%
 * noise (DNA pair-flip 84.5 vs 87.0, Digits 20% 94.2 vs 95.5) and ce 2-6 points at 60% and pair-flip: their detection
 * and schedule were measured at 128 and have the steps they need.
 */
export const MIN_EPOCH_STEPS = 25;
/** Under this many steps an epoch at the default batch, a table is small (retrainBatchSize). */
export const SMALL_DATA_STEPS = 10;

/** Retrain's batch size for a training set of `rows` rows: the given one, else 128, or for a small table rows / MIN_EPOCH_STEPS (at least 2). The audit keeps 128. */
export function retrainBatchSize(rows: number, given?: number): number {
  if (given !== undefined) return given;
  const b = trainingDefaults.batchSize;
  return Math.ceil(rows / b) < SMALL_DATA_STEPS ? Math.max(MIN_RETRAIN_BATCH, Math.ceil(rows / MIN_EPOCH_STEPS)) : b;
}

/** Options of one retrain. Every field is optional; the default is what retrain uses without it. */
export interface RetrainOptions extends TrainingOptions {
  /**
   * The training loss. prune by measurement on the retrain suite (BENCHMARKS.md, issue 17: 6 data sets x 6 noise
   * kinds, clean test sets held out before the noise): at 40-60% noise it beat plain ce by 8-27 points on DNA,
   * Digits and Fashion-MNIST, where the old default dynamic-hard gained on Fashion-MNIST only (and lost 36 points on
   * Soybean at 60%); on the three small tables its detection is skipped (too few gradient steps) and it is plain ce.
   * @default 'prune'
   */
  readonly loss?: RetrainLoss;
  /**
   * Training passes. 30 by measurement (BENCHMARKS.md): with the held warm-up posterior the corrected model does
   * not decay over a long run (20k CSV, 40% noise: 85.5% at 20 epochs, 85.4% at 40) and the CNN keeps improving
   * past 15 (5k images, 40%: 82.6% at 15, 83.8% at 30).
   * @default 30
   */
  readonly epochs?: number;
  /**
   * Epochs of plain (mixup) cross-entropy before bootstrapping starts; the `warmup` posterior is fitted on them.
   * A few epochs, not the reference's 35% of the run (105 of 300 with SGD on a ResNet): with Adam these models
   * start fitting the wrong labels after epoch ~4, and a warm-up that runs past that point both blurs the
   * posterior and gives hard bootstrapping a model that already predicts the wrong labels.
   * 'auto' ends it by the audit's memorization rule (scoring/stopping.ts): at the first epoch (from the 3rd, and 100
   * gradient steps) where the model agrees with more labels than are believed right, or at a third of the run.
   * auto by measurement (BENCHMARKS.md, issue 17): DNA memorises by epoch 3, Vowel not by 10, so no count suits both.
   * @default 'auto'
   */
  readonly warmup?: number | 'auto';
  /**
   * Weight of the class-balance regulariser while bootstrapping. The paper uses 1 only at 80-90% noise; on 20k
   * Fashion-MNIST (MLP, dynamic-hard) 1 gained 0.3-0.4 points at 40% and 60% and cost 0.2 at 0% (BENCHMARKS.md).
   * @default 1
   */
  readonly reg?: number;
  /**
   * mixup's λ ~ Beta(α, α). The paper's 32 (ResNet-18 on CIFAR) mixes nearly half-and-half and left these small
   * models underfitted: on 20k Fashion-MNIST at 40% noise, α = 1 gave 84.0% (mixup) and 84.7% (M-DYR-H) against
   * 83.7% and 83.4% with 32; on 5k images mixup with 32 lost 2.7-4.7 points to plain ce (BENCHMARKS.md).
   * @default 1
   */
  readonly mixupAlpha?: number;
  /** Learning-rate schedule over the epochs. @default 'step' */
  readonly schedule?: Schedule;
  /**
   * Dynamic kinds: where p(noisy) comes from (posterior-source.ts). warmup by measurement (BENCHMARKS.md): on 20k
   * Fashion-MNIST at 40% noise (MLP, warm-up 3) it kept 85.4% over 40 epochs where loss-history decayed from 85.0%
   * to 83.0% (batch-loss: 77.8%); at 20 epochs the three were within 0.4 points. audit (the audit's mean-margin
   * score and confident-joint count over the warm-up) is the default since issue 17: prune needs flags, and the
   * quality suite found this detection better than one loss mixture.
   * @default 'audit'
   */
  readonly posterior?: PosteriorSource;
  /** Share of the data held out for evaluation when no test set is given (its labels are as noisy as the rest). @default 0.1 */
  readonly valSplit?: number;
  /** Also train plain `ce` with the same seed and data, and report both. @default false */
  readonly compare?: boolean;
  /** The optimizer (optimizers.ts). @default 'adam' */
  readonly optimizer?: OptimizerKind;
  /** Weight decay (an L2 penalty 0.5 · wd · Σ w²). @default 0 */
  readonly weightDecay?: number;
  /**
   * A saved audit's report folder: its per-sample p(noisy) and flags drive the correction instead of a posterior fitted
   * here (prune drops its flags from the first epoch). Its ids must be the training data's. @default none
   */
  readonly fromAudit?: string;
  /**
   * Which epoch's model to keep. best-clean holds out --val-split of the training data (even with --test) and keeps
   * the epoch that does best on its samples the detector calls clean (keep-best.ts); it needs a detector: a corrected
   * --loss or --from-audit. @default 'last'
   */
  readonly keep?: Keep;
}

export interface RetrainSettings extends TrainingSettings {
  readonly loss: RetrainLoss;
  readonly warmup: number | 'auto';
  readonly reg: number;
  readonly mixupAlpha: number;
  readonly schedule: Schedule;
  readonly posterior: PosteriorSource;
  readonly valSplit: number;
  readonly compare: boolean;
  readonly optimizer: OptimizerKind;
  readonly weightDecay: number;
  /** null: no saved audit. */
  readonly fromAudit: string | null;
  readonly keep: Keep;
}

export type Keep = 'last' | 'best-clean';

/** Which epoch's model retrain keeps (--keep), as --help lists them. */
export const keepChoices = {
  last: 'the last epoch',
  'best-clean': 'the best epoch on a held-out split of the training data, scored only on the samples the detector calls clean',
} as const satisfies Record<Keep, string>;

/** The peak learning rate of each optimizer when --lr is not given: SGD's is the paper's. */
export const defaultLearningRates = { adam: 0.001, sgd: 0.1 } as const satisfies Record<OptimizerKind, number>;

export const retrainDefaults = {
  ...trainingDefaults,
  epochs: 30,
  loss: 'prune',
  warmup: 'auto',
  reg: 1,
  mixupAlpha: 1,
  schedule: 'step',
  posterior: 'audit',
  valSplit: 0.1,
  compare: false,
  optimizer: 'adam',
  weightDecay: 0,
  fromAudit: null,
  keep: 'last',
} as const satisfies Omit<RetrainSettings, 'id' | 'features' | 'split' | 'imageColumn'>;

/** Validates once, up front: a bad option fails before any file is read or model trained. */
export function resolveRetrainOptions(o: RetrainOptions = {}): RetrainSettings {
  const d = retrainDefaults;
  const optimizer = oneOf('--optimizer', o.optimizer ?? d.optimizer, optimizerDescriptions);
  const t = resolveTrainingOptions(o, { defaults: { ...d, learningRate: defaultLearningRates[optimizer] }, minBatchSize: MIN_RETRAIN_BATCH });
  const loss = oneOf('--loss', o.loss ?? d.loss, retrainLosses);
  const { epochs } = t;
  const dw = d.warmup as number | 'auto';
  const warmup = o.warmup ?? (dw === 'auto' ? 'auto' : Math.max(1, Math.min(dw, epochs - 1)));
  const dynamic = retrainLosses[loss].bootstrap.kind === 'dynamic';
  if (warmup === 'auto' && epochs < 2) throw new UserError('option', `--warmup auto needs --epochs 2 or more (one to warm up, one to correct), got ${epochs}`);
  if (warmup !== 'auto' && (!Number.isInteger(warmup) || warmup < (dynamic ? 1 : 0) || warmup >= epochs + (dynamic ? 0 : 1))) {
    // Not a validate.ts rule: the range depends on --epochs and --loss, and the message says why.
    throw new UserError(
      'option',
      `--warmup must be auto or a whole number from ${dynamic ? 1 : 0} to ${dynamic ? epochs - 1 : epochs}, got ${warmup}${dynamic ? ' (a dynamic loss needs at least one epoch of losses to fit the mixture, and one epoch to use it)' : ''}`,
    );
  }
  const posterior = oneOf('--posterior', o.posterior ?? d.posterior, posteriorSources);
  if ((retrainLosses[loss] as LossSpec).prune === true && posterior === 'batch-loss' && o.fromAudit === undefined) {
    throw new UserError('option', `--loss ${loss} drops flagged samples, which needs a per-sample posterior: use --posterior audit, warmup or loss-history, not batch-loss`);
  }
  const keep = oneOf('--keep', o.keep ?? d.keep, keepChoices);
  if (keep === 'best-clean' && retrainLosses[loss].target === null && !(retrainLosses[loss] as LossSpec).prune && o.fromAudit === undefined) {
    throw new UserError(
      'option',
      `--keep best-clean needs a detector's verdict on who is clean, which --loss ${loss} has none of: pass --from-audit <report-dir> or a corrected --loss`,
    );
  }
  // Spelled out, not spread: the key order is retrain-report.json's `settings`, unchanged since version 1.
  return {
    label: t.label,
    id: t.id,
    features: t.features,
    maxCategories: t.maxCategories,
    encoding: t.encoding,
    loss,
    epochs,
    warmup,
    reg: numberInRange('--reg', o.reg ?? d.reg, 0, 100),
    mixupAlpha: positiveNumber('--mixup-alpha', o.mixupAlpha ?? d.mixupAlpha, { upTo: 1000 }),
    schedule: oneOf('--schedule', o.schedule ?? d.schedule, schedules),
    posterior,
    valSplit: fraction('--val-split', o.valSplit ?? d.valSplit),
    compare: o.compare ?? d.compare,
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    hidden: t.hidden,
    seed: t.seed,
    backend: t.backend,
    imageSize: t.imageSize,
    channels: t.channels,
    augment: t.augment,
    delimiter: t.delimiter,
    split: t.split,
    imageColumn: t.imageColumn,
    optimizer,
    weightDecay: numberInRange('--weight-decay', o.weightDecay ?? d.weightDecay, 0, 1),
    fromAudit: o.fromAudit ?? null,
    keep,
  };
}
