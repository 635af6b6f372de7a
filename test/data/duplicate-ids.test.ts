import { describe, expect, it } from 'vitest';
import { firstDuplicate } from '../../src/data/duplicate-ids.js';

describe('firstDuplicate', () => {
  it('finds the first repeated id in input order among 200,000, or none', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `row-${i}`);
    expect(firstDuplicate(ids)).toBeUndefined();
    ids[150_000] = 'row-7';
    ids[190_000] = 'row-3';
    expect(firstDuplicate(ids)).toBe('row-7');
  });

  it('tells apart ids whose 32-bit hashes collide', () => {
    // Among 200,000 ids some FNV-1a hashes collide (about five expected): none of them is a repeat.
    const ids = Array.from({ length: 200_000 }, (_, i) => `id${i * 7919}`);
    expect(firstDuplicate(ids)).toBeUndefined();
    expect(firstDuplicate([...ids, 'id0'])).toBe('id0');
  });
});
