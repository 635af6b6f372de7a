/**
 * A few confidently clean samples per class, for a reviewer to compare a suspect with: "does this
 * look like the other Coats, or like the Shirts?". Confidently clean: not flagged, the model agrees
 * with the label, and the lowest p_noisy of its class (ties: the better-fitted, lower loss first).
 */
import type { SampleVerdict } from './report.js';

/** Sample indices (SampleVerdict.index) by given class name, at most `perClass` each, cleanest first. */
export function cleanExamples(samples: readonly SampleVerdict[], perClass = 3): Map<string, number[]> {
  const candidates = samples.filter((s) => !s.flagged && s.suggestedLabel === s.givenLabel);
  candidates.sort((a, b) => a.pNoisy - b.pNoisy || a.loss - b.loss || a.index - b.index);
  const out = new Map<string, number[]>();
  for (const s of candidates) {
    const list = out.get(s.givenLabel) ?? [];
    if (list.length >= perClass) continue;
    list.push(s.index);
    out.set(s.givenLabel, list);
  }
  return out;
}
