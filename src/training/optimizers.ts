/**
 * The closed list of optimizers retrain can train with (--optimizer). Pure data, no TensorFlow.js:
 * option resolution and the CLI's choices read this table; train.ts builds the optimizer.
 *
 * Why SGD beside Adam: on the retrain suite's held-out tables the paper's SGD with momentum 0.9
 * and weight decay 1e-4 (method.md section 2) gave a plain cross-entropy several points above
 * Adam's at 40% noise (BENCHMARKS.md, "Retrain suite"): Adam's per-weight steps fit the wrong
 * labels of a small table within a few epochs.
 */
export type OptimizerKind = 'adam' | 'sgd';

export const optimizerDescriptions = {
  adam: 'Adam (β1 0.9, β2 0.999)',
  sgd: 'SGD with momentum 0.9 (the paper)',
} as const satisfies Record<OptimizerKind, string>;

export const OPTIMIZERS = Object.keys(optimizerDescriptions) as OptimizerKind[];

/** SGD's momentum, as the reference's train.py. */
export const SGD_MOMENTUM = 0.9;
