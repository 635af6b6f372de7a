/**
 * When a retrain run stops training plain cross-entropy and what p(noisy) / flags it corrects
 * with: one object per run that the training loop asks before every epoch and tells after it.
 * No tfjs: each epoch's inference pass over the training set comes in as plain arrays.
 *
 * Three sources of the posterior:
 * - a saved audit (`--from-audit`): known before the first epoch; prune drops its flags from
 *   epoch 1 (no warm-up), bootstrapping still waits for a warm-up (a fresh model's own
 *   predictions are noise);
 * - `--posterior audit`: the audit's detection computed over the warm-up (warmup-detector.ts);
 * - the loss-mixture sources (`warmup`, `loss-history`, `batch-loss`, posterior-source.ts).
 * The warm-up is a fixed count or `auto`, the memorization rule (warmup-detector.ts).
 */
import type { RetrainSettings } from '../options/retrain.js';
import type { RunDetection } from '../reports/retrain-report.js';
import type { LossSpec } from '../training/loss-kinds.js';
import { posteriorTracker, type SamplePosterior } from '../training/posterior-source.js';
import { warmupDetector, type Detection, type EpochPass } from '../training/warmup-detector.js';
import { meanPNoisy } from '../scoring/noise-estimate.js';
import { MIN_STEPS } from '../scoring/stopping.js';

/** A saved audit's verdict on the training samples, in training order. */
export interface GivenDetection {
  readonly path: string;
  readonly pNoisy: Float64Array;
  readonly flagged: Uint8Array;
}

/**
 * The audit's detection is not run when a third of the run holds fewer than the audit's 100
 * gradient steps; the run is then plain cross-entropy, at no extra cost. Measured on the retrain
 * suite, the three small tables where that is so (Vowel 70, Vehicle 60, Soybean 50 steps; 546-792
 * rows): an in-run warm-up lost to ce with it; prune's detection stage given its step budget
 * (DETECTION_STEPS) gained 4.7-10.2 points over ce at 40% noise there but lost 1.0-4.5 points at
 * 20% and instance-dependent 30% (Vowel 20% 68.2 vs 69.2, Vowel instance 47.0 vs 51.5, Vehicle 20%
 * 73.4 vs 76.3, Vehicle instance 67.5 vs 69.8), where the issue allows 0.5: at the noise most data
 * has, doing no harm comes first (BENCHMARKS.md, "Retrain suite, second round"). `--warmup N` still
 * runs a detection of N epochs on such data.
 */
export const tooFewSteps = (stepsPerEpoch: number, maxWarmup: number): boolean => stepsPerEpoch * maxWarmup < MIN_STEPS;

/**
 * The batch tooFewSteps counts steps at: the 128 it was measured with, not the run's own. Since the batch follows the
 * rows (options/retrain.ts, retrainBatchSize) a small table's third of the run holds 250 steps, yet its detection still
 * lost to plain ce there (batch from the rows, third round: Vehicle 40% 65.7 vs 72.8, Vowel 60% 39.9 vs 52.5, Soybean
 * instance 79.6 vs 88.3; BENCHMARKS.md), so what the rule guards is too few rows for the detection, and a smaller
 * batch does not lift it: under 1,153 training rows (10 epochs of a 30-epoch run) the run stays plain cross-entropy.
 */
export const DETECTION_BATCH = 128;

/** An epoch's steps at DETECTION_BATCH, from the run's steps at its own batch (the rows they hold, rounded up to whole batches). */
export const stepsAtDetectionBatch = (stepsPerEpoch: number, batchSize: number): number => Math.ceil((stepsPerEpoch * batchSize) / DETECTION_BATCH);

/**
 * prune's detection is a stage of its own (the refit starts a fresh model), so it need not end
 * with the run's first third: its longest length is that third or DETECTION_STEPS gradient steps,
 * whichever is longer, trained at the peak rate like the audit. Why a step budget: where a third of
 * the run holds only 100-200 steps (Digits, 12 steps an epoch: 120) the audit's memorization rule
 * may not have fired yet, and a stage cut there is a model still learning its clean labels; given
 * 200 steps Digits' stage runs up to 17 epochs, and with the step-kept refit (prune-refit.ts) prune
 * went from 94.2/88.6/89.1% to 95.5/91.1/90.8% at 20% symmetric, instance and pair noise
 * (BENCHMARKS.md, second round). On DNA and Fashion-MNIST a third of the run already holds 200
 * steps and nothing changes; below 100 steps in a third the detection is not run (tooFewSteps).
 */
export const DETECTION_STEPS = 200;

