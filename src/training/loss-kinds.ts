/**
 * The closed list of retrain losses and what distinguishes them (see robust-losses.ts for the
 * formula). Pure data, no TensorFlow.js: the CLI builds its --loss choices from it.
 */

export type RetrainLoss =
  | 'ce'
  | 'static-hard'
  | 'static-soft'
  | 'dynamic-hard'
  | 'dynamic-soft'
  | 'mixup'
  | 'mixup-dynamic-hard'
  | 'mixup-dynamic-soft'
  | 'prune'
  | 'prune-dynamic-hard';

export type BootstrapWeight = { readonly kind: 'none' } | { readonly kind: 'static'; readonly weight: number } | { readonly kind: 'dynamic' };

export interface LossSpec {
  readonly description: string;
  readonly mixup: boolean;
  readonly bootstrap: BootstrapWeight;
  /** The model's own prediction used in the target; null when B is always 0. */
  readonly target: 'hard' | 'soft' | null;
  /**
   * After the warm-up, the samples the detector flags get weight 0 (cleanlab's CleanLearning: drop
   * them, train on the rest). @default false
   */
  readonly prune?: boolean;
}

export const retrainLosses = {
  ce: { description: 'plain cross-entropy', mixup: false, bootstrap: { kind: 'none' }, target: null },
  'static-hard': { description: 'Reed et al. hard bootstrapping, label weight 0.8', mixup: false, bootstrap: { kind: 'static', weight: 0.2 }, target: 'hard' },
  'static-soft': { description: 'Reed et al. soft bootstrapping, label weight 0.95', mixup: false, bootstrap: { kind: 'static', weight: 0.05 }, target: 'soft' },
  'dynamic-hard': { description: 'hard bootstrapping weighted by the BMM posterior', mixup: false, bootstrap: { kind: 'dynamic' }, target: 'hard' },
  'dynamic-soft': { description: 'soft bootstrapping weighted by the BMM posterior', mixup: false, bootstrap: { kind: 'dynamic' }, target: 'soft' },
  mixup: { description: 'mixup (Zhang et al.), no correction', mixup: true, bootstrap: { kind: 'none' }, target: null },
  'mixup-dynamic-hard': { description: 'M-DYR-H: mixup + dynamic hard bootstrapping', mixup: true, bootstrap: { kind: 'dynamic' }, target: 'hard' },
  'mixup-dynamic-soft': { description: 'M-DYR-S: mixup + dynamic soft bootstrapping', mixup: true, bootstrap: { kind: 'dynamic' }, target: 'soft' },
  prune: { description: 'prune-and-refit: drop the flagged samples, plain cross-entropy on the rest', mixup: false, bootstrap: { kind: 'none' }, target: null, prune: true },
  'prune-dynamic-hard': {
    description: 'drop the flagged samples, dynamic hard bootstrapping on the doubtful rest',
    mixup: false,
    bootstrap: { kind: 'dynamic' },
    target: 'hard',
    prune: true,
  },
} as const satisfies Record<RetrainLoss, LossSpec>;

export const RETRAIN_LOSSES = Object.keys(retrainLosses) as RetrainLoss[];
