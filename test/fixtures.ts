import { fileURLToPath } from 'node:url';

const at = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** 600 Fashion-MNIST images at 7x7 pixels, 20% of labels flipped (fixtures/tiny/README.md). */
export const tiny = {
  csv: at('tiny/fashion-mnist-600.csv'),
  truth: at('tiny/fashion-mnist-600.truth.csv'),
  noisy: 120,
};

/** 200 clean Fashion-MNIST test-split images at 7x7 pixels, same columns as `tiny` (a held-out set). */
export const tinyTest = at('tiny/fashion-mnist-test-200.csv');

/** The bundled demo: 3,000 Fashion-MNIST images at 14x14 pixels, 600 labels flipped (fixtures/demo/README.md). */
export const demo = {
  csv: at('demo/fashion-mnist-3k.csv'),
  truth: at('demo/fashion-mnist-3k.truth.csv'),
};
