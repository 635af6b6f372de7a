#!/usr/bin/env node
// Generates the bring-your-own-model scale data into bench/data/ (git-ignored): what a big training
// run hands labelsleuth. Seeded: the same command line writes the same bytes.
//
//   node bench/byom-make.mjs losses  --rows 10000000 --out bench/data/losses-10m.csv
//       id,loss (one epoch; 20% flipped labels with a higher loss) and a truth file beside it
//   node bench/byom-make.mjs parquet --rows 10000000 --classes 10 --shards 10 --out bench/data/probs-10m
//       a folder of part-*.parquet shards (id, given_label, one probability column per class), as Spark writes
//   node bench/byom-make.mjs table --rows 1000000 --features 50 --classes 10 --out bench/data/table-1m.csv
//       a numeric table for our own audit (id, f0..f49, label): Gaussian class clusters, 20% flipped labels
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parquetWriteFile } from 'hyparquet-writer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string' },
    classes: { type: 'string', default: '10' },
    shards: { type: 'string', default: '10' },
    features: { type: 'string', default: '50' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    // The share of flipped labels.
    noise: { type: 'string', default: '0.2' },
  },
});
const kind = positionals[0];
const n = Number(values.rows);
if (!['losses', 'parquet', 'table'].includes(kind) || !(n > 0) || !values.out) throw new Error('usage: node bench/byom-make.mjs losses|parquet|table --rows N --out PATH');

// mulberry32: small, seeded, fast.
let state = Number(values.seed) >>> 0;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const NOISE = Number(values.noise);

async function writeLines(path, count, line) {
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += line(i);
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

if (kind === 'losses') {
  const noisy = new Uint8Array(n);
  for (let i = 0; i < n; i++) noisy[i] = rnd() < NOISE ? 1 : 0;
  // Clean: a small loss, a few hard ones; flipped: around -log(0.1), with spread.
  await writeLines(values.out, n + 1, (j) => {
    if (j === 0) return 'id,loss\n';
    const i = j - 1;
    const loss = noisy[i] ? 1.2 + 2.5 * rnd() * rnd() + rnd() : 0.6 * rnd() * rnd() * rnd() + (rnd() < 0.05 ? 2 * rnd() : 0);
    return `s${i},${loss.toFixed(5)}\n`;
  });
  await writeLines(values.out.replace(/\.csv$/, '.truth.csv'), n + 1, (j) => (j === 0 ? 'id,is_noisy\n' : `s${j - 1},${noisy[j - 1]}\n`));
} else if (kind === 'table') {
  const k = Number(values.classes);
  const d = Number(values.features);
  // Class centres one unit apart per feature: separable, but not trivially.
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rnd() * 2 - 1));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const noisy = new Uint8Array(n);
  await writeLines(values.out, n + 1, (j) => {
    if (j === 0) return `id,${Array.from({ length: d }, (_, f) => `f${f}`).join(',')},label\n`;
    const i = j - 1;
    const y = Math.floor(rnd() * k);
    const flip = rnd() < NOISE;
    noisy[i] = flip ? 1 : 0;
    const given = flip ? (y + 1 + Math.floor(rnd() * (k - 1))) % k : y;
    const cells = centres[y].map((c) => (c + 0.8 * gauss()).toFixed(4));
    return `r${i},${cells.join(',')},c${given}\n`;
  });
  await writeLines(values.out.replace(/\.csv$/, '.truth.csv'), n + 1, (j) => (j === 0 ? 'id,is_noisy\n' : `r${j - 1},${noisy[j - 1]}\n`));
} else {
  const k = Number(values.classes);
  const shards = Number(values.shards);
  rmSync(values.out, { recursive: true, force: true });
  mkdirSync(values.out, { recursive: true });
  const classes = Array.from({ length: k }, (_, j) => `class_${j}`);
  const truth = [];
  for (let s = 0; s < shards; s++) {
    const from = Math.floor((s * n) / shards);
    const to = Math.floor(((s + 1) * n) / shards);
    const m = to - from;
    const ids = new Array(m);
    const labels = new Array(m);
    const cols = classes.map(() => new Float64Array(m));
    const row = new Float64Array(k);
    for (let r = 0; r < m; r++) {
      const i = from + r;
      const y = Math.floor(rnd() * k);
      const flip = rnd() < NOISE;
      const given = flip ? (y + 1 + Math.floor(rnd() * (k - 1))) % k : y;
      let sum = 0;
      for (let j = 0; j < k; j++) sum += row[j] = j === y ? 2 + 4 * rnd() : rnd();
      for (let j = 0; j < k; j++) cols[j][r] = row[j] / sum;
      ids[r] = `s${i}`;
      labels[r] = classes[given];
      truth.push(`s${i},${flip ? 1 : 0}`);
    }
    await parquetWriteFile({
      filename: join(values.out, `part-${String(s).padStart(5, '0')}-byom.c000.snappy.parquet`),
      rowGroupSize: 1 << 17,
      columnData: [{ name: 'id', data: ids }, { name: 'given_label', data: labels }, ...classes.map((c, j) => ({ name: c, data: cols[j], type: 'DOUBLE' }))],
    });
  }
  writeFileSync(join(values.out, '_SUCCESS'), '');
  writeFileSync(`${values.out}.truth.csv`, `id,is_noisy\n${truth.join('\n')}\n`);
}
