#!/usr/bin/env node
/**
 * Builds a labelled CSV (+ truth file) from Debian's Fashion-MNIST with a known, seeded label noise.
 *
 * Plain .mjs rather than .ts: Node 20 cannot run TypeScript directly, and a dataset generator should
 * not need a build first. The PRNG below is a verbatim copy of src/util/rng.ts (splitmix32-seeded
 * sfc32), so `createRng(seed)` there and here give the same stream.
 *
 * Procedure (everything is driven by ONE generator, createRng(seed), consumed in this order):
 *   1. selection: --per-class N shuffles each class's indices of the split (Fisher-Yates, classes 0..9
 *      in order) and keeps the first N; --total N shuffles all indices once and keeps the first N.
 *      Selected rows are written in ascending original index.
 *   2. downsampling: --pool f averages each f x f block (f divides 28) and rounds half up to an integer.
 *   3. noise: shuffles the row positions 0..n-1 and flips the first round(rate * n) of them, in that order:
 *      symmetric -> (y + 1 + rng.int(K - 1)) mod K, i.e. uniform over the K-1 OTHER classes;
 *      pairflip  -> (y + 1) mod K. Every flipped label is therefore really wrong.
 *
 * Output: <out> with columns id,label,p0..p{d-1}; and <out without .csv>.truth.csv with columns
 * id,true_label,noisy_label,is_noisy. Labels are class names.
 *
 * Usage:
 *   node bench/make-fmnist.mjs --per-class 300 --pool 2 --rate 0.2 --seed 42 --out fixtures/demo/fashion-mnist-3k.csv
 *   node bench/make-fmnist.mjs --total 20000 --pool 1 --rate 0.4 --seed 1 --out bench/data/fmnist-20k-n40.csv
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** Copy of src/util/rng.ts createRng (uint32/next/int/shuffle only); test/bench/make-fmnist-rng.test.ts pins it. */
export function createRng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const uint32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) uint32();
  const next = () => uint32() / 4294967296;
  return {
    next,
    uint32,
    int: (n) => Math.floor(next() * n),
    shuffle: (x) => {
      for (let i = x.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = x[i];
        x[i] = x[j];
        x[j] = t;
      }
      return x;
    },
  };
}

function readIdx(path, expectedMagic) {
  let buf = readFileSync(path);
  if (path.endsWith('.gz')) buf = gunzipSync(buf);
  const magic = buf.readUInt32BE(0);
  if (magic !== expectedMagic) throw new Error(`${path}: magic ${magic}, expected ${expectedMagic}`);
  const dims = magic & 0xff;
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * dims;
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, buf.length - offset) };
}

export function loadSplit(dir, split) {
  const prefix = split === 'test' ? 't10k' : 'train';
  const images = readIdx(`${dir}/${prefix}-images-idx3-ubyte.gz`, 2051);
  const labels = readIdx(`${dir}/${prefix}-labels-idx1-ubyte.gz`, 2049);
  const [n, h, w] = images.shape;
  if (labels.shape[0] !== n) throw new Error(`image/label count mismatch: ${n} vs ${labels.shape[0]}`);
  return { n, h, w, pixels: images.data, labels: labels.data, prefix };
}

export function selectIndices(labels, opts, rng) {
  if (opts.total !== undefined) {
    const all = Array.from({ length: labels.length }, (_, i) => i);
    rng.shuffle(all);
    if (opts.total > all.length) throw new Error(`--total ${opts.total} > ${all.length} images`);
    return all.slice(0, opts.total).sort((x, y) => x - y);
  }
  const chosen = [];
  for (let k = 0; k < CLASS_NAMES.length; k++) {
    const ofClass = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === k) ofClass.push(i);
    rng.shuffle(ofClass);
    if (opts.perClass > ofClass.length) throw new Error(`--per-class ${opts.perClass} > ${ofClass.length} images of class ${k}`);
    chosen.push(...ofClass.slice(0, opts.perClass));
  }
  return chosen.sort((x, y) => x - y);
}