/** The longest auto warm-up: a third of the run (the reference's share, method.md section 2), at least 1 epoch, and short of the last. */
const thirdOfRun = (epochs: number): number => Math.max(1, Math.min(epochs - 1, Math.round(epochs / 3)));

/** The longest detection stage of prune, in epochs (DETECTION_STEPS). */
export const longestDetection = (epochs: number, stepsPerEpoch: number): number => Math.max(thirdOfRun(epochs), Math.ceil(DETECTION_STEPS / stepsPerEpoch));

export interface Correction {
  /** True when the detection was skipped for too few steps (tooFewSteps): the run is plain training from the start. */
  readonly starved: boolean;
  /** Epoch (1-based) trains with the correction: past the warm-up, and not gated off. */
  corrects(epoch: number): boolean;
  /** Epoch is part of the warm-up: dynamic kinds train unmixed then, so the posterior is fitted on unmixed training. */
  warmingUp(epoch: number): boolean;
  /** Whether the loop must run an inference pass over the training set after this epoch. */
  needsPass(epoch: number): boolean;
  /** After an epoch, with its pass when needsPass asked for one. Returns the estimated noise, if known, and a note to warn with. */
  after(epoch: number, pass: EpochPass | undefined): { readonly estimatedNoise: number | null; readonly note?: string };
  readonly posterior: SamplePosterior | undefined;
  /** What the report says about where the correction came from. */
  summary(): RunDetection | undefined;
}

export interface CorrectionRequest {
  readonly spec: LossSpec;
  readonly settings: RetrainSettings;
  readonly labels: ArrayLike<number>;
  readonly classes: number;
  readonly stepsPerEpoch: number;
  readonly given?: GivenDetection;
  /** prune's separate detection stage: its longest warm-up is longestDetection's. */
  readonly detectionStage?: boolean;
}

/**
 * The loss an epoch trains with: a dynamic kind's warm-up epochs train unmixed, so that the posterior
 * and its gate are fitted on the losses of a model trained on the samples themselves, not on mixup's
 * blends, which pull every sample's loss toward the middle and merge the two populations (issue 17:
 * M-DYR-H's gate saw one population where the unmixed warm-up saw two). Plain mixup stays mixed.
 */
export function epochSpec(spec: LossSpec, warmingUp: boolean): LossSpec {
  return spec.mixup && spec.bootstrap.kind === 'dynamic' && warmingUp ? { ...spec, mixup: false } : spec;
}

/**
 * The posterior of a detection. Gated (the run is plain cross-entropy) when nothing is flagged, or
 * when `untrusted`: an auto warm-up that reached its longest length with the model's agreement
 * still short of the share of labels believed right by more than 2% of that share. Such a model is
 * still learning the clean labels, so its margins flag hard clean samples with the wrong ones:
 * measured on Vowel at 40% (Adam, warm-up 10 of 30 epochs; agreement 42.3% of 44.6% believed right,
 * a share of 0.95), prune dropped 47% of the rows and ended at 35.4% against ce's 57.6%; Soybean 40%
 * was at 0.96. Fashion-MNIST 40% reached 0.99 (62.5% of 63.2%), and its detection was good (prune
 * 84.2% against ce's 76.9%). Three cases: the 0.98 cut-off between them is thinly measured.
 */
export const TRUSTED_AGREEMENT_SHARE = 0.98;

const fromDetection = (d: Pick<Detection, 'pNoisy' | 'flagged' | 'count'>, untrusted = false): SamplePosterior => {
  const gated = d.count === 0 || untrusted;
  return {
    kind: 'by-sample',
    posterior: gated ? new Float64Array(d.pNoisy.length) : d.pNoisy,
    estimatedNoise: d.flagged.length > 0 ? d.count / d.flagged.length : 0,
    noiseDetected: d.count > 0,
    gated,
    flagged: gated ? new Uint8Array(d.flagged.length) : d.flagged,
  };
};

