/**
 * Stops a run whose loss has blown up (too high a learning rate) before it produces a report that
 * looks normal but comes from a broken model. Cross-entropy starts near ln K and a healthy run
 * only lowers it, so a loss 10x above where it started, or not finite at all, means divergence.
 * (A dead-but-finite run, e.g. --lr 0.2 on Fashion-MNIST: 2.3 -> 143 over epoch 1 and chance
 * agreement afterwards, is caught too; --lr 0.05 peaks at 1.8x.)
 */
import { UserError } from '../errors.js';

/** An epoch whose mean loss exceeds this multiple of the first batch's loss has diverged. */
export const EPOCH_GROWTH_LIMIT = 10;
/** A single batch this far above the first one stops the run at once, without waiting for the epoch to end. */
export const BATCH_GROWTH_LIMIT = 1000;

export interface DivergenceWatch {
  batch(epoch: number, cost: number): void;
  epoch(epoch: number, meanLoss: number): void;
}

export function divergenceWatch(learningRate: number): DivergenceWatch {
  let first: number | undefined;
  const fail = (epoch: number, loss: number): never => {
    const grown = first === undefined || !Number.isFinite(loss) ? `became ${loss}` : `grew from ${first.toPrecision(3)} to ${loss.toPrecision(3)}`;
    throw new UserError(
      'option',
      `training diverged: the loss ${grown} in epoch ${epoch} at learning rate ${learningRate}; try a lower --lr (e.g. ${Number((learningRate / 10).toPrecision(2))})`,
    );
  };
  return {
    batch(epoch, cost) {
      if (!Number.isFinite(cost)) fail(epoch, cost);
      first ??= cost;
      if (cost > BATCH_GROWTH_LIMIT * first) fail(epoch, cost);
    },
    epoch(epoch, meanLoss) {
      if (!Number.isFinite(meanLoss) || (first !== undefined && meanLoss > EPOCH_GROWTH_LIMIT * first)) fail(epoch, meanLoss);
    },
  };
}
