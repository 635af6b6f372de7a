import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled demo: 3,000 Fashion-MNIST images (14x14 pixels as CSV columns) with 20% of the labels
 * flipped by a fixed seed, and the truth file that says which. See fixtures/demo/README.md.
 * src/ and dist/ both sit one level below the package root, so one relative URL serves both.
 */
function bundled(name: string): string {
  const absolute = fileURLToPath(new URL(`../fixtures/demo/${name}`, import.meta.url));
  const rel = relative(process.cwd(), absolute);
  return rel.startsWith('..') ? absolute : rel;
}

export const demo = {
  get data(): string {
    return bundled('fashion-mnist-3k.csv');
  },
  get truth(): string {
    return bundled('fashion-mnist-3k.truth.csv');
  },
  label: 'label',
  id: 'id',
} as const;
