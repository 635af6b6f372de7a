/**
 * The one place that wires load -> train -> per-epoch losses -> mixture -> scores -> report.
 * The CLI and the library API both call runAudit; writing files is a separate step (writeAudit).
 */
import { initBackend, type BackendInfo } from '../backend/select.js';
import { classCounts, sampleSize, type LabeledDataset } from '../data/dataset.js';
import { loadTruth } from '../data/truth.js';
import { fitLossMixture } from '../mixture/loss-mixture.js';
import { normalizeLoss } from '../mixture/normalize.js';
import { buildModel, type ModelSpec } from '../models/registry.js';
import { defaultSmallCnnSpec } from '../models/small-cnn.js';
import { imageAugment } from '../training/augment.js';
import { REPORT_KIND, REPORT_VERSION, type EpochRecord, type LabelNoiseReport, type SampleVerdict } from '../reports/report.js';
import { aggregateScores } from '../scoring/aggregate.js';
import { evaluateScores } from '../scoring/evaluate.js';
import { estimateNoise, meanPNoisy } from '../scoring/noise-estimate.js';
import { rankByScore } from '../scoring/rank.js';
import { computeSampleSignals, type SampleSignals } from '../training/per-sample-loss.js';
import { trainModel } from '../training/train.js';
import { createRng } from '../util/rng.js';
import { toolVersion } from '../version.js';
import { resolveAuditOptions, type AuditOptions } from '../options/audit.js';
import { loadDataset } from './load-dataset.js';

/** Progress the caller may show; the pipeline itself never prints. */
export type AuditEvent =
  | { readonly kind: 'backend'; readonly backend: BackendInfo }
  | { readonly kind: 'decode'; readonly done: number; readonly total: number }
  | { readonly kind: 'loaded'; readonly rows: number; readonly features: number; readonly classes: number }
  | { readonly kind: 'batch'; readonly epoch: number; readonly epochs: number; readonly batch: number; readonly batches: number }
  | { readonly kind: 'epoch'; readonly epochs: number; readonly record: EpochRecord };

export interface AuditRequest extends AuditOptions {
  /** The dataset: a CSV file, or a folder with one subfolder of images per class. */
  readonly path: string;
  /** Known truth (`id,is_noisy` or `id,true_label`) to score the audit against. */
  readonly truth?: string;
  readonly onEvent?: (e: AuditEvent) => void;
}

