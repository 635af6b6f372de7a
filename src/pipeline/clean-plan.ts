/**
 * What `clean` changes, decided from a saved report alone (pure): which samples are suspects and
 * what happens to each. Kept apart from the writing so the rule is testable without files.
 */
import type { SavedSample } from '../reports/read-report-folder.js';

export const CLEAN_ACTIONS = ['drop', 'relabel'] as const;
export type CleanAction = (typeof CLEAN_ACTIONS)[number];

/** One change; `relabel` always moves to a different label (a suspect whose suggestion is its own label is kept). */
export type CleanChange = { readonly action: 'drop'; readonly sample: SavedSample } | { readonly action: 'relabel'; readonly sample: SavedSample; readonly newLabel: string };

export interface CleanPlan {
  /** By sample id. */
  readonly changes: ReadonlyMap<string, CleanChange>;
  readonly suspects: number;
  /** Suspects left as they are: relabel with a suggestion equal to the given label. */
  readonly unchanged: number;
}

export const CHANGE_COLUMNS = ['id', 'action', 'given_label', 'new_label', 'p_noisy'] as const;

/** Suspects: p_noisy >= threshold, or the audit's own flags when threshold is undefined. */
export function planClean(samples: readonly SavedSample[], action: CleanAction, threshold?: number): CleanPlan {
  const changes = new Map<string, CleanChange>();
  let suspects = 0;
  let unchanged = 0;
  for (const s of samples) {
    const suspect = threshold === undefined ? s.flagged : s.pNoisy >= threshold;
    if (!suspect) continue;
    suspects++;
    if (action === 'drop') changes.set(s.id, { action, sample: s });
    // An empty suggestion (a report from losses alone) is no suggestion: nothing to relabel to.
    else if (s.suggestedLabel !== '' && s.suggestedLabel !== s.givenLabel) changes.set(s.id, { action, sample: s, newLabel: s.suggestedLabel });
    else unchanged++;
  }
  return { changes, suspects, unchanged };
}

export function changeRow(c: CleanChange): string[] {
  const s = c.sample;
  return [s.id, c.action, s.givenLabel, c.action === 'relabel' ? c.newLabel : '', s.fields[4] ?? s.pNoisy.toFixed(6)];
}