export function correctionFor(r: CorrectionRequest): Correction | undefined {
  const { spec, settings: s } = r;
  const uses = spec.bootstrap.kind === 'dynamic' || spec.prune === true;
  if (!uses && spec.target === null) return undefined;
  const maxWarmup = r.detectionStage ? longestDetection(s.epochs, r.stepsPerEpoch) : thirdOfRun(s.epochs);
  const pruneOnly = spec.prune === true && spec.bootstrap.kind === 'none';
  let warmupEnd: number | undefined = r.given && pruneOnly ? 0 : typeof s.warmup === 'number' ? s.warmup : undefined;
  // Too few steps for the audit's detection to be trusted: decided before training, so it costs nothing. The
  // detection stage is held to the same third of the run: its budget lengthens a detection that would run anyway.
  const starved = !r.given && s.posterior === 'audit' && s.warmup === 'auto' && tooFewSteps(stepsAtDetectionBatch(r.stepsPerEpoch, s.batchSize), thirdOfRun(s.epochs));
  const detector = warmupDetector({
    classes: r.classes,
    labels: r.labels,
    stepsPerEpoch: r.stepsPerEpoch,
    warmup: s.warmup,
    maxEpochs: maxWarmup,
    // A detection stage lengthened by the step budget waits for the audit's step minimum: at half of it (the
    // in-run warm-up's) the rule ended the small tables' stages at epochs 8-10 on models still underfitted
    // (clean Vowel: 34 rows flagged, Vehicle 40% lost 6.5 points to ce). Where a third of the run holds the
    // budget, the in-run warm-up's 50 stays: DNA memorises within 60 steps, and at 100 prune lost 3-8 points at
    // 20-60% noise (88.5% vs 92.2%, 82.0% vs 85.2%, 46.2% vs 54.8%).
    ...(r.detectionStage && maxWarmup > thirdOfRun(s.epochs) ? { minSteps: MIN_STEPS } : {}),
  });
  // The agreement check guards an in-run warm-up cut at a third of the run; a detection stage given its step
  // budget is trusted as the audit trusts a run that never memorised (Soybean 40%: 183 rows flagged, prune 88.3%
  // against ce's 78.1%, where the check had turned it off).
  const untrusted = (d: Detection) => !r.detectionStage && s.warmup === 'auto' && !d.byRule && d.agreementShare < TRUSTED_AGREEMENT_SHARE;
  const source = r.given ? 'from-audit' : s.posterior;
  const tracker = uses && !r.given && s.posterior !== 'audit' ? posteriorTracker(s.posterior, () => warmupEnd ?? Infinity) : undefined;
  let posterior: SamplePosterior | undefined = r.given
    ? fromDetection({ ...r.given, count: r.given.flagged.reduce((a, b) => a + b, 0) })
    : starved
      ? fromDetection({ pNoisy: new Float64Array(r.labels.length), flagged: new Uint8Array(r.labels.length), count: 0 })
      : undefined;
  if (starved) warmupEnd = 0;
  let ended: Detection | undefined;
  const gated = () => posterior?.kind === 'by-sample' && posterior.gated;
  const over = (epoch: number) => warmupEnd !== undefined && epoch > warmupEnd;
  return {
    corrects: (epoch) => over(epoch) && !gated(),
    warmingUp: (epoch) => !over(epoch),
    needsPass: (epoch) => !over(epoch) || (tracker?.needsLosses(epoch) ?? false),
    after(epoch, pass) {
      let note: string | undefined;
      if (pass && !over(epoch)) {
        const d = detector.observe(epoch, pass);
        if (d) {
          ended = d;
          warmupEnd = epoch;
          if (source === 'audit') posterior = fromDetection(d, untrusted(d));
        }
      }
      if (tracker && pass && tracker.needsLosses(epoch)) posterior = tracker.update(epoch, pass.losses);
      if (warmupEnd === epoch && gated() && uses) {
        const plain = spec.mixup ? 'mixup' : 'cross-entropy';
        note =
          source === 'audit'
            ? `${ended?.byRule === false && s.warmup === 'auto' ? 'the model had not started to memorise wrong labels by the end of the longest warm-up, so its detection is not trusted' : "the warm-up's detection counted no wrong labels"} and the correction is off: the rest of the run is plain ${plain}`
            : `the warm-up losses show no separate group of wrong labels (one population of losses), so bootstrapping is off: the rest of the run is plain ${plain}`;
      }
      return { estimatedNoise: posterior ? (posterior.kind === 'by-sample' ? meanPNoisy(posterior.posterior) : posterior.estimatedNoise) : null, ...(note ? { note } : {}) };
    },
    get posterior() {
      return posterior;
    },
    starved,
    summary() {
      if (!uses) return undefined;
      const flagged = posterior?.kind === 'by-sample' ? posterior.flagged.reduce((a, b) => a + b, 0) : null;
      return {
        source,
        ...(r.given ? { report: r.given.path } : {}),
        warmupEpochs: warmupEnd ?? null,
        warmupEnded:
          ended?.reason ??
          (r.given && pruneOnly
            ? 'the saved audit flags were known before training'
            : starved
              ? `no warm-up: its longest length (${maxWarmup} epochs) holds ${stepsAtDetectionBatch(r.stepsPerEpoch, s.batchSize) * maxWarmup} gradient steps at batch ${DETECTION_BATCH}, fewer than the ${MIN_STEPS} the detection needs (too few rows), so the run is plain cross-entropy`
              : null),
        flagged,
        gated: gated(),
      };
    },
  };
}
