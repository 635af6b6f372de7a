import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/util/rng.js';

// bench/make-fmnist.mjs is plain JS on purpose (no build step) and carries its own copy of createRng.
// The committed fixtures were drawn with that copy, so it must keep giving the same streams as src/util/rng.ts.
type BenchRng = Pick<Rng, 'uint32' | 'next' | 'int' | 'shuffle'>;
const bench = (await import(new URL('../../bench/make-fmnist.mjs', import.meta.url).href)) as { createRng: (seed: number) => BenchRng };

const SEEDS = [0, 1, 2, 42, 12345, 0x7fffffff, 0xffffffff, -1, 2 ** 32 + 7];

describe('bench/make-fmnist.mjs createRng', () => {
  it.each(SEEDS)('gives the same uint32 stream as src/util/rng.ts for seed %d', (seed) => {
    const a = createRng(seed);
    const b = bench.createRng(seed);
    const draw = (r: BenchRng): number[] => Array.from({ length: 1000 }, () => r.uint32());
    expect(draw(b)).toEqual(draw(a));
  });

  it.each(SEEDS)('gives the same next, int and shuffle results, interleaved, for seed %d', (seed) => {
    const a = createRng(seed);
    const b = bench.createRng(seed);
    // The order make-fmnist.mjs uses them in: shuffles for selection and noise, int for the new class.
    const script = (r: BenchRng): unknown[] => {
      const out: unknown[] = [];
      for (let k = 0; k < 50; k++) {
        out.push(r.next(), r.int(9), r.int(1 + (k % 10)), r.uint32());
        out.push(r.shuffle(Array.from({ length: k }, (_, i) => i)));
        out.push([...r.shuffle(Int32Array.from({ length: 60 + k }, (_, i) => i))]);
      }
      return out;
    };
    expect(script(b)).toEqual(script(a));
  });
});
