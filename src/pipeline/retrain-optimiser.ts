/**
 * How a retrain steps, read from its settings in one place: the run's own training and prune's
 * detecting warm-up must step alike (the same optimizer, weight decay and schedule), or the
 * warm-up would judge the samples by a model unlike the one the refit trains.
 */
import type { RetrainSettings } from '../options/retrain.js';
import { schedules } from '../training/lr-schedules.js';
import type { TrainConfig } from '../training/train.js';
import type { Rng } from '../util/rng.js';

export function optimiserConfig(
  s: RetrainSettings,
  rng: Rng,
  signal: AbortSignal | undefined,
): Pick<TrainConfig, 'epochs' | 'batchSize' | 'learningRate' | 'optimizer' | 'weightDecay' | 'rng' | 'schedule' | 'signal'> {
  return {
    ...(signal ? { signal } : {}),
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    optimizer: s.optimizer,
    weightDecay: s.weightDecay,
    rng,
    schedule: schedules[s.schedule](s.epochs),
  };
}
