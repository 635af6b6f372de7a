/**
 * The audit's result as plain data (DESIGN.md: data first, rendered second). Every renderer is a
 * pure function of this object, and report.json is this object serialised.
 */
import type { BackendInfo } from '../backend/choices.js';
import type { StopRule } from '../scoring/stopping.js';
import type { MixtureSummary } from '../mixture/loss-mixture.js';
import type { DetectionMetrics } from '../scoring/evaluate.js';
import type { AuditSettings } from '../options/audit.js';
import type { Delimiter } from '../data/delimiter.js';
import type { ImageLayoutKind } from '../data/image-source.js';

export const REPORT_KIND = 'label-noise-report';
export const REPORT_VERSION = 1;

/** One sample's verdict. Direction, always: higher p_noisy = more likely mislabeled. */
/** The original table a signals audit joined by id (`audit --probs|--logits|--losses ... --data`). */
export interface AttachedData {
  /** As the user gave it. */
  readonly path: string;
  readonly absolutePath: string;
  /** The column its rows were joined on. */
  readonly idColumn: string;
  /** Its column of given labels (--label, else given_label, else label), or null when it has none. */
  readonly labelColumn: string | null;
}

export interface SampleVerdict {
  /** 1-based position in the ranking (1 = most suspicious). */
  readonly rank: number;
  /** 0-based position in the input (data row order, or sorted image paths). */
  readonly index: number;
  readonly id: string;
  readonly givenLabel: string;
  /** The model's prediction after the last epoch. */
  readonly suggestedLabel: string;
  /** Posterior probability that the given label is wrong, in [0, 1]. */
  readonly pNoisy: number;
  /** Cross-entropy against the given label after the last epoch. */
  readonly loss: number;
  /** The model's probability of the given label after the last epoch. */
  readonly pGiven: number;
  /** The model's probability of the suggested label after the last epoch. */
  readonly pSuggested: number;
  readonly flagged: boolean;
  /**
   * The value the final mixture (report.mixture) was fitted on, in its normalised [0, 1] space
   * (clamped to [0.001, 0.999]: samples outside the fit's 5th-95th percentile sit at the clamps).
   * Absent when that mixture is degenerate.
   */
  readonly fitted?: number;
}

export interface EpochRecord {
  readonly epoch: number;
  /** Mean training loss over the epoch's batches. */
  readonly trainLoss: number;
  /** Share of samples whose prediction equals their given label (in-sample, noisy labels). */
  readonly agreement: number;
  /** Estimated share of wrong labels from this epoch's fit alone (mean posterior). */
  readonly estimatedNoise: number;
  /** Estimated share of wrong labels by confident learning on the probabilities averaged up to this epoch. */
  readonly confidentNoise: number;
  readonly seconds: number;
  readonly mixture: MixtureSummary;
}

export interface ClassRow {
  readonly name: string;
  readonly rows: number;
  readonly flagged: number;
  /** Mean p_noisy over the class's samples. */
  readonly estimatedNoiseRate: number;
}

export interface ConfusedPair {
  readonly given: string;
  readonly suggested: string;
  readonly count: number;
}

export type DataSource = 'csv' | 'image-folder' | 'signals';

/** What another model's run handed over: every class's probability, raw scores, or per-sample losses per epoch. */
export type SignalsKind = 'probabilities' | 'logits' | 'losses';

/** A score or estimate the report could not give from the signals it had, and why. */
export interface Unavailable {
  readonly what: string;
  readonly why: string;
}

/** Rows: the given label; columns: the label the evidence says is true. */
export interface NoiseMatrix {
  readonly method: 'confident-joint';
  readonly classes: readonly string[];
  /** Estimated sample counts; each row sums to the given class's rows. */
  readonly counts: readonly (readonly number[])[];
  /** Each row divided by its sum: P(true = column | given = row). */
  readonly rates: readonly (readonly number[])[];
}

