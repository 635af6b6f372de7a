import { createRng } from '../../src/util/rng.js';

/**
 * 600 samples, 3 classes, 8 epochs of per-sample cross-entropy as a network memorises: clean
 * samples' losses fall within a few epochs, the 15% with flipped labels stay high until late.
 */
export function syntheticLosses(seed = 3): { ids: string[]; labels: string[]; epochs: number[][]; isNoisy: Uint8Array } {
  const rng = createRng(seed);
  const n = 600;
  const classes = ['ant', 'bee', 'cat'];
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const labels = ids.map((_, i) => classes[i % 3]!);
  const isNoisy = Uint8Array.from(ids, () => (rng.next() < 0.15 ? 1 : 0));
  const epochs = Array.from({ length: 8 }, (_, e) =>
    ids.map((_, i) => {
      const start = isNoisy[i] ? 2.5 : 1.2;
      const speed = isNoisy[i] ? 0.08 : 0.45;
      return Number((start * Math.exp(-speed * e) * (0.6 + 0.8 * rng.next())).toFixed(6));
    }),
  );
  return { ids, labels, epochs, isNoisy };
}
