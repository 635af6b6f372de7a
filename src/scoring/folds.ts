/**
 * Out-of-fold scoring's split: every sample in one of k folds, each class dealt evenly over them
 * (stratified, as cleanlab's cross-validation), so that each fold's model has seen every class and
 * each fold holds its share of every class. Pure: no tfjs.
 */
import type { Rng } from '../util/rng.js';

/** The fold (0..k-1) of every sample: within each class a seeded shuffle, then dealt round-robin. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rng: Rng): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]!);
    if (members) members.push(i);
    else byClass.set(labels[i]!, [i]);
  }
  const fold = new Int32Array(labels.length);
  // Each class starts where the previous one stopped, so small classes do not all land in fold 0.
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of rng.shuffle(byClass.get(c)!)) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
