#!/usr/bin/env node
// A seeded synthetic table for speed benchmarks of small-feature audits (many rows, few FLOPs
// per batch, where per-batch overhead shows): Gaussian class clusters in --features dimensions,
// every feature a mix of the class signal and noise, and exactly round(rate * rows) labels moved
// to another class. Writes FILE.csv (id,label,f0..) and FILE.truth.csv (id,true_label,noisy_label,is_noisy).
//
//   node bench/make-table.mjs --rows 50000 --features 32 --classes 10 --rate 0.2 --seed 1 --out bench/data/table-50k-f32.csv
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    features: { type: 'string', default: '32' },
    classes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!values.out) throw new Error('--out FILE.csv is required');
const [rows, features, classes, rate, seed] = [values.rows, values.features, values.classes, values.rate, values.seed].map(Number);

// mulberry32: small and seedable; any seeded generator does for synthetic data.
let state = seed >>> 0;
const next = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => normal()));
const truth = Array.from({ length: rows }, () => Math.floor(next() * classes));
const noisy = [...truth];
const order = Array.from({ length: rows }, (_, i) => i);
for (let i = rows - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
for (const i of order.slice(0, Math.round(rate * rows))) noisy[i] = (truth[i] + 1 + Math.floor(next() * (classes - 1))) % classes;

const header = ['id', 'label', ...Array.from({ length: features }, (_, f) => `f${f}`)].join(',');
const lines = [header];
for (let i = 0; i < rows; i++) {
  const c = centres[truth[i]];
  lines.push([`r${i}`, `c${noisy[i]}`, ...c.map((m) => (m + 1.5 * normal()).toFixed(4))].join(','));
}
writeFileSync(values.out, `${lines.join('\n')}\n`);
const t = ['id,true_label,noisy_label,is_noisy', ...truth.map((k, i) => `r${i},c${k},c${noisy[i]},${k === noisy[i] ? 0 : 1}`)];
writeFileSync(values.out.replace(/\.csv$/, '.truth.csv'), `${t.join('\n')}\n`);
