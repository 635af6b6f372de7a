/**
 * Order samples by score, higher = more likely mislabeled. Ties are common (the monotone posterior is
 * flat above its peak, and degenerate fits give 0 everywhere), so they are broken deterministically:
 * by the tie-break value descending (pass the loss: a higher loss is more suspect), then by index.
 * NaN scores or tie-break values sort as -Infinity, i.e. last; -0 ties with 0.
 *
 * A stable LSD radix sort on the float bits, not a comparator sort: at 10M samples the comparator
 * took ~9 s (and a boxed copy of the indices). Scores are sorted first, stably from index order;
 * then only the runs of equal scores are ordered by the tie-break (sorting by the tie-break first
 * and then by the score gives the same order, at twice the passes).
 */

export interface Ranking {
  /** Sample indices, most suspect first. */
  readonly order: Uint32Array;
  /** 1-based rank of each sample: rank[order[0]] === 1. */
  readonly rank: Uint32Array;
}

/** NaN sorts last like -Infinity; + 0 turns -0 into 0 so the two tie. */
const keyOf = (v: number): number => (Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v + 0);

/**
 * `order` stably re-sorted by values[order[j]] descending. Each value becomes a 64-bit key (two
 * 32-bit words) whose unsigned order is the descending order of the values: negatives have every
 * bit flipped, positives the sign bit, then all bits are inverted. The keys travel with the
 * indices through the byte passes, so every pass reads sequentially (looking each key up by index
 * instead made the 10M sort take 8 s of cache misses); bytes every key shares are skipped.
 */
function sortDescending(values: ArrayLike<number>, order: Uint32Array): Uint32Array {
  const n = order.length;
  const f = new Float64Array(n);
  for (let j = 0; j < n; j++) f[j] = keyOf(values[order[j]!] as number);
  // Typed arrays use the platform's byte order; Node runs on little-endian machines ([lo, hi]).
  const words = new Uint32Array(f.buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(256 * 8);
  for (let j = 0; j < n; j++) {
    let l = words[2 * j]!;
    let h = words[2 * j + 1]!;
    // A negative value's bits are already its descending key (flipped twice).
    if (!(h & 0x80000000)) {
      l = ~l >>> 0;
      h = ~(h ^ 0x80000000) >>> 0;
    }
    lo[j] = l;
    hi[j] = h;
    counts[l & 0xff]!++;
    counts[256 + ((l >>> 8) & 0xff)]!++;
    counts[512 + ((l >>> 16) & 0xff)]!++;
    counts[768 + (l >>> 24)]!++;
    counts[1024 + (h & 0xff)]!++;
    counts[1280 + ((h >>> 8) & 0xff)]!++;
    counts[1536 + ((h >>> 16) & 0xff)]!++;
    counts[1792 + (h >>> 24)]!++;
  }
  let idx = order.slice();
  let idx2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const offsets = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const base = pass * 256;
    let trivial = false;
    for (let b = 0; b < 256; b++) if (counts[base + b] === n) trivial = true;
    if (trivial) continue;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      offsets[b] = sum;
      sum += counts[base + b]!;
    }
    const shift = (pass % 4) * 8;
    if (pass < 4) {
      for (let j = 0; j < n; j++) {
        const d = offsets[(lo[j]! >>> shift) & 0xff]!++;
        idx2[d] = idx[j]!;
        lo2[d] = lo[j]!;
        hi2[d] = hi[j]!;
      }
      [lo, lo2] = [lo2, lo];
    } else {
      // The low word is sorted on already: only the high word travels on.
      for (let j = 0; j < n; j++) {
        const d = offsets[(hi[j]! >>> shift) & 0xff]!++;
        idx2[d] = idx[j]!;
        hi2[d] = hi[j]!;
      }
    }
    [idx, idx2] = [idx2, idx];
    [hi, hi2] = [hi2, hi];
  }
  return idx;
}

/**
 * Within each run of equal scores (in index order after the stable score sort), the tie-break
 * descending, stably: long runs by the radix sort, short ones by insertion.
 */
function breakTies(order: Uint32Array, score: ArrayLike<number>, tieBreak: ArrayLike<number>): void {
  const n = order.length;
  for (let a = 0; a < n; ) {
    const s = keyOf(score[order[a]!] as number);
    let b = a + 1;
    while (b < n && keyOf(score[order[b]!] as number) === s) b++;
    if (b - a > 64) order.set(sortDescending(tieBreak, order.subarray(a, b)), a);
    else
      for (let j = a + 1; j < b; j++) {
        const i = order[j]!;
        const t = keyOf(tieBreak[i] as number);
        let k = j;
        while (k > a && keyOf(tieBreak[order[k - 1]!] as number) < t) {
          order[k] = order[k - 1]!;
          k--;
        }
        order[k] = i;
      }
    a = b;
  }
}

export function rankByScore(score: ArrayLike<number>, tieBreak?: ArrayLike<number>): Ranking {
  const n = score.length;
  if (tieBreak && tieBreak.length !== n) {
    throw new RangeError(`tieBreak has ${tieBreak.length} values for ${n} scores`);
  }
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const order = sortDescending(score, identity);
  if (tieBreak) breakTies(order, score, tieBreak);
  return withRanks(order);
}

/** The ranking of an order: rank[order[0]] === 1. */
function withRanks(order: Uint32Array): Ranking {
  const rank = new Uint32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r] as number] = r + 1;
  return { order, rank };
}

/**
 * The same ranking with the flagged samples moved to the front, each part in its own order: when
 * the flags are not a cut of the ranking (confident learning's per-cell flags), "the flagged are
 * the first of the ranking" still holds for every table, chart and sentence that shows the top.
 */
export function flaggedFirst(r: Ranking, flagged: Uint8Array): Ranking {
  const order = new Uint32Array(r.order.length);
  let front = 0;
  for (const i of r.order) if (flagged[i]) order[front++] = i;
  for (const i of r.order) if (!flagged[i]) order[front++] = i;
  return withRanks(order);
}
