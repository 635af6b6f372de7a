import { describeBackend } from '../backend/choices.js';
import type { BackendInfo } from '../backend/choices.js';
import type { RetrainLoss } from '../training/robust-losses.js';
import type { RetrainSettings } from '../options/retrain.js';
import { formatCsvRow } from '../data/csv-rows.js';

export const RETRAIN_REPORT_KIND = 'retrain-report';
export const RETRAIN_REPORT_VERSION = 1;

export interface RetrainEpoch {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly learningRate: number;
  /** Accuracy on the evaluation set after this epoch. */
  readonly accuracy: number;
  /** Whether this epoch's batches were bootstrapped (false during warm-up). */
  readonly bootstrapping: boolean;
  /** Mean p(noisy) of the training set from this epoch's fit (dynamic losses only). */
  readonly estimatedNoise: number | null;
  readonly seconds: number;
}

/** Where a corrected run's p(noisy) and flags came from, and when its warm-up ended. */
export interface RunDetection {
  readonly source: 'from-audit' | 'audit' | 'warmup' | 'loss-history' | 'batch-loss';
  /** --from-audit: the report folder read. */
  readonly report?: string;
  /** The last epoch of plain cross-entropy (0: corrected from the first epoch; null: never ended). */
  readonly warmupEpochs: number | null;
  /** Why the warm-up ended when it did. */
  readonly warmupEnded: string | null;
  /** Training samples flagged as mislabeled (what prune drops); null for a posterior read by batch loss. */
  readonly flagged: number | null;
  /** True when no wrong label was found and the run was plain cross-entropy after the warm-up. */
  readonly gated: boolean;
}

/** The epoch whose model was kept, when it is not the last (--keep best). */
export interface KeptEpoch {
  readonly epoch: number;
  /** Accuracy of the kept epoch on the held-out training samples the detector calls clean (what chose it). */
  readonly selectAccuracy: number;
  /** Accuracy of the kept epoch on the evaluation set. */
  readonly accuracy: number;
  /** How it was chosen, in words (the report says so). */
  readonly how: string;
}

export interface RetrainRun {
  readonly loss: RetrainLoss;
  readonly detection?: RunDetection;
  readonly kept?: KeptEpoch;
  readonly epochs: readonly RetrainEpoch[];
  readonly best: { readonly epoch: number; readonly accuracy: number };
  readonly last: { readonly epoch: number; readonly accuracy: number };
  /** Accuracy per true class of the evaluation set, after the last epoch. */
  readonly perClass: readonly { readonly name: string; readonly rows: number; readonly accuracy: number | null }[];
}

/** Where accuracy was measured: a clean test set, or a split of the (noisy) training data. */
export type EvaluationSet =
  | { readonly kind: 'test'; readonly path: string; readonly rows: number }
  | { readonly kind: 'validation'; readonly fraction: number; readonly rows: number; readonly labelsMayBeNoisy: true };

export interface RetrainReport {
  readonly kind: typeof RETRAIN_REPORT_KIND;
  readonly version: typeof RETRAIN_REPORT_VERSION;
  readonly tool: { readonly name: 'labelsleuth'; readonly version: string };
  readonly createdAt: string;
  readonly settings: RetrainSettings;
  readonly backend: BackendInfo;
  readonly dataset: { readonly path: string; readonly rows: number; readonly trainRows: number; readonly classes: readonly string[] };
  readonly evaluation: EvaluationSet;
  /** The requested loss first; with --compare, plain ce second. */
  readonly runs: readonly RetrainRun[];
  readonly warnings: readonly string[];
}

export interface Prediction {
  readonly id: string;
  readonly predicted: string;
  readonly confidence: number;
  readonly truth?: string;
}

/** predictions.csv: id,predicted_label,confidence[,true_label]. */
export function renderPredictionsCsv(predictions: readonly Prediction[]): string {
  const labelled = predictions.length > 0 && predictions.every((p) => p.truth !== undefined);
  const lines = [formatCsvRow(['id', 'predicted_label', 'confidence', ...(labelled ? ['true_label'] : [])])];
  for (const p of predictions) {
    lines.push(formatCsvRow([p.id, p.predicted, p.confidence.toFixed(6), ...(labelled ? [p.truth!] : [])]));
  }
  return lines.join('\n') + '\n';
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);

/** The terminal summary: one line per run, best and last accuracy, and the difference to ce. */
export function renderRetrainTerminal(r: RetrainReport, outDir?: string): string {
  const out: string[] = [];
  const where =
    r.evaluation.kind === 'test'
      ? `clean test set ${r.evaluation.path} (${r.evaluation.rows} rows)`
      : `validation split (${r.evaluation.rows} rows; its labels may be as noisy as the training data)`;
  out.push(`labelsleuth retrain  ${r.dataset.path}`);
  out.push(`  ${r.dataset.trainRows} training rows · ${r.dataset.classes.length} classes · backend ${describeBackend(r.backend)} · accuracy on the ${where}`);
  out.push('');
  const width = Math.max(...r.runs.map((x) => x.loss.length), 4);
  out.push(`  ${'loss'.padEnd(width)}  best (epoch)        last`);
  for (const run of r.runs) {
    out.push(`  ${run.loss.padEnd(width)}  ${pct(run.best.accuracy).padStart(7)} (${String(run.best.epoch).padStart(3)})     ${pct(run.last.accuracy).padStart(7)}`);
  }
  for (const run of r.runs) {
    if (run.kept) out.push(`  ${run.loss}: kept epoch ${run.kept.epoch} (${pct(run.kept.accuracy)}), ${run.kept.how}`);
    if (run.detection?.warmupEnded) out.push(`  ${run.loss}: warm-up ended after epoch ${run.detection.warmupEpochs}: ${run.detection.warmupEnded}`);
  }
  const [main, ce] = r.runs;
  if (main && ce && r.runs.length === 2) {
    const d = 100 * (main.last.accuracy - ce.last.accuracy);
    out.push('');
    out.push(`  ${main.loss} vs ce: ${d >= 0 ? '+' : ''}${d.toFixed(2)} points of last-epoch accuracy`);
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  if (outDir) {
    out.push('');
    out.push(`Wrote ${outDir}/ (model.json, weights.bin, labelsleuth-model.json, retrain-report.json, predictions.csv)`);
  }
  return out.join('\n') + '\n';
}
