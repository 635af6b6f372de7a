/**
 * The samples, embedded once as columnar JSON (one array per field, labels as class indices) so that
 * 60,000 samples cost a few MB and the table script can filter and sort them without a server.
 */
import type { LabelNoiseReport } from '../report.js';

/** Original CSV fields of some samples, by sample index (write-audit reads them for suspects.csv). */
export interface OriginalFields {
  readonly header: readonly string[];
  readonly rows: ReadonlyMap<number, readonly string[]>;
}

export interface TableDataOptions {
  readonly thumbnails?: ReadonlyMap<number, string>;
  readonly originalRows?: OriginalFields;
  /** Characters of thumbnails embedded at most, best-ranked first. @default 11_000_000 */
  readonly thumbnailBudget?: number;
  /** Characters of original CSV fields embedded at most, best-ranked first. @default 2_000_000 */
  readonly originalRowsBudget?: number;
}

/** What the page embeds; positions are positions in rank order, the order of report.samples. */
export interface TableData {
  readonly classes: string[];
  readonly id: string[];
  readonly given: number[];
  readonly suggested: number[];
  readonly p: number[];
  readonly loss: number[];
  /** '1' for flagged, '0' otherwise, one character per sample. */
  readonly flagged: string;
  /** Omitted (null) when every rank equals position + 1, the usual case. */
  readonly rank: number[] | null;
  readonly flaggedCount: number;
  /** data: URIs by position. */
  readonly thumbs: Record<number, string> | null;
  readonly original: { header: readonly string[]; rows: Record<number, readonly string[]> } | null;
  /** How many samples had a thumbnail / original fields offered, and how many fit the budget. */
  readonly omitted: { readonly thumbs: number; readonly original: number };
}

/**
 * Samples the page embeds at most, best-ranked first (~30 bytes each: ~6 MB), so report.html stays
 * small and responsive whatever the row count; samples.csv holds them all.
 */
export const HTML_TOP = 200_000;

const round = (v: number, digits: number): number => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : v);

export function buildTableData(report: LabelNoiseReport, options: TableDataOptions = {}): TableData {
  const classes: string[] = report.dataset.classes.map((c) => c.name);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const indexOf = (name: string): number => {
    let i = classIndex.get(name);
    if (i === undefined) {
      i = classes.length;
      classes.push(name);
      classIndex.set(name, i);
    }
    return i;
  };
  const n = Math.min(report.samples.length, HTML_TOP);
  const id: string[] = new Array(n);
  const given: number[] = new Array(n);
  const suggested: number[] = new Array(n);
  const p: number[] = new Array(n);
  const loss: number[] = new Array(n);
  const rank: number[] = new Array(n);
  let flagged = '';
  let flaggedCount = 0;
  let ranksArePositions = true;
  let thumbs: Record<number, string> | null = null;
  let original: TableData['original'] = null;
  const omitted = { thumbs: 0, original: 0 };
  let thumbChars = 0;
  let originalChars = 0;
  const thumbBudget = options.thumbnailBudget ?? 11_000_000;
  const originalBudget = options.originalRowsBudget ?? 2_000_000;
  report.samples.slice(0, HTML_TOP).forEach((s, pos) => {
    id[pos] = s.id;
    given[pos] = indexOf(s.givenLabel);
    suggested[pos] = indexOf(s.suggestedLabel);
    // Four decimals of p_noisy and four digits of loss are all a reader can use, and halve the bytes.
    p[pos] = Math.round(s.pNoisy * 1e4) / 1e4;
    loss[pos] = round(s.loss, 4);
    rank[pos] = s.rank;
    if (s.rank !== pos + 1) ranksArePositions = false;
    flagged += s.flagged ? '1' : '0';
    if (s.flagged) flaggedCount++;
    const uri = options.thumbnails?.get(s.index);
    // Only embedded images: any other URL would make the page reach for the network.
    if (uri !== undefined && /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(uri)) {
      if (thumbChars + uri.length <= thumbBudget) {
        thumbChars += uri.length;
        // biome-ignore lint/suspicious/noAssignInExpressions: created on first use
        (thumbs ??= {})[pos] = uri;
      } else omitted.thumbs++;
    }
    const fields = options.originalRows?.rows.get(s.index);
    if (fields !== undefined && options.originalRows) {
      const size = fields.reduce((a, f) => a + f.length + 3, 0);
      if (originalChars + size <= originalBudget) {
        originalChars += size;
        // biome-ignore lint/suspicious/noAssignInExpressions: created on first use
        (original ??= { header: options.originalRows.header, rows: {} }).rows[pos] = fields;
      } else omitted.original++;
    }
  });
  return { classes, id, given, suggested, p, loss, flagged, rank: ranksArePositions ? null : rank, flaggedCount, thumbs, original, omitted };
}
