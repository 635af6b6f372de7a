/**
 * The audit itself, run on retrain's training samples, as prune's detection where a detection
 * inside the run would be starved (retrain-correction.ts, tooFewSteps: under 1,153 rows).
 *
 * Why the whole audit and not the in-run detector: the audit's training has its own stop and
 * extension, the neighbours' vote and the clean-data guard, none of which the in-run detector
 * (warmup-detector.ts) has; and it trains at the audit's batch, not the run's. Measured on the
 * retrain suite's three small tables (Vowel, Soybean, Vehicle; 18 cases, seeds 1-3), prune on
 * the audit's flags gained +2.2 / +2.5 / +2.3 points of test accuracy over plain ce at 1.15-1.37x
 * its CPU, where a 20-epoch in-run stage (the best found before, `--warmup 20`) gained +2.1 / +1.9
 * / +1.4 at 1.25-1.50x (BENCHMARKS.md, "Retrain suite, fifth round"). On DNA and Digits, where
 * the in-run detection has its steps, the audit's flags were no better (DNA 60%: 50.2 vs 54.8),
 * so it stays there.
 */
import type { DatasetSlice, LabeledDataset } from '../data/dataset.js';
import { resolveAuditOptions, withRoomToStop } from '../options/audit.js';
import type { RetrainSettings } from '../options/retrain.js';
import { buildAuditResult } from '../reports/build-audit-report.js';
import { trainAudited } from './audit-training.js';

export interface AuditedRows {
  /** p(noisy) per training sample, in training order. */
  readonly pNoisy: Float64Array;
  /** 1 = flagged by the audit (its count, after the clean-data guard). */
  readonly flagged: Uint8Array;
  /** Epochs the audit trained, and why it ended. */
  readonly epochs: number;
  readonly ended: string;
}

/**
 * Audits `train` with the audit's defaults, the run's seed and hidden layers (so the model is the
 * one retrain trains), on one model: its flags are exactly what `labelsleuth audit` would flag on
 * these rows with `--seed` and `--hidden` the run's.
 */
export async function auditTrainingRows(train: DatasetSlice, source: LabeledDataset['source'], s: RetrainSettings, signal?: AbortSignal): Promise<AuditedRows> {
  const settings = withRoomToStop(resolveAuditOptions({ seed: s.seed, hidden: s.hidden, augment: s.augment }), train.labels.length, false);
  const dataset: LabeledDataset = {
    source,
    path: '(retrain training rows)',
    features: train.features,
    sampleShape: train.sampleShape,
    labels: train.labels,
    ids: train.ids,
    classNames: Array.from({ length: train.numClasses }, (_, k) => String(k)),
    warnings: [],
  };
  const training = await trainAudited({ dataset, settings, ...(signal ? { signal } : {}) });
  if (training.stopped) throw signal?.reason ?? new Error('training was stopped');
  const { report } = buildAuditResult(
    { settings, backend: null, dataset, ...training, timing: { loadSeconds: 0, trainSeconds: 0, totalSeconds: 0 }, tableOptionsGiven: false },
    Infinity,
  );
  const pNoisy = new Float64Array(train.labels.length);
  const flagged = new Uint8Array(train.labels.length);
  for (const sample of report.samples) {
    pNoisy[sample.index] = sample.pNoisy;
    flagged[sample.index] = sample.flagged ? 1 : 0;
  }
  const epochs = training.epochs.length;
  return { pNoisy, flagged, epochs, ended: training.stoppedEarly ?? `it ran its ${epochs} epochs` };
}
