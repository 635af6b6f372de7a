/**
 * numpy's `argsort` of a float64 array (its default kind, 'quicksort': an introsort, numpy 1.24's
 * `aquicksort_`, which Debian's numpy runs; x86-simd-sort took argsort over on AVX-512 only in 1.25).
 *
 * Why copy a sort: confident learning breaks ties with it. cleanlab's `round_preserving_sum` hands
 * a row's rounding remainder to the entries that `np.argsort` puts last, and `_prune_by_count`
 * takes a cell's members in `np.argsort(-margin)` order. The sort is not stable, so among equal
 * values its order depends on the whole array: a stable order gave one count of one cell to
 * another class on a 19-class table, and a clean sample was flagged where cleanlab flags none
 * (BENCHMARKS.md, "Bring your own model, third round"). The same order makes the same flags.
 *
 * Pure: no tfjs.
 */

/** numpy's SMALL_QUICKSORT: partitions of at most this many + 1 entries are insertion-sorted. */
const SMALL_QUICKSORT = 15;

/** numpy's `Tag::less` for doubles: NaN sorts last. */
function less(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/** The indices that sort `values` ascending, in exactly the order numpy's argsort gives. */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const v = values;
  const swap = (a: number, b: number): void => {
    const t = order[a]!;
    order[a] = order[b]!;
    order[b] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = n - 1;
  let depth = 2 * mostSignificantBit(n);
  for (;;) {
    if (depth < 0) {
      heapsort(v, order, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        // Median of three into pm, then a Hoare partition around it with the pivot parked at pr - 1.
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[order[pm]!]!, v[order[pl]!]!)) swap(pm, pl);
        if (less(v[order[pr]!]!, v[order[pm]!]!)) swap(pr, pm);
        if (less(v[order[pm]!]!, v[order[pl]!]!)) swap(pm, pl);
        const pivot = v[order[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do pi++;
          while (less(v[order[pi]!]!, pivot));
          do pj--;
          while (less(pivot, v[order[pj]!]!));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // The larger side waits on the stack, the smaller is sorted next.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--depth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = order[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && less(vp, v[order[pj - 1]!]!)) {
          order[pj] = order[pj - 1]!;
          pj--;
        }
        order[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    depth = depths.pop()!;
  }
  return order;
}

/** numpy's npy_get_msb: the index of the highest set bit. */
function mostSignificantBit(n: number): number {
  let bit = 0;
  for (let u = n >>> 1; u > 0; u >>>= 1) bit++;
  return bit;
}

/** numpy's aheapsort_ on order[start, start + n): the introsort's fallback past its depth limit. */
function heapsort(v: ArrayLike<number>, order: Int32Array, start: number, n: number): void {
  // One-based heap indexing, as numpy's `a = tosort - 1`.
  const at = (i: number): number => order[start + i - 1]!;
  const set = (i: number, value: number): void => {
    order[start + i - 1] = value;
  };
  const sift = (top: number, tmp: number, size: number): void => {
    let i = top;
    let j = top << 1;
    while (j <= size) {
      if (j < size && less(v[at(j)]!, v[at(j + 1)]!)) j++;
      if (!less(v[tmp]!, v[at(j)]!)) break;
      set(i, at(j));
      i = j;
      j += j;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; l--) sift(l, at(l), n);
  for (let size = n; size > 1; ) {
    const tmp = at(size);
    set(size, at(1));
    size--;
    sift(1, tmp, size);
  }
}
