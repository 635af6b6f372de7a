/**
 * The audit's detection, run inside retrain's warm-up (`--posterior audit`), and the measured end
 * of the warm-up (`--warmup auto`). No tfjs: each epoch's inference pass over the training set
 * in, a verdict out.
 *
 * Why the audit's scoring and not the loss mixture the `warmup` source fits: on the quality suite
 * the margin of the probabilities averaged over training, with confident learning's count of how
 * many to flag, found the wrong labels of small tables where one loss mixture saw one population
 * and turned bootstrapping off (BENCHMARKS.md). Why the memorization rule ends the warm-up: a
 * network fits the clean labels first; once its agreement with the given labels passes the share
 * believed right it is fitting the wrong ones, and a posterior read after that point has already
 * lost them (scoring/stopping.ts). An epoch count cannot know when that is: DNA reaches it at
 * epoch 3, Vowel not by 40.
 */
import { fitLossMixture } from '../mixture/loss-mixture.js';
import { aggregateScores } from '../scoring/aggregate.js';
import { clearFlags } from '../scoring/clarity.js';
import { confidentJoint } from '../scoring/confident-joint.js';
import { meanPNoisy } from '../scoring/noise-estimate.js';
import { rankByScore } from '../scoring/rank.js';
import { MIN_STEPS, stopReason, type EpochEvidence } from '../scoring/stopping.js';
import { accuracy } from '../scoring/accuracy.js';

/** What one inference pass said about every training sample. */
export interface EpochPass {
  readonly losses: Float32Array;
  readonly predictions: Int32Array;
  /** Row-major n x classes. */
  readonly probabilities: Float32Array;
}

/** The in-run audit's verdict, once the warm-up has ended. */
export interface Detection {
  /** p(noisy)-like score per training sample, in [0, 1] (mean-margin through the BMM; higher = more likely wrong). */
  readonly pNoisy: Float64Array;
  /** 1 = flagged: the `count` highest scores. */
  readonly flagged: Uint8Array;
  /** Confident learning's calibrated count of wrong labels, rounded. */
  readonly count: number;
  /** The warm-up's last epoch (1-based). */
  readonly epoch: number;
  /** Why the warm-up ended then. */
  readonly reason: string;
  /** True when the memorization rule ended it; false for a fixed count or the longest auto warm-up. */
  readonly byRule: boolean;
  /** Auto: the last epoch's agreement with the labels over the share believed right (1 for a fixed warm-up). */
  readonly agreementShare: number;
}

/** The auto warm-up waits for this many gradient steps (the audit's rule waits for MIN_STEPS). */
export const WARMUP_MIN_STEPS = 50;

export interface WarmupDetectorOptions {
  readonly classes: number;
  readonly labels: ArrayLike<number>;
  /** Gradient steps per epoch (the auto warm-up waits for WARMUP_MIN_STEPS). */
  readonly stepsPerEpoch: number;
  /** The gradient steps the rule waits for. @default WARMUP_MIN_STEPS */
  readonly minSteps?: number;
  /** A fixed warm-up length, or 'auto': the memorization rule, within [1, maxEpochs]. */
  readonly warmup: number | 'auto';
  /** The longest auto warm-up (and the rule's fallback). */
  readonly maxEpochs: number;
}

export interface WarmupDetector {
  /** Takes one epoch's pass; returns the detection when the warm-up ends with this epoch. */
  observe(epoch: number, pass: EpochPass): Detection | undefined;
}

/** The mean-margin score and the confident-joint count over the epochs seen, as the audit computes them. */
export function detectFromPasses(
  losses: readonly Float32Array[],
  probabilitySum: Float64Array,
  labels: ArrayLike<number>,
  classes: number,
): Omit<Detection, 'epoch' | 'reason' | 'byRule' | 'agreementShare'> {
  const epochs = losses.length;
  const mean = probabilitySum.map((v) => v / epochs);
  const scored = aggregateScores(losses, { method: 'mean-margin', probabilities: { values: mean, labels, classes } });
  const issues = confidentJoint(mean, labels, classes).issues;
  const { order } = rankByScore(scored.score, scored.tieBreak);
  // The audit's clean-data guard (scoring/clarity.ts): on (almost) clean data the count holds the
  // model's honest confusions, and pruning them changes the run for nothing (DNA 0%: 4 rows dropped,
  // 0.6 points lost to ce); the tie-break is the averaged margin the guard reads.
  const { count } = clearFlags(order, Math.round(issues), scored.tieBreak, labels.length > 0 ? issues / labels.length : 0);
  const flagged = new Uint8Array(labels.length);
  for (let r = 0; r < count; r++) flagged[order[r]!] = 1;
  return { pNoisy: scored.score, flagged, count };
}

export function warmupDetector(o: WarmupDetectorOptions): WarmupDetector {
  const losses: Float32Array[] = [];
  const probabilitySum = new Float64Array(o.labels.length * o.classes);
  let done = false;
  return {
    observe(epoch, pass) {
      if (done) return undefined;
      losses.push(pass.losses);
      for (let i = 0; i < probabilitySum.length; i++) probabilitySum[i]! += pass.probabilities[i]!;
      let reason: string | undefined;
      let byRule = false;
      let agreementShare = 1;
      if (o.warmup === 'auto') {
        const fit = fitLossMixture(pass.losses);
        const evidence: EpochEvidence = {
          epoch,
          agreement: accuracy(pass.predictions, o.labels),
          estimatedNoise: meanPNoisy(fit.posteriors(pass.losses)),
          confidentNoise: confidentJoint(probabilitySum, o.labels, o.classes).issues / o.labels.length,
          // Half the audit's 100-step minimum (WARMUP_MIN_STEPS), measured on the retrain suite: at 100, DNA
          // (18 steps an epoch) trained plainly to epoch 6, well past memorising (test accuracy 87% at epoch
          // 3-4), and prune ended 3 points lower (81.6% vs 85.1% at 40%); with no minimum, Vehicle (6 steps an
          // epoch) stopped at epoch 3 on a model that agreed with 44% of its labels, and prune lost 25 points.
          steps: (epoch * o.stepsPerEpoch * MIN_STEPS) / (o.minSteps ?? WARMUP_MIN_STEPS),
        };
        reason = stopReason('memorization', evidence);
        byRule = reason !== undefined;
        const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
        const believed = 1 - Math.max(evidence.estimatedNoise, evidence.confidentNoise);
        reason ??=
          epoch >= o.maxEpochs
            ? `the longest warm-up (${o.maxEpochs} epochs) was reached, the model had not started to memorise (it agreed with ${pct(evidence.agreement)} of the labels, ${pct(believed)} are believed right)`
            : undefined;
        agreementShare = evidence.agreement / believed;
      } else if (epoch >= o.warmup) reason = `the fixed warm-up of ${o.warmup} epochs ended`;
      if (reason === undefined) return undefined;
      done = true;
      return { ...detectFromPasses(losses, probabilitySum, o.labels, o.classes), epoch, reason, byRule, agreementShare };
    },
  };
}
