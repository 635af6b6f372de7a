/**
 * What a reader must see before any number: said once here, shown at the top of the terminal
 * output and of report.html alike.
 */
import type { LabelNoiseReport } from './report.js';

export function topNotices(r: LabelNoiseReport): string[] {
  const notes: string[] = [];
  if (r.partial) {
    const by = r.partial.stoppedBy === 'abort' ? 'stopped by the caller' : `interrupted by ${r.partial.stoppedBy}`;
    notes.push(`PARTIAL: ${by} after ${r.partial.epochsCompleted} of ${r.partial.epochsRequested} epochs; every score comes from the epochs that finished`);
  }
  return notes;
}
