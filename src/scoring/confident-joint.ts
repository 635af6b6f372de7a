/**
 * Confident learning's count of wrong labels (Northcutt, Jiang, Chuang, JAIR 2021; cleanlab's
 * count.py), on a probability matrix from any model: per-class thresholds t_j (the mean
 * probability of class j over the samples labelled j), then every sample labelled i whose
 * probability clears the threshold of some class j is counted at (i, j). Rows are calibrated to
 * the label counts, so the joint sums to n. Judging each class against its own typical confidence
 * is what lets it see class-dependent flips that one global loss mixture cannot (a hard class's
 * clean samples all have high losses).
 *
 * Pure: probabilities in (row-major n x k), counts out.
 */

export interface ConfidentJoint {
  readonly classes: number;
  /** t_j: mean p_j over the samples labelled j (1 for an empty class: nothing clears it). */
  readonly thresholds: Float64Array;
  /** Calibrated counts, row-major k x k: row = given label, column = the label the model is confident in. */
  readonly joint: Float64Array;
  /** Off-diagonal mass of the joint: the estimated number of wrong labels. */
  readonly issues: number;
}

/** t_j = mean over samples labelled j of p_j. */
export function classThresholds(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): Float64Array {
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    sum[y]! += probabilities[i * k + y]!;
    count[y]!++;
  }
  return sum.map((s, j) => (count[j]! > 0 ? s / count[j]! : 1));
}

/** A probability within this of a class's threshold clears it (cleanlab's comparison). */
const THRESHOLD_TOLERANCE = 1e-6;

/**
 * As cleanlab 2.9's compute_confident_joint(calibrate=True), so that the count and the per-cell
 * flags (noise-rate-pruning.ts) are the anchor's own on the same probabilities: a sample confident
 * in one class is counted there; confident in several, at its most probable class; every class
 * keeps at least one sample on its diagonal before calibration.
 */
export function confidentJoint(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): ConfidentJoint {
  const n = labels.length;
  if (probabilities.length !== n * k) throw new RangeError(`probabilities hold ${probabilities.length} values, expected ${n} x ${k}`);
  const thresholds = classThresholds(probabilities, labels, k);
  const raw = new Float64Array(k * k);
  const labelCount = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    labelCount[y]!++;
    let confident = -1;
    let confidentCount = 0;
    let argmax = 0;
    for (let j = 0; j < k; j++) {
      const p = probabilities[i * k + j]!;
      if (p >= thresholds[j]! - THRESHOLD_TOLERANCE) {
        if (confidentCount === 0) confident = j;
        confidentCount++;
      }
      if (p > probabilities[i * k + argmax]!) argmax = j;
    }
    if (confidentCount > 0) raw[y * k + (confidentCount > 1 ? argmax : confident)]!++;
  }
  for (let j = 0; j < k; j++) raw[j * k + j] = Math.max(raw[j * k + j]!, 1);
  const joint = new Float64Array(k * k);
  let issues = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += raw[i * k + j]!;
    for (let j = 0; j < k; j++) {
      const v = (raw[i * k + j]! / row) * labelCount[i]!;
      joint[i * k + j] = v;
      if (i !== j) issues += v;
    }
  }
  return { classes: k, thresholds, joint, issues };
}

/**
 * How far the given label is from the model's best other class, for every sample: the largest
 * p_j (j != given) minus p_given, in [-1, 1]. Higher = more likely mislabeled. On probabilities
 * averaged over training this is the area under the margin (Pleiss et al., NeurIPS 2020) in
 * probability units: a wrong label is fitted late, so its margin stays high for most epochs.
 */
export function marginScores(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): Float64Array {
  return Float64Array.from({ length: labels.length }, (_, i) => {
    const y = labels[i]!;
    let other = -Infinity;
    for (let j = 0; j < k; j++) if (j !== y) other = Math.max(other, probabilities[i * k + j]!);
    return other - probabilities[i * k + y]!;
  });
}
