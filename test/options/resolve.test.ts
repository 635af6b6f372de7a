import { describe, expect, it } from 'vitest';
import { backendChoices } from '../../src/backend/choices.js';
import { CHANNEL_CHOICES } from '../../src/data/channels.js';
import { UserError } from '../../src/errors.js';
import { auditDefaults, resolveAuditOptions, type AuditOptions } from '../../src/options/audit.js';
import {
  MIN_EPOCH_STEPS,
  POSTERIOR_SOURCES,
  SMALL_DATA_STEPS,
  resolveRetrainOptions,
  retrainBatchSize,
  retrainDefaults,
  SCHEDULES,
  type RetrainOptions,
} from '../../src/options/retrain.js';
import { trainingDefaults } from '../../src/options/training.js';
import { AGGREGATE_METHODS } from '../../src/scoring/aggregate.js';
import { RETRAIN_LOSSES } from '../../src/training/loss-kinds.js';

/** A library caller may pass anything: these tests type the wrong values the way JS would send them. */
const audit = (o: Record<string, unknown>) => resolveAuditOptions(o as AuditOptions);
const retrain = (o: Record<string, unknown>) => resolveRetrainOptions(o as RetrainOptions);

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).kind).toBe('option');
    return (e as UserError).message;
  }
  throw new Error('expected a UserError');
}

const commands = { audit, retrain } as const;

