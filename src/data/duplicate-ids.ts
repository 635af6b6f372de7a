/**
 * The first id that appears twice, without a Set of every id: at 10M ids a Set costs ~500 MB and
 * seconds of hashing, while 32-bit FNV-1a hashes sorted in a Uint32Array cost 40 MB. Only ids
 * whose hash collides (a few thousand at 10M) are compared as strings.
 */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The first id (in input order) that an earlier one equals, or undefined. */
export function firstDuplicate(ids: readonly string[]): string | undefined {
  const hashes = Uint32Array.from(ids, fnv1a);
  const sorted = hashes.slice().sort();
  const colliding = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) colliding.add(sorted[i]!);
  if (colliding.size === 0) return undefined;
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    if (!colliding.has(hashes[i]!)) continue;
    if (seen.has(ids[i]!)) return ids[i];
    seen.add(ids[i]!);
  }
  return undefined;
}