export interface LabelNoiseReport {
  readonly kind: typeof REPORT_KIND;
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: 'labelsleuth'; readonly version: string };
  readonly createdAt: string;
  readonly settings: AuditSettings;
  /** null when the signals came from another model's run (findLabelIssues, audit --probs): nothing was trained here. */
  readonly backend: BackendInfo | null;
  readonly dataset: {
    /** 'signals': another model's probabilities, not data this tool trained on. */
    readonly source: DataSource;
    /** With source 'signals': what the other model gave (absent for reports written before losses were read). */
    readonly signals?: SignalsKind;
    /** As the user gave it. */
    readonly path: string;
    /**
     * How the file was read. Signals: 'csv', 'tsv (gzip)', 'jsonl', 'parquet (12 shards)', 'npy (float32, 1000 x 10)'.
     * A feature table: 'csv' (any delimiter, see `delimiter`), 'jsonl' or 'parquet'. Absent for images.
     */
    readonly format?: string;
    /** Resolved when the audit ran, so that a report rendered or exported later, from any folder, still finds the data. */
    readonly absolutePath: string;
    readonly rows: number;
    readonly featureSize: number;
    readonly sampleShape: readonly number[];
    readonly classes: readonly { readonly name: string; readonly count: number }[];
    readonly imputedCells: number;
    /** A table's field separator, as read (the --delimiter, or detected from the header line); absent for images. */
    readonly delimiter?: Delimiter;
    /**
     * A table's id column as used (the --id, or a column taken as the id by its name or values), null
     * for row numbers; absent for images. settings.id says only what was asked.
     */
    readonly idColumn?: string | null;
    /** Images: class folders, a split of a train/val/test root, Hugging Face metadata, or a table listing the files. */
    readonly layout?: ImageLayoutKind;
    /** The split audited, when the folder given was a train/val/test root (path is then that split's folder). */
    readonly split?: string;
    /** The table's column of image paths (layout 'table' or 'metadata'). */
    readonly imageColumn?: string;
    /** Every sample's image file, by input index, for a table that lists images (elsewhere the id is the path under `path`). */
    readonly imagePaths?: readonly string[];
    /** Signals audited with `--data`: the original table joined by id, which `clean` can copy. */
    readonly attachedData?: AttachedData;
  };
  readonly epochs: readonly EpochRecord[];
  /** The fit that produced the final p_noisy (on the aggregated signal). */
  readonly mixture: MixtureSummary;
  readonly estimate: {
    /**
     * How the count was estimated: confident learning's calibrated joint on the averaged
     * probabilities, or (from losses alone) the Beta mixture's sum of p_noisy.
     */
    readonly method: 'confident-joint' | 'loss-mixture';
    /** The estimated share of wrong labels. */
    readonly noiseFraction: number;
    readonly expectedWrongLabels: number;
    readonly flagged: number;
    readonly flaggedFraction: number;
    /**
     * The clean-data guard (flagging the estimated count only; null with --threshold): the least
     * averaged margin a flag needed at the noise share left after the pair guard (0 from 30% up), and
     * how many of the estimated count it held back in all (`mutual`'s included).
     */
    readonly clarity: {
      readonly minMargin: number;
      readonly heldBack: number;
      /**
       * The count the guard judged: confident learning's own, before the model's confusions left the
       * estimate (`confusion`); the flags then stop at the estimate. Absent before 2026-12-03 and for
       * one model's signals.
       */
      readonly judged?: number;
      /**
       * Of `heldBack`, the confusions of class pairs the model confuses both ways (scoring/mutual-confusion.ts):
       * how many, which pairs (by class name), and the flags per sample per other class the other cells
       * showed (the noise's own rate, which each such cell keeps). Absent from one model's signals and from
       * reports before 2026-12-03.
       */
      readonly mutual?: { readonly heldBack: number; readonly pairs: readonly (readonly [string, string])[]; readonly backgroundRate: number };
    } | null;
    /** How the flags were chosen (absent in reports before 2026-12-02, which used top-count or threshold). */
    readonly selection?: FlagSelection;
    /**
     * Our own training's count less the model's honest confusions (scoring/confusion-count.ts): how
     * much of confident learning's count the mutually confused pairs gave up (0 unless the background
     * explains more than half of it), that share, and the pairs. Absent from one model's signals and
     * from reports before 2026-12-03.
     */
    readonly confusion?: { readonly removed: number; readonly backgroundShare: number; readonly pairs: readonly (readonly [string, string])[] };
  };
  readonly perClass: readonly ClassRow[];
  readonly confusedPairs: readonly ConfusedPair[];
  /** The estimated given -> true label matrix. */
  readonly noiseMatrix: NoiseMatrix;
  /** How long training ran, and why it stopped. */
  readonly training: {
    readonly stop: StopRule;
    readonly epochsRun: number;
    readonly maxEpochs: number;
    /** Set when the stop rule ended training before maxEpochs: what it saw. */
    readonly stoppedEarly?: string;
    /**
     * Set when training went on past the memorisation stop for the ranking (stopping.ts,
     * extensionEnd): the epoch whose averaged probabilities gave the count, and the epochs the
     * scores come from (all of them; or, when the model memorised meanwhile, only those up to the
     * stop, and the count from the first epoch that passed the memorisation test regardless of the
     * rule's minimum of epochs and steps: stopping.ts, agreesPastClean).
     */
    readonly extension?: TrainingExtension;
    /** Set when the neighbours voted on each sample's class (--neighbours; scoring/neighbours.ts). */
    readonly neighbours?: NeighbourVote;
    /** Out-of-fold scoring (--folds): how many models, and the epochs each trained. */
    readonly folds?: { readonly k: number; readonly epochsRun: readonly number[] };
  };
  readonly evaluation?: { readonly truthPath: string; readonly metrics: DetectionMetrics };
  /** What the signals could not support (from losses alone: the margin, the noise matrix, suggested labels), and why. */
  readonly unavailable?: readonly Unavailable[];
  /**
   * Present when training was stopped before the requested epochs (Ctrl-C, SIGTERM, a library
   * caller's abort): every score comes from the epochs that finished.
   */
  readonly partial?: { readonly stoppedBy: string; readonly epochsCompleted: number; readonly epochsRequested: number };
  readonly timing: { readonly loadSeconds: number; readonly trainSeconds: number; readonly totalSeconds: number };
  readonly warnings: readonly string[];
  /** In rank order: every sample, or (above a million) the top of the ranking; see samplesShown. */
  readonly samples: readonly SampleVerdict[];
  /** Set when `samples` is only the top of the ranking: samples.csv has every sample. */
  readonly samplesShown?: { readonly shown: number; readonly total: number };
}

