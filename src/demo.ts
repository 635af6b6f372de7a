import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled demos (`labelsleuth audit --demo csv|images`), each with the truth file that says which
 * labels are wrong. src/ and dist/ both sit one level below the package root, so one relative URL
 * serves both.
 */
function bundled(path: string): string {
  const absolute = fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
  const rel = relative(process.cwd(), absolute);
  return rel.startsWith('..') ? absolute : rel;
}

export interface Demo {
  /** What the CLI says it is auditing. */
  readonly description: string;
  readonly data: string;
  readonly truth: string;
  /** CSV demos only: the label and id columns. */
  readonly label?: string;
  readonly id?: string;
}

/** 3,000 Fashion-MNIST images (14x14 pixels as CSV columns), 20% of labels flipped: fixtures/demo/README.md. */
export const demo = {
  get description(): string {
    return '3,000 Fashion-MNIST rows, 20% of labels known to be wrong';
  },
  get data(): string {
    return bundled('demo/fashion-mnist-3k.csv');
  },
  get truth(): string {
    return bundled('demo/fashion-mnist-3k.truth.csv');
  },
  label: 'label',
  id: 'id',
} as const satisfies Demo;

/** 400 Fashion-MNIST PNGs in class folders, 80 in the wrong folder: fixtures/images-demo/README.md. */
export const imagesDemo = {
  get description(): string {
    return '400 Fashion-MNIST PNGs in class folders, 80 of them known to be in the wrong folder';
  },
  get data(): string {
    return bundled('images-demo');
  },
  get truth(): string {
    return bundled('images-demo/truth.csv');
  },
} as const satisfies Demo;

export const demos = { csv: demo, images: imagesDemo } as const satisfies Record<string, Demo>;
export type DemoName = keyof typeof demos;
export const DEMO_NAMES = Object.keys(demos) as DemoName[];
