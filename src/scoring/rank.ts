/**
 * Order samples by score, higher = more likely mislabeled. Ties are common (the monotone posterior is
 * flat above its peak, and degenerate fits give 0 everywhere), so they are broken deterministically:
 * by the tie-break value descending (pass the loss: a higher loss is more suspect), then by index.
 * NaN scores or tie-break values sort as -Infinity, i.e. last; -0 ties with 0.
 *
 * A stable LSD radix sort on the float bits, not a comparator sort: at 10M samples the comparator
 * took ~9 s (and a boxed copy of the indices), the radix passes take well under one. Sorting by the
 * tie-break first and then, stably, by the score gives (score desc, tie-break desc, index asc).
 */

export interface Ranking {
  /** Sample indices, most suspect first. */
  readonly order: Uint32Array;
  /** 1-based rank of each sample: rank[order[0]] === 1. */
  readonly rank: Uint32Array;
}

/**
 * Each value as a 64-bit key, as two 32-bit words [lo, hi] per value, whose unsigned order is the
 * DEScending order of the values: negatives have every bit flipped, positives the sign bit, and
 * then all bits are inverted so the largest value gets the smallest key.
 */
function descendingKeys(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // NaN sorts last like -Infinity; + 0 turns -0 into 0 so the two tie.
    f[i] = Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v + 0;
  }
  const words = new Uint32Array(f.buffer);
  // Typed arrays use the platform's byte order; Node runs on little-endian machines ([lo, hi]).
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    // A negative value's bits are already its descending key (flipped twice).
    if (hi & 0x80000000) continue;
    words[2 * i] = ~words[2 * i]! >>> 0;
    words[2 * i + 1] = ~(hi ^ 0x80000000) >>> 0;
  }
  return words;
}

/** One stable pass per byte of the keys, skipping bytes every key shares. */
function radixPasses(keys: Uint32Array, order: Uint32Array, scratch: Uint32Array): [Uint32Array, Uint32Array] {
  const n = order.length;
  const counts = new Uint32Array(256 * 8);
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i]!;
    const hi = keys[2 * i + 1]!;
    counts[lo & 0xff]!++;
    counts[256 + ((lo >>> 8) & 0xff)]!++;
    counts[512 + ((lo >>> 16) & 0xff)]!++;
    counts[768 + (lo >>> 24)]!++;
    counts[1024 + (hi & 0xff)]!++;
    counts[1280 + ((hi >>> 8) & 0xff)]!++;
    counts[1536 + ((hi >>> 16) & 0xff)]!++;
    counts[1792 + (hi >>> 24)]!++;
  }
  let from = order;
  let to = scratch;
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
    const word = pass < 4 ? 0 : 1;
    const shift = (pass % 4) * 8;
    for (let j = 0; j < n; j++) {
      const i = from[j]!;
      const b = (keys[2 * i + word]! >>> shift) & 0xff;
      to[offsets[b]!++] = i;
    }
    [from, to] = [to, from];
  }
  return [from, to];
}

export function rankByScore(score: ArrayLike<number>, tieBreak?: ArrayLike<number>): Ranking {
  const n = score.length;
  if (tieBreak && tieBreak.length !== n) {
    throw new RangeError(`tieBreak has ${tieBreak.length} values for ${n} scores`);
  }
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch: Uint32Array = new Uint32Array(n);
  if (tieBreak) [order, scratch] = radixPasses(descendingKeys(tieBreak), order, scratch);
  [order] = radixPasses(descendingKeys(score), order, scratch);
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r + 1;
  return { order, rank };
}