/**
 * How the flags were chosen: p_noisy >= --threshold; the estimated count from the top of the
 * ranking (our own training, and losses alone); or, from one model's probabilities, confident
 * learning's per-cell flags (noise-rate-pruning.ts), which are then moved to the top of the ranking.
 */
export type FlagSelection = 'threshold' | 'top-count' | 'per-cell';

/**
 * The p_noisy at which flagging starts: the --threshold, or (flagging the estimated count) the
 * lowest p_noisy among the flagged samples, for charts and sentences that draw a cut.
 */
export function flagCut(r: Pick<LabelNoiseReport, 'settings' | 'samples'>): number {
  if (r.settings.threshold !== null) return r.settings.threshold;
  let cut = 1;
  for (const s of r.samples) if (s.flagged) cut = Math.min(cut, s.pNoisy);
  return cut;
}

/** How the flags were chosen, in words. */
export function flagRule(r: Pick<LabelNoiseReport, 'settings' | 'estimate'>): string {
  if (r.settings.threshold !== null) return `p_noisy >= ${r.settings.threshold}`;
  const held = r.estimate.clarity?.heldBack ?? 0;
  const less = held > 0 ? `, less ${held} the clean-data guard held back` : '';
  if (r.estimate.selection === 'per-cell') {
    return `in each given -> true cell of the noise matrix its most likely members, none predicted as its given label (confident learning's prune by noise rate)${less}`;
  }
  const judged = judgedOwnCount(r.estimate);
  if (judged !== null) {
    // The guard judged confident learning's own count; the flags stop at the estimate.
    return `confident learning's count of ${judged}, most suspicious first${less}, at most the estimated number of wrong labels`;
  }
  return `the estimated number of wrong labels, most suspicious first${less}`;
}

/**
 * The count the clean-data guard judged where it differs from the estimate: confident learning's
 * own, before the model's confusions left the estimate (`estimate.confusion`); null where the guard
 * judged the estimate itself.
 */
export function judgedOwnCount(e: Pick<LabelNoiseReport['estimate'], 'clarity' | 'expectedWrongLabels'>): number | null {
  const judged = e.clarity?.judged;
  return judged !== undefined && judged !== Math.round(e.expectedWrongLabels) ? judged : null;
}

/** What the neighbours' vote was, in words ('' when there was none). */
export function neighbourVoteText(r: Pick<LabelNoiseReport, 'training'>): string {
  const v = r.training.neighbours;
  if (!v) return '';
  const among = ` among ${v.references.toLocaleString('en-US')} samples`;
  return `each sample's ${v.k} nearest others${among} in the model's last hidden layer (epoch ${v.epoch}) vote on its class, ${Math.round(100 * v.weight)}% of what the ranking reads`;
}

/** "7 epochs", or with out-of-fold scoring "5 folds of 6-8 epochs". */
export function trainedHow(r: Pick<LabelNoiseReport, 'epochs' | 'training'>): string {
  const folds = r.training.folds;
  if (!folds) return `${r.epochs.length} epochs`;
  const lo = Math.min(...folds.epochsRun);
  const hi = Math.max(...folds.epochsRun);
  return `${folds.k} folds of ${lo === hi ? lo : `${lo}-${hi}`} epochs`;
}

/**
 * How the neighbours' vote was taken: `k` nearest others in the model's last hidden layer at
 * `epoch` (the last epoch ranked on), their label shares `weight` of the blend the ranking and the
 * clean-data guard read; the count of wrong labels reads the model's probabilities alone.
 */
export interface NeighbourVote {
  readonly k: number;
  readonly weight: number;
  readonly epoch: number;
  /** How many samples the neighbours were searched among: all of them, or a seeded subset in large data. */
  readonly references: number;
}

/** How far an audit trained past its memorisation stop, and what came from where. */
export interface TrainingExtension {
  readonly countedAtEpoch: number;
  readonly scoredOnEpochs: number;
  readonly memorised: boolean;
}
