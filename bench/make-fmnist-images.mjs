#!/usr/bin/env node
/**
 * Writes a class-per-folder PNG dataset from Debian's Fashion-MNIST with a known, seeded label noise:
 * <out>/<noisy class>/fmnist-<split>-<index>.png (28x28, 8-bit grayscale), so a flipped image sits in
 * the WRONG class folder, plus <out>/truth.csv (id,true_label,noisy_label,is_noisy; id = the image's
 * path relative to <out>); fixtures/images-demo/README.md was written by hand. Files directly in <out>
 * are ignored by labelsleuth's folder discovery.
 *
 * Selection and noise are exactly those of bench/make-fmnist.mjs (same generator, same order), so
 * `--per-class 40 --rate 0.2 --seed 7` picks the same images and flips as the CSV maker would.
 * Class names become folder names with '/' replaced by '-' ('T-shirt/top' -> 'T-shirt-top').
 *
 * Usage:
 *   node bench/make-fmnist-images.mjs --per-class 40 --rate 0.2 --seed 7 --out fixtures/images-demo
 *   node bench/make-fmnist-images.mjs --total 20000 --rate 0.4 --seed 1 --out bench/data/fmnist-20k-n40-png
 */
import { mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createRng, injectNoise, loadSplit, selectIndices } from './make-fmnist.mjs';

const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const FOLDERS = CLASS_NAMES.map((n) => n.replaceAll('/', '-'));

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string' },
    total: { type: 'string' },
    noise: { type: 'string', default: 'symmetric' },
    rate: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    split: { type: 'string', default: 'train' },
    'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});
if (!values.out || (values['per-class'] === undefined) === (values.total === undefined)) {
  console.error(
    'usage: node bench/make-fmnist-images.mjs (--per-class N | --total N) [--noise symmetric|pairflip|none] [--rate 0.2] [--seed 1] [--split train|test] [--force] --out DIR',
  );
  process.exit(2);
}
const out = resolve(values.out);
if (existsSync(out) && readdirSync(out).length > 0) {
  if (!values.force) {
    console.error(`${values.out} exists and is not empty; pass --force to replace it`);
    process.exit(2);
  }
  for (const f of FOLDERS) rmSync(join(out, f), { recursive: true, force: true });
}
const t0 = performance.now();
const rate = Number(values.rate);
const seed = Number(values.seed);
const ds = loadSplit(values['data-dir'], values.split);
const rng = createRng(seed);
const indices = selectIndices(
  ds.labels,
  {
    perClass: values['per-class'] !== undefined ? Number(values['per-class']) : undefined,
    total: values.total !== undefined ? Number(values.total) : undefined,
  },
  rng,
);
const trueLabels = indices.map((i) => ds.labels[i]);
const noisy = injectNoise(trueLabels, values.noise, rate, CLASS_NAMES.length, rng);
for (const f of FOLDERS) mkdirSync(join(out, f), { recursive: true });

const d = ds.h * ds.w;
const truth = ['id,true_label,noisy_label,is_noisy'];
let flipped = 0;
const jobs = indices.map((src, r) => ({ src, r }));
let next = 0;
const worker = async () => {
  while (next < jobs.length) {
    const { src, r } = jobs[next++];
    const id = `${FOLDERS[noisy[r]]}/fmnist-${ds.prefix}-${src}.png`;
    const px = Buffer.from(ds.pixels.subarray(src * d, (src + 1) * d));
    // b-w keeps the PNG single-channel (sharp would otherwise write gray as RGB).
    await sharp(px, { raw: { width: ds.w, height: ds.h, channels: 1 } })
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toFile(join(out, id));
  }
};
await Promise.all(Array.from({ length: 8 }, worker));
indices.forEach((src, r) => {
  const id = `${FOLDERS[noisy[r]]}/fmnist-${ds.prefix}-${src}.png`;
  const isNoisy = noisy[r] !== trueLabels[r] ? 1 : 0;
  flipped += isNoisy;
  truth.push(`${id},${FOLDERS[trueLabels[r]]},${FOLDERS[noisy[r]]},${isNoisy}`);
});
// Rows in the order labelsleuth lists images is not needed (truth is matched by id); keep source order.
writeFileSync(join(out, 'truth.csv'), truth.join('\n') + '\n');
const secs = ((performance.now() - t0) / 1000).toFixed(2);
console.error(`${values.out}: ${indices.length} PNGs in ${FOLDERS.length} class folders, ${flipped} flipped (${values.noise}, rate ${rate}, seed ${seed}) in ${secs}s`);
