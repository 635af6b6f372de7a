/**
 * The cheap reference model behind instance-dependent noise: nearest class centroid on the
 * (standardised) features, turned into probabilities by a softmax over -d^2 / T, where T is the
 * mean squared distance of a sample to its own class centroid (the data's own scale, so the
 * probabilities neither saturate nor flatten with the number of features).
 */

export interface ReferenceMargins {
  /** p(true class) - max over the other classes of p(class), in [-1, 1]; low = ambiguous. */
  readonly margin: Float64Array;
  /** The most likely class other than the true one: where an ambiguous sample's label goes. */
  readonly confusable: Int32Array;
}

export function referenceMargins(features: Float32Array, dim: number, labels: Int32Array, k: number): ReferenceMargins {
  const n = labels.length;
  if (features.length !== n * dim) throw new RangeError(`features hold ${features.length} values, expected ${n} x ${dim}`);
  const centroids = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    counts[y] = (counts[y] as number) + 1;
    for (let j = 0; j < dim; j++) centroids[y * dim + j] = (centroids[y * dim + j] as number) + (features[i * dim + j] as number);
  }
  for (let c = 0; c < k; c++) {
    const m = counts[c] as number;
    if (m > 0) for (let j = 0; j < dim; j++) centroids[c * dim + j] = (centroids[c * dim + j] as number) / m;
  }
  const d2 = new Float64Array(n * k);
  let own = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      if ((counts[c] as number) === 0)
        s = Infinity; // an empty class is never predicted
      else {
        for (let j = 0; j < dim; j++) {
          const diff = (features[i * dim + j] as number) - (centroids[c * dim + j] as number);
          s += diff * diff;
        }
      }
      d2[i * k + c] = s;
    }
    own += d2[i * k + (labels[i] as number)] as number;
  }
  const temperature = own / n > 0 ? own / n : 1;
  const margin = new Float64Array(n);
  const confusable = new Int32Array(n);
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    let min = Infinity;
    for (let c = 0; c < k; c++) min = Math.min(min, d2[i * k + c] as number);
    let z = 0;
    for (let c = 0; c < k; c++) z += p[c] = Math.exp(-((d2[i * k + c] as number) - min) / temperature);
    let best = -1;
    for (let c = 0; c < k; c++) {
      if (c !== y && (best < 0 || (p[c] as number) > (p[best] as number))) best = c;
    }
    confusable[i] = best;
    margin[i] = ((p[y] as number) - (p[best] as number)) / z;
  }
  return { margin, confusable };
}