describe('resolveAuditOptions and resolveRetrainOptions', () => {
  it('fill in the documented defaults, keeping report.json key order', () => {
    const a = resolveAuditOptions();
    expect(a).toEqual({ ...auditDefaults, id: null, features: null, split: null, imageColumn: null });
    expect(Object.keys(a)).toEqual([
      'label',
      'id',
      'features',
      'epochs',
      'batchSize',
      'learningRate',
      'hidden',
      'seed',
      'threshold',
      'aggregate',
      'backend',
      'maxCategories',
      'encoding',
      'imageSize',
      'channels',
      'augment',
      'stop',
      'folds',
      'delimiter',
      'split',
      'imageColumn',
      'neighbours',
    ]);
    const r = resolveRetrainOptions();
    expect(r).toEqual({ ...retrainDefaults, id: null, features: null, split: null, imageColumn: null });
    expect(r.epochs).toBe(30);
    expect(Object.keys(r)).toEqual([
      'label',
      'id',
      'features',
      'maxCategories',
      'encoding',
      'loss',
      'epochs',
      'warmup',
      'reg',
      'mixupAlpha',
      'schedule',
      'posterior',
      'valSplit',
      'compare',
      'batchSize',
      'learningRate',
      'hidden',
      'seed',
      'backend',
      'imageSize',
      'channels',
      'augment',
      'delimiter',
      'split',
      'imageColumn',
      'optimizer',
      'weightDecay',
      'fromAudit',
      'keep',
    ]);
    // Both commands share every training default but the epochs (the audit's maximum, for its stop rule; retrain's longer run).
    for (const [key, value] of Object.entries(trainingDefaults)) {
      if (key === 'epochs') continue;
      expect((a as unknown as Record<string, unknown>)[key]).toEqual(value);
      expect((r as unknown as Record<string, unknown>)[key]).toEqual(value);
    }
  });

  it("copy the caller's arrays, so changing them later cannot change the settings", () => {
    const hidden = [16];
    const features = ['p1'];
    const s = resolveAuditOptions({ hidden, features });
    hidden.push(8);
    features.push('p2');
    expect(s.hidden).toEqual([16]);
    expect(s.features).toEqual(['p1']);
  });

  describe.each(Object.entries(commands))('%s: the shared rules', (_name, resolve) => {
    it.each([
      ['epochs', -3, '--epochs must be a whole number from 1 to 10000, got -3'],
      ['learningRate', 0, '--lr must be a positive number below 10, got 0'],
      ['seed', -1, '--seed must be a whole number from 0 to 4294967295, got -1'],
      ['hidden', [64, 0], '--hidden sizes must be whole numbers from 1 to 65536, got 0'],
      ['maxCategories', 0, '--max-categories must be a whole number from 1 to 100000, got 0'],
      ['maxCategories', 100001, '--max-categories must be a whole number from 1 to 100000, got 100001'],
      ['maxCategories', 2.5, '--max-categories must be a whole number from 1 to 100000, got 2.5'],
      ['imageSize', 30, '--image-size must be a multiple of 4 from 8 to 256 (the CNN halves it twice), got 30'],
      ['backend', 'gpu', `--backend must be one of ${backendChoices.join(', ')}, got gpu`],
      ['channels', 'grey', `--channels must be one of ${CHANNEL_CHOICES.join(', ')}, got grey`],
    ])('rejects %s = %j', (key, value, expected) => {
      expect(message(() => resolve({ [key]: value }))).toBe(expected);
    });

    it('accepts the largest batch and rejects one past it', () => {
      expect(resolve({ batchSize: 65536 }).batchSize).toBe(65536);
      expect(message(() => resolve({ batchSize: 65537 }))).toMatch(/^--batch-size must be a whole number from [12] to 65536, got 65537$/);
    });
  });

  it('batch size: the audit trains on batches of one, retrain needs two (mixup and the regulariser are batch statistics)', () => {
    expect(resolveAuditOptions({ batchSize: 1 }).batchSize).toBe(1);
    expect(message(() => resolveAuditOptions({ batchSize: 0 }))).toBe('--batch-size must be a whole number from 1 to 65536, got 0');
    expect(resolveRetrainOptions({ batchSize: 2 }).batchSize).toBe(2);
    expect(message(() => resolveRetrainOptions({ batchSize: 1 }))).toBe('--batch-size must be a whole number from 2 to 65536, got 1');
  });

  it('max categories: retrain checks it too, and keeps a valid one', () => {
    expect(resolveRetrainOptions({ maxCategories: 7 }).maxCategories).toBe(7);
    expect(message(() => resolveRetrainOptions({ maxCategories: -1 }))).toBe('--max-categories must be a whole number from 1 to 100000, got -1');
  });

  it('audit: validates the threshold and every aggregate method against the table', () => {
    expect(message(() => audit({ threshold: 1.5 }))).toBe('--threshold must be a probability in [0, 1], got 1.5');
    for (const aggregate of AGGREGATE_METHODS) expect(resolveAuditOptions({ aggregate }).aggregate).toBe(aggregate);
    expect(message(() => audit({ aggregate: 'meen-loss' }))).toBe('--aggregate must be one of mean-margin, last, mean-loss, mean-posterior, got meen-loss');
  });

  it('retrain: validates loss, schedule and posterior against their tables', () => {
    for (const loss of RETRAIN_LOSSES) expect(resolveRetrainOptions({ loss }).loss).toBe(loss);
    for (const schedule of SCHEDULES) expect(resolveRetrainOptions({ schedule }).schedule).toBe(schedule);
    for (const posterior of POSTERIOR_SOURCES) expect(resolveRetrainOptions({ loss: 'dynamic-hard', posterior }).posterior).toBe(posterior);
    expect(message(() => retrain({ loss: 'dynamic-hrad' }))).toBe(`--loss must be one of ${RETRAIN_LOSSES.join(', ')}, got dynamic-hrad`);
    expect(message(() => retrain({ schedule: 'cosine' }))).toBe('--schedule must be one of constant, step, got cosine');
    expect(message(() => retrain({ posterior: 'batch' }))).toBe('--posterior must be one of audit, warmup, loss-history, batch-loss, got batch');
    // Checked even when the loss would never read it: a typo is a typo.
    expect(message(() => retrain({ loss: 'ce', posterior: 'batch' }))).toMatch(/^--posterior must be one of/);
  });

  it('retrain: its own numeric options keep their rules', () => {
    expect(message(() => retrain({ valSplit: 1 }))).toBe('--val-split must be a fraction strictly between 0 and 1, got 1');
    expect(message(() => retrain({ reg: 101 }))).toBe('--reg must be a number from 0 to 100, got 101');
    expect(message(() => retrain({ mixupAlpha: 0 }))).toBe('--mixup-alpha must be a positive number up to 1000, got 0');
    expect(message(() => retrain({ loss: 'dynamic-hard', epochs: 5, warmup: 5 }))).toMatch(/^--warmup must be auto or a whole number from 1 to 4, got 5 \(a dynamic loss needs/);
    expect(message(() => retrain({ epochs: 1, warmup: 'auto' }))).toBe('--warmup auto needs --epochs 2 or more (one to warm up, one to correct), got 1');
    expect(message(() => retrain({ loss: 'prune', posterior: 'batch-loss' }))).toMatch(/^--loss prune drops flagged samples, which needs a per-sample posterior/);
    expect(message(() => retrain({ optimizer: 'rmsprop' }))).toBe('--optimizer must be one of adam, sgd, got rmsprop');
    expect(message(() => retrain({ weightDecay: 2 }))).toBe('--weight-decay must be a number from 0 to 1, got 2');
    expect(resolveRetrainOptions({ loss: 'ce', epochs: 5, warmup: 5 }).warmup).toBe(5);
    expect(resolveRetrainOptions({ epochs: 2 }).warmup).toBe('auto');
    expect(resolveRetrainOptions({ epochs: 2, warmup: 1 }).warmup).toBe(1);
  });
});

describe("retrain's batch for small tables (retrainBatchSize)", () => {
  it('gives a table under 10 steps an epoch at 128 an epoch of 25 steps, never under 2 rows; keeps 128 from 1,153 rows; a given batch wins', () => {
    expect(MIN_EPOCH_STEPS).toBe(25);
    expect(SMALL_DATA_STEPS).toBe(10);
    expect(retrainBatchSize(8001)).toBe(128); // Fashion-MNIST 10k's training rows
    expect(retrainBatchSize(2549)).toBe(128); // DNA
    expect(retrainBatchSize(1438)).toBe(128); // Digits: 12 steps at 128
    expect(retrainBatchSize(1153)).toBe(128); // 10 steps at 128
    expect(retrainBatchSize(1152)).toBe(47); // 9 steps at 128
    expect(retrainBatchSize(792)).toBe(32); // Vowel
    expect(retrainBatchSize(677)).toBe(28); // Vehicle
    expect(retrainBatchSize(546)).toBe(22); // Soybean
    expect(retrainBatchSize(10)).toBe(2);
    expect(retrainBatchSize(792, 128)).toBe(128);
    expect(retrainBatchSize(8001, 16)).toBe(16);
  });
});
