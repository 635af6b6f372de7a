/**
 * The samples, embedded once as columnar JSON (one array per field, labels as class indices) so that
 * 60,000 samples cost a few MB and the table script can filter and sort them without a server.
 */
import type { LabelNoiseReport } from '../report.js';
import { cleanExamples } from '../clean-examples.js';

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
  /**
   * Names this report in the browser's storage, so decisions made on one report never show up on
   * another (every file:// page shares one origin). A hash of when and on what the audit ran.
   */
  readonly reportKey: string;
  /** Positions of a few confidently clean samples by class index, with a thumbnail each (image audits only). */
  readonly examples: Record<number, number[]> | null;
}

/**
 * Samples the page embeds at most, best-ranked first (~30 bytes each: ~6 MB), so report.html stays
 * small and responsive whatever the row count; samples.csv holds them all.
 */
export const HTML_TOP = 200_000;

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;
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
    if (uri !== undefined && DATA_IMAGE.test(uri)) {
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
  const ex = exampleThumbs(report, options.thumbnails, classIndex);
  if (ex) thumbs = { ...(thumbs ?? {}), ...ex.thumbs };
  const examples = ex?.examples ?? null;
  const reportKey = fnv1a(`${report.createdAt}\n${report.dataset.absolutePath}\n${n}\n${id.slice(0, 50).join('\n')}`);
  return { classes, id, given, suggested, p, loss, flagged, rank: ranksArePositions ? null : rank, flaggedCount, thumbs, original, omitted, reportKey, examples };
}

/**
 * The clean examples' thumbnails, outside the budget: a few per class are what makes a suspect
 * comparable, and they are the lowest-ranked samples, which the budget would drop first.
 */
function exampleThumbs(
  report: LabelNoiseReport,
  thumbnails: ReadonlyMap<number, string> | undefined,
  classIndex: ReadonlyMap<string, number>,
): { examples: Record<number, number[]>; thumbs: Record<number, string> } | null {
  if (!thumbnails || thumbnails.size === 0) return null;
  const position = new Map(report.samples.map((s, pos) => [s.index, pos]));
  const out: Record<number, number[]> = {};
  const thumbs: Record<number, string> = {};
  for (const [name, indices] of cleanExamples(report.samples)) {
    const c = classIndex.get(name);
    if (c === undefined) continue;
    const shown = indices.filter((i) => DATA_IMAGE.test(thumbnails.get(i) ?? ''));
    if (shown.length === 0) continue;
    out[c] = shown.map((i) => position.get(i)!);
    for (const i of shown) thumbs[position.get(i)!] = thumbnails.get(i)!;
  }
  return Object.keys(out).length > 0 ? { examples: out, thumbs } : null;
}

/** 64-bit FNV-1a as hex (two 32-bit lanes): a stable name, not a security measure. */
function fnv1a(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
