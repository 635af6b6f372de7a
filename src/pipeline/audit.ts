/**
 * The one place that wires load -> train -> per-epoch losses -> mixture -> scores -> report.
 * The CLI and the library API both call runAudit; writing files is a separate step (writeAudit).
 * TensorFlow.js loads only here, when training starts (audit-training.ts, backend/select.ts), so
 * a bad input fails in a second and importing the library loads no training stack.
 */
import type { BackendInfo } from '../backend/choices.js';
import { sampleSize, type LabeledDataset } from '../data/dataset.js';
import { loadTruth } from '../data/truth.js';
import { modelSpecFor } from '../models/specs.js';
import { resolveAuditOptions, type AuditOptions, withRoomToStop } from '../options/audit.js';
import { buildAuditResult } from '../reports/build-audit-report.js';
import type { SampleRows } from '../reports/sample-rows.js';
import type { EpochRecord, LabelNoiseReport } from '../reports/report.js';
import { loadDataset } from './load-dataset.js';
import { Interrupted } from '../errors.js';

/** Progress the caller may show; the pipeline itself never prints. */
export type AuditEvent =
  | { readonly kind: 'backend'; readonly backend: BackendInfo }
  | { readonly kind: 'decode'; readonly done: number; readonly total: number }
  /** A table's data rows read so far, while it loads. */
  | { readonly kind: 'reading'; readonly rows: number }
  | { readonly kind: 'loaded'; readonly rows: number; readonly features: number; readonly classes: number }
  | { readonly kind: 'batch'; readonly epoch: number; readonly epochs: number; readonly batch: number; readonly batches: number }
  | { readonly kind: 'epoch'; readonly epochs: number; readonly record: EpochRecord };

export interface AuditRequest extends AuditOptions {
  /** The dataset: a CSV file, or a folder with one subfolder of images per class. */
  readonly path: string;
  /** Known truth (`id,is_noisy` or `id,true_label`) to score the audit against. */
  readonly truth?: string;
  readonly onEvent?: (e: AuditEvent) => void;
  /**
   * Aborting it stops training after the current batch. With at least one finished epoch the
   * result is a report of those epochs, marked `partial`; before that, runAudit rejects with the
   * signal's reason (nothing to report).
   */
  readonly signal?: AbortSignal;
}

export interface AuditResult {
  /**
   * Above 200,000 samples (reports/sample-rows.ts LARGE_AUDIT) it holds the top 100,000 of the
   * ranking (samplesShown says so): a 1M-row table's report.json with every sample was 295 MB.
   */
  readonly report: LabelNoiseReport;
  /** Every sample's verdict in rank order, one at a time (writeAudit streams samples.csv and suspects.csv from it). */
  readonly rows: SampleRows;
  readonly dataset: LabeledDataset;
  /** Every sample's cross-entropy after each epoch, in input order (for plots and benchmarks). */
  readonly epochLosses: readonly Float32Array[];
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

export async function runAudit(request: AuditRequest): Promise<AuditResult> {
  const started = performance.now();
  const resolved = resolveAuditOptions(request);
  const emit = request.onEvent ?? (() => {});
  const ds = await loadDataset(
    request.path,
    resolved,
    (done, total) => emit({ kind: 'decode', done, total }),
    (rows) => emit({ kind: 'reading', rows }),
  );
  // Read the truth before training, so that a bad truth file fails in a second, not after minutes.
  const truth =
    request.truth === undefined
      ? undefined
      : {
          path: request.truth,
          isNoisy: await loadTruth(
            request.truth,
            ds.ids,
            Array.from(ds.labels, (l) => ds.classNames[l]!),
            resolved.encoding,
          ),
        };
  const settings = withRoomToStop(resolved, ds.labels.length, request.epochs !== undefined);
  const loadSeconds = seconds(started);
  request.signal?.throwIfAborted();
  // The backend starts only once the input is known to be good: a bad file fails with one line.
  const [{ initBackend }, { trainAudited }] = await Promise.all([import('../backend/select.js'), import('./audit-training.js')]);
  const backend = await initBackend(settings.backend, { model: modelSpecFor(ds.source, settings.hidden).kind });
  emit({ kind: 'backend', backend });
  emit({ kind: 'loaded', rows: ds.labels.length, features: sampleSize(ds), classes: ds.classNames.length });
  const trainStarted = performance.now();
  const trainingRequest = {
    dataset: ds,
    settings,
    onBatch: (epoch: number, batch: number, batches: number) => emit({ kind: 'batch', epoch, epochs: settings.epochs, batch, batches }),
    onEpoch: (record: EpochRecord) => emit({ kind: 'epoch', epochs: settings.epochs, record }),
    ...(request.signal ? { signal: request.signal } : {}),
  };
  // Out-of-fold scoring's module loads only when asked for.
  const folded = settings.folds === null ? undefined : await (await import('./audit-folds.js')).trainAuditedFolds(trainingRequest, settings.folds);
  const training = folded ?? (await trainAudited(trainingRequest));
  const trainSeconds = seconds(trainStarted);
  const { report, rows } = buildAuditResult({
    settings,
    backend,
    dataset: ds,
    ...training,
    ...(folded
      ? {
          training: {
            stop: settings.stop,
            epochsRun: folded.epochs.length,
            maxEpochs: settings.epochs,
            ...(folded.stoppedEarly !== undefined ? { stoppedEarly: folded.stoppedEarly } : {}),
            folds: { k: folded.foldEpochs.length, epochsRun: folded.foldEpochs },
          },
        }
      : {}),
    ...(truth ? { truth } : {}),
    ...(training.stopped ? { partial: { stoppedBy: stopReason(request.signal), epochsCompleted: training.epochs.length, epochsRequested: settings.epochs } } : {}),
    tableOptionsGiven: settings.id !== null || settings.features !== null || request.label !== undefined,
    timing: { loadSeconds, trainSeconds, totalSeconds: seconds(started) },
  });
  return { report, rows, dataset: ds, epochLosses: training.epochLosses };
}

/** What stopped a run, for the report: the signal's name, or 'abort' for a library caller's own AbortController. */
function stopReason(signal: AbortSignal | undefined): string {
  return signal?.reason instanceof Interrupted ? signal.reason.signal : 'abort';
}
