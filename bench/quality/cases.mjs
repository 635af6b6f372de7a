/**
 * The detection-quality suite's datasets, noise kinds and cases: the one list that make-cases.mjs
 * builds and run.mjs runs. Every case is <dataset>-<noise>, rebuilt from Debian packages by fixed
 * seeds (see make-cases.mjs for how).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = join(ROOT, 'bench', 'data', 'quality');
export const SRC_DIR = join(DATA_DIR, 'src');
export const CASES_DIR = join(DATA_DIR, 'cases');

/** Seeds: the noise (inject-noise --seed) and the Fashion-MNIST selection. */
export const NOISE_SEED = 1;
export const FMNIST_SEED = 1;

/**
 * group: 'table' (mlbench / sklearn), 'fmnist' (the CSV), 'images' (PNG folder, optional).
 * shape: what the case stands for, as the issue lists them.
 */
export function datasets({ fmnistTotal = 10000, imagesTotal = 5000 } = {}) {
  const k = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
  return [
    { name: 'vowel', group: 'table', from: 'mlbench Vowel', shape: '990 rows, 10 features (speaker one-hot + 9 numeric), 11 classes: few features, many classes' },
    { name: 'soybean', group: 'table', from: 'mlbench Soybean', shape: '683 rows, 35 categorical features with 2,337 NA cells, 19 classes (8-92 rows each)' },
    { name: 'vehicle', group: 'table', from: 'mlbench Vehicle', shape: '846 rows, 18 numeric features, 4 classes: a small set' },
    { name: 'dna', group: 'table', from: 'mlbench DNA', shape: '3,186 rows, 180 binary features, 3 classes' },
    { name: 'digits', group: 'table', from: 'sklearn digits', shape: '1,797 rows, 64 pixel features (0-16), 10 classes' },
    // Outside the suite: no default was chosen on these; run only when named (--datasets outside).
    { name: 'satellite', group: 'outside', from: 'mlbench Satellite', shape: '6,435 rows, 36 numeric features, 6 classes (two soil classes alike)' },
    { name: 'letter5k', group: 'outside', from: 'mlbench LetterRecognition (first 5,000 rows)', shape: '5,000 rows, 16 integer features, 26 classes: few features, many classes' },
    { name: 'glass', group: 'outside', from: 'mlbench Glass', shape: '214 rows, 9 numeric features, 6 classes (9-76 rows each): tiny' },
    {
      name: `fmnist${k(fmnistTotal)}`,
      group: 'fmnist',
      total: fmnistTotal,
      from: 'Debian dataset-fashion-mnist (train split)',
      shape: `${fmnistTotal.toLocaleString('en')} rows, 784 pixel columns, 10 classes`,
    },
    {
      name: `fmnist${k(imagesTotal)}png`,
      group: 'images',
      total: imagesTotal,
      from: 'Debian dataset-fashion-mnist (train split)',
      shape: `${imagesTotal.toLocaleString('en')} 28x28 PNGs in class folders, 10 classes (CNN)`,
    },
  ];
}

/** Noise kinds: inject-noise --kind/--rate. 'n0' is the clean control (nothing flipped). */
export const NOISES = [
  { name: 'n0', kind: 'symmetric', rate: 0, label: '0%' },
  // Low noise, where the clean-data guard must not cost recall (added with it, 2026-12-02).
  { name: 'sym5', kind: 'symmetric', rate: 0.05, label: '5% symmetric' },
  { name: 'sym10', kind: 'symmetric', rate: 0.1, label: '10% symmetric' },
  { name: 'sym20', kind: 'symmetric', rate: 0.2, label: '20% symmetric' },
  { name: 'sym40', kind: 'symmetric', rate: 0.4, label: '40% symmetric' },
  { name: 'sym60', kind: 'symmetric', rate: 0.6, label: '60% symmetric' },
  { name: 'pf30', kind: 'pairflip', rate: 0.3, label: '30% pair-flip k->k+1' },
  { name: 'inst30', kind: 'instance', rate: 0.3, label: '30% instance-dependent' },
  // Low-rate noise that follows the model's own confusions, where the mutual-confusion guard can
  // mistake flips for confusions (added with it, session 5).
  { name: 'inst10', kind: 'instance', rate: 0.1, label: '10% instance-dependent' },
];

/** Images get the clean control and 40% symmetric only (a CNN audit of 5k images takes minutes). */
const IMAGE_NOISES = ['n0', 'sym40'];

/**
 * All cases, filtered. `datasets`/`noise`: lists of names (empty = all); images only with
 * withImages; the tables outside the suite (group 'outside') only when named.
 */
export function listCases({ datasets: only = [], noise = [], withImages = false, fmnistTotal, imagesTotal } = {}) {
  const out = [];
  for (const d of datasets({ fmnistTotal, imagesTotal })) {
    if (d.group === 'images' && !withImages) continue;
    if (d.group === 'outside' && !only.includes(d.name) && !only.includes('outside')) continue;
    if (only.length && !only.includes(d.name) && !only.includes(d.group)) continue;
    for (const nz of NOISES) {
      if (d.group === 'images' && !IMAGE_NOISES.includes(nz.name)) continue;
      if (noise.length && !noise.includes(nz.name)) continue;
      const name = `${d.name}-${nz.name}`;
      const isFolder = d.group === 'images';
      const data = isFolder ? join(CASES_DIR, name) : join(CASES_DIR, `${name}.csv`);
      const truth = isFolder ? join(data, 'truth.csv') : join(CASES_DIR, `${name}.truth.csv`);
      const source = isFolder ? join(SRC_DIR, d.name) : join(SRC_DIR, `${d.name}.csv`);
      out.push({ name, dataset: d, noise: nz, data, truth, source, isFolder });
    }
  }
  return out;
}
