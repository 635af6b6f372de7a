import { createRng } from '../../src/util/rng.js';

/** 800 samples, 4 classes; a model that mostly knows the true class; 20% of the given labels flipped. */
export function syntheticSignals(seed = 5): { labels: string[]; probs: number[][]; isNoisy: Uint8Array; classNames: string[] } {
  const rng = createRng(seed);
  const classNames = ['ant', 'bee', 'cat', 'dog'];
  const n = 800;
  const labels: string[] = [];
  const probs: number[][] = [];
  const isNoisy = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const truth = i % 4;
    const raw = classNames.map((_, j) => (j === truth ? 3 + 2 * rng.next() : rng.next()));
    const sum = raw.reduce((a, b) => a + b, 0);
    probs.push(raw.map((v) => v / sum));
    const flip = rng.next() < 0.2;
    isNoisy[i] = flip ? 1 : 0;
    labels.push(classNames[flip ? (truth + 1 + rng.int(3)) % 4 : truth]!);
  }
  return { labels, probs, isNoisy, classNames };
}
