/**
 * Every sample's verdict in rank order, without an object per sample: at tens of millions of rows
 * the SampleVerdict objects alone would outweigh every typed array of the audit. The report
 * object holds the top of the ranking (all of it up to LARGE_AUDIT rows); samples.csv and
 * suspects.csv are streamed from these rows, so they hold every sample whatever the count.
 */
import type { SampleVerdict } from './report.js';

export interface SampleRows {
  readonly length: number;
  /** The verdict at 0-based rank position r (a fresh object: keep it only as long as needed). */
  at(r: number): SampleVerdict;
}

/** Above this many samples (a report.json of ~60 MB), report.json and the in-memory report keep only the top REPORT_TOP. */
export const LARGE_AUDIT = 200_000;
export const REPORT_TOP = 100_000;

/** Rows from a sample's verdict by input index and the ranking. */
export function sampleRows(order: Uint32Array, verdict: (index: number) => SampleVerdict): SampleRows {
  return { length: order.length, at: (r) => verdict(order[r]!) };
}

/** What the report keeps: every sample up to LARGE_AUDIT, else the top REPORT_TOP. */
export function reportSamples(rows: SampleRows, large = LARGE_AUDIT, top = REPORT_TOP): SampleVerdict[] {
  const keep = rows.length > large ? Math.min(top, rows.length) : rows.length;
  // A copy, made here: when the objects `at` makes are kept (100,000 of them), V8 learns that its
  // allocation site's objects live long and allocates the next ones straight in the old space; the
  // 10M rows streamed to the CSVs afterwards then piled up there (1 GB of garbage at 10M) instead
  // of dying young.
  return Array.from({ length: keep }, (_, r) => ({ ...rows.at(r) }));
}