export function poolImage(pixels, index, h, w, f) {
  const oh = h / f,
    ow = w / f;
  const out = new Array(oh * ow);
  const base = index * h * w;
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      let sum = 0;
      for (let dr = 0; dr < f; dr++) for (let dc = 0; dc < f; dc++) sum += pixels[base + (r * f + dr) * w + c * f + dc];
      out[r * ow + c] = Math.floor(sum / (f * f) + 0.5);
    }
  }
  return out;
}

/** Returns the noisy labels; the caller keeps the true ones. */
export function injectNoise(trueLabels, kind, rate, numClasses, rng) {
  const noisy = Int32Array.from(trueLabels);
  if (kind === 'none' || rate === 0) return noisy;
  const order = rng.shuffle(Array.from({ length: noisy.length }, (_, i) => i));
  const flips = Math.round(rate * noisy.length);
  for (let j = 0; j < flips; j++) {
    const i = order[j];
    const y = trueLabels[i];
    noisy[i] = kind === 'pairflip' ? (y + 1) % numClasses : (y + 1 + rng.int(numClasses - 1)) % numClasses;
  }
  return noisy;
}

function csvField(s) {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function main() {
  const { values } = parseArgs({
    options: {
      'per-class': { type: 'string' },
      total: { type: 'string' },
      pool: { type: 'string', default: '1' },
      noise: { type: 'string', default: 'symmetric' },
      rate: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
      split: { type: 'string', default: 'train' },
      'data-dir': { type: 'string', default: DEFAULT_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.out || (values['per-class'] === undefined) === (values.total === undefined)) {
    console.error(
      'usage: node bench/make-fmnist.mjs (--per-class N | --total N) [--pool 1|2|4|7|14] ' +
        '[--noise symmetric|pairflip|none] [--rate 0.2] [--seed 1] [--split train|test] [--data-dir DIR] --out FILE.csv',
    );
    process.exit(values.help ? 0 : 2);
  }
  const t0 = performance.now();
  const pool = Number(values.pool);
  const rate = Number(values.rate);
  const seed = Number(values.seed);
  if (!['symmetric', 'pairflip', 'none'].includes(values.noise)) throw new Error(`unknown --noise ${values.noise}`);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`--rate must be in [0, 1]`);
  const ds = loadSplit(values['data-dir'], values.split);
  if (ds.h % pool !== 0 || ds.w % pool !== 0) throw new Error(`--pool ${pool} must divide ${ds.h}x${ds.w}`);
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

  const d = (ds.h / pool) * (ds.w / pool);
  const header = ['id', 'label', ...Array.from({ length: d }, (_, j) => `p${j}`)].join(',');
  const rows = [header];
  const truth = ['id,true_label,noisy_label,is_noisy'];
  let flipped = 0;
  indices.forEach((src, r) => {
    const id = `fmnist-${ds.prefix}-${src}`;
    const px = pool === 1 ? Array.from(ds.pixels.subarray(src * d, (src + 1) * d)) : poolImage(ds.pixels, src, ds.h, ds.w, pool);
    rows.push(`${id},${csvField(CLASS_NAMES[noisy[r]])},${px.join(',')}`);
    const isNoisy = noisy[r] !== trueLabels[r] ? 1 : 0;
    flipped += isNoisy;
    truth.push(`${id},${csvField(CLASS_NAMES[trueLabels[r]])},${csvField(CLASS_NAMES[noisy[r]])},${isNoisy}`);
  });
  const out = values.out;
  const truthPath = out.replace(/\.csv$/, '') + '.truth.csv';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, rows.join('\n') + '\n');
  writeFileSync(truthPath, truth.join('\n') + '\n');
  const secs = ((performance.now() - t0) / 1000).toFixed(2);
  console.error(`${out}: ${indices.length} rows, ${d} pixel columns, ${flipped} flipped (${values.noise}, rate ${rate}, seed ${seed}) in ${secs}s`);
  console.error(`${truthPath}: truth`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