export interface AuditResult {
  readonly report: LabelNoiseReport;
  readonly dataset: LabeledDataset;
  /** Every sample's cross-entropy after each epoch, in input order (for plots and benchmarks). */
  readonly epochLosses: readonly Float32Array[];
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

export async function runAudit(request: AuditRequest): Promise<AuditResult> {
  const started = performance.now();
  const settings = resolveAuditOptions(request);
  const emit = request.onEvent ?? (() => {});
  const ds = await loadDataset(request.path, settings, (done, total) => emit({ kind: 'decode', done, total }));
  const images = ds.source === 'image-folder';
  const givenNames = Array.from(ds.labels, (l) => ds.classNames[l]!);
  // Read the truth before training, so that a bad truth file fails in a second, not after minutes.
  const truth = request.truth === undefined ? undefined : await loadTruth(request.truth, ds.ids, givenNames);
  const loadSeconds = seconds(started);
  // The backend starts only once the input is known to be good: a bad file fails with one line.
  const backend = await initBackend(settings.backend);
  emit({ kind: 'backend', backend });
  emit({ kind: 'loaded', rows: ds.labels.length, features: sampleSize(ds), classes: ds.classNames.length });

  const rng = createRng(settings.seed);
  const data = { features: ds.features, sampleShape: ds.sampleShape, labels: ds.labels, numClasses: ds.classNames.length };
  const spec: ModelSpec = images ? defaultSmallCnnSpec : { kind: 'mlp', hidden: settings.hidden };
  const model = buildModel(spec, ds.sampleShape, data.numClasses, rng);
  const augment = images && settings.augment ? imageAugment() : undefined;
  const epochLosses: Float32Array[] = [];
  const epochs: EpochRecord[] = [];
  let last: SampleSignals | undefined;
  const trainStarted = performance.now();
  try {
    await trainModel(
      model,
      data,
      { epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, rng, ...(augment ? { augment } : {}) },
      {
        onBatchEnd: (epoch, batch, batches) => emit({ kind: 'batch', epoch, epochs: settings.epochs, batch, batches }),
        onEpochEnd: (info) => {
          const signals = computeSampleSignals(model, data, Math.max(settings.batchSize, 512));
          const fit = fitLossMixture(signals.losses);
          const posterior = fit.posteriors(signals.losses);
          let agree = 0;
          for (let i = 0; i < ds.labels.length; i++) if (signals.predictions[i] === ds.labels[i]) agree++;
          const record: EpochRecord = {
            epoch: info.epoch,
            trainLoss: info.trainLoss,
            agreement: agree / ds.labels.length,
            estimatedNoise: meanPNoisy(posterior),
            seconds: info.seconds,
            mixture: fit.summary,
          };
          epochLosses.push(signals.losses);
          epochs.push(record);
          last = signals;
          emit({ kind: 'epoch', epochs: settings.epochs, record });
        },
      },
    );
  } finally {
    model.dispose();
  }
  const trainSeconds = seconds(trainStarted);
  if (!last) throw new Error('training ran no epoch');

  const aggregated = aggregateScores(epochLosses, { method: settings.aggregate });
  const pNoisy = aggregated.score;
  const finalFit = aggregated.mixtures[aggregated.mixtures.length - 1]!;
  const { order, rank } = rankByScore(pNoisy, aggregated.tieBreak);
  const flagged = Uint8Array.from(pNoisy, (p) => (p >= settings.threshold ? 1 : 0));
  const estimate = estimateNoise(
    { pNoisy, labels: ds.labels, predicted: last.predictions, classNames: ds.classNames },
    { threshold: settings.threshold },
  );
  // What the final mixture saw: mean-loss fits the averaged normalised loss (its tieBreak); last and
  // mean-posterior end with a fit on the last epoch's raw losses.
  const fittedOn = settings.aggregate === 'mean-loss' ? aggregated.tieBreak : epochLosses[epochLosses.length - 1]!;
  const samples: SampleVerdict[] = Array.from(order, (i) => ({
    rank: rank[i]!,
    index: i,
    id: ds.ids[i]!,
    givenLabel: givenNames[i]!,
    suggestedLabel: ds.classNames[last!.predictions[i]!]!,
    pNoisy: pNoisy[i]!,
    loss: last!.losses[i]!,
    flagged: flagged[i] === 1,
    ...(finalFit.status === 'fitted' ? { fitted: normalizeLoss(finalFit.normaliser, fittedOn[i]!) } : {}),
  }));
  const warnings = [...ds.warnings, ...aggregated.warnings];
  if (images && (settings.id !== null || settings.features !== null || request.label !== undefined)) {
    warnings.push('--label, --id and --features apply to CSV files; for an image folder the class is the subfolder and the id the path');
  }
  if (finalFit.status === 'fitted' && !finalFit.noiseDetected) {
    warnings.push(
      'the loss distribution shows no separate high-loss group: the labels may be (almost) clean, and flagged samples are more likely hard than mislabeled',
    );
  }
  const report: LabelNoiseReport = {
    kind: REPORT_KIND,
    version: REPORT_VERSION,
    tool: { name: 'labelsleuth', version: toolVersion },
    createdAt: new Date().toISOString(),
    settings,
    backend,
    dataset: {
      source: ds.source,
      path: ds.path,
      rows: ds.labels.length,
      featureSize: sampleSize(ds),
      sampleShape: ds.sampleShape,
      classes: classCounts(ds).map((count, i) => ({ name: ds.classNames[i]!, count })),
      imputedCells: ds.source === 'csv' ? ds.imputedCells.total : 0,
    },
    epochs,
    mixture: finalFit,
    estimate: {
      noiseFraction: estimate.estimatedNoisyFraction ?? 0,
      expectedWrongLabels: estimate.estimatedNoisyCount,
      flagged: estimate.flaggedCount,
      flaggedFraction: estimate.flaggedFraction ?? 0,
    },
    perClass: estimate.perClass.map((c) => ({
      name: c.className,
      rows: c.rows,
      flagged: c.flagged,
      estimatedNoiseRate: c.estimatedNoiseRate ?? 0,
    })),
    confusedPairs: estimate.topPairs.map((p) => ({ given: p.givenName, suggested: p.suggestedName, count: p.count })),
    ...(truth && request.truth !== undefined
      ? {
          evaluation: {
            truthPath: request.truth,
            metrics: evaluateScores(truth, pNoisy, { threshold: settings.threshold, tieBreak: aggregated.tieBreak }),
          },
        }
      : {}),
    timing: { loadSeconds, trainSeconds, totalSeconds: seconds(started) },
    warnings,
    samples,
  };
  return { report, dataset: ds, epochLosses };
}

