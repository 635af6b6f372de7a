/**
 * Order samples by score, higher = more likely mislabeled. Ties are common (the monotone posterior is
 * flat above its peak, and degenerate fits give 0 everywhere), so they are broken deterministically:
 * by the tie-break value descending (pass the loss: a higher loss is more suspect), then by index.
 * NaN scores or tie-break values sort as -Infinity, i.e. last.
 */

export interface Ranking {
  /** Sample indices, most suspect first. */
  readonly order: Uint32Array;
  /** 1-based rank of each sample: rank[order[0]] === 1. */
  readonly rank: Uint32Array;
}

const orMin = (v: number): number => (Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v);

export function rankByScore(score: ArrayLike<number>, tieBreak?: ArrayLike<number>): Ranking {
  const n = score.length;
  if (tieBreak && tieBreak.length !== n) {
    throw new RangeError(`tieBreak has ${tieBreak.length} values for ${n} scores`);
  }
  const s = Float64Array.from({ length: n }, (_, i) => orMin(score[i] as number));
  const t = tieBreak ? Float64Array.from({ length: n }, (_, i) => orMin(tieBreak[i] as number)) : undefined;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const sa = s[a] as number;
    const sb = s[b] as number;
    if (sa !== sb) return sa > sb ? -1 : 1;
    if (t) {
      const ta = t[a] as number;
      const tb = t[b] as number;
      if (ta !== tb) return ta > tb ? -1 : 1;
    }
    return a - b;
  });
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r + 1;
  return { order, rank };
}
