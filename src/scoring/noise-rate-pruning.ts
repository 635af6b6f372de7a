/**
 * Which samples to flag from one model's probabilities: confident learning's prune by noise rate
 * (cleanlab 2.9 `find_label_issues`, its default `filter_by='prune_by_noise_rate'`). The calibrated
 * joint, rounded to whole counts row by row, says how many samples given label i truly belong to
 * class j; for every such cell the flags are the cell's most likely members, those labelled i with
 * the largest p_j - p_i; a sample whose most probable class is its given label is never flagged.
 *
 * Why per cell rather than the top of one global ranking: given the very same probabilities as
 * cleanlab, the global top-count flagged more than cleanlab on pair-flip noise and on out-of-fold
 * probabilities of small tables, and lost F1 to it on 27 of 84 cases (BENCHMARKS.md, "Given the
 * very same probabilities"); each cell filled from its own members is judged against its own class.
 * On labelsleuth's own training the probabilities are averaged over epochs, and there the global
 * ranking of the averaged margin is the stronger one (the third round's traces), so this rule is
 * for probabilities another model gave.
 *
 * Pure: no tfjs.
 */
import type { ConfidentJoint } from './confident-joint.js';
import { numpyArgsort } from './numpy-argsort.js';

/** cleanlab's FLOATING_POINT_COMPARISON: a tie between the given label and another goes to the given one. */
const GIVEN_LABEL_PREFERENCE = 1e-6;

/**
 * One row rounded to whole numbers summing to the rounded row total (cleanlab's
 * round_preserving_sum): round each, then move the difference onto the entries that rounding
 * moved furthest the other way.
 */
export function roundPreservingSum(values: ArrayLike<number>): Int32Array {
  const ints = Float64Array.from(values, roundHalfEven);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  const wanted = roundHalfEven(total);
  let diff = wanted - ints.reduce((a, b) => a + b, 0);
  while (Math.abs(diff) > 1e-6) {
    const step = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(Math.round(diff)), values.length);
    // cleanlab: np.argsort(floats - ints)[::-increment][:changes]: rounded down the most first when
    // adding, rounded up the most first when taking away; among equals numpy's own (unstable) order.
    const order = numpyArgsort(Float64Array.from(ints, (r, i) => values[i]! - r));
    for (let c = 0; c < changes; c++) ints[order[step > 0 ? order.length - 1 - c : c]!]! += step;
    diff = wanted - ints.reduce((a, b) => a + b, 0);
  }
  return Int32Array.from(ints);
}

/** numpy's round: halves to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * cleanlab's _keep_at_least_n_per_class (n = 1) on one given label's counts: a class that would be
 * pruned to nothing keeps one sample, taken evenly from its nonzero cells (rounded down).
 */
function keepOne(counts: Int32Array, given: number): Int32Array {
  const diff = Math.max(0, 1 - counts[given]!);
  if (diff === 0) return counts;
  let nonzero = 0;
  for (const c of counts) if (c !== 0) nonzero++;
  const share = diff / Math.max(nonzero - 1, 1);
  return counts.map((c, j) => (j === given ? 1 : Math.floor(Math.max(0, c - share))));
}

/** The flags (1 = flagged), in input order. */
export function pruneByNoiseRate(probabilities: ArrayLike<number>, labels: ArrayLike<number>, joint: ConfidentJoint): Uint8Array {
  const k = joint.classes;
  const n = labels.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]!]!.push(i);
  const flagged = new Uint8Array(n);
  for (let given = 0; given < k; given++) {
    const rows = members[given]!;
    // cleanlab's min_examples_per_class = 1: a class of one sample keeps it.
    if (rows.length <= 1) continue;
    const counts = keepOne(roundPreservingSum(joint.joint.subarray(given * k, given * k + k)), given);
    for (let truth = 0; truth < k; truth++) {
      const count = counts[truth]!;
      if (truth === given || count <= 0) continue;
      // cleanlab takes np.argsort(-margin)[:count]. A typed sort finds the cut (10M rows); only
      // when equal margins straddle it does the order among them matter, and then it is numpy's.
      if (count >= rows.length) {
        for (const i of rows) flagged[i] = 1;
        continue;
      }
      const margins = Float64Array.from(rows, (i) => probabilities[i * k + truth]! - probabilities[i * k + given]!);
      const cut = Float64Array.from(margins).sort()[rows.length - count]!;
      let atLeastCut = 0;
      for (const m of margins) if (m >= cut) atLeastCut++;
      if (atLeastCut === count) {
        for (let r = 0; r < rows.length; r++) if (margins[r]! >= cut) flagged[rows[r]!] = 1;
        continue;
      }
      const order = numpyArgsort(margins.map((m) => -m));
      for (let c = 0; c < count; c++) flagged[rows[order[c]!]!] = 1;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!flagged[i]) continue;
    const y = labels[i]!;
    const pGiven = probabilities[i * k + y]! + GIVEN_LABEL_PREFERENCE;
    let predictedGiven = true;
    for (let j = 0; j < k && predictedGiven; j++) if (j !== y && probabilities[i * k + j]! > pGiven) predictedGiven = false;
    if (predictedGiven) flagged[i] = 0;
  }
  return flagged;
}
