/**
 * The neighbours' vote: what the labels of a sample's nearest others (in the model's last hidden
 * layer) say its class is. The model's own probabilities for a sample are in-sample: it was
 * trained on that very label, and a flipped label it has begun to fit looks less wrong each epoch.
 * Its neighbours' labels are a view the sample's own label never entered, so a flip inside a
 * cluster of another class stands out even after the model bends toward it (Bahri et al., "Deep
 * k-NN for noisy labels", ICML 2020). The audit ranks and guards on a blend of the two; the count
 * of wrong labels stays on the model's probabilities alone (BENCHMARKS.md, "Detection quality,
 * sixth round"). Pure: no tfjs (the search is training/neighbours.ts).
 */

/** Neighbours per sample. */
export const NEIGHBOURS = 10;
/** The vote's share of the blend the ranking is computed from; the model keeps the rest. */
export const NEIGHBOUR_WEIGHT = 0.3;

/**
 * The search compares every sample with every reference: at most this many pairs, so data of more
 * than 14,142 samples searches a seeded subset of references. On 20,000 Fashion-MNIST rows (width
 * 128, one wasm thread) all 20,000 references cost 12 s more than no vote and 10,000 cost 7 s
 * (1.35x and 1.19x the audit's wall time), for the same F1 (.914 and .913; .912 without).
 */
export const NEIGHBOUR_PAIRS = 10_000 * 20_000;
/** Fewer references than this leave the neighbours too far apart to speak for a sample: no vote (over 80,000 samples). */
export const MIN_REFERENCES = 2_500;

/** How many samples every sample's neighbours are searched among: all of them, a subset, or 0 (no vote). */
export function referenceCount(n: number): number {
  const m = Math.min(n, Math.floor(NEIGHBOUR_PAIRS / Math.max(1, n)));
  return m === n || m >= MIN_REFERENCES ? m : 0;
}

/**
 * Each sample's neighbours' label shares, row-major n x numClasses: (votes + 0.5 / K) / (k + 0.5),
 * so no class is ever exactly 0 and the shares still sum to 1.
 */
export function neighbourShares(neighbours: Int32Array, k: number, labels: ArrayLike<number>, numClasses: number): Float64Array {
  const n = labels.length;
  if (neighbours.length !== n * k) throw new RangeError(`neighbourShares: ${neighbours.length} neighbour indices for ${n} samples x ${k}`);
  const out = new Float64Array(n * numClasses);
  const floor = 0.5 / numClasses;
  for (let i = 0; i < n; i++) {
    const row = i * numClasses;
    for (let j = 0; j < k; j++) out[row + labels[neighbours[i * k + j]!]!]! += 1;
    for (let c = 0; c < numClasses; c++) out[row + c] = (out[row + c]! + floor) / (k + 0.5);
  }
  return out;
}

/** (1 - weight) x the model's probabilities + weight x the neighbours' shares, element by element. */
export function blendWithNeighbours(probabilities: ArrayLike<number>, shares: Float64Array, weight: number = NEIGHBOUR_WEIGHT): Float64Array {
  if (probabilities.length !== shares.length) throw new RangeError(`blendWithNeighbours: ${probabilities.length} probabilities, ${shares.length} shares`);
  const out = new Float64Array(shares.length);
  for (let i = 0; i < out.length; i++) out[i] = (1 - weight) * probabilities[i]! + weight * shares[i]!;
  return out;
}
