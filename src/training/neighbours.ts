/**
 * Every sample's nearest others in the model's own feature space (the last hidden layer), found
 * with the backend's matrix product: the search is n x references x width multiply-adds, which
 * plain loops could not afford on 20,000 images. What the neighbours' labels say is pure
 * arithmetic and lives in scoring/neighbours.ts.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Query rows per block: a block's distance matrix is QUERY_BLOCK x references floats. */
const QUERY_BLOCK = 512;

/**
 * The `k` nearest other rows (squared Euclidean distance) of every row of `points` (n x dim,
 * row-major) among the rows `references` lists (every row when omitted), nearest first: row-major
 * n x k indices into `points`. A row is never its own neighbour.
 */
export function nearestNeighbours(points: Float32Array, dim: number, k: number, references?: Int32Array): Int32Array {
  const n = dim > 0 ? points.length / dim : 0;
  const refs = references ?? Int32Array.from({ length: n }, (_, i) => i);
  const m = refs.length;
  if (k < 1 || m <= k) throw new RangeError(`nearestNeighbours: ${k} neighbours need more than ${k} reference rows, got ${m}`);
  const out = new Int32Array(n * k);
  const all = tf.tensor2d(points, [n, dim]);
  const ref = references ? tf.gather(all, tf.tensor1d(refs, 'int32')) : all;
  const refNorms = tf.tidy(() => tf.reshape(tf.sum(tf.square(ref), 1), [1, m]));
  try {
    for (let s = 0; s < n; s += QUERY_BLOCK) {
      const e = Math.min(n, s + QUERY_BLOCK);
      // -(|q|^2 + |r|^2 - 2 q.r): top-k of the negated distances are the nearest.
      const found = tf.tidy(() => {
        const q = tf.slice(all, [s, 0], [e - s, dim]);
        const qNorms = tf.sum(tf.square(q), 1, true);
        const negDistance = tf.sub(tf.mul(2, tf.matMul(q, ref, false, true)), tf.add(qNorms, refNorms));
        return tf.topk(negDistance, k + 1).indices;
      });
      const idx = found.dataSync() as Int32Array;
      found.dispose();
      for (let r = 0; r < e - s; r++) {
        const i = s + r;
        let taken = 0;
        for (let j = 0; j <= k && taken < k; j++) {
          const nb = refs[idx[r * (k + 1) + j]!]!;
          if (nb !== i) out[i * k + taken++] = nb;
        }
      }
    }
  } finally {
    refNorms.dispose();
    if (ref !== all) ref.dispose();
    all.dispose();
  }
  return out;
}
